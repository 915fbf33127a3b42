/**
 * Perf alarms on p50 and p95: a kernel's time in a gated column must not
 * grow beyond a margin over the stored baseline run, at either percentile.
 * p50 catches a slower kernel; p95 catches a kernel whose slow runs got
 * slower (a new allocation path, a cold branch taken more often) while its
 * median held. Percentiles are of the per-process wall times of the run.
 *
 * On a shared machine the whole run can be slower because the machine is
 * busier, not because the code got worse. The reference programs (the Rust
 * and C builds of the same kernel, unchanged between runs) measure that: a
 * row's change is the kernel's own change divided by the machine factor,
 * the geometric mean of the reference columns' changes at the same
 * percentile. Without a reference column in both runs the factor is 1 and
 * the row says so.
 *
 * Absolute times only compare on the same machine with the same settings:
 * a baseline from another CPU or core count, another n or another number of
 * rounds is not compared (the gate says so and why). A kernel the baseline
 * has and the run lacks fails; one the baseline lacks has nothing to
 * regress from.
 */
import { KERNEL_NAMES, type KernelName } from "../kernels.js";
import { CRANELIFT_COLUMN, GATED_COLUMN } from "./gate-rules.js";
import { type BenchResults, cellPercentiles } from "./results.js";

export type Percentile = "p50" | "p95";
export const PERCENTILES: readonly Percentile[] = ["p50", "p95"];

/** Programs that do not change between runs: their change is the machine's. */
export const REFERENCE_COLUMNS: readonly string[] = ["rust", "c"];

/** Allowed slowdown over the baseline, as a fraction (0.25: 25% slower still passes). */
export type Margins = Readonly<Record<Percentile, number>>;

/**
 * Per gated column, set above the noise of the shared 2-core machine the
 * runs are taken on: resampling the baseline run's own 15 samples per kernel
 * moved a kernel's p50 by up to 27% and its p95 by up to 60% (see
 * conformance/README.md). p95 rests on the two slowest runs, hence its wider
 * margin; Cranelift's margins are its own (gated only when a real Cranelift
 * ran). A lost fast path typically costs far more (the ablation gains).
 */
export const REGRESSION_MARGINS: Readonly<Record<string, Margins>> = {
  [GATED_COLUMN]: { p50: 0.25, p95: 0.5 },
  [CRANELIFT_COLUMN]: { p50: 0.3, p95: 0.6 },
};

export interface RegressionRow {
  readonly kernel: KernelName;
  readonly column: string;
  readonly percentile: Percentile;
  readonly baselineMs: number;
  /** null when the run did not measure this kernel in this column. */
  readonly currentMs: number | null;
  /** How much slower the reference programs ran (1: unchanged); null when no reference column is in both runs. */
  readonly machine: number | null;
  /** currentMs / baselineMs / machine; null when not measured. */
  readonly change: number | null;
  readonly margin: number;
  readonly pass: boolean;
}

export interface RegressionCheck {
  readonly rows: readonly RegressionRow[];
  readonly pass: boolean;
  /** Why the runs were not compared, or null when they were. */
  readonly skipped: string | null;
}

type Run = Pick<BenchResults, "kernels" | "columns" | "machine" | "settings">;

/** The columns judged: LLVM always, Cranelift when the run used a real one. */
export function regressionColumns(run: Pick<BenchResults, "columns">): string[] {
  return [GATED_COLUMN, ...(run.columns.some((c) => c.id === CRANELIFT_COLUMN) ? [CRANELIFT_COLUMN] : [])];
}

/** Why absolute times of the two runs cannot be compared, or null. */
export function incomparable(run: Run, baseline: Run): string | null {
  const m = (r: Run) => `${r.machine?.cpu}, ${r.machine?.cores} cores`;
  if (m(run) !== m(baseline)) return `the baseline ran on ${m(baseline)}, this run on ${m(run)}`;
  if (run.settings.n !== baseline.settings.n) return `the baseline ran at n=${baseline.settings.n}, this run at n=${run.settings.n}`;
  // p95 of 5 samples is nearly their maximum, of 15 it is not: percentiles compare only over equal sample counts.
  if (run.settings.rounds !== baseline.settings.rounds) return `the baseline has ${baseline.settings.rounds} rounds, this run ${run.settings.rounds}`;
  return null;
}

/** The change of `column` of `kernel` at `p` between the runs, or null when either lacks it. */
function changeOf(run: Run, baseline: Run, kernel: KernelName, column: string, p: Percentile): number | null {
  const a = run.kernels[kernel]?.columns[column];
  const b = baseline.kernels[kernel]?.columns[column];
  return a && b ? cellPercentiles(a)[p] / cellPercentiles(b)[p] : null;
}

/** The geometric mean of the reference columns' changes, or null when none is in both runs. */
export function machineFactor(run: Run, baseline: Run, kernel: KernelName, p: Percentile): number | null {
  const changes = REFERENCE_COLUMNS.map((c) => changeOf(run, baseline, kernel, c, p)).filter((x): x is number => x !== null && x > 0);
  return changes.length ? Math.exp(changes.reduce((s, x) => s + Math.log(x), 0) / changes.length) : null;
}

/** Every kernel x gated column x percentile of the run against the baseline. */
export function checkRegressions(run: Run, baseline: Run, margins: Readonly<Record<string, Margins>> = REGRESSION_MARGINS): RegressionCheck {
  const skipped = incomparable(run, baseline);
  if (skipped) return { rows: [], pass: true, skipped };
  const rows: RegressionRow[] = [];
  for (const column of regressionColumns(run)) {
    for (const kernel of KERNEL_NAMES) {
      const base = baseline.kernels[kernel]?.columns[column];
      if (!base) continue;
      const cur = run.kernels[kernel]?.columns[column];
      for (const percentile of PERCENTILES) {
        const margin = margins[column]![percentile];
        const machine = machineFactor(run, baseline, kernel, percentile);
        const baselineMs = cellPercentiles(base)[percentile];
        const currentMs = cur ? cellPercentiles(cur)[percentile] : null;
        const change = currentMs === null ? null : currentMs / baselineMs / (machine ?? 1);
        rows.push({ kernel, column, percentile, baselineMs, currentMs, machine, change, margin, pass: change !== null && change <= 1 + margin });
      }
    }
  }
  return { rows, pass: rows.every((r) => r.pass), skipped: null };
}

const pct = (x: number): string => `${x >= 1 ? "+" : ""}${((x - 1) * 100).toFixed(1)}%`;

/**
 * One line per row: kernel, column, percentile, both times, the raw change,
 * the machine factor, the change judged, the margin and the verdict.
 */
export function formatRegressionRows(rows: readonly RegressionRow[]): string {
  const head = `${"kernel".padEnd(20)} ${"column".padEnd(10)} pct  ${"baseline ms".padStart(11)} ${"run ms".padStart(9)} ${"raw".padStart(8)} ${"machine".padStart(8)} ${"change".padStart(8)} ${"margin".padStart(6)}  verdict`;
  const lines = [head];
  for (const r of rows) {
    const raw = r.currentMs === null ? "-" : pct(r.currentMs / r.baselineMs);
    const machine = r.machine === null ? "n/a" : `${r.machine.toFixed(2)}x`;
    const verdict = r.pass ? "pass" : r.change === null ? "FAIL (not measured in this run)" : `FAIL (${r.percentile} regressed beyond ${(r.margin * 100).toFixed(0)}%)`;
    lines.push(
      `${r.kernel.padEnd(20)} ${r.column.padEnd(10)} ${r.percentile}  ${r.baselineMs.toFixed(1).padStart(11)} ${(r.currentMs?.toFixed(1) ?? "-").padStart(9)} ` +
        `${raw.padStart(8)} ${machine.padStart(8)} ${(r.change === null ? "-" : pct(r.change)).padStart(8)} ${`${(r.margin * 100).toFixed(0)}%`.padStart(6)}  ${verdict}`,
    );
  }
  return lines.join("\n");
}
