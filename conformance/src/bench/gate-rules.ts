/**
 * The perf gate of KERNELS.md ("Targets"): for every kernel, the LLVM
 * column's time over Rust's, measured in the same run, must not exceed the
 * kernel's limit. The ratio judged is bench.json's point estimate (the
 * median of the per-round paired ratios); its interval is printed beside it.
 * A kernel missing from bench.json, or measured without the Rust baseline,
 * fails: a gate that passes on what it did not see would prove nothing.
 *
 * When a real Cranelift was used (FZ_CLIF_TOOL; the column `cranelift`, never
 * the CLIF executor's), that column has gates of its own: the LLVM gate with
 * CRANELIFT_HEADROOM, as Cranelift optimizes less than clang -O2 by design.
 */
import { KERNEL_NAMES, type KernelName } from "../kernels.js";
import type { BenchResults } from "./results.js";

/** Highest allowed LLVM / Rust time ratio per kernel. */
export const GATES: Readonly<Record<KernelName, number>> = {
  bytes_kernel: 1.4,
  resultx_classify: 1.3,
  text_kernel: 1.25,
  capability_parse: 1.15,
  task_retry_backoff: 1.15,
  arithmetic_kernel: 1.15,
  duration_kernel: 1.15,
  abi_pair_kernel: 1.15,
  // Against the faster of the two Rust baselines (FxHash; std's SipHash one is slower): README "word_count".
  word_count: 1.15,
};

/** The column the gate judges. */
export const GATED_COLUMN = "llvm";

/** The column of a real Cranelift (FZ_CLIF_TOOL); the CLIF executor's column is `clif-executor` and is never gated. */
export const CRANELIFT_COLUMN = "cranelift";
/** How much slower than the LLVM gate a real Cranelift's code may be (a first setting, to revisit with measured runs). */
export const CRANELIFT_HEADROOM = 1.5;
/** Highest allowed Cranelift / Rust time ratio per kernel. */
export const CRANELIFT_GATES: Readonly<Record<KernelName, number>> = Object.fromEntries(
  Object.entries(GATES).map(([k, g]) => [k, Math.round(g * CRANELIFT_HEADROOM * 100) / 100]),
) as Record<KernelName, number>;

export interface GateRow {
  readonly kernel: KernelName;
  readonly gate: number;
  /** null when the kernel or its Rust ratio is missing. */
  readonly ratio: { readonly value: number; readonly lo: number; readonly hi: number } | null;
  readonly pass: boolean;
}

/** Judges every kernel of KERNELS.md against its gate. */
export function checkGate(
  results: Pick<BenchResults, "kernels">,
  column: string = GATED_COLUMN,
  gates: Readonly<Record<KernelName, number>> = GATES,
): { readonly rows: readonly GateRow[]; readonly pass: boolean } {
  const rows = KERNEL_NAMES.map((kernel): GateRow => {
    const ratio = results.kernels?.[kernel]?.columns?.[column]?.vsRust ?? null;
    const valid = ratio !== null && Number.isFinite(ratio.value);
    return { kernel, gate: gates[kernel], ratio: valid ? ratio : null, pass: valid && ratio.value <= gates[kernel] };
  });
  return { rows, pass: rows.every((r) => r.pass) };
}

/** One line per kernel: ratio, interval, gate, verdict (and by how much a failing kernel misses). */
export function formatGateRows(rows: readonly GateRow[], column: string = GATED_COLUMN): string {
  const lines = [`${"kernel".padEnd(20)} ${`${column}/rust`.padStart(9)} ${"95% interval".padEnd(15)} ${"gate".padStart(5)}  verdict`];
  for (const r of rows) {
    const ratio = r.ratio ? r.ratio.value.toFixed(3) : "-";
    const ci = r.ratio ? `[${r.ratio.lo.toFixed(3)}, ${r.ratio.hi.toFixed(3)}]` : "";
    const verdict = r.pass
      ? "pass"
      : r.ratio
        ? `FAIL (${((r.ratio.value / r.gate - 1) * 100).toFixed(1)}% over the gate)`
        : "FAIL (not measured against Rust)";
    lines.push(`${r.kernel.padEnd(20)} ${ratio.padStart(9)} ${ci.padEnd(15)} ${r.gate.toFixed(2).padStart(5)}  ${verdict}`);
  }
  return lines.join("\n");
}
