/**
 * `pnpm perf-gate`: reads conformance/results/bench.json (or the file given
 * as the first argument), prints each kernel's LLVM / Rust ratio, its gate
 * and the verdict, and for every failing kernel its lowering report; exits 1
 * when any kernel fails.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CONFORMANCE_DIR } from "../native/toolchain.js";
import { checkGate, formatGateRows } from "./gate-rules.js";
import type { BenchResults } from "./results.js";

const file = process.argv[2] ?? join(CONFORMANCE_DIR, "results/bench.json");
let results: BenchResults;
try {
  results = JSON.parse(readFileSync(file, "utf8")) as BenchResults;
} catch (e) {
  console.error(`perf-gate: cannot read ${file}: ${(e as Error).message} (run pnpm bench first)`);
  process.exit(1);
}
const { rows, pass } = checkGate(results);
console.log(`perf-gate: ${results.command} on ${results.date} (${results.machine?.cpu}, ${results.machine?.cores} cores)`);
console.log(formatGateRows(rows));
for (const r of rows) {
  const report = !r.pass ? results.kernels?.[r.kernel]?.loweringReport : null;
  if (report) console.log(`\n${r.kernel}: ${report.trimEnd()}`);
}
console.log(`\nperf-gate: ${pass ? "pass" : "FAIL"}`);
process.exitCode = pass ? 0 : 1;
