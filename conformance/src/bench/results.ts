/**
 * The shape of conformance/results/bench.json (and of every run kept in
 * conformance/results/history/) and how it is computed from the samples.
 * The perf gate reads `kernels[k].columns[c].vsRust` for the ratio gates and
 * the p50/p95 of each cell for the regression alarms.
 *
 * Ratios to a baseline are the median of the per-round paired ratios (the
 * two runs of a round sat next to each other in time), with a percentile
 * bootstrap interval over rounds. An ablation's gain is, as its definition
 * says, the ablated median over the full median, with the same bootstrap.
 */
import type { KernelName } from "../kernels.js";
import { type Column, variantName } from "./columns.js";
import type { Machine } from "./machine.js";
import type { Samples } from "./measure.js";
import { bootstrapPaired, type Estimate, median, medianOfRatios, percentile, type Random, ratioOfMedians } from "./stats.js";
import type { Throughput } from "./lower-throughput.js";

/** Timings of one kernel in one column. */
export interface Cell {
  readonly medianMs: number;
  /** 50th and 95th percentiles of the samples (absent in version 1 files: `cellPercentiles` computes them). */
  readonly p50Ms?: number;
  readonly p95Ms?: number;
  readonly samplesMs: readonly number[];
  /** This column's time over Rust's; null for Rust itself or when rustc is missing. */
  readonly vsRust: Estimate | null;
  /** This column's time over the C baseline's; null for C itself. */
  readonly vsC: Estimate | null;
  /** wasm columns only: this column's time over the LLVM column's. */
  readonly vsLlvm?: Estimate | null;
}

/** One fast path's effect: ablated median / full median (above 1: the fast path helps), or no code change at all. */
export type Gain = { readonly kind: "measured"; readonly gain: Estimate } | { readonly kind: "same-code" };

export interface KernelResult {
  readonly checksum: number;
  /** formatReport of the LLVM lowering with fast paths on. */
  readonly loweringReport: string | null;
  /** By column id; ablated builds identical to the full build are absent here. */
  readonly columns: Readonly<Record<string, Cell>>;
}

export interface BenchResults {
  /** 2 adds p50Ms/p95Ms to every cell; version 1 files are read as they are. */
  readonly version: 1 | 2;
  readonly command: string;
  readonly date: string;
  readonly machine: Machine;
  readonly settings: {
    readonly n: number;
    readonly rounds: number;
    readonly warmup: number;
    readonly seed: number;
    readonly ablate: boolean;
    readonly kernels: readonly KernelName[];
  };
  readonly columns: readonly { readonly id: string; readonly label: string }[];
  readonly notes: readonly string[];
  readonly kernels: Readonly<Partial<Record<KernelName, KernelResult>>>;
  /** Full Fzy column id -> variant name -> kernel -> gain; null without --ablate. */
  readonly ablation: Readonly<Record<string, Readonly<Record<string, Readonly<Partial<Record<KernelName, Gain>>>>>>> | null;
  readonly lowerThroughput: readonly Throughput[] | null;
}

export interface SummaryInput {
  readonly columns: readonly Column[];
  readonly samples: Samples;
  readonly checksums: (k: KernelName) => number;
  readonly reports: ReadonlyMap<KernelName, string>;
  /** Ablated column id -> kernel whose build equals the full one. */
  readonly sameCode: ReadonlySet<string>;
  readonly random: Random;
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** The p50 and p95 of a cell in ms: stored ones, or computed from its samples (version 1 files). */
export function cellPercentiles(c: Cell): { readonly p50: number; readonly p95: number } {
  return { p50: c.p50Ms ?? round3(percentile(c.samplesMs, 50)), p95: c.p95Ms ?? round3(percentile(c.samplesMs, 95)) };
}

function round4(e: Estimate): Estimate {
  const r = (x: number) => Math.round(x * 1e4) / 1e4;
  return { value: r(e.value), lo: r(e.lo), hi: r(e.hi) };
}

function vs(samples: ReadonlyMap<string, number[]>, id: string, baseline: string, random: Random): Estimate | null {
  const base = samples.get(baseline);
  if (!base || id === baseline) return null;
  return round4(bootstrapPaired(samples.get(id)!, base, medianOfRatios, random));
}

/** Per-kernel cells and the ablation table. */
export function summarize(input: SummaryInput): Pick<BenchResults, "kernels" | "ablation"> {
  const kernels: Partial<Record<KernelName, KernelResult>> = {};
  const ablation: Record<string, Record<string, Partial<Record<KernelName, Gain>>>> = {};
  for (const [kernel, byColumn] of input.samples) {
    const columns: Record<string, Cell> = {};
    for (const [id, ms] of byColumn) {
      columns[id] = {
        medianMs: round3(median(ms)),
        p50Ms: round3(percentile(ms, 50)),
        p95Ms: round3(percentile(ms, 95)),
        samplesMs: ms.map(round3),
        vsRust: vs(byColumn, id, "rust", input.random),
        vsC: vs(byColumn, id, "c", input.random),
        ...(id.startsWith("wasm") ? { vsLlvm: vs(byColumn, id, "llvm", input.random) } : {}),
      };
    }
    kernels[kernel] = { checksum: input.checksums(kernel), loweringReport: input.reports.get(kernel) ?? null, columns };
    for (const col of input.columns) {
      if (col.kind !== "fzy" || col.variant.kind === "full") continue;
      const table = ((ablation[col.base] ??= {})[variantName(col.variant)] ??= {});
      if (input.sameCode.has(`${col.id}/${kernel}`)) table[kernel] = { kind: "same-code" };
      else table[kernel] = { kind: "measured", gain: round4(bootstrapPaired(byColumn.get(col.id)!, byColumn.get(col.base)!, ratioOfMedians, input.random)) };
    }
  }
  return { kernels, ablation: Object.keys(ablation).length ? ablation : null };
}
