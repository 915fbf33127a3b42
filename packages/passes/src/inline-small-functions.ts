/**
 * Inline calls to small module functions. Cranelift does not inline, so the
 * shared lowering does it for both backends (LLVM would do it anyway; doing
 * it here keeps the two backends lowering the same program).
 *
 * A callee is inlined when it is not part of a call cycle and the
 * eligibility matrix says so, given its size (rules call-small, call-force). Callees are processed bottom-up, so a callee's
 * own calls are already inlined when it is copied. At a call site the block
 * is split: the instructions after the call move to a continuation block, the
 * callee's blocks are copied with fresh names, its parameters become the call
 * arguments, its variables become caller variables, and each `ret %v` becomes
 * `set $ret, %v; jump continuation`. `opaque` is copied like any instruction,
 * so inlining never sees through it.
 *
 * Cost: linear in the module plus the instructions copied. Every reference
 * to a module function is resolved to a dense id once (inline-sites.ts); the
 * plan (inline-plan.ts: recursion, order, final sizes and counts) is made
 * from those sites once; each kept caller that inlines is scanned once, left
 * to right over its sites only, into arrays made at their final length.
 */
import {
  type Block, type BlockId, type Func, type Imm, type Inst, type Module, type ModuleIndex, type Term, type ValueId, type ValueInfo, type VarId, type VarInfo,
} from "@fzy/ir";
import type { Decision } from "./eligibility.js";
import { type InlineOptions, type InlinePlan, planInlining, reachable, recursive } from "./inline-plan.js";
import { firstSite, moduleSites, type ModuleSites, SITE_REF } from "./inline-sites.js";

export type { InlineOptions } from "./inline-plan.js";

export interface InlineRecord {
  readonly caller: string;
  readonly callee: string;
  readonly decision: Decision;
}

/**
 * A caller being rewritten: its arrays are made once at their final length
 * (the plan's counts) and filled in order, `nValues`, `nVars` and `nBlocks`
 * counting the entries written. Blocks below `shared` are the caller's own,
 * whose instruction lists are the input's (never written); the later ones
 * are made here.
 */
interface Work {
  readonly values: ValueInfo[];
  readonly vars: VarInfo[];
  readonly blocks: Block[];
  nValues: number;
  nVars: number;
  nBlocks: number;
  readonly shared: number;
}

/** A block made here (its fields are set once more when a call in it is inlined). */
interface OwnBlock {
  name: string;
  insts: Inst[];
  term: Term;
}

/**
 * Inline small callees into every function. Each function's final body is
 * built top-down: an inlined callee's own body is copied and then scanned as
 * the callee would scan it (inlining its callees in turn, with their names
 * prefixed by its own), which gives the same body, names and order as
 * copying the callee's final body, without building that body when nothing
 * else needs it. With `prune`, functions no exported function reaches
 * afterwards are dropped and never built: on a long call chain most
 * functions are inlined into their caller and called from nowhere else.
 * Callees are known by dense id (inline-sites.ts): no name is looked up
 * after the one walk that resolves them, through `ix` (an index of `m`).
 */
export function inlineSmallFunctions(ix: ModuleIndex, m: Module, opts: InlineOptions & { readonly prune?: boolean }): { module: Module; records: InlineRecord[] } {
  const sites = moduleSites(m, ix);
  const n = m.functions.length;
  // No body references a module function (a module of leaf functions): nothing is inlined or recorded, and
  // pruning keeps exactly the exported functions (every one when none is).
  if (sites.blockSite[sites.blockSite.length - 1] === 0 && !(opts.prune && prunesLeaves(sites.exported))) return { module: m, records: [] };
  const plan = planInlining(m, sites, recursive(sites), opts);
  const keep = opts.prune ? reachable(m, sites, plan) : undefined;
  const done: Func[] = new Array(n);
  const inliner = new Inliner(m, sites, plan);
  for (let k = 0; k < n; k++) {
    const fi = plan.order[k]!;
    if (keep && !keep[fi]) continue;
    const f = m.functions[fi]!;
    // A function calling no module function has nothing to inline or record: no scan.
    if (sites.callStart[fi + 1] === sites.callStart[fi]) done[fi] = f;
    else if (plan.inlineCount[fi] === 0) done[fi] = inliner.recordOnly(fi);
    else done[fi] = inliner.inlineInto(fi);
  }
  // A loop, not flatMap: a list per function made tens of thousands of arrays for a module of tiny functions.
  const functions: Func[] = [];
  for (let i = 0; i < n; i++) if (!keep || keep[i]) functions.push(done[i]!);
  return { module: { ...m, functions }, records: inliner.records };
}

/** Whether pruning a module without sites drops a function: some are exported and some are not. */
function prunesLeaves(exported: Uint8Array): boolean {
  const first = exported[0];
  for (let f = 1; f < exported.length; f++) if (exported[f] !== first) return true;
  return false;
}

class Inliner {
  readonly records: InlineRecord[] = [];
  /** Per callee: the stamp of the last top-level scan that recorded a call of it (each caller records a callee once unless inlined). */
  private readonly recorded: Int32Array;
  private stamp = 0;
  /**
   * Per block of the caller being rewritten: the sites (inline-sites.ts) of
   * the body it came from, `lo` to `hi`, and `shift`, what to add to a
   * site's instruction index to find it in this block (a continuation holds
   * the end of a split block, after the `get` of the call's result). Shared
   * by every caller, grown to the largest.
   */
  private lo = new Int32Array(16);
  private hi = new Int32Array(16);
  private shift = new Int32Array(16);
  /** The block ranges each scan below the top has already seen, a stack shared by the nested scans (each pops its own on return). */
  private readonly skip: number[] = [];
  /**
   * Per callee, made once: the prefix `name.0.` of what the first call of it
   * inlined in a scan brings in (on a call chain, every level's), and the
   * suffix `.name.0.cont` of its continuation's name.
   */
  private readonly firstPrefix: (string | undefined)[];
  private readonly firstCont: (string | undefined)[];

  constructor(
    private readonly m: Module,
    private readonly sites: ModuleSites,
    private readonly plan: InlinePlan,
  ) {
    this.recorded = new Int32Array(m.functions.length);
    this.firstPrefix = new Array<string | undefined>(m.functions.length);
    this.firstCont = new Array<string | undefined>(m.functions.length);
  }

  /** The prefix `name.k.` of the k-th call of g a scan inlines. */
  private prefix(g: number, k: number): string {
    if (k > 0) return `${this.m.functions[g]!.name}.${k}.`;
    return (this.firstPrefix[g] ??= `${this.m.functions[g]!.name}.0.`);
  }

  /** The suffix `.name.k.cont` of the continuation of the k-th call of g a scan inlines. */
  private contSuffix(g: number, k: number): string {
    if (k > 0) return `.${this.m.functions[g]!.name}.${k}.cont`;
    return (this.firstCont[g] ??= `.${this.m.functions[g]!.name}.0.cont`);
  }

  /** The records of function `fi`, which inlines nothing: its calls in order, each callee once. */
  recordOnly(fi: number): Func {
    const { siteKind, siteCallee } = this.sites;
    const f = this.m.functions[fi]!;
    const stamp = ++this.stamp;
    const end = firstSite(this.sites, fi + 1);
    for (let s = firstSite(this.sites, fi); s < end; s++) {
      if (siteKind[s] === SITE_REF) continue;
      const g = siteCallee[s]!;
      const decision = this.plan.decider.ask(fi, g);
      if (!decision || this.recorded[g] === stamp) continue;
      this.recorded[g] = stamp;
      this.records.push({ caller: f.name, callee: this.m.functions[g]!.name, decision });
    }
    return f;
  }

  /** Function `fi`'s final body, with its records. */
  inlineInto(fi: number): Func {
    const f = this.m.functions[fi]!;
    const { plan } = this;
    const work: Work = {
      values: new Array<ValueInfo>(plan.valueCounts[fi]!), vars: new Array<VarInfo>(plan.varCounts[fi]!), blocks: new Array<Block>(plan.blockCounts[fi]!),
      nValues: f.values.length, nVars: f.vars.length, nBlocks: f.blocks.length, shared: f.blocks.length,
    };
    for (let v = 0; v < f.values.length; v++) work.values[v] = f.values[v]!;
    for (let v = 0; v < f.vars.length; v++) work.vars[v] = f.vars[v]!;
    for (let b = 0; b < f.blocks.length; b++) work.blocks[b] = f.blocks[b]!;
    if (this.lo.length < work.blocks.length) {
      const n = Math.max(work.blocks.length, this.lo.length * 2);
      this.lo = new Int32Array(n);
      this.hi = new Int32Array(n);
      this.shift = new Int32Array(n);
    }
    this.placeSites(fi, 0, f.blocks.length);
    this.scan(work, fi, 0, "", true);
    if (work.nValues !== work.values.length || work.nVars !== work.vars.length || work.nBlocks !== work.blocks.length) {
      throw new Error(`inliner: the plan's counts for ${f.name} do not match its final body`);
    }
    return { ...f, values: work.values, vars: work.vars, blocks: work.blocks };
  }

  /** The sites of function g's `count` blocks, copied from block `at` on. */
  private placeSites(g: number, at: number, count: number): void {
    const { blockStart, blockSite } = this.sites;
    const first = blockStart[g]!;
    for (let b = 0; b < count; b++) {
      this.lo[at + b] = blockSite[first + b]!;
      this.hi[at + b] = blockSite[first + b + 1]!;
      this.shift[at + b] = 0;
    }
  }

  /**
   * One left-to-right pass over the blocks of `owner` in `work`, from `base`
   * on: an inlined call's continuation and the callee's blocks are appended,
   * so the pass reaches them after the blocks that were already there. At
   * the top the records of the owner's calls are kept.
   *
   * Below the top, the blocks an inlined call appended before its
   * continuation are skipped: the callee's own scan already inlined every
   * call there it could, and a call it left is left by its caller too (the
   * decision depends on the callee alone, and a recursive callee is never
   * inlined), so rescanning them at every level of a nest of inlined calls
   * would cost the square of its depth. The top still visits every block,
   * in order, for its records.
   */
  private scan(work: Work, owner: number, base: number, outer: string, top: boolean): void {
    const { m, plan: { decider }, sites: { siteKind, siteCallee }, skip } = this;
    const stamp = top ? ++this.stamp : 0;
    let counter = 0;
    // This scan's ranges [from, to) of blocks already scanned, appended in increasing order (below the top only).
    const mark = skip.length;
    let next = mark;
    for (let bi = base; bi < work.nBlocks; bi++) {
      while (next < skip.length && bi === skip[next]) { bi = skip[next + 1]!; next += 2; }
      const hi = this.hi[bi]!;
      for (let s = this.lo[bi]!; s < hi; s++) {
        if (siteKind[s] === SITE_REF) continue;
        const g = siteCallee[s]!;
        const decision = decider.ask(owner, g);
        if (!decision) continue;
        const callee = m.functions[g]!;
        if (top) {
          const first = this.recorded[g] !== stamp;
          this.recorded[g] = stamp;
          if (decision.form === "inlined" || first) this.records.push({ caller: m.functions[owner]!.name, callee: callee.name, decision });
        }
        if (decision.form !== "inlined") continue;
        const from = work.nBlocks;
        const to = this.inlineAt(work, bi, s, g, outer, counter++);
        if (!top) skip.push(from, to);
        break; // the rest of this block moved to the continuation, appended last
      }
    }
    skip.length = mark;
  }

  /**
   * Inline the call at site `s` of block `bi`, in place: the callee's own
   * body is copied (its entities named `outer` + `callee.nth.` + name, for
   * the nth call the scan inlines), then
   * scanned as the callee, which appends what it inlines, exactly where
   * copying its final body would have put it; its result variable and the
   * continuation come after (their ids, from the plan's counts, are known
   * before the copy: its returns refer to them). Returns the continuation's
   * block id (the copy and what it inlined end there).
   *
   * Callee ids map without tables: its parameters to the call's arguments,
   * its other values to `valueBase` + id, its variables to `varBase` + id,
   * its blocks to `base` + id (each appended in order).
   */
  private inlineAt(work: Work, bi: number, s: number, g: number, outer: string, nth: number): number {
    const { values, vars, blocks } = work;
    const callee = this.m.functions[g]!;
    const k = this.sites.siteInst[s]! + this.shift[bi]!;
    const orig = blocks[bi]!;
    const call = orig.insts[k]!;
    const named = outer === "" ? this.prefix(g, nth) : outer + this.prefix(g, nth);
    const np = callee.params.length;

    const valueBase = work.nValues - np;
    for (let v = np; v < callee.values.length; v++) values[work.nValues++] = { name: named + callee.values[v]!.name, type: callee.values[v]!.type };
    const varBase = work.nVars;
    for (let v = 0; v < callee.vars.length; v++) vars[work.nVars++] = { name: named + callee.vars[v]!.name, type: callee.vars[v]!.type };
    const retVar = callee.result ? ((varBase + this.plan.varCounts[g]!) as VarId) : null;
    const retImm: Imm | null = retVar === null ? null : { kind: "var", var: retVar };

    const base = work.nBlocks;
    const contId = (base + this.plan.blockCounts[g]!) as BlockId;
    const args = call.args;
    for (let b = 0; b < callee.blocks.length; b++) {
      const blk = callee.blocks[b]!;
      const t = blk.term;
      const insts = copyInsts(blk.insts, t.op === "ret" && t.value !== null && retImm !== null ? 1 : 0, args, np, valueBase, varBase);
      blocks[work.nBlocks++] = { name: named + blk.name, insts, term: copyTerm(t, insts, args, np, valueBase, base, contId, retImm) };
    }
    this.placeSites(g, base, callee.blocks.length);
    // The callee inlines its own callees into the copy, as it did into itself.
    this.scan(work, g, base, named, false);
    if (retVar !== null) vars[work.nVars++] = { name: `${named}ret`, type: callee.result! };
    if (work.nVars !== varBase + this.plan.varCounts[g]! + (retVar !== null ? 1 : 0) || work.nBlocks !== contId) {
      throw new Error(`inliner: the plan's counts for ${callee.name} do not match its inlined body`);
    }
    // The continuation: the call's result read from the result variable, then the rest of the block.
    const get = call.dst !== null && retImm !== null ? 1 : 0;
    const after: Inst[] = new Array(get + orig.insts.length - k - 1);
    if (get) after[0] = { op: "get", dst: call.dst, args: NO_ARGS, type: null, imm: retImm! };
    for (let j = k + 1; j < orig.insts.length; j++) after[get + j - k - 1] = orig.insts[j]!;
    blocks[work.nBlocks++] = { name: orig.name + this.contSuffix(g, nth), insts: after, term: orig.term };
    this.lo[contId] = s + 1;
    this.hi[contId] = this.hi[bi]!;
    this.shift[contId] = this.shift[bi]! - (k + 1) + get;
    this.hi[bi] = s; // the split block keeps the sites before the call (the top scans it again for its records)
    const jump: Term = { op: "jump", target: base as BlockId };
    if (bi < work.shared) blocks[bi] = { name: orig.name, insts: orig.insts.slice(0, k), term: jump };
    else {
      // A block made here is cut in place.
      const own = orig as OwnBlock;
      own.insts.length = k;
      own.term = jump;
    }
    return contId;
  }
}

/** Block `src` of a callee, its ids mapped (see inlineAt), with room for `extra` instructions after (a `ret`'s `set`). */
function copyInsts(src: readonly Inst[], extra: number, callArgs: readonly ValueId[], np: number, valueBase: number, varBase: number): Inst[] {
  const insts: Inst[] = new Array(src.length + extra);
  for (let j = 0; j < src.length; j++) {
    const i = src[j]!;
    const a = i.args;
    // Lists of their exact length (most have at most two); an empty one is shared, as instructions are never written.
    const args: readonly ValueId[] = a.length === 0 ? a : a.length === 1 ? [mapValue(a[0]!, callArgs, np, valueBase)]
      : a.length === 2 ? [mapValue(a[0]!, callArgs, np, valueBase), mapValue(a[1]!, callArgs, np, valueBase)] : mapValues(a, callArgs, np, valueBase);
    const dst = i.dst === null ? null : mapValue(i.dst, callArgs, np, valueBase);
    const imm: Imm = i.imm.kind === "var" ? { kind: "var", var: (varBase + i.imm.var) as VarId } : i.imm;
    // Source locations survive inlining (debug info).
    insts[j] = i.loc ? { op: i.op, dst, args, type: i.type, imm, loc: i.loc } : { op: i.op, dst, args, type: i.type, imm };
  }
  return insts;
}

/** A list of callee values, mapped (see mapValue). */
function mapValues(a: readonly ValueId[], callArgs: readonly ValueId[], np: number, valueBase: number): ValueId[] {
  const out: ValueId[] = new Array(a.length);
  for (let x = 0; x < a.length; x++) out[x] = mapValue(a[x]!, callArgs, np, valueBase);
  return out;
}

/** The operands of an instruction without any (shared: instructions are never written). */
const NO_ARGS: readonly ValueId[] = [];

/** A callee's value in the caller: a parameter is the call's argument, any other value is appended from `valueBase` on. */
function mapValue(v: ValueId, callArgs: readonly ValueId[], np: number, valueBase: number): ValueId {
  return v < np ? callArgs[v]! : ((valueBase + v) as ValueId);
}

/** A callee's terminator, mapped: a `ret` becomes a jump to the continuation, after a `set` of the result variable (the last of `insts`, left for it). */
function copyTerm(t: Term, insts: Inst[], callArgs: readonly ValueId[], np: number, valueBase: number, base: number, contId: BlockId, retImm: Imm | null): Term {
  switch (t.op) {
    case "jump": return { op: "jump", target: (base + t.target) as BlockId };
    case "br": return { op: "br", cond: mapValue(t.cond, callArgs, np, valueBase), then: (base + t.then) as BlockId, else: (base + t.else) as BlockId };
    case "switch": return { op: "switch", value: mapValue(t.value, callArgs, np, valueBase), cases: t.cases.map((c) => ({ value: c.value, target: (base + c.target) as BlockId })), default: t.default === null ? null : ((base + t.default) as BlockId) };
    case "ret":
      if (t.value !== null && retImm !== null) insts[insts.length - 1] = { op: "set", dst: null, args: [mapValue(t.value, callArgs, np, valueBase)], type: null, imm: retImm };
      return { op: "jump", target: contId };
    case "unreachable": return t;
  }
}
