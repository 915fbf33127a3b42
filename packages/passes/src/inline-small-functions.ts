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
 * A "flat" function (inline-plan.ts: one block of scalars, and so is every
 * callee it inlines) is built by splicing instead: each callee's
 * instructions, its `set $ret` and the `get` after it take the call's place
 * in the block, with the names, values and variables a split gives, less
 * the blocks and jumps the lowering would merge away (a call chain's
 * functions lowered several times faster so). Inside a spliced callee a
 * spliced call's result is the value its callee returns, with no `set` and
 * `get` (nor a value of its own): on a call chain those were half the
 * instructions, and every level's was merged away by the lowering again.
 *
 * Cost: linear in the module plus the instructions copied. Every reference
 * to a module function is resolved to a dense id once (inline-sites.ts); the
 * plan (inline-plan.ts: recursion, order, final sizes and counts) is made
 * from those sites once; each kept caller that inlines is scanned once, left
 * to right over its sites only, into arrays made at their final length.
 */
import {
  type Block, type BlockId, type Func, funcWith, type Imm, type Inst, makeInst, makeValueInfo, type Module, type ModuleIndex, type Term, type ValueId, type ValueInfo, type VarId, type VarInfo,
} from "@fzy/ir";
import { copyInsts, copySpliced, copyTerm, mapSpliced, mapSplicedValues, NO_ARGS, SplicedValues } from "./inline-copy.js";
import { type InlineOptions, type InlinePlan, planModule } from "./inline-plan.js";
import { Candidates, type InlineRecord } from "./inline-records.js";
import { continuationSuffix, inlinedPrefix } from "./inline-names.js";
import { Segments } from "./inline-segments.js";
import { firstSite, type ModuleSites, SITE_REF } from "./inline-sites.js";

export type { InlineOptions } from "./inline-plan.js";
export type { InlineRecord } from "./inline-records.js";

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
  /** The segments so far (inline-segments.ts): the blocks had every inlined call split its block. */
  nSplit: number;
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
  const planned = planModule(ix, m, opts);
  if (planned === undefined) return { module: m, records: [] };
  const { kept, plan: { order } } = planned, inliner = new Inliner(m, planned.sites, planned.plan);
  // Each kept function's position in the result (a list by function id was a large object on a long call chain).
  const slot = new Int32Array(m.functions.length).fill(-1);
  for (let k = 0; k < kept.length; k++) slot[kept[k]!] = k;
  const functions: Func[] = new Array(kept.length);
  for (let k = 0; k < order.length; k++) {
    const fi = order[k]!;
    if (slot[fi]! >= 0) functions[slot[fi]!] = inliner.build(fi);
  }
  return { module: { ...m, functions }, records: inliner.records };
}

/** Builds the final bodies of a planned module, appending each one's records to `records`. */
export class Inliner {
  readonly records: InlineRecord[] = [];
  /** Per callee: the stamp of the last function whose records list a call of it (each caller records a callee once unless inlined). */
  private readonly recorded: Int32Array;
  private stamp = 0;
  private readonly segs = new Segments();
  /** The value maps of the callees a flat function splices (inline-copy.ts). */
  private readonly maps = new SplicedValues();
  /** The block ranges each scan has already seen, a stack shared by the nested scans (each pops its own on return). */
  private readonly skip: number[] = [];
  /** The function being built, and the records its scans found. */
  private top = 0;
  private readonly found = new Candidates();

  constructor(
    private readonly m: Module,
    private readonly sites: ModuleSites,
    private readonly plan: InlinePlan,
  ) {
    this.recorded = new Int32Array(m.functions.length);
  }

  /** Function fi's final body (its records appended to `records`). */
  build(fi: number): Func {
    // A function calling no module function has nothing to inline or record: no scan.
    if (this.sites.callStart[fi + 1] === this.sites.callStart[fi]) return this.m.functions[fi]!;
    return this.plan.inlineCount[fi] === 0 ? this.recordOnly(fi) : this.inlineInto(fi);
  }

  /** The records of function `fi`, which inlines nothing: its calls in order, each callee once. */
  private recordOnly(fi: number): Func {
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
  private inlineInto(fi: number): Func {
    const f = this.m.functions[fi]!;
    const { plan } = this;
    const work: Work = {
      values: new Array<ValueInfo>(plan.valueCounts[fi]!), vars: new Array<VarInfo>(plan.varCounts[fi]!), blocks: new Array<Block>(plan.blockCounts[fi]!),
      nValues: f.values.length, nVars: f.vars.length, nBlocks: f.blocks.length, shared: f.blocks.length, nSplit: f.blocks.length,
    };
    for (let v = 0; v < f.values.length; v++) work.values[v] = f.values[v]!;
    for (let v = 0; v < f.vars.length; v++) work.vars[v] = f.vars[v]!;
    for (let b = 0; b < f.blocks.length; b++) work.blocks[b] = f.blocks[b]!;
    this.segs.room(plan.splitBlocks[fi]!);
    this.segs.place(work.blocks, this.sites, fi, 0, 0);
    this.top = fi;
    this.found.clear();
    this.scan(work, fi, 0, "", true);
    if (work.nValues !== work.values.length || work.nVars !== work.vars.length || work.nBlocks !== work.blocks.length || work.nSplit !== plan.splitBlocks[fi]) {
      throw new Error(`inliner: the plan's counts for ${f.name} do not match its final body`);
    }
    this.segs.release();
    this.found.keep(f.name, this.m, ++this.stamp, this.recorded, this.records);
    return funcWith(f, { values: work.values, vars: work.vars, blocks: work.blocks });
  }

  /**
   * One left-to-right pass over the segments of `owner` in `work`, from
   * `base` on: an inlined call ends its segment, and what it adds (the
   * callee's blocks or spliced instructions, and the rest of the block as
   * a new segment) is numbered after the segments already there, so the
   * pass reaches them later.
   *
   * The segments an inlined call added before the rest of its block are
   * skipped: the callee's own scan already inlined every call there it
   * could, and a call it left is left by its caller too (the decision
   * depends on the callee alone, and a recursive callee is never inlined),
   * so rescanning them at every level of a nest of inlined calls would cost
   * the square of its depth. Every scan gives the records of the sites it
   * leaves (and the top one, of the calls it inlines) to `found`.
   */
  private scan(work: Work, owner: number, base: number, outer: string, top: boolean): void {
    const { plan: { decider, flat }, sites: { siteKind, siteCallee }, skip, found } = this;
    // A flat function splices every call it inlines, and only a flat one does (inline-plan.ts).
    const splice = flat[this.top] !== 0;
    let counter = 0;
    // This scan's ranges [from, to) of segments already scanned, appended in increasing order.
    const mark = skip.length;
    let next = mark;
    for (let seg = base; seg < work.nSplit; seg++) {
      while (next < skip.length && seg === skip[next]) { seg = skip[next + 1]!; next += 2; }
      const hi = this.segs.hi[seg]!;
      let ended = false;
      for (let s = this.segs.lo[seg]!; s < hi; s++) {
        if (siteKind[s] === SITE_REF) continue;
        const g = siteCallee[s]!;
        const decision = decider.ask(owner, g);
        if (decision?.form !== "inlined") {
          found.add(seg, g, top ? decision : decider.ask(this.top, g));
          continue;
        }
        if (top) found.add(seg, g, decision);
        const named = outer + inlinedPrefix(this.m.functions[g]!.name, counter);
        const from = work.nSplit;
        skip.push(from, splice ? this.spliceAt(work, seg, s, g, named, counter) : this.inlineAt(work, seg, s, g, named, counter));
        counter++;
        ended = true;
        break; // the rest of this segment is a new one, appended last
      }
      // The rest of a block after a splice or a split: its home was rebuilt up to here.
      if (!ended && this.segs.from[seg]! > 0) this.upTo(work, seg, this.segs.src[seg]!.length);
    }
    skip.length = mark;
  }

  /**
   * The instructions of segment `seg`'s block, rebuilt to end with its
   * instructions before index `k` of its source: a block a splice has not
   * touched yet (the segment starts it) gets a list of its own; a rebuilt
   * one (the segment continues it) is appended to.
   */
  private upTo(work: Work, seg: number, k: number): Inst[] {
    const h = this.segs.home[seg]!, src = this.segs.src[seg]!, start = this.segs.from[seg]!;
    const block = work.blocks[h]!;
    if (start === 0) {
      const out = src.slice(0, k);
      if (h < work.shared) work.blocks[h] = { name: block.name, insts: out, term: block.term };
      else (block as OwnBlock).insts = out;
      return out;
    }
    const out = block.insts as Inst[];
    for (let j = start; j < k; j++) out.push(src[j]!);
    return out;
  }

  /**
   * Splice the call at site `s` of segment `seg` (a call of function g,
   * whose final body is one block ending in `ret`) into its block: what
   * precedes it, then g's instructions (spliceBody); the rest of the block
   * is a new segment. Returns its number.
   */
  private spliceAt(work: Work, seg: number, s: number, g: number, named: string, nth: number): number {
    const k = this.sites.siteInst[s]! + this.segs.shift[seg]!;
    const call = this.segs.src[seg]![k]!;
    const out = this.upTo(work, seg, k);
    const result = this.spliceBody(work, out, call.args, g, named), type = this.m.functions[g]!.result;
    // The function's own call: its result value is read from the callee's result variable, as a split leaves it.
    if (type !== null) {
      const retImm: Imm = { kind: "var", var: work.nVars as VarId };
      work.vars[work.nVars++] = { name: `${named}ret`, type };
      if (result !== null) out.push(makeInst("set", null, [result], null, retImm, undefined));
      if (call.dst !== null) out.push(makeInst("get", call.dst, NO_ARGS, null, retImm, undefined));
    }
    const rest = work.nSplit++;
    this.segs.lo[rest] = s + 1;
    this.segs.hi[rest] = this.segs.hi[seg]!;
    this.segs.shift[rest] = this.segs.shift[seg]!;
    this.segs.from[rest] = k + 1;
    this.segs.home[rest] = this.segs.home[seg]!;
    this.segs.src[rest] = this.segs.src[seg]!;
    this.segs.names[rest] = this.segs.names[seg]!; // a continuation's name grows from its block's, not from the last continuation's
    return rest;
  }

  /**
   * Function g's instructions for a call of it with arguments `args`,
   * appended to `out`: named `named` + name, its own inlined calls spliced
   * in turn (each call's result is the value that callee returns: no
   * result variable is set and read, and the call's own result value is
   * gone). Returns the value g returns (null: none). Its segments are
   * numbered as a split's blocks (its block, then each spliced call's,
   * then the rest).
   */
  private spliceBody(work: Work, out: Inst[], args: readonly ValueId[], g: number, named: string): ValueId | null {
    const { values, vars } = work;
    const { maps, plan, sites: { siteKind, siteCallee, siteInst, blockSite, blockStart } } = this;
    const callee = this.m.functions[g]!, src = callee.blocks[0]!.insts, ret = callee.blocks[0]!.term;
    const np = callee.params.length, nv = callee.values.length;
    const at = maps.push(nv, np), first = blockSite[blockStart[g]!]!, last = blockSite[blockStart[g]! + 1]!;
    let map = maps.map;
    // The results of the calls spliced here (-1) get no value of their own.
    map.fill(0, at + np, at + nv);
    for (let t = first; t < last; t++) if (plan.inlinedSite[t] && src[siteInst[t]!]!.dst !== null) map[at + src[siteInst[t]!]!.dst!] = -1;
    for (let v = np; v < nv; v++) {
      if (map[at + v] === -1) continue;
      map[at + v] = work.nValues;
      values[work.nValues++] = makeValueInfo(named + callee.values[v]!.name, callee.values[v]!.type);
    }
    const varBase = work.nVars;
    for (let v = 0; v < callee.vars.length; v++) vars[work.nVars++] = { name: named + callee.vars[v]!.name, type: callee.vars[v]!.type };
    let seg = work.nSplit++, copied = 0, counter = 0;
    for (let t = first; t < last; t++) {
      if (siteKind[t] === SITE_REF) continue;
      const h = siteCallee[t]!;
      if (!plan.inlinedSite[t]) {
        this.found.add(seg, h, plan.decider.ask(this.top, h));
        continue;
      }
      const j = siteInst[t]!;
      for (; copied < j; copied++) out.push(copySpliced(src[copied]!, args, np, map, at, varBase));
      const inner = src[j]!;
      const result = this.spliceBody(work, out, mapSplicedValues(inner.args, args, np, map, at), h, named + inlinedPrefix(this.m.functions[h]!.name, counter++));
      map = maps.map;
      if (inner.dst !== null) map[at + inner.dst] = result!;
      seg = work.nSplit++;
      copied = j + 1;
    }
    for (; copied < src.length; copied++) out.push(copySpliced(src[copied]!, args, np, map, at, varBase));
    if (work.nVars !== varBase + plan.splicedVars[g]!) throw new Error(`inliner: the plan's counts for ${callee.name} do not match its inlined body`);
    const result = ret.op === "ret" && ret.value !== null ? mapSpliced(ret.value, args, np, map, at) : null;
    maps.pop(at, np);
    return result;
  }

  /**
   * Inline the call at site `s` of segment `seg` by a split, in place: the
   * callee's own body is copied (its entities named `named` + name), then
   * scanned as the callee, which appends what it inlines, exactly where
   * copying its final body would have put it; its result variable and the
   * continuation come after (their ids, from the plan's counts, are known
   * before the copy: its returns refer to them). Returns the continuation's
   * segment (the copy and what it inlined end there).
   *
   * Callee ids map without tables (inline-copy.ts): its parameters to the
   * call's arguments, its other values to `valueBase` + id, its variables
   * to `varBase` + id, its blocks to `base` + id (each appended in order).
   */
  private inlineAt(work: Work, seg: number, s: number, g: number, named: string, nth: number): number {
    const { values, vars, blocks } = work;
    const callee = this.m.functions[g]!;
    const src = this.segs.src[seg]!, k = this.sites.siteInst[s]! + this.segs.shift[seg]!;
    const call = src[k]!;
    const np = callee.params.length;

    const valueBase = work.nValues - np;
    for (let v = np; v < callee.values.length; v++) values[work.nValues++] = makeValueInfo(named + callee.values[v]!.name, callee.values[v]!.type);
    const varBase = work.nVars;
    for (let v = 0; v < callee.vars.length; v++) vars[work.nVars++] = { name: named + callee.vars[v]!.name, type: callee.vars[v]!.type };
    const retVar = callee.result ? ((varBase + this.plan.splitVars[g]!) as VarId) : null;
    const retImm: Imm | null = retVar === null ? null : { kind: "var", var: retVar };

    const base = work.nBlocks, first = work.nSplit;
    const contId = (base + this.plan.splitBlocks[g]!) as BlockId;
    const args = call.args;
    for (let b = 0; b < callee.blocks.length; b++) {
      const blk = callee.blocks[b]!;
      const t = blk.term;
      const insts = copyInsts(blk.insts, t.op === "ret" && t.value !== null && retImm !== null ? 1 : 0, args, np, valueBase, varBase);
      blocks[work.nBlocks++] = { name: named + blk.name, insts, term: copyTerm(t, insts, args, np, valueBase, base, contId, retImm) };
    }
    this.segs.place(work.blocks, this.sites, g, base, first);
    work.nSplit += callee.blocks.length;
    // The callee inlines its own callees into the copy, as it did into itself.
    this.scan(work, g, first, named, false);
    if (retVar !== null) vars[work.nVars++] = { name: `${named}ret`, type: callee.result! };
    if (work.nVars !== varBase + this.plan.splitVars[g]! + (retVar !== null ? 1 : 0) || work.nBlocks !== contId) {
      throw new Error(`inliner: the plan's counts for ${callee.name} do not match its inlined body`);
    }
    // The continuation: the call's result read from the result variable; the rest of the block is appended as the
    // scan reaches it (upTo), read from the same source list: copied here, it was copied again at every later call
    // in the block (n calls in one block copied n^2/2 instructions).
    const h = this.segs.home[seg]!, orig = blocks[h]!;
    const after: Inst[] = call.dst !== null && retImm !== null ? [makeInst("get", call.dst, NO_ARGS, null, retImm, undefined)] : [];
    const contName = this.segs.names[seg]! + continuationSuffix(this.m.functions[g]!.name, nth);
    blocks[work.nBlocks++] = { name: contName, insts: after, term: orig.term };
    const cont = work.nSplit++;
    this.segs.lo[cont] = s + 1;
    this.segs.hi[cont] = this.segs.hi[seg]!;
    this.segs.shift[cont] = this.segs.shift[seg]!;
    this.segs.from[cont] = k + 1;
    this.segs.home[cont] = contId;
    this.segs.src[cont] = src;
    this.segs.names[cont] = this.segs.names[seg]!;
    // The block ends before the call, with a jump into the copy; the source list stays whole for the continuation.
    const jump: Term = { op: "jump", target: base as BlockId };
    if (this.segs.from[seg] === 0 && h < work.shared) blocks[h] = { name: orig.name, insts: src.slice(0, k), term: jump };
    else {
      if (this.segs.from[seg] === 0) (orig as OwnBlock).insts = src.slice(0, k);
      else this.upTo(work, seg, k);
      (blocks[h] as OwnBlock).term = jump;
    }
    return cont;
  }
}
