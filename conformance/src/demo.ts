/**
 * `pnpm demo`: the main job, end to end. Lowers a kernel (default
 * bytes_kernel) with both backends, prints the emitted text and the lowering
 * report, builds each natively against runtime-c and prints the checksum it
 * computes for n (default 1000), beside the interpreter's and KERNELS.md's.
 *   node conformance/dist/demo.js [KERNEL] [N]
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { formatReport, lowerText } from "@fzy/lower";
import { EXPECTED, KERNEL_NAMES, type KernelName, kernelPath } from "./kernels.js";
import { buildNative, clifEngineName } from "./native/build.js";
import { runExecutable, scratchDir } from "./native/toolchain.js";
import { referenceOutcome, showOutcome } from "./parity.js";

const name = (process.argv[2] ?? "bytes_kernel") as KernelName;
const n = Number(process.argv[3] ?? 1000);
if (!KERNEL_NAMES.includes(name)) {
  console.error(`demo: unknown kernel ${name} (one of ${KERNEL_NAMES.join(", ")})`);
  process.exit(2);
}
const source = readFileSync(kernelPath(name), "utf8");
for (const backend of ["llvm", "cranelift"] as const) {
  const r = lowerText(source, backend, { file: kernelPath(name) });
  console.log(`==== ${name} lowered to ${backend === "llvm" ? "LLVM IR" : "Cranelift CLIF"} ====`);
  console.log(r.text);
  if (r.data.length) console.log(`data objects: ${r.data.map((d) => `${d.name} (${d.bytes.length} bytes)`).join(", ")}\n`);
  console.log(formatReport(r.report));
  const exe = buildNative(backend, r, join(scratchDir(`demo-${backend}`), name));
  const run = runExecutable(exe, [String(n)]);
  const engine = backend === "llvm" ? "clang -O2" : clifEngineName();
  console.log(`${name}(${n}) natively via ${backend} (${engine}): ${run.stdout.trim() || run.stderr.trim()}`);
}
const table = EXPECTED[name][n];
console.log(`${name}(${n}) in the reference interpreter: ${showOutcome(referenceOutcome(source, n))}${table !== undefined ? `; KERNELS.md: ${table}` : ""}`);
