/**
 * The kernels of KERNELS.md and their expected checksums, read from
 * kernels/checksums.json (the one copy of the table there). The interpreter, and every backend in every
 * mode natively, must reproduce these.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CONFORMANCE_DIR } from "./native/toolchain.js";

export const KERNEL_NAMES = [
  "bytes_kernel", "resultx_classify", "text_kernel", "capability_parse",
  "task_retry_backoff", "arithmetic_kernel", "duration_kernel", "abi_pair_kernel",
  "word_count",
] as const;
export type KernelName = (typeof KERNEL_NAMES)[number];

/** n -> checksum per kernel: conformance/kernels/checksums.json, the one copy of KERNELS.md's table. */
export const EXPECTED: Readonly<Record<KernelName, Readonly<Record<number, number>>>> = (
  JSON.parse(readFileSync(join(CONFORMANCE_DIR, "kernels", "checksums.json"), "utf8")) as { checksums: Record<KernelName, Record<number, number>> }
).checksums;

/** The benchmark size. */
export const BENCH_N = 8_000_000;

export function kernelPath(name: KernelName): string {
  return join(CONFORMANCE_DIR, "kernels", `${name}.fzir`);
}
