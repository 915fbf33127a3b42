/**
 * Ownership of counted values: where the lowering releases, retains and
 * moves the references to policy B objects (runtime arrays, heap cells of
 * structs and payload enums), decided once per function on the IR so both
 * backends emit the same calls (insert-rc.ts emits them).
 *
 * The model (Perceus, Reinking et al. 2021, without reuse; Lean 4's
 * borrowed parameters):
 * - every counted SSA value owns one reference from its definition: fresh
 *   objects and call results are born owned; values read out of a variable,
 *   an array, a field or a payload, and the results of select and opaque,
 *   are retained when defined;
 * - a parameter is borrowed (the caller keeps it alive for the call): never
 *   released by the callee, and retained where the callee consumes it;
 * - consuming uses (stored into an object or a variable, returned) take a
 *   reference: an owned value's last use moves it, any other use retains
 *   first; call arguments are borrowed;
 * - a value is released where it dies: after its last use in a block, at
 *   the start of a successor it does not reach (an edge death), or right
 *   after its definition when it is never used. Liveness is the classic
 *   backward data-flow fixpoint (Aho, Lam, Sethi, Ullman, 9.2.5).
 * Edge deaths need a block of their own on a critical edge (a branch into a
 * join that other paths reach with the value already dead), and on an edge
 * into a block a dispatch may subsume (a lookup-table arm or a link of a
 * literal chain, whose own code is never emitted): `splitForRc` inserts one,
 * in the IR, before the lowering plans its SSA form.
 *
 * Whether a value is counted depends on its type only, except for fixed
 * arrays the matrix puts in direct memory (known while lowering): those are
 * never counted themselves, only their elements, and string literals, which
 * are immortal (runtime-c: interned strings ignore retain and release), so
 * counting them would only cost calls. A `str` is counted when it is a
 * runtime handle (no strings fast path); a view is never counted: its bytes
 * are static, in a stack buffer or in the arena (arena-scopes.ts).
 */
import { type Block, type BlockId, type Func, funcWith, type Inst, type Term, type Type, type ValueId, type ValueInfo, type VarId } from "@fzy/ir";
import { Scratch } from "./optimize-scratch.js";
import { RcLiveness, termValue } from "./rc-liveness.js";

/** What decides whether a type is counted: the module's representation (layout.ts Representation). */
export interface CountedRepr {
  /** The enum has a payload, so its values are boxed in heap cells. */
  payloadEnum(t: Type): boolean;
  /** Strings are views (not counted) rather than runtime handles (counted). */
  readonly strViews: boolean;
}

/** Is a value of type `t` a counted reference? */
export function countedType(t: Type, repr: CountedRepr): boolean {
  switch (t.kind) {
    case "dynarray": case "array": case "struct": case "map": return true;
    case "enum": return repr.payloadEnum(t);
    case "str": return !repr.strViews;
    default: return false;
  }
}

/** The per-function plan insert-rc.ts follows. */
export interface OwnershipPlan {
  /** Values released at the start of each block (edge deaths). */
  readonly atEntry: readonly (readonly ValueId[])[];
  /** Per block, values released after instruction k. */
  readonly after: readonly ReadonlyMap<number, readonly ValueId[]>[];
  /**
   * Consuming uses that move the value (`block:inst:arg`; the terminator is
   * inst -1), and `opaque`s whose argument dies there: the result (the same
   * pointer) takes over the argument's reference instead of a retain and a
   * release.
   */
  readonly moves: ReadonlySet<string>;
}

/** The arguments an instruction consumes (takes a reference of). */
export function consumedArgs(inst: Inst): readonly number[] {
  switch (inst.op) {
    case "array.set": return ARG_2;
    case "array.push": case "struct.set": return ARG_1;
    case "map.set": return ARG_2; // keys are never counted (SPEC.md "Maps")
    case "set": return ARG_0;
    case "struct.new": case "array.lit": case "enum.new": return allArgs(inst.args.length);
    default: return NO_ARGS;
  }
}

/** consumedArgs' answers that do not depend on the instruction (shared, never written: asked per instruction). */
const ARG_0: readonly number[] = [0];
const ARG_1: readonly number[] = [1];
const ARG_2: readonly number[] = [2];
const NO_ARGS: readonly number[] = [];
/** The positions 0..n-1, by n: made at the first instruction of n arguments that consumes them all, then shared. */
const ALL_ARGS: (readonly number[])[] = [];

/** Every argument position of an instruction of `n` arguments (a shared list, never written). */
function allArgs(n: number): readonly number[] {
  return (ALL_ARGS[n] ??= Array.from({ length: n }, (_, i) => i));
}

/** Instructions whose counted result is a new reference to an object someone else also holds. */
export function retainsResult(inst: Inst): boolean {
  switch (inst.op) {
    case "get": case "array.get": case "struct.get": case "enum.payload": case "select": case "opaque": return true;
    case "map.get": case "map.value_at": case "map.key_at": return true;
    default: return false;
  }
}

/** A block a dispatch may subsume (lower-lookup-table, lower-literal-set): constants, tests and assignments only. */
function mayBeSubsumed(blk: Block): boolean {
  return blk.insts.some((i) => i.op === "set" || i.op === "str.eq")
    && blk.insts.every((i) => i.op === "const" || i.op === "set" || i.op === "str.lit" || i.op === "str.eq");
}

/**
 * Split the critical edges on which a counted value dies: each gets an empty
 * block that only jumps on, where the release goes. Returns `func` itself
 * when no edge needs it (the common case), so other functions are untouched.
 */
export function splitForRc(func: Func, counted: (v: ValueId) => boolean): Func {
  const mask = countedMask(func, counted);
  if (mask === undefined) return func; // nothing dies anywhere: no liveness needed
  return splitWith(func, new RcLiveness(func, mask));
}

/**
 * The split function and its ownership plan, the liveness computed once
 * for both when no edge needs a split (the common case).
 */
export function planRc(
  func: Func, counted: (v: ValueId) => boolean, succs?: () => readonly (readonly BlockId[])[],
): { readonly func: Func; readonly plan: OwnershipPlan } {
  const mask = countedMask(func, counted);
  if (mask === undefined) return { func, plan: emptyPlan(func.blocks.length) };
  const lv = new RcLiveness(func, mask, succs?.());
  const split = splitWith(func, lv);
  // A split adds blocks, never values: the mask serves the split function as it is.
  return { func: split, plan: planWith(split, mask, split === func ? lv : new RcLiveness(split, mask)) };
}

function splitWith(func: Func, lv: RcLiveness): Func {
  const n = func.blocks.length;
  // The blocks are copied at the first edge to split (most functions have none); edge k's block is n + k.
  let blocks: Block[] | undefined;
  const splitEdges: number[] = []; // (from, to) per split edge, in the order of their blocks
  for (let b = 0; b < n; b++) {
    const ts = lv.targets[b]!;
    for (let j = 0; j < ts.length; j++) {
      const s = ts[j]!;
      if (lv.onlyFrom(s, b) && !mayBeSubsumed(func.blocks[s]!)) continue;
      if (lv.edgeDeaths(func, b, s).length === 0) continue;
      blocks ??= [...func.blocks];
      splitEdges.push(b, s);
      blocks.push({ name: `${func.blocks[b]!.name}.to.${func.blocks[s]!.name}`, insts: [], term: { op: "jump", target: s } });
    }
  }
  if (blocks === undefined) return func;
  // Retarget the edges of each block with a split edge (its edges are consecutive in splitEdges); the other blocks stay as they are.
  const via = VIA.take(n, -1); // the split block of the edge from the block being retargeted to s, or -1
  for (let k = 0; k < splitEdges.length;) {
    const b = splitEdges[k]!;
    let end = k;
    for (; end < splitEdges.length && splitEdges[end] === b; end += 2) via[splitEdges[end + 1]!] = n + end / 2;
    blocks[b] = retargeted(blocks[b]!, via);
    for (; k < end; k += 2) via[splitEdges[k + 1]!] = -1;
  }
  return funcWith(func, { blocks });
}

/** splitWith's table by block, reused from one function to the next (optimize-scratch.ts). */
const VIA = new Scratch();

/** `blk` with each edge to a block s where via[s] >= 0 sent to via[s] instead. */
function retargeted(blk: Block, via: Int32Array): Block {
  const to = (s: BlockId): BlockId => (via[s]! >= 0 ? via[s]! as BlockId : s);
  const t = blk.term;
  let term: Term;
  switch (t.op) {
    case "jump": term = { ...t, target: to(t.target) }; break;
    case "br": term = { ...t, then: to(t.then), else: to(t.else) }; break;
    case "switch": term = { ...t, cases: t.cases.map((c) => ({ ...c, target: to(c.target) })), default: t.default === null ? null : to(t.default) }; break;
    default: return blk;
  }
  return { name: blk.name, insts: blk.insts, term };
}

/**
 * Give every return a read of each variable of counted type (`get`, a fresh
 * value): the variable's reference is released there. SSA construction
 * prunes variables nobody reads later, so without these reads the value a
 * variable holds at a return would be out of reach of the lowering.
 * Returns the function (unchanged when it has no such variable) and the
 * values of the exit reads, which own the variable's reference as they are
 * (no retain).
 */
export function addExitReads(func: Func, countedVar: (t: Type) => boolean): { func: Func; exitReads: ReadonlySet<ValueId> } {
  const vars: VarId[] = [];
  for (let i = 0; i < func.vars.length; i++) if (countedVar(func.vars[i]!.type)) vars.push(i as VarId);
  if (vars.length === 0) return { func, exitReads: NO_EXIT_READS };
  const exitReads = new Set<ValueId>();
  // Lists made at their size, in indexed loops (a copy grown by push was copied again as it grew).
  const old = func.values, nb = func.blocks.length;
  let rets = 0;
  for (let b = 0; b < nb; b++) if (func.blocks[b]!.term.op === "ret") rets++;
  const values = new Array<ValueInfo>(old.length + rets * vars.length);
  for (let v = 0; v < old.length; v++) values[v] = old[v]!;
  let next = old.length;
  const blocks = new Array<Block>(nb);
  for (let b = 0; b < nb; b++) {
    const blk = func.blocks[b]!;
    if (blk.term.op !== "ret") { blocks[b] = blk; continue; }
    const n = blk.insts.length, insts = new Array<Inst>(n + vars.length);
    for (let k = 0; k < n; k++) insts[k] = blk.insts[k]!;
    for (let j = 0; j < vars.length; j++) {
      const x = vars[j]!, dst = next++ as ValueId, info = func.vars[x]!;
      values[dst] = { name: `${info.name}.exit.${blk.name}`, type: info.type };
      exitReads.add(dst);
      insts[n + j] = { op: "get", dst, args: [], type: null, imm: { kind: "var", var: x } };
    }
    blocks[b] = { name: blk.name, insts, term: blk.term };
  }
  return { func: funcWith(func, { values, blocks }), exitReads };
}

/** The exit reads of a function without counted variables (shared, never written). */
export const NO_EXIT_READS: ReadonlySet<ValueId> = new Set();

/**
 * Whether each value of `func` is counted (1) or not (0), by value id, or
 * undefined when none is (most functions: no liveness, no plan). The one
 * place the plan asks `counted`: liveness and the plan read the mask.
 */
function countedMask(func: Func, counted: (v: ValueId) => boolean): Int32Array | undefined {
  const nv = func.values.length;
  let v = 0;
  while (v < nv && !counted(v as ValueId)) v++;
  if (v === nv) return undefined;
  const mask = MASK.take(nv, 0);
  for (mask[v] = 1, v++; v < nv; v++) if (counted(v as ValueId)) mask[v] = 1;
  return mask;
}

/** countedMask's table, reused from one function to the next (optimize-scratch.ts): a plan asks one mask at a time. */
const MASK = new Scratch();

const NONE: readonly ValueId[] = [];
const NO_RELEASES: ReadonlyMap<number, readonly ValueId[]> = new Map();

/** The plan of a function that counts nothing, for up to this many blocks (shared, read-only), grown on demand. */
let emptyPlanOf: { readonly blocks: number; readonly plan: OwnershipPlan } = { blocks: 0, plan: { atEntry: [], after: [], moves: new Set() } };

/**
 * The plan of a function of `n` blocks that counts nothing: every block
 * shares one empty list and map, and every such function one plan (the plan
 * is read-only and indexed by block, so a longer one serves a shorter function).
 */
export function emptyPlan(n: number): OwnershipPlan {
  if (emptyPlanOf.blocks < n) {
    const blocks = Math.max(n, 2 * emptyPlanOf.blocks, 16);
    emptyPlanOf = {
      blocks,
      plan: { atEntry: new Array(blocks).fill(NONE), after: new Array(blocks).fill(NO_RELEASES), moves: new Set() },
    };
  }
  return emptyPlanOf.plan;
}

/** Plan the releases and moves of `func` (after `splitForRc`). */
export function planOwnership(func: Func, counted: (v: ValueId) => boolean): OwnershipPlan {
  const mask = countedMask(func, counted);
  return mask === undefined ? emptyPlan(func.blocks.length) : planWith(func, mask, new RcLiveness(func, mask));
}

/** planOwnership with the counted values (countedMask, some) and their liveness known. */
function planWith(func: Func, isCounted: Int32Array, lv: RcLiveness): OwnershipPlan {
  const n = func.blocks.length, nv = func.values.length;
  // Blocks share the empty list until something is released in them, and the empty map of releases.
  const atEntry: (readonly ValueId[])[] = new Array(n).fill(NONE);
  const after: ReadonlyMap<number, readonly ValueId[]>[] = new Array(n).fill(NO_RELEASES);
  const moves = new Set<string>();
  const nParams = func.params.length;
  const at = (b: number, k: number, v: ValueId) => {
    if (after[b] === NO_RELEASES) after[b] = new Map();
    const m = after[b] as Map<number, ValueId[]>;
    const list = m.get(k);
    if (list) list.push(v);
    else m.set(k, [v]);
  };
  // Last position of each counted value in the current block (-1: read by the terminator only), valid
  // where seen[v] is the block's stamp; `order` lists the values the block reads before defining them
  // (in the order first read), then those it defines, which is the order the releases at one
  // instruction follow; reused from block to block.
  const seen = SEEN.take(nv, 0);
  const lastAt = LAST_AT.take(nv, 0);
  const order: ValueId[] = [];
  const { occurrences, occursAt } = lv;
  let stamp = 0;
  const note = (v: ValueId, k: number) => {
    if (seen[v] !== stamp) { seen[v] = stamp; order.push(v); }
    lastAt[v] = k;
  };
  for (let b = 0; b < n; b++) {
    const blk = func.blocks[b]!;
    stamp = b + 1;
    order.length = 0;
    const readFirst = lv.readFirst(b);
    for (let j = 0; j < readFirst.length; j++) note(readFirst[j]!, -1);
    for (let i = occursAt[b]!; i < occursAt[b + 1]!; i += 2) note(occurrences[i]! as ValueId, occurrences[i + 1]!);
    // The counted value the terminator reads (a switch's or a return's), or -1.
    const t = blk.term, tv = termValue(t);
    const terminal = tv >= 0 && isCounted[tv] ? tv : -1;
    for (const v of order) {
      // Borrowed parameters are never released; values live on, or used by the terminator, die later.
      if (v < nParams || lv.isLiveOut(b, v) || v === terminal) continue;
      // (A value b reads is live into b; one it does not read nor define is either live out or not live into b.)
      const k = lastAt[v]!;
      // A last use that consumes the value moves it (its last consuming argument there); otherwise release.
      const inst = blk.insts[k]!;
      const ci = lastConsumed(inst, v);
      if (ci >= 0) moves.add(`${b}:${k}:${ci}`);
      else if (inst.op === "opaque" && inst.args[0] === v && inst.dst !== null && inst.dst !== v && isCounted[inst.dst]) moves.add(`${b}:${k}:0`); // the result takes v's reference
      else at(b, k, v);
    }
    if (t.op === "ret" && t.value !== null && isCounted[t.value] && t.value >= nParams) moves.add(`${b}:-1:0`);
    const ts = lv.targets[b]!;
    for (let j = 0; j < ts.length; j++) {
      const s = ts[j]!;
      // Borrowed parameters never die (no list made for the rest: most edges have no death).
      const dead = lv.edgeDeaths(func, b, s);
      let first = 0;
      while (first < dead.length && dead[first]! < nParams) first++;
      if (first === dead.length) continue;
      if (!lv.onlyFrom(s, b) || mayBeSubsumed(func.blocks[s]!)) {
        throw new Error(`ownership: the edge ${blk.name} -> ${func.blocks[s]!.name} was not split`);
      }
      for (let i = first; i < dead.length; i++) appendTo(atEntry, s, dead[i]!); // (in value order: parameters first)
    }
  }
  return { atEntry, after, moves };
}

/** planWith's tables by value, reused from one function to the next (optimize-scratch.ts). */
const SEEN = new Scratch(), LAST_AT = new Scratch();

/** Append v to lists[b], giving the block a list of its own on its first value. */
function appendTo(lists: (readonly ValueId[])[], b: number, v: ValueId): void {
  if (lists[b] === NONE) lists[b] = [v];
  else (lists[b] as ValueId[]).push(v);
}

/** The last argument position of `inst` that consumes `v`, or -1. */
function lastConsumed(inst: Inst, v: ValueId): number {
  const ci = consumedArgs(inst);
  for (let j = ci.length - 1; j >= 0; j--) if (inst.args[ci[j]!] === v) return ci[j]!;
  return -1;
}
