/**
 * conformance/results/bench.md: the tables of bench.json for people. Every
 * number in it comes from the run that wrote bench.json.
 */
import { KERNEL_NAMES } from "../kernels.js";
import { GATED_COLUMN, GATES } from "./gate-rules.js";
import { type BenchResults, cellPercentiles } from "./results.js";
import { BOOTSTRAP_RESAMPLES, type Estimate } from "./stats.js";

function est(e: Estimate | null | undefined): string {
  return e ? `${e.value.toFixed(2)} [${e.lo.toFixed(2)}, ${e.hi.toFixed(2)}]` : "-";
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [`| ${head.join(" | ")} |`, `|${head.map((_, i) => (i === 0 ? "---" : "---:")).join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)];
}

export function benchMarkdown(r: BenchResults): string {
  const kernels = KERNEL_NAMES.filter((k) => r.kernels[k]);
  const full = r.columns.filter((c) => !c.id.includes(":"));
  const m = r.machine;
  const out: string[] = [
    "# Benchmark results",
    "",
    `- Command: \`${r.command}\``,
    `- Date: ${r.date}`,
    `- Machine: ${m.cpu}, ${m.cores} cores, ${m.os} (load average ${m.loadAverage} when the run started)`,
    `- Tools: node ${m.node}, ${m.rustc ?? "rustc not installed"}, ${m.clang}`,
    `- Method: n = ${r.settings.n.toLocaleString("en-US")}; ${r.settings.warmup} warm-up and ${r.settings.rounds} measured rounds, ` +
      `every round in a fresh shuffled order (seed ${r.settings.seed}); a sample is the wall time of one process run; ` +
      `times are medians; ratios are medians of the per-round paired ratios with a 95% percentile-bootstrap interval ` +
      `over rounds (${BOOTSTRAP_RESAMPLES.toLocaleString("en-US")} resamples).`,
    ...r.notes.map((n) => `- Note: ${n}`),
    "",
    "## Median wall time (ms)",
    "",
    ...table(["kernel", ...full.map((c) => c.label)], kernels.map((k) => [k, ...full.map((c) => r.kernels[k]!.columns[c.id]?.medianMs.toFixed(1) ?? "-")])),
    "",
    "## p50 / p95 wall time (ms)",
    "",
    ...table(["kernel", ...full.map((c) => c.label)], kernels.map((k) => [k, ...full.map((c) => {
      const cell = r.kernels[k]!.columns[c.id];
      if (!cell) return "-";
      const p = cellPercentiles(cell);
      return `${p.p50.toFixed(1)} / ${p.p95.toFixed(1)}`;
    })])),
    "",
    "## Ratio to Rust (95% interval)",
    "",
    ...table(
      ["kernel", ...full.filter((c) => c.id !== "rust").map((c) => c.label), "gate (LLVM)"],
      kernels.map((k) => {
        const cols = r.kernels[k]!.columns;
        const llvm = cols[GATED_COLUMN]?.vsRust;
        const verdict = llvm ? (llvm.value <= GATES[k] ? "pass" : "FAIL") : "-";
        return [k, ...full.filter((c) => c.id !== "rust").map((c) => est(cols[c.id]?.vsRust)), `${GATES[k].toFixed(2)} ${verdict}`];
      }),
    ),
    "",
    "## Ratio to C (95% interval)",
    "",
    ...table(
      ["kernel", ...full.filter((c) => c.id !== "c").map((c) => c.label)],
      kernels.map((k) => [k, ...full.filter((c) => c.id !== "c").map((c) => est(r.kernels[k]!.columns[c.id]?.vsC))]),
    ),
  ];
  const wasm = full.filter((c) => c.id.startsWith("wasm"));
  if (wasm.length > 0) {
    out.push(
      "",
      "## wasm: ratio to the LLVM build (95% interval)",
      "",
      "The warm column times one call of a warm instance in the benchmark's own process (V8's optimizing tier); " +
        "the whole-process column includes node's start-up and the module's compilation.",
      "",
      ...table(["kernel", ...wasm.map((c) => c.label)], kernels.map((k) => [k, ...wasm.map((c) => est(r.kernels[k]!.columns[c.id]?.vsLlvm))])),
    );
  }
  for (const [base, variants] of Object.entries(r.ablation ?? {})) {
    const label = r.columns.find((c) => c.id === base)?.label ?? base;
    const names = Object.keys(variants);
    out.push(
      "",
      `## Ablation: ${label}`,
      "",
      "Gain of each fast path: the median with it switched off over the full median (above 1: the fast path saves time). " +
        "\"same code\": switching it off changes nothing in the emitted code, so it was not timed again.",
      "",
      ...table(["kernel", ...names], kernels.map((k) => [k, ...names.map((v) => {
        const g = variants[v]?.[k];
        return !g ? "-" : g.kind === "same-code" ? "same code" : est(g.gain);
      })])),
    );
  }
  if (r.lowerThroughput) {
    const t0 = r.lowerThroughput[0];
    out.push(
      "",
      "## lower() throughput",
      "",
      `One generated module of ${t0?.functions ?? 0} functions and ${t0?.instructions ?? 0} IR instructions (terminators included), ` +
        "parsed once; each lowering verifies it, runs the shared lowering and prints the backend's text. Timed with Benchmark.js.",
      "",
      ...table(
        ["backend", "modules/s", "functions/s", "instructions/s", "margin of error", "samples"],
        r.lowerThroughput.map((t) => [t.backend, t.modulesPerSecond.toFixed(2), t.functionsPerSecond.toLocaleString("en-US"), t.instructionsPerSecond.toLocaleString("en-US"), `±${t.rmePercent.toFixed(1)}%`, String(t.samples)]),
      ),
    );
  }
  return `${out.join("\n")}\n`;
}
