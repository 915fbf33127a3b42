/**
 * `pnpm perf-gate [RUN.json] [--baseline RUN.json|none]`: judges a benchmark
 * run (default conformance/results/bench.json) and exits 1 when it fails.
 *
 * - Ratio gates: each kernel's LLVM / Rust ratio against KERNELS.md's gate,
 *   and, when a real Cranelift was used, the Cranelift column against its own.
 * - Perf alarms: each kernel's p50 and p95 in every gated column against the
 *   baseline run (history/BASELINE, or --baseline), corrected by how much
 *   slower the unchanged Rust and C programs ran, within REGRESSION_MARGINS
 *   (regression.ts).
 *
 * Every failing row names kernel, column (and percentile) and the numbers,
 * and the lowering report of every failing kernel follows. Exit status: 0
 * pass, 1 fail, 2 bad command line or unreadable run.
 */
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { KernelName } from "../kernels.js";
import { CONFORMANCE_DIR } from "../native/toolchain.js";
import { checkGate, CRANELIFT_COLUMN, CRANELIFT_GATES, formatGateRows, GATED_COLUMN, GATES } from "./gate-rules.js";
import { baselinePath, readRun } from "./history.js";
import { checkRegressions, formatRegressionRows } from "./regression.js";
import type { BenchResults } from "./results.js";

export const GATE_USAGE = "usage: pnpm perf-gate [RUN.json] [--baseline RUN.json|none]";

function describe(r: BenchResults): string {
  return `${r.command} on ${r.date} (${r.machine?.cpu}, ${r.machine?.cores} cores)`;
}

/** Runs the gate; `resultsDir` holds bench.json and history/. Returns the exit status. */
export function perfGate(args: readonly string[], out: (line: string) => void, resultsDir = join(CONFORMANCE_DIR, "results")): number {
  let values: { baseline?: string }, positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: [...args], options: { baseline: { type: "string" } }, allowPositionals: true }));
    if (positionals.length > 1) throw new Error("give at most one run file");
  } catch (e) {
    out(`perf-gate: ${(e as Error).message}\n${GATE_USAGE}`);
    return 2;
  }
  let run: BenchResults, baseline: BenchResults | null, basePath: string | null;
  try {
    run = readRun(positionals[0] ?? join(resultsDir, "bench.json"));
    basePath = values.baseline === "none" ? null : values.baseline ?? baselinePath(resultsDir);
    baseline = basePath ? readRun(basePath) : null;
  } catch (e) {
    out(`perf-gate: ${(e as Error).message} (run pnpm bench first)`);
    return 2;
  }
  out(`perf-gate: ${describe(run)}`);
  const failing = new Set<KernelName>();
  const gates: [string, Readonly<Record<KernelName, number>>][] = [[GATED_COLUMN, GATES]];
  if (run.columns.some((c) => c.id === CRANELIFT_COLUMN)) gates.push([CRANELIFT_COLUMN, CRANELIFT_GATES]);
  for (const [column, limits] of gates) {
    const { rows } = checkGate(run, column, limits);
    out(`\nratio to Rust, ${column} column:\n${formatGateRows(rows, column)}`);
    for (const r of rows) if (!r.pass) failing.add(r.kernel);
  }
  if (!baseline) {
    out(`\nregressions: no baseline run (${values.baseline === "none" ? "--baseline none" : "history/BASELINE is not set"}); p50/p95 not compared`);
  } else {
    const check = checkRegressions(run, baseline);
    out(`\nregressions against the baseline ${relative(process.cwd(), basePath!)} (${describe(baseline)}):`);
    if (check.skipped) out(`not compared: ${check.skipped}`);
    else out(formatRegressionRows(check.rows));
    for (const r of check.rows) if (!r.pass) failing.add(r.kernel);
  }
  for (const k of failing) {
    const report = run.kernels?.[k]?.loweringReport;
    out(`\n${k}: ${report ? report.trimEnd() : "(no lowering report in this run)"}`);
  }
  out(`\nperf-gate: ${failing.size === 0 ? "pass" : `FAIL (${[...failing].join(", ")})`}`);
  return failing.size === 0 ? 0 : 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = perfGate(process.argv.slice(2), (line) => console.log(line));
}
