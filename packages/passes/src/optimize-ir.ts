/**
 * The editable form the function optimizer works on (optimize-function.ts):
 * a lowered function's blocks as mutable arrays, with the operand plumbing
 * every optimize-* pass shares (read, rewrite and count the values an
 * instruction, a terminator or an edge uses).
 *
 * Invariants: value ids are never reused (a removed definition leaves a gap;
 * new values get fresh ids at the end of `types`); a block marked `dead` is
 * unreachable and dropped when the function is finished (block ids are then
 * compacted, in their original order, so the layout the lowering chose is
 * kept). The side tables follow their entries: a value keeps its name
 * through renumbering, and an instruction or terminator its origin through
 * every rewrite (`carryOrigin`); what a pass makes anew has neither.
 */
import { record } from "@fzy/ir";
import {
  binaryInst, block, brifTerm, brTableTerm, callIndirectInst, callInst, convertInst, edge as edgeOf, edgeAt, edgeCount, fcmpInst, icmpInst, jumpTerm, loadFrom,
  opaqueInst, ptrAddInst, returnTerm, selectInst, storeInst, switchTerm, unaryInst, type LBlock, type LBlockId, type LEdge, type LFunction, type LInst, type LNames, type LOrigins, type LTerm, type LType, type LValue, originIndex } from "@fzy/lir";
import { carryOrigin, originOf, setOrigin, startOrigins } from "./optimize-origins.js";
import { mapList, remapTerm, renameInPlace } from "./optimize-remap.js";
import { identity, sameList } from "./optimize-lists.js";
import { Scratch } from "./optimize-scratch.js";

const RENUM = new Scratch(), IDS = new Scratch(), OLD_IDS = new Scratch();
/** The parameters of every finished block without any (shared: no reader of a finished function changes its lists). */
const NO_PARAMS: LValue[] = [];

/** Shared with the LIR verifier: the one list of the values an instruction reads. */
export { instUses } from "@fzy/lir";
export { carryOrigin } from "./optimize-origins.js";
export { countUses, everyUse } from "./optimize-uses.js";
export { Replacements } from "./optimize-replacements.js";

/** One block, editable. */
export interface MBlock {
  params: LValue[];
  insts: LInst[];
  term: LTerm;
  cold: boolean;
  dead: boolean;
}

/** An MBlock as a record (a constructor, not a literal: @fzy/lir records.ts says why), not yet dead. */
const MBlockRecord = record(function (this: MBlock, params: LValue[], insts: LInst[], term: LTerm, cold: boolean) {
  this.params = params; this.insts = insts; this.term = term; this.cold = cold; this.dead = false;
});

/** A lowered function being optimized. */
export class MFunction {
  readonly blocks: MBlock[];
  /** Each value's type: the base's own list until `fresh` adds one (then a copy: most functions get no new value). */
  types: LType[];
  /** Unsigned ranges a pass knows for values it made (table loads), for optimize-ranges; made on the first (few functions have any). */
  private known: Map<LValue, readonly [bigint, bigint]> | undefined;

  get knownRanges(): Map<LValue, readonly [bigint, bigint]> { return (this.known ??= new Map()); }

  /** The range a pass recorded for `v`, if any (without making the map). */
  knownRange(v: LValue): readonly [bigint, bigint] | undefined { return this.known?.get(v); }

  constructor(readonly base: LFunction) {
    const n = base.blocks.length;
    this.blocks = Array<MBlock>(n); // (not `new Array` nor literals: young records, @fzy/lir records.ts)
    for (let bi = 0; bi < n; bi++) {
      const b = base.blocks[bi]!, insts = b.insts; // (read once: a compact block makes its list at each read)
      // The base's instruction lists become the optimizer's own (optimizeFunction consumes its input): no copy per block.
      // Parameter lists are not: the lowering may have passed one on as a list of operands (passes replace, finish maps
      // them). Nor is the empty list the builder's blocks without instructions share: an empty block gets its own.
      this.blocks[bi] = new MBlockRecord(b.params as LValue[], insts.length === 0 ? Array<LInst>(0) : (insts as LInst[]), b.term, b.cold);
    }
    this.types = base.valueTypes as LType[];
    startOrigins();
    if (base.origins) {
      base.blocks.forEach((b, bi) => {
        b.insts.forEach((inst, i) => setOrigin(inst, originIndex(base, bi, i)));
        setOrigin(b.term, originIndex(base, bi, b.insts.length));
      });
    }
  }

  /** A remainder (`urem`) was seen by the fold (set, never cleared: reduceByRanges has nothing to do without one). */
  remainders = false;

  /** Throws: an operand was replaced by no value (a broken pass). Made at the first rename (a closure per function otherwise). */
  get noValue(): (v: LValue) => never {
    return (this.noValue_ ??= (v: LValue): never => {
      throw new Error(`optimizer: v${v} of ${this.base.name} has no value`);
    });
  }
  private noValue_: ((v: LValue) => never) | undefined;

  /** A fresh value of type `t`. */
  fresh(t: LType): LValue {
    if (this.types === this.base.valueTypes) this.types = this.types.slice();
    this.types.push(t);
    return (this.types.length - 1) as LValue;
  }

  /** Successor lists of the live blocks (dead blocks have none). */
  successors(): LBlockId[][] {
    const blocks = this.blocks, out = new Array<LBlockId[]>(blocks.length);
    for (let i = 0; i < blocks.length; i++) {
      const b = blocks[i]!;
      out[i] = b.dead ? [] : targets(b.term);
    }
    return out;
  }

  /**
   * The finished function: dead blocks dropped, block ids compacted in order,
   * value ids renumbered densely in definition order (the verifier wants
   * every typed value defined).
   */
  finish(): LFunction {
    const all = this.blocks, nb = all.length, renum = RENUM.take(nb, -1);
    let nLive = 0;
    for (let i = 0; i < nb; i++) if (!all[i]!.dead) renum[i] = nLive++;
    const live = nLive === nb ? all : all.filter((b) => !b.dead); // no block dead (common): no copy
    // First every definition gets its new id (a use may come before its definition in block order), then one rewrite each.
    const ids = IDS.take(this.types.length, -1);
    const count = numberDefinitions(live, ids);
    // No block dropped and every value defined where it was numbered: no id moves, nothing to rewrite, the types stay.
    if (nLive === nb && count === this.types.length && identity(ids, count)) return this.unmoved(renum, ids);
    // The blocks' arrays and the instruction objects are the optimizer's own (optimizeFunction consumes its input):
    // renamed in place, they become the result's. Terminators are rewritten (their edges' lists may be shared).
    const types = typesByNewId(ids, count, this.types);
    const origins = this.base.origins !== undefined, missing = this.undefinedUse();
    const blocks = Array<LBlock>(live.length);
    for (let bi = 0; bi < live.length; bi++) {
      const { params, insts, term, cold } = live[bi]!;
      const renamed = params.length === 0 ? NO_PARAMS : new Array<LValue>(params.length); // at its size (push keeps room for 16); not the input's, another's operands maybe
      for (let k = 0; k < params.length; k++) renamed[k] = ids[params[k]!]! as LValue;
      for (let k = 0; k < insts.length; k++) renameInPlace(insts[k]!, ids, true, missing);
      blocks[bi] = block(renamed, insts, remapTerm(term, ids, renum, missing, origins), cold);
    }
    return this.result(blocks, types, this.names(live, renum, ids, types.length), this.origins(live));
  }

  /**
   * finish when no block was dropped and no value id moved. The base itself
   * when nothing changed at all (the invariant optimizeFunction states: no
   * allocation for the many functions the passes leave alone); otherwise the
   * base's unchanged blocks are reused.
   */
  private unmoved(renum: Int32Array, ids: Int32Array): LFunction {
    const base = this.base, live = this.blocks, nb = live.length, types = this.types;
    const packed = (): LType[] => { const out: LType[] = []; for (let v = 0; v < types.length; v++) out.push(types[v]!); return out; };
    const names = base.names;
    // Nothing moved: the base's names serve as they are when they cover exactly these values and blocks.
    const same = names !== undefined && names.values.length === types.length && names.blocks.length === nb;
    if (nb === base.blocks.length && (same || names === undefined) && base.origins === undefined && sameList(types, base.valueTypes)) {
      let kept = true;
      for (let i = 0; i < nb && kept; i++) kept = this.keptBlock(live[i]!, i) !== undefined;
      if (kept) return base;
    }
    const blocks = live.map((b, i): LBlock => this.keptBlock(b, i) ?? { params: b.params, insts: b.insts, term: b.term, cold: b.cold });
    return this.result(blocks, packed(), same ? names : this.names(live, renum, ids, types.length), this.origins(live));
  }

  /** The base's block `i` when `b` is still exactly it (the same lists, terminator and coldness; an empty list for the base's empty one, see the constructor), else undefined. */
  private keptBlock(b: MBlock, i: number): LBlock | undefined {
    const old = this.base.blocks[i];
    return old !== undefined && (old.insts === b.insts || (old.insts.length === 0 && b.insts.length === 0)) && old.term === b.term && old.cold === b.cold && sameList(old.params, b.params) ? old : undefined;
  }

  /** Throws: finish met an operand with no definition (a broken pass). */
  private undefinedUse(): (v: LValue) => never {
    return (v: LValue): never => {
      throw new Error(`optimizer: v${v} of ${this.base.name} is used but not defined`);
    };
  }

  /** The finished function: the base's fields spelled out (a spread of the base was a slow generic copy per function). */
  private result(blocks: LBlock[], valueTypes: LType[], names: LNames | undefined, origins: LOrigins | undefined): LFunction {
    const b = this.base;
    return { name: b.name, params: b.params, results: b.results, exported: b.exported, slots: b.slots, blocks, valueTypes, names, origins };
  }

  /** The base's names under the new value and block ids. */
  private names(live: readonly MBlock[], renum: Int32Array, ids: Int32Array, valueCount: number): LNames | undefined {
    const base = this.base.names;
    if (!base) return undefined;
    const values: (string | undefined)[] = new Array(valueCount).fill(undefined);
    const nv = Math.min(base.values.length, this.types.length);
    for (let v = 0; v < nv; v++) {
      const name = base.values[v];
      if (name !== undefined && ids[v]! >= 0) values[ids[v]!] = name;
    }
    const blocks: (string | undefined)[] = new Array(live.length).fill(undefined);
    const nb = Math.min(base.blocks.length, this.blocks.length);
    for (let b = 0; b < nb; b++) {
      const name = base.blocks[b];
      if (name !== undefined && renum[b]! >= 0) blocks[renum[b]!] = name;
    }
    return { values, blocks };
  }

  /** The origins of the live blocks' instructions and terminators, as the rewrites carried them. */
  private origins(live: readonly MBlock[]): LOrigins | undefined {
    const base = this.base.origins;
    if (!base) return undefined;
    const at = new Array<number[]>(live.length);
    for (let bi = 0; bi < live.length; bi++) {
      const { insts, term } = live[bi]!, row = new Array<number>(insts.length + 1);
      for (let k = 0; k < insts.length; k++) row[k] = originOf(insts[k]!) ?? -1;
      row[insts.length] = originOf(term) ?? -1;
      at[bi] = row;
    }
    return { table: base.table, at };
  }
}

/** Number the values `live` defines, in definition order, into `ids`; returns how many. */
function numberDefinitions(live: readonly MBlock[], ids: Int32Array): number {
  let count = 0;
  for (let bi = 0; bi < live.length; bi++) {
    const { params, insts } = live[bi]!;
    for (let k = 0; k < params.length; k++) ids[params[k]!] = count++;
    for (let k = 0; k < insts.length; k++) {
      const i = insts[k]!, op = i.op; // (read once: see instDef)
      if (op === "store") continue;
      if (op === "call" || op === "call_indirect") for (const d of (i as { readonly dsts: readonly LValue[] }).dsts) ids[d] = count++;
      else ids[(i as { readonly dst: LValue }).dst] = count++;
    }
  }
  return count;
}

/** The types of the `count` values numberDefinitions numbered into `ids`, by their new id (one pass over the ids, not a second walk of the blocks). */
function typesByNewId(ids: Int32Array, count: number, from: readonly LType[]): LType[] {
  const oldId = OLD_IDS.take(count, -1);
  for (let v = 0; v < from.length; v++) if (ids[v]! >= 0) oldId[ids[v]!] = v;
  const types = new Array<LType>(count); // at its size: pushing grew it through several copies
  for (let k = 0; k < count; k++) types[k] = from[oldId[k]!]!;
  return types;
}

/** The blocks a terminator goes to, in edge order (one list, not the edge list and then its targets). */
function targets(t: LTerm): LBlockId[] {
  switch (t.op) {
    case "jump": return [t.target.block];
    case "brif": return [t.then.block, t.else.block];
    case "br_table": case "switch": {
      const out = new Array<LBlockId>(t.targets.length + 1);
      for (let k = 0; k <= t.targets.length; k++) out[k] = (k === 0 ? t.default : t.targets[k - 1]!).block;
      return out;
    }
    case "return": case "trap": return [];
  }
}

/** The value an instruction defines, if exactly one (calls define a list). Its opcode read once: instruction objects come in many shapes, so each field read is a megamorphic lookup. */
export function instDef(inst: LInst): LValue | undefined {
  const op = inst.op;
  return op === "call" || op === "call_indirect" || op === "store" ? undefined : (inst as { readonly dst: LValue }).dst;
}

/**
 * Whether an instruction may be removed when its result is unused and merged with an identical dominating one: no effect
 * on memory or control, no trap (divisions are pure here: the lowering placed their checks before them), not a call, not `opaque` (a black box).
 */
export function isPure(inst: LInst): boolean {
  const op = inst.op; // (read once: see instDef)
  return op !== "store" && op !== "call" && op !== "call_indirect" && op !== "opaque" && op !== "load";
}

/** `inst` with every operand replaced by `f(operand)`; `inst` itself when nothing changes (no allocation). */
export function mapInstUses(inst: LInst, f: (v: LValue) => LValue): LInst {
  return carryOrigin(inst, rewriteInstUses(inst, f));
}

/** Records of each op's one shape (@fzy/lir records.ts), not spreads (a spread over many shapes is a slow generic copy). */
function rewriteInstUses(inst: LInst, f: (v: LValue) => LValue): LInst {
  switch (inst.op) {
    case "iconst": case "fconst": case "stack_addr": case "symbol_addr": case "func_addr": return inst;
    case "binary": {
      const a = f(inst.a), b = f(inst.b);
      return a === inst.a && b === inst.b ? inst : binaryInst(inst.kind, inst.dst, a, b);
    }
    case "icmp": {
      const a = f(inst.a), b = f(inst.b);
      return a === inst.a && b === inst.b ? inst : icmpInst(inst.cc, inst.dst, a, b);
    }
    case "fcmp": {
      const a = f(inst.a), b = f(inst.b);
      return a === inst.a && b === inst.b ? inst : fcmpInst(inst.cc, inst.dst, a, b);
    }
    case "select": {
      const cond = f(inst.cond), a = f(inst.a), b = f(inst.b);
      return cond === inst.cond && a === inst.a && b === inst.b ? inst : selectInst(inst.dst, cond, a, b);
    }
    case "convert": case "unary": {
      const src = f(inst.src);
      if (src === inst.src) return inst;
      return inst.op === "convert" ? convertInst(inst.kind, inst.dst, src) : unaryInst(inst.kind, inst.dst, src);
    }
    case "opaque": {
      const src = f(inst.src);
      return src === inst.src ? inst : opaqueInst(inst.dst, src);
    }
    case "load": {
      const addr = f(inst.addr);
      return addr === inst.addr ? inst : loadFrom(inst, addr);
    }
    case "store": {
      const addr = f(inst.addr), value = f(inst.value);
      return addr === inst.addr && value === inst.value ? inst : storeInst(addr, inst.offset, value, inst.unaligned);
    }
    case "ptr_add": {
      const base = f(inst.base), offset = f(inst.offset);
      return base === inst.base && offset === inst.offset ? inst : ptrAddInst(inst.dst, base, offset);
    }
    case "call": {
      const args = mapList(inst.args, f);
      return args === inst.args ? inst : callInst(inst.dsts, inst.callee, args);
    }
    case "call_indirect": {
      const callee = f(inst.callee), args = mapList(inst.args, f);
      return callee === inst.callee && args === inst.args ? inst : callIndirectInst(inst.dsts, callee, args);
    }
  }
}

/** `t` with every edge replaced by `f(edge)`. */
export function mapTermEdges(t: LTerm, f: (e: LEdge) => LEdge): LTerm {
  return carryOrigin(t, rewriteTermEdges(t, f));
}

/** `t` itself when `f` returns every edge unchanged (most terminators, in most edge rewrites). */
function rewriteTermEdges(t: LTerm, f: (e: LEdge) => LEdge): LTerm {
  switch (t.op) {
    case "jump": {
      const target = f(t.target);
      return target === t.target ? t : jumpTerm(target);
    }
    case "brif": {
      const then = f(t.then), els = f(t.else);
      return then === t.then && els === t.else ? t : brifTerm(t.cond, then, els);
    }
    case "br_table": case "switch": {
      const dflt = f(t.default), targets = t.targets.map(f);
      if (dflt === t.default && targets.every((e, i) => e === t.targets[i])) return t;
      return t.op === "br_table" ? brTableTerm(t.index, dflt, targets) : switchTerm(t.value, dflt, t.cases, targets);
    }
    case "return": case "trap": return t;
  }
}

/** `t` with every value it reads (condition, index, returned values, edge arguments) replaced by `f(value)`; `t` when nothing changes. */
export function mapTermUses(t: LTerm, f: (v: LValue) => LValue): LTerm {
  return carryOrigin(t, rewriteTermUses(t, f));
}

function rewriteTermUses(t: LTerm, f: (v: LValue) => LValue): LTerm {
  let changed = false;
  const g = (v: LValue) => {
    const x = f(v);
    if (x !== v) changed = true;
    return x;
  };
  const edge = (e: LEdge): LEdge => {
    const args = e.args.map(g);
    return changed ? edgeOf(e.block, args) : e;
  };
  let out: LTerm;
  switch (t.op) {
    case "jump": out = jumpTerm(edge(t.target)); break;
    case "brif": out = brifTerm(g(t.cond), edge(t.then), edge(t.else)); break;
    case "br_table": out = brTableTerm(g(t.index), edge(t.default), t.targets.map(edge)); break;
    case "switch": out = switchTerm(g(t.value), edge(t.default), t.cases, t.targets.map(edge)); break;
    case "return": out = returnTerm(t.values.map(g)); break;
    case "trap": return t;
  }
  return changed ? out : t;
}

/** The edges into each block with parameters from live blocks, in block order (the others share one empty list: no pass asks). */
export function edgesInto(m: MFunction): LEdge[][] {
  const blocks = m.blocks, incoming = new Array<LEdge[]>(blocks.length);
  for (let b = 0; b < blocks.length; b++) incoming[b] = blocks[b]!.params.length > 0 ? [] : NO_EDGES;
  for (const blk of blocks) {
    for (let k = 0, n = blk.dead ? 0 : edgeCount(blk.term); k < n; k++) { const e = edgeAt(blk.term, k), to = incoming[e.block]!; if (to !== NO_EDGES) to.push(e); }
  }
  return incoming;
}
const NO_EDGES: LEdge[] = [];
