/**
 * The pipeline, as a list: resolve options, inline small functions, split
 * non-escaping structs into scalars, then lower each function to the lowered
 * form. Every step is pure: the same module and options give the same
 * lowered module and report, byte for byte once printed.
 */
import { activeClock, type Func, FzError, inPass, type Module, ModuleIndex, PASS, type ValueId } from "@fzy/ir";
import { BACKEND_CAPABILITIES, decide, type Decision, type Escape, FAST_PATHS, type FastPath, type Mode } from "./eligibility.js";
import { analyzeEscapes } from "./escape-analysis.js";
import { expandArrayGlobals } from "./expand-array-globals.js";
import { detachEntryBlocks } from "./detach-entry.js";
import { type InlineRecord, Inliner, inlineSmallFunctions } from "./inline-small-functions.js";
import { type InlineOptions, planModule, type PlannedModule } from "./inline-plan.js";
import { HAS_ARENA_OPS, HAS_DIRECT_CALLS, HAS_FUNC_REF, HAS_STRUCT_NEW, traitsOf } from "./function-traits.js";
import { ModuleEmitter, type ResolvedOptions } from "./module-emitter.js";
import { FunctionLowering } from "./lower-function.js";
import { releaseLoweringScratch } from "./lower-scratch.js";
import type { LFunction, LModule, LModuleInProgress } from "@fzy/lir";
import { type DecisionRecord, FunctionReports, type LoweringReport, moduleReport } from "./report.js";
import { scalarizeStructs } from "./scalarize-structs.js";

export interface LowerModuleOptions {
  /** The backend that will print the result: named in the report; its capabilities are facts the matrix reads (a sparse switch). */
  readonly backend: "cranelift" | "llvm" | "wasm";
  /** off: the legacy runtime-handle shape; on: the matrix decides; force: every legal fast path. */
  readonly mode?: Mode;
  /** Switch single fast paths off (all default to on). */
  readonly fastPaths?: Partial<Record<FastPath, boolean>>;
  /** Record each IR instruction's text as the origin of its code (the backends print it as comments). */
  readonly annotate?: boolean;
}

export interface LowerModuleResult {
  readonly module: LModule;
  readonly report: LoweringReport;
}

export function resolveOptions(o: LowerModuleOptions): ResolvedOptions {
  const mode = o.mode ?? "on";
  if (!["off", "on", "force"].includes(mode)) throw new FzError("option", `unknown fast-path mode ${String(mode)} (expected off, on or force)`);
  for (const [k, on] of Object.entries(o.fastPaths ?? {})) {
    if (!(FAST_PATHS as readonly string[]).includes(k)) throw new FzError("option", `unknown fast path ${k} (expected one of ${FAST_PATHS.join(", ")})`);
    if (on !== undefined && typeof on !== "boolean") throw new FzError("option", `fast path ${k} is ${JSON.stringify(on)} (expected true or false)`);
  }
  const fast = Object.fromEntries(FAST_PATHS.map((f) => [f, mode !== "off" && (o.fastPaths?.[f] ?? true)])) as Record<FastPath, boolean>;
  const capabilities = Object.hasOwn(BACKEND_CAPABILITIES, o.backend) ? BACKEND_CAPABILITIES[o.backend] : undefined;
  if (capabilities === undefined) throw new FzError("option", `unknown backend ${String(o.backend)} (expected ${Object.keys(BACKEND_CAPABILITIES).join(", ")})`);
  return { mode, capabilities, fast, annotate: o.annotate === true };
}

export function lowerModule(input: Module, o: LowerModuleOptions): LowerModuleResult {
  let functions: LFunction[] = [];
  const rest = lowerModuleEach(input, o, (m) => {
    // Made at its size (grown by push, a long list is copied at each growth).
    functions = new Array<LFunction>(m.functions.length);
    return (fn, k) => {
      functions[k] = fn;
    };
  });
  return { module: { name: rest.name, functions, externs: rest.externs, data: rest.data }, report: rest.report };
}

/** Takes each lowered function (the module's k-th) as soon as it is lowered, in module order. */
export type FunctionSink = (fn: LFunction, k: number) => void;

/** A lowered module without its functions (a FunctionSink had each), and the report. */
export interface LowerEachResult extends Omit<LModule, "functions"> {
  readonly report: LoweringReport;
}

/**
 * lowerModule, handing each function to the sink `open` returns as soon as
 * it is lowered instead of keeping it: a printer that prints each at once
 * lets it die young, where a module of lowered functions lives to the end
 * and is promoted (lower.ts). `open` sees the module in progress: every
 * function's head, and the externs and data objects (growing lists) of the
 * functions lowered so far, which are all a function's printing reads.
 */
export function lowerModuleEach(input: Module, o: LowerModuleOptions, open: (m: LModuleInProgress) => FunctionSink): LowerEachResult {
  const opts = resolveOptions(o);
  const expanded = expandArrayGlobals(detachEntryBlocks(input));
  // Functions no exported function reaches once calls are inlined (typically small helpers inlined at every
  // call site) are dropped, and never built (inline-small-functions.ts).
  // The parser keeps the index it resolved the module with (the verifier asked for it too): a module the
  // expansion left as it was is not indexed again. An expanded one is new, so its index is not kept.
  const ixIn = expanded === input ? ModuleIndex.of(input) : new ModuleIndex(expanded);
  const known = traitsWhenLowered(expanded);
  const planned = inPass(PASS.inline, () => (known && !nothingToInline(expanded, known) ? planModule(ixIn, expanded, inlineOptionsOf(opts)) : undefined));
  if (planned !== undefined) return lowerAsBuilt(expanded, planned, known!, opts, o.backend, open);
  // Planned to do nothing (no site, nothing pruned): the module as it is, as inlineSmallFunctions returns it.
  const inlined = inPass(PASS.inline, () => (known ? { module: expanded, records: NO_CALLS } : inlineSmallFunctions(ixIn, expanded, inlineOptionsOf(opts))));
  const reachable = inlined.module;
  // A module whose functions inlining left as they were (none changed, none dropped) keeps its index.
  const ix0 = sameFunctions(reachable, expanded) ? ixIn : new ModuleIndex(reachable);
  const { traits, decided, scalar } = inPass(PASS.scalarize, () => splitStructs(ix0, reachable.functions, opts, known));
  // Without a struct split into scalars the module is the inlined one, and so is its index.
  const same = scalar === reachable.functions;
  const m: Module = same ? reachable : { ...reachable, functions: scalar };
  const mc = new ModuleEmitter(same ? ix0 : new ModuleIndex(m), opts);
  const sink = open({ name: m.name, functions: mc.heads(), externs: mc.externsInUseOrder, data: mc.data });
  const step = new FunctionStep(mc, reachable.functions, traits, decided, groupByCaller(inlined.records), sink);
  for (let k = 0; k < m.functions.length; k++) step.lowerAt(k, m.functions[k]!);
  // Every function is built: the next module's lowering may take the tables over.
  releaseLoweringScratch(mc.scratch);
  return { name: m.name, externs: mc.usedExterns(), data: mc.data, report: moduleReport(opts.mode, o.backend, step.reports) };
}

/**
 * The traits of every function of `m` when each function's inlined body may
 * be built just before it is lowered (else undefined): no function allocates a struct or may allocate in the arena
 * (traits HAS_STRUCT_NEW, HAS_ARENA_OPS), the two module-wide decisions
 * that read every final body first (the struct decisions and scalarization
 * of splitStructs, and arena-scopes.ts arenaAllocators, which scans every
 * function of the index). Without them a body is read only when its
 * function is lowered, so it is made then and dies young, where a module of
 * final bodies lived to the end and was promoted.
 */
function traitsWhenLowered(m: Module): Int32Array | undefined {
  const traits = new Int32Array(m.functions.length);
  for (let k = 0; k < m.functions.length; k++) if (((traits[k] = traitsOf(m.functions[k]!)) & (HAS_STRUCT_NEW | HAS_ARENA_OPS)) !== 0) return undefined;
  return traits;
}

/**
 * Whether planModule would find nothing to do in `m`, whose traits are
 * `known` (traitsWhenLowered): no function references a module function
 * (its sites are calls, `func.ref`s and reads of globals, which a module
 * without HAS_ARENA_OPS has none of) and pruning keeps every function
 * (all are exported, or none is). Read from the traits and heads alone: a
 * module of leaf functions is not walked again.
 */
function nothingToInline(m: Module, known: Int32Array): boolean {
  let any = 0;
  for (let k = 0; k < known.length; k++) any |= known[k]!;
  if ((any & (HAS_DIRECT_CALLS | HAS_FUNC_REF | HAS_ARENA_OPS)) !== 0) return false;
  const fns = m.functions, first = fns.length === 0 || fns[0]!.exported;
  for (let k = 1; k < fns.length; k++) if (fns[k]!.exported !== first) return false;
  return true;
}

/**
 * lowerModuleEach for a module traitsWhenLowered accepts (`known`, its traits): the kept
 * functions are those inlining keeps, in module order, each built by the
 * inliner when it is lowered, with its records. The index and signatures
 * are those of the input's functions of those names (the same names,
 * parameters and results as their final bodies).
 */
function lowerAsBuilt(input: Module, planned: PlannedModule, known: Int32Array, opts: ResolvedOptions, backend: LowerModuleOptions["backend"], open: (m: LModuleInProgress) => FunctionSink): LowerEachResult {
  const { kept } = planned;
  const heads = new Array<Func>(kept.length);
  for (let k = 0; k < kept.length; k++) heads[k] = input.functions[kept[k]!]!;
  const m: Module = { ...input, functions: heads };
  const mc = new ModuleEmitter(new ModuleIndex(m), opts);
  const sink = open({ name: m.name, functions: mc.heads(), externs: mc.externsInUseOrder, data: mc.data });
  const step = new FunctionStep(mc, heads, NO_TRAITS, NO_DECISIONS, NO_RECORDS, sink);
  const inliner = new Inliner(input, planned.sites, planned.plan), records = inliner.records;
  const clock = activeClock;
  for (let k = 0; k < kept.length; k++) {
    clock?.enter(PASS.inline);
    const f = inliner.build(kept[k]!);
    clock?.leave();
    const calls = records.length === 0 ? NO_CALLS : records.slice();
    records.length = 0;
    step.lowerBuilt(k, f, f === heads[k] ? known[kept[k]!]! : traitsOf(f), calls);
  }
  releaseLoweringScratch(mc.scratch);
  return { name: m.name, externs: mc.usedExterns(), data: mc.data, report: moduleReport(opts.mode, backend, step.reports) };
}

/** The tables lowerAsBuilt's step never reads (shared, never written). */
const NO_TRAITS = new Int32Array(0), NO_DECISIONS: ReadonlyMap<number, StructDecisions> = new Map(), NO_RECORDS: ReadonlyMap<string, readonly InlineRecord[]> = new Map();

/**
 * Lowers the module's functions one call each, in order, handing each to
 * the sink and keeping its report in `reports`. A method per function rather than the body of
 * lowerModule's loop: the engine optimizes a method called once per
 * function at once, while a long loop in a function called once per module
 * runs unoptimized until it is replaced on the stack, on every call.
 */
class FunctionStep {
  readonly reports: FunctionReports;
  private readonly lowering: FunctionLowering;

  constructor(
    private readonly mc: ModuleEmitter,
    /** The functions as inlining left them (those scalarization did not rewrite are these objects). */
    private readonly inlined: readonly Func[],
    private readonly traits: Int32Array,
    /** By function position, those that allocate a struct (the others': NO_STRUCT_DECISIONS). */
    private readonly decided: ReadonlyMap<number, StructDecisions>,
    private readonly inlineByCaller: ReadonlyMap<string, readonly InlineRecord[]>,
    private readonly sink: FunctionSink,
  ) {
    this.lowering = new FunctionLowering(mc);
    this.reports = new FunctionReports(inlined.length);
  }

  /** Lower function `f`, the module's k-th, appending it and its report. */
  lowerAt(k: number, f: Func): void {
    // Scalarization rewrote a function that allocates structs (scanned again), and left every other one as it was.
    const calls = this.inlineByCaller.size === 0 ? NO_CALLS : this.inlineByCaller.get(f.name) ?? NO_CALLS;
    this.lowerBuilt(k, f, f === this.inlined[k] ? this.traits[k]! : traitsOf(f), calls);
  }

  /** Lower function `f`, the module's k-th, with its traits and inlining records, appending it and its report. */
  lowerBuilt(k: number, f: Func, traits: number, calls: readonly InlineRecord[]): void {
    const { escapes, kept, records } = this.decided.get(k) ?? NO_STRUCT_DECISIONS;
    // A function without struct allocations is analyzed as it is lowered, at its first question (most ask
    // none): no table of every function's escapes lives through the module.
    const facts = { escapes, structs: kept, sig: this.mc.sigAt(k), traits };
    const clock = activeClock;
    clock?.startFunction();
    const lowered = this.lowering.lower(f, facts), report = lowered.report;
    this.sink(lowered.fn, k);
    clock?.endFunction(f.name);
    this.reports.set(k, report.name, report.total, report.loop, calls, records, report.decisions);
  }
}

/**
 * How lowering inlines, by the resolved options: functions no exported one
 * reaches are dropped; flat callees are spliced (without fold, or with
 * annotate, the split blocks stay in the output). One home, so the compile
 * benchmark times the inlining lower() does.
 */
export function inlineOptionsOf(opts: ResolvedOptions): InlineOptions & { readonly prune: boolean } {
  return { mode: opts.mode, enabled: opts.fast.inline, prune: true, splice: opts.fast.fold && !opts.annotate };
}

/**
 * Per function: its traits (one scan tells which analyses it may need,
 * function-traits.ts), the matrix's decisions on its struct allocations (most
 * allocate none) and the function with the sites decided so split into
 * scalars. `scalar` is `fns` itself when no function changed. The
 * decisions are kept by position for the functions that allocate a struct
 * only: a list with an entry per function was a large object on a module of
 * many (report.ts Column says what that costs). `known`: the traits of
 * `fns`, when a scan made them already (traitsWhenLowered).
 */
function splitStructs(ix: ModuleIndex, fns: readonly Func[], opts: ResolvedOptions, known: Int32Array | undefined): { traits: Int32Array; decided: Map<number, StructDecisions>; scalar: readonly Func[] } {
  const traits = new Int32Array(fns.length);
  const decided = new Map<number, StructDecisions>();
  let scalar: Func[] | undefined;
  for (let k = 0; k < fns.length; k++) {
    const f = fns[k]!;
    traits[k] = known ? known[k]! : traitsOf(f);
    const d = (traits[k]! & HAS_STRUCT_NEW) === 0 ? NO_STRUCT_DECISIONS : decideStructs(ix, f, opts);
    if (d !== NO_STRUCT_DECISIONS) decided.set(k, d);
    const g = d.scalarized.size === 0 ? f : scalarizeStructs(ix, f, d.scalarized);
    if (g !== f && scalar === undefined) scalar = fns.slice(0, k);
    scalar?.push(g);
  }
  return { traits, decided, scalar: scalar ?? fns };
}

/**
 * The matrix's decision for every struct allocation of `f` (a function
 * that allocates one; the others share NO_STRUCT_DECISIONS), asked once: the
 * sites split into scalars (reported here) and the others (the lowering
 * reports them where it allocates their cells). Escapes are computed once per
 * function, before scalarization (here when it allocates a struct; otherwise
 * where it is lowered, scalarization leaving it as it is), and reused by the lowering: scalarization
 * turns struct fields into variables, and a value stored into a field or a
 * variable escapes to memory either way, so no array's or struct's class
 * changes (a str that was stored in a struct stays conservatively "memory").
 */
function decideStructs(ix: ModuleIndex, f: Func, opts: ResolvedOptions): StructDecisions {
  const escapes = analyzeEscapes(ix, f);
  const scalarized = new Set<ValueId>();
  const kept = new Map<ValueId, Decision>();
  const records: DecisionRecord[] = [];
  for (const b of f.blocks) {
    for (const i of b.insts) {
      if (i.op !== "struct.new" || i.dst === null) continue;
      const d = decide({ kind: "struct", mode: opts.mode, enabled: opts.fast.structs, escape: escapes[i.dst]!, mutability: "mutated", constant: false });
      if (d.form !== "scalars") {
        kept.set(i.dst, d);
        continue;
      }
      scalarized.add(i.dst);
      records.push({ subject: `struct %${f.values[i.dst]!.name}`, ...d });
    }
  }
  return { escapes, scalarized, kept, records };
}

/** Whether two modules hold the same function objects in the same order (and, as inlining leaves them, the same rest). */
function sameFunctions(a: Module, b: Module): boolean {
  if (a.functions.length !== b.functions.length) return false;
  for (let k = 0; k < a.functions.length; k++) if (a.functions[k] !== b.functions[k]) return false;
  return a.structs === b.structs && a.enums === b.enums && a.imports === b.imports && a.globals === b.globals;
}

/** What decideStructs found: escapes (undefined: not computed, the function allocates no struct), the sites split, the others' decisions and the report's records. */
interface StructDecisions {
  readonly escapes: Escape[] | undefined;
  readonly scalarized: ReadonlySet<ValueId>;
  readonly kept: ReadonlyMap<ValueId, Decision>;
  readonly records: readonly DecisionRecord[];
}

/** decideStructs' answer for a function without struct allocations (shared, never written). */
const NO_STRUCT_DECISIONS: StructDecisions = { escapes: undefined, scalarized: new Set(), kept: new Map(), records: [] };

/** The inlining records of a function without any (shared, never written). */
const NO_CALLS: readonly InlineRecord[] = [];

function groupByCaller(records: readonly InlineRecord[]): Map<string, InlineRecord[]> {
  const out = new Map<string, InlineRecord[]>();
  for (const r of records) {
    const list = out.get(r.caller);
    if (list) list.push(r);
    else out.set(r.caller, [r]);
  }
  return out;
}
