/**
 * The legend of the lowering report's table (`formatReport` in @fzy/passes),
 * printed by `fzlower --perf-lowering-report` under the table. Keyed by the
 * column headings as the table prints them; a test checks that every
 * heading has an entry, so a new column cannot go unexplained.
 */

/** Each column heading of the report and what it counts. */
export const REPORT_LEGEND: readonly (readonly [string, string])[] = [
  ["function", "the IR function (after inlining)"],
  ["scope", "all: all emitted code; loops: only blocks inside loops (the hot path), cold panic paths excluded"],
  ["loads", "loads emitted directly to memory (fast path, no runtime call)"],
  ["stores", "stores emitted directly to memory"],
  ["handle", "calls into runtime-c through handles: arrays, interned strings, heap cells (the runtime path)"],
  ["helper", "calls to pure runtime helpers (string views, arena)"],
  ["calls", "calls to module functions and imports"],
  ["intern", "string interning calls (part of handle)"],
  ["alloc", "heap or arena allocations"],
  ["bchk", "bounds checks emitted"],
  ["elided", "bounds checks left out because the index is proven in range"],
  ["grouped", "accesses whose check is covered by one grouped check"],
  ["table", "matches lowered to a jump table"],
  ["lookup", "matches that only select constants, lowered to a load from a constant table"],
  ["switch", "sparse matches lowered to the backend's own switch (LLVM; a backend without one gets a tree)"],
  ["tree", "matches lowered to a balanced branch tree"],
  ["chain", "matches lowered to a chain of compares"],
  ["rc+", "reference-count increments (fz_retain, fz_retain_n) of arrays, strings and heap cells; not part of handle"],
  ["rc-", "reference-count decrements (fz_release, fz_release_each): each frees the object at zero; not part of handle"],
];

/** The legend as text, one `heading  meaning` line per column. */
export function formatReportLegend(): string {
  const w = Math.max(...REPORT_LEGEND.map(([h]) => h.length));
  return ["columns:", ...REPORT_LEGEND.map(([h, m]) => `  ${h.padEnd(w)}  ${m}`)].join("\n") + "\n";
}
