/**
 * The lowering report: what the shared lowering did to each function, so a
 * regression of a fast path is visible (and testable) without a benchmark.
 * Counts are of emitted code; `loop` repeats them for the blocks inside
 * loops (the hot path), excluding the cold panic paths. Every decision
 * names the matrix rule that made it (`rule`, an id of eligibility.RULES).
 */
import type { Decision } from "./eligibility.js";

export interface Counts {
  /** Loads and stores the lowering emitted directly to memory. */
  directLoads: number;
  directStores: number;
  /** Calls into runtime-c that go through handles (arrays, interned strings, heap cells). */
  handleCalls: number;
  /** Calls to pure runtime helpers (string views, arena). */
  helperCalls: number;
  /** Calls to module functions and imports. */
  calls: number;
  /** Interning calls (a subset of handleCalls). */
  interns: number;
  /** Heap or arena allocations. */
  allocations: number;
  boundsChecks: number;
  boundsElided: number;
  /** Accesses whose check is covered by a grouped check. */
  boundsGrouped: number;
  matchTable: number;
  /** Matches whose arms only select constants, lowered to a load from a constant table. */
  matchLookup: number;
  /** Sparse matches lowered to the backend's own multi-way branch (the LIR `switch`). */
  matchSwitch: number;
  matchTree: number;
  matchChain: number;
  /** Reference-count increments and decrements (ownership.ts), not counted as handle calls. */
  retains: number;
  releases: number;
  /** Map operations lowered inline (policy A: hashed and probed in the emitted code) and through runtime calls (policy B). */
  mapInline: number;
  mapRuntime: number;
}

export function zeroCounts(): Counts {
  return {
    directLoads: 0, directStores: 0, handleCalls: 0, helperCalls: 0, calls: 0, interns: 0, allocations: 0,
    boundsChecks: 0, boundsElided: 0, boundsGrouped: 0, matchTable: 0, matchLookup: 0, matchSwitch: 0, matchTree: 0, matchChain: 0,
    retains: 0, releases: 0, mapInline: 0, mapRuntime: 0,
  };
}

export interface DecisionRecord extends Decision {
  /** What was decided about, e.g. `array %bytes`, `switch in block loop`. */
  readonly subject: string;
}

export interface FunctionReport {
  readonly name: string;
  readonly total: Counts;
  readonly loop: Counts;
  readonly inlined: readonly string[];
  readonly decisions: readonly DecisionRecord[];
}

export interface LoweringReport {
  readonly mode: string;
  readonly backend: string;
  readonly functions: readonly FunctionReport[];
}

const COLUMNS: [keyof Counts, string][] = [
  ["directLoads", "loads"], ["directStores", "stores"], ["handleCalls", "handle"], ["helperCalls", "helper"],
  ["calls", "calls"], ["interns", "intern"], ["allocations", "alloc"], ["boundsChecks", "bchk"],
  ["boundsElided", "elided"], ["boundsGrouped", "grouped"], ["matchTable", "table"], ["matchLookup", "lookup"], ["matchSwitch", "switch"], ["matchTree", "tree"], ["matchChain", "chain"],
  ["retains", "rc+"], ["releases", "rc-"],
];

/** A readable table: one row per function (all code) and one for its loops. */
export function formatReport(r: LoweringReport): string {
  const head = ["function", "scope", ...COLUMNS.map(([, h]) => h)];
  const rows: string[][] = [];
  for (const f of r.functions) {
    rows.push([f.name, "all", ...COLUMNS.map(([k]) => String(f.total[k]))]);
    rows.push(["", "loops", ...COLUMNS.map(([k]) => String(f.loop[k]))]);
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ").trimEnd();
  const out = [`lowering report (backend ${r.backend}, fast paths ${r.mode})`, line(head), ...rows.map(line)];
  for (const f of r.functions) {
    if (f.inlined.length) out.push(`${f.name}: inlined ${f.inlined.join(", ")}`);
    // Only functions with map operations get this line, so other reports keep their shape.
    if (f.total.mapInline + f.total.mapRuntime > 0) {
      out.push(`${f.name}: map operations: ${f.total.mapInline} inline, ${f.total.mapRuntime} runtime (in loops: ${f.loop.mapInline} inline, ${f.loop.mapRuntime} runtime)`);
    }
    for (const d of f.decisions) out.push(`${f.name}: ${d.subject}: ${d.policy} ${d.form} (${d.reason}) [${d.rule}]`);
  }
  return out.join("\n") + "\n";
}
