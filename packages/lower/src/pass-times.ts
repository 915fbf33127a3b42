/**
 * The table `fzlower --time-passes` prints on stderr: each pass's wall time
 * (without the passes it calls, so the rows add up to the total), its share
 * and how often it ran, then what each pass is (PASS_MEANINGS). Passes that
 * did not run are left out.
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
    "passes:",
    ...ran.map((p) => `  ${p.padEnd(w)}  ${PASS_MEANINGS[p]}`),
  ];
  return lines.join("\n") + "\n";
}
