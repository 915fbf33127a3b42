/**
 * The table `fzlower --time-passes` prints on stderr: each pass's wall time
 * (without the passes it calls, so the rows add up to the total), its share
 * and how often it ran, then the slowest functions (where a module's time
 * goes when one function takes most of it) and what each pass is
 * (PASS_MEANINGS). Passes that did not run are left out.
 */
import { type FunctionTime, PASS_MEANINGS, type PassName, PASSES, type PassTimes, SLOWEST_KEPT } from "@fzy/ir";

/** `t` as a table, a line per pass that ran, the total last, the slowest functions, then (with `legend`) the passes' meanings. */
export function formatPassTimes(t: PassTimes, legend = true): string {
  const ran = PASSES.filter((p) => t.calls[p] > 0 || t.ms[p] >= 0.05);
  const w = Math.max(5, ...ran.map((p) => p.length));
  const row = (name: string, ms: string, share: string, calls: string) => `  ${name.padEnd(w)}  ${ms.padStart(9)}  ${share.padStart(6)}  ${calls.padStart(7)}`.trimEnd();
  const share = (ms: number) => (t.total > 0 ? ((100 * ms) / t.total).toFixed(1) : "-");
  const lines = [
    "pass times (wall ms; a pass's own time, without the passes it calls):",
    row("pass", "ms", "%", "calls"),
    ...ran.map((p) => row(p, t.ms[p].toFixed(1), share(t.ms[p]), p === "other" ? "" : String(t.calls[p]))),
    row("total", t.total.toFixed(1), "100.0", ""),
    ...slowest(t),
    ...(legend ? ["passes:", ...ran.map((p) => `  ${p.padEnd(w)}  ${PASS_MEANINGS[p]}`)] : []),
  ];
  return lines.join("\n") + "\n";
}

/**
 * The times of several lowerings as one (`fzlower --out-dir --time-passes`
 * prints it after the inputs' own): each pass's time and calls summed, and
 * the slowest functions of all, each named `label: function`.
 */
export function sumPassTimes(parts: readonly { readonly label: string; readonly times: PassTimes }[]): PassTimes {
  const ms = {} as Record<PassName, number>, calls = {} as Record<PassName, number>;
  for (const p of PASSES) ms[p] = calls[p] = 0;
  let total = 0;
  const slowest: FunctionTime[] = [];
  for (const { label, times } of parts) {
    for (const p of PASSES) {
      ms[p] += times.ms[p];
      calls[p] += times.calls[p];
    }
    total += times.total;
    // Each input's list holds its slowest, so the slowest of all are among them.
    for (const f of times.slowest) slowest.push({ name: `${label}: ${f.name}`, ms: f.ms });
  }
  slowest.sort((a, b) => b.ms - a.ms); // (stable: ties in input order)
  return { ms, calls, total, slowest: slowest.slice(0, SLOWEST_KEPT) };
}

/** The slowest functions' lines (none when fewer than two functions were lowered: the one is the total). */
function slowest(t: PassTimes): string[] {
  if (t.slowest.length < 2) return [];
  return [
    "slowest functions (wall ms from the start of lowering to the end of printing, % of the total; a collector pause counts in the function it lands in):",
    ...t.slowest.map((f) => `  ${f.ms.toFixed(1).padStart(9)}  ${(t.total > 0 ? (100 * f.ms) / t.total : 0).toFixed(1).padStart(5)}  ${f.name}`),
  ];
}
