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

/**
 * A function's decisions as the lowering keeps them: the list, or, for the
 * common function whose one decision is the matrix's answer on optimizing
 * its values, that shared Decision alone (its record, `values of NAME`, is
 * made when the report is read).
 */
export type KeptDecisions = readonly DecisionRecord[] | Decision;

/** The record of decision `d` about `subject`. */
export function decisionRecord(subject: string, d: Decision): DecisionRecord {
  // The fields of `{ subject, ...d }`, in its order, without a spread.
  return { subject, policy: d.policy, form: d.form, reason: d.reason, rule: d.rule };
}

/** The record of a function's values decision (FunctionEmitter.askFunctionValues). */
export function valuesRecord(fn: string, d: Decision): DecisionRecord {
  return decisionRecord(`values of ${fn}`, d);
}

/** Function `fn`'s decisions as a list (the list kept, or the record of its one values decision). */
export function decisionList(fn: string, kept: KeptDecisions): readonly DecisionRecord[] {
  return Array.isArray(kept) ? kept : [valuesRecord(fn, kept as Decision)];
}

/**
 * The module's function reports while the lowering makes them, in columns
 * of values that already live (names, shared counts and decisions), so the
 * common function leaves nothing behind: a report object per function, its
 * list and record, kept to the end of the lowering, were promoted by the
 * collector and grew the old heap until a full collection marked the whole
 * module. The FunctionReport objects are made when the report is first read.
 */
export class FunctionReports {
  private readonly names: Column<string>;
  private readonly totals: Column<Counts>;
  private readonly loops: Column<Counts>;
  private readonly calls: Column<readonly CallDecision[]>;
  private readonly structs: Column<readonly DecisionRecord[]>;
  private readonly own: Column<KeptDecisions>;

  /** Room for `n` functions. */
  constructor(private readonly n: number) {
    this.names = new Column(n);
    this.totals = new Column(n);
    this.loops = new Column(n);
    this.calls = new Column(n);
    this.structs = new Column(n);
    this.own = new Column(n);
  }

  /**
   * Sets the k-th function's report: its counts, the matrix's decisions on
   * its calls (inlined or not) and on its struct allocations, and its
   * lowering's own decisions. The calls' records and the lists are made
   * when the report is read: a module whose functions inline many calls
   * kept a record and a subject string per call to the end of the lowering.
   */
  set(k: number, name: string, total: Counts, loop: Counts, calls: readonly CallDecision[], structs: readonly DecisionRecord[], own: KeptDecisions): void {
    this.names.set(k, name);
    this.totals.set(k, total);
    this.loops.set(k, loop);
    this.calls.set(k, calls);
    this.structs.set(k, structs);
    this.own.set(k, own);
  }

  /** The reports as objects, made now. */
  list(): FunctionReport[] {
    const out = new Array<FunctionReport>(this.n);
    for (let k = 0; k < out.length; k++) {
      const name = this.names.get(k), calls = this.calls.get(k), structs = this.structs.get(k);
      const own = decisionList(name, this.own.get(k));
      const decisions = calls.length === 0 && structs.length === 0 ? own : [...structs, ...calls.map((c) => decisionRecord(`call @${c.callee}`, c.decision)), ...own];
      const inlined = calls.filter((c) => c.decision.form === "inlined").map((c) => c.callee);
      out[k] = { name, total: this.totals.get(k), loop: this.loops.get(k), decisions, inlined };
    }
    return out;
  }
}

/** The matrix's decision on one call of a function (inline-records.ts InlineRecord is one). */
export interface CallDecision {
  readonly callee: string;
  readonly decision: Decision;
}

/** Entries per chunk of a Column (a power of two). */
const CHUNK_BITS = 13, CHUNK = 1 << CHUNK_BITS;

/**
 * A list of `n` entries, set once each, in chunks of CHUNK: a list of more
 * than 16,384 entries is a large object, and each new one (fresh pages)
 * cost some 40 ns an entry where a small list costs under 1 (a module of
 * 50,000 functions made five such columns per lowering).
 */
class Column<T> {
  private readonly chunks: T[][] = [];

  constructor(private readonly n: number) {}

  set(k: number, v: T): void {
    const c = k >>> CHUNK_BITS;
    (this.chunks[c] ??= new Array<T>(Math.min(CHUNK, this.n - c * CHUNK)))[k & (CHUNK - 1)] = v;
  }

  get(k: number): T {
    return this.chunks[k >>> CHUNK_BITS]![k & (CHUNK - 1)]!;
  }
}

/** A module's report whose function reports are made when `functions` is first read (then kept). */
export function moduleReport(mode: string, backend: string, fns: FunctionReports): LoweringReport {
  let functions: readonly FunctionReport[] | undefined;
  return {
    mode,
    backend,
    get functions() {
      return (functions ??= fns.list());
    },
  };
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
