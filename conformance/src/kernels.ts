/**
 * The eight kernels of KERNELS.md and their expected checksums, exactly as
 * the table there gives them. The interpreter, and every backend in every
 * mode natively, must reproduce these.
 */
import { join } from "node:path";
import { CONFORMANCE_DIR } from "./native/toolchain.js";

export const KERNEL_NAMES = [
  "bytes_kernel", "resultx_classify", "text_kernel", "capability_parse",
  "task_retry_backoff", "arithmetic_kernel", "duration_kernel", "abi_pair_kernel",
] as const;
export type KernelName = (typeof KERNEL_NAMES)[number];

/** n -> checksum per kernel (KERNELS.md, "Expected checksums"). */
export const EXPECTED: Readonly<Record<KernelName, Readonly<Record<number, number>>>> = {
  bytes_kernel: { 0: 0, 1: 84, 7: 45, 1000: 173, 8000000: 237 },
  resultx_classify: { 0: 0, 1: 114, 7: 202, 1000: 83, 8000000: 218 },
  text_kernel: { 0: 0, 1: 67, 7: 218, 1000: 234, 8000000: 42 },
  capability_parse: { 0: 0, 1: 3, 7: 75, 1000: 202, 8000000: 62 },
  task_retry_backoff: { 0: 0, 1: 3, 7: 20, 1000: 10, 8000000: 79 },
  arithmetic_kernel: { 0: 7, 1: 53, 7: 203, 1000: 95, 8000000: 36 },
  duration_kernel: { 0: 0, 1: 17, 7: 119, 1000: 183, 8000000: 168 },
  abi_pair_kernel: { 0: 0, 1: 0, 7: 205, 1000: 153, 8000000: 124 },
};

/** The benchmark size. */
export const BENCH_N = 8_000_000;

export function kernelPath(name: KernelName): string {
  return join(CONFORMANCE_DIR, "kernels", `${name}.fzir`);
}
