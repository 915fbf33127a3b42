/**
 * The table `fzlower --time-passes` prints on stderr: each pass's wall time
 * (without the passes it calls, so the rows add up to the total), its share
 * and how often it ran, then the slowest functions (where a module's time
 * goes when one function takes most of it) and what each pass is
 * (PASS_MEANINGS). Passes that did not run are left out.
 */
import { PASS_MEANINGS, PASSES, type PassTimes } from "@fzy/ir";

/** `t` as a table, a line per pass that ran, the total last, then the passes' meanings. */
export function formatPassTimes(t: PassTimes): string {
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
    "passes:",
    ...ran.map((p) => `  ${p.padEnd(w)}  ${PASS_MEANINGS[p]}`),
  ];
  return lines.join("\n") + "\n";
}

/** The slowest functions' lines (none when fewer than two functions were lowered: the one is the total). */
function slowest(t: PassTimes): string[] {
  if (t.slowest.length < 2) return [];
  return [
    "slowest functions (wall ms from the start of lowering to the end of printing, % of the total):",
    ...t.slowest.map((f) => `  ${f.ms.toFixed(1).padStart(9)}  ${(t.total > 0 ? (100 * f.ms) / t.total : 0).toFixed(1).padStart(5)}  ${f.name}`),
  ];
}
