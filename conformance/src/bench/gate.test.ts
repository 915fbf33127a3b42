/**
 * The perf gate's logic on synthetic bench.json data: a run within every
 * gate passes, one kernel over its gate fails (and says by how much), and a
 * missing kernel or a run without the Rust baseline fails.
 */
import test from "ava";
import { KERNEL_NAMES, type KernelName } from "../kernels.js";
import { checkGate, formatGateRows, GATES } from "./gate-rules.js";
import type { BenchResults, Cell } from "./results.js";

function cell(ratio: number | null): Cell {
  return { medianMs: 100, samplesMs: [100], vsRust: ratio === null ? null : { value: ratio, lo: ratio - 0.02, hi: ratio + 0.02 }, vsC: null };
}

/** bench.json's kernels with every LLVM ratio given by `ratio(kernel)`. */
function results(ratio: (k: KernelName) => number | null, skip: readonly KernelName[] = []): Pick<BenchResults, "kernels"> {
  const kernels: Partial<Record<KernelName, BenchResults["kernels"][KernelName]>> = {};
  for (const k of KERNEL_NAMES) {
    if (!skip.includes(k)) kernels[k] = { checksum: 0, loweringReport: null, columns: { llvm: cell(ratio(k)), rust: cell(null) } };
  }
  return { kernels };
}

test("a run within every gate passes", (t) => {
  const { rows, pass } = checkGate(results(() => 1.0));
  t.true(pass);
  t.is(rows.length, KERNEL_NAMES.length);
  t.true(rows.every((r) => r.pass));
});

test("a ratio exactly at the gate passes", (t) => {
  t.true(checkGate(results((k) => GATES[k])).pass);
});

test("one kernel over its gate fails the run, and only that kernel", (t) => {
  const { rows, pass } = checkGate(results((k) => (k === "text_kernel" ? 1.3 : 1.1)));
  t.false(pass);
  t.deepEqual(rows.filter((r) => !r.pass).map((r) => r.kernel), ["text_kernel"]);
  t.regex(formatGateRows(rows), /text_kernel\s+1\.300 .* 1\.25\s+FAIL \(4\.0% over the gate\)/);
});

test("the gates differ per kernel: 1.35 passes bytes_kernel, fails abi_pair_kernel", (t) => {
  const { rows } = checkGate(results(() => 1.35));
  t.true(rows.find((r) => r.kernel === "bytes_kernel")!.pass);
  t.false(rows.find((r) => r.kernel === "abi_pair_kernel")!.pass);
});

test("a kernel missing from bench.json fails", (t) => {
  const { rows, pass } = checkGate(results(() => 1.0, ["duration_kernel"]));
  t.false(pass);
  t.is(rows.find((r) => r.kernel === "duration_kernel")!.ratio, null);
  t.regex(formatGateRows(rows), /duration_kernel .* FAIL \(not measured against Rust\)/);
});

test("a run without the Rust baseline fails", (t) => {
  t.false(checkGate(results(() => null)).pass);
});
