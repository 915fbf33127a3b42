/**
 * The range solver's lists, made once per function: which variables each
 * compared value may be an alias of, which variables each block sets, the
 * widening thresholds, and the blocks round 1 revisits.
 */
import type { BlockId, DominatorTree, Func, Inst, ValueId, VarId } from "@fzy/ir";
import { Adjacency } from "./range-adjacency.js";
import type { BranchCmp } from "./range-facts.js";
import { tiedValue } from "./range-slice.js";
import { type ArrayPool, Slot } from "./range-scratch.js";
import { canon, sortedUnique, type Z } from "./range-lattice.js";
import type { VisitOrder } from "./range-order.js";

/** The variables each block sets, each once, in the order of their first `set` (undefined: none); `vars` and `blocks` are the variable and block of each access. */
export function setVarsOf(nb: number, nvars: number, accesses: readonly Inst[], vars: readonly VarId[], blocks: readonly number[]): (VarId[] | undefined)[] {
  const out: (VarId[] | undefined)[] = new Array(nb).fill(undefined);
  const setIn = new Array<number>(nvars).fill(-1);
  for (let k = 0; k < accesses.length; k++) {
    const i = accesses[k]!;
    if (i.op !== "set") continue;
    const v = vars[k]!, b = blocks[k]!;
    if (setIn[v] !== b) (out[b] ??= []).push(v);
    setIn[v] = b;
  }
  return out;
}

/**
 * The predecessors of b that count in a round: the reachable ones, and in
 * the first round only those earlier in the solver's order (later ones are
 * bottom). `dom.preds[b]` itself when that is all of them: no list per visit.
 */
export function countedPreds(dom: DominatorTree<BlockId>, order: VisitOrder, b: BlockId, firstRound: boolean): readonly BlockId[] {
  const preds = dom.preds[b]!, at = firstRound ? order.position[b]! : Infinity;
  let k = 0;
  while (k < preds.length && counts(order, preds[k]!, at)) k++;
  if (k === preds.length) return preds;
  const out = preds.slice(0, k);
  for (k++; k < preds.length; k++) if (counts(order, preds[k]!, at)) out.push(preds[k]!);
  return out;
}

/**
 * The predecessors whose exit states block b joins whole (range-solver.ts):
 * all of `preds`, or for a loop header the ones it does not dominate (its
 * entries). A variable without a block parameter at a header (ssa-plan.ts)
 * is dead there or assigned nowhere in its loop: a back edge brings it back
 * as the header had it, so only the parameters are joined over those too.
 */
export function wholeJoinPreds(dom: DominatorTree<BlockId>, b: BlockId, preds: readonly BlockId[]): readonly BlockId[] {
  if (!preds.some((p) => dom.dominates(b, p))) return preds;
  const entries = preds.filter((p) => !dom.dominates(b, p));
  return entries.length > 0 ? entries : preds;
}

/** Whether p is reachable (has a position in the order) and before `before`. */
const counts = (order: VisitOrder, p: BlockId, before: number): boolean => order.position[p]! >= 0 && order.position[p]! < before;

/** The widening thresholds: each integer constant and its neighbours, sorted, once each. */
export function thresholdsOf(constInsts: readonly Inst[]): Z[] {
  // The constants themselves first (a function repeats a few: 0, 1, a modulus), sorted and
  // once each, then their neighbours merged in: no typed array, no second sort.
  const nums: number[] = [];
  let bigs: Z[] | undefined;
  for (let k = 0; k < constInsts.length; k++) {
    const value = (constInsts[k]!.imm as { value: bigint }).value, z = canon(value);
    // Within 2^53 - 2 the neighbours are safe integers too (the canonical form of value +- 1).
    if (typeof z === "number" && Math.abs(z) < Number.MAX_SAFE_INTEGER) nums.push(z);
    else (bigs ??= []).push(canon(value - 1n), z, canon(value + 1n));
  }
  const unique = sortedNumbers(nums);
  // For ascending distinct c, each of c - 1, c, c + 1 not above the last one emitted is
  // the previous constant or its successor, both emitted already.
  const out: Z[] = [];
  let last = -Infinity;
  for (let k = 0; k < unique.length; k++) {
    const c = unique[k]!;
    if (c - 1 > last) out.push(c - 1);
    if (c > last) out.push(c);
    out.push((last = c + 1));
  }
  // The few constants beyond 2^53 are sorted apart and merged in (one comparison sort of all would cost more than the rest).
  return bigs ? mergeUnique(out, sortedUnique(bigs)) : out;
}

/** The sorted union of two sorted lists without repeats (the form is canonical: `===` is equality). */
function mergeUnique(a: readonly Z[], b: readonly Z[]): Z[] {
  const out: Z[] = [];
  let i = 0, j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i], y = b[j];
    if (y === undefined || (x !== undefined && x < y)) { out.push(x!); i++; }
    else if (x === undefined || y < x) { out.push(y); j++; }
    else { out.push(x); i++; j++; }
  }
  return out;
}

/** How many distinct values sortedNumbers sorts by insertion before it switches to a typed sort. */
const MAX_INSERTED = 64;

/**
 * Sorted ascending, once each: by insertion while there are few distinct
 * values (a function repeats a few constants many times: 0, 1, a modulus),
 * else through a typed sort (an off-heap allocation, worth it only then).
 */
function sortedNumbers(xs: number[]): number[] {
  let n = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    let j = n - 1;
    while (j >= 0 && xs[j]! > x) j--;
    if (j >= 0 && xs[j] === x) continue;
    // xs[0 .. n) holds the distinct values of xs[0 .. i), sorted: with the rest, they are all of them.
    if (n === MAX_INSERTED) return typedSortedUnique(xs.slice(0, n).concat(xs.slice(i)));
    for (let m = n; m > j + 1; m--) xs[m] = xs[m - 1]!;
    xs[j + 1] = x;
    n++;
  }
  xs.length = n;
  return xs;
}

function typedSortedUnique(xs: readonly number[]): number[] {
  const sorted = Float64Array.from(xs).sort(), out: number[] = [];
  for (let k = 0; k < sorted.length; k++) if (k === 0 || sorted[k] !== sorted[k - 1]) out.push(sorted[k]!);
  return out;
}

/**
 * How many variables a compared value may be an alias of and still have
 * them narrowed on its branch's edges. Each edge narrows, and each join
 * after it joins one by one, every variable that holds the value there: a
 * value set into n variables and compared by n branches cost n x n (10,000
 * diamonds, each testing the parameter that every variable was set to, took
 * 2.6 s in the narrowings alone at 24,000). Past this many none of them is
 * narrowed (the value itself keeps its branch facts): coarser, never wrong.
 */
export const MAX_NARROWED_ALIASES = 64;

/**
 * The variables each compared value may be an alias of, in the order of
 * their first `get`/`set` (the order the edge narrowing lists them in);
 * none for a value of more than MAX_NARROWED_ALIASES.
 */
export function comparedAliases(cmps: readonly (BranchCmp | undefined)[], accesses: readonly Inst[], vars: readonly VarId[]): Map<ValueId, Set<VarId>> {
  const out = new Map<ValueId, Set<VarId>>();
  for (const c of cmps) if (c) out.set(c.x, new Set());
  if (out.size === 0) return out;
  for (let k = 0; k < accesses.length; k++) out.get(tiedValue(accesses[k]!))?.add(vars[k]!);
  for (const vs of out.values()) if (vs.size > MAX_NARROWED_ALIASES) vs.clear();
  return out;
}

/** Marks in `out` (all 0) the variables of an integer type in the lists of `aliasVars` (comparedAliases); returns it. */
export function narrowedVarsOf(aliasVars: ReadonlyMap<ValueId, ReadonlySet<VarId>>, varBits: readonly number[], out: number[]): number[] {
  for (const vs of aliasVars.values()) for (const v of vs) if (varBits[v]) out[v] = 1;
  return out;
}

/**
 * The blocks whose round-1 inputs may differ from round 0's besides what
 * the solver's dirty flags record: a block with a later predecessor (joined
 * only from round 1 on; its aliases are no longer inherited from its
 * dominator), a block inheriting the aliases of such a block, and every
 * successor of either (their edge narrowing reads the aliases). `predsOf`
 * gives the reachable predecessors; the list is the pool's (it lives as long as the solve).
 */
export function round1Revisits(dom: DominatorTree<BlockId>, order: VisitOrder, succs: Adjacency, predsOf: (b: BlockId) => readonly BlockId[], pool: ArrayPool): number[] {
  const n = dom.preds.length;
  const aliasMoves = pool.take(Slot.AliasMoves, n, 0), out = pool.take(Slot.Revisit1, n, 0);
  for (const b of order.blocks) {
    const at = order.position[b]!, preds = predsOf(b);
    let late = false;
    for (const p of preds) if (order.position[p]! >= at) late = true;
    const id = dom.idom(b);
    const inherits = preds.length === 1 && preds[0] === id;
    if (late || (inherits && aliasMoves[id!])) aliasMoves[b] = 1;
    if (late) out[b] = 1;
    if (aliasMoves[b]) for (let i = succs.start[b]!; i < succs.start[b + 1]!; i++) out[succs.items[i]!] = 1;
  }
  return out;
}

/** Each block's successors, as `successors` lists them, in compressed rows (no list per block). */
export function successorRows(func: Func, pool: ArrayPool): Adjacency {
  return new Adjacency(func.blocks.length, (add) => {
    for (let b = 0; b < func.blocks.length; b++) {
      const t = func.blocks[b]!.term;
      if (t.op === "jump") add(b, t.target);
      else if (t.op === "br") { add(b, t.then); add(b, t.else); }
      else if (t.op === "switch") {
        for (const c of t.cases) add(b, c.target);
        if (t.default !== null) add(b, t.default);
      }
    }
  }, pool, [Slot.SuccStart, Slot.SuccItems]);
}
