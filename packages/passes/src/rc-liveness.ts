/**
 * Liveness of the counted values of a function, for ownership.ts: the
 * classic backward data-flow fixpoint (Aho, Lam, Sethi, Ullman, 9.2.5),
 * in(b) = gen(b) ∪ (out(b) \ kill(b)), out(b) = ∪ in(s) over successors,
 * visiting the blocks from a worklist until nothing changes
 * (backward-worklist.ts: in reverse postorder of the reversed graph).
 *
 * The sets are persistent (id-sets.ts), the counted values numbered densely
 * in value order: a block whose successors share one set and that reads or
 * defines nothing counted has that very set for in and out, so n values
 * live across n blocks cost n, not n^2 (a set per block with n members),
 * and the values dying on an edge, out(b) \ in(s), are found in time
 * following where the two sets differ, not their size.
 *
 * ownership.ts computes it once per function: the split of critical edges
 * and the ownership plan share it when no edge needs a split.
 */
import { blockSuccessors, type BlockId, type Func, type Term, type ValueId } from "@fzy/ir";
import { type IdSet, IdSets } from "./id-sets.js";
import { Scratch } from "./optimize-scratch.js";
import { runBackward } from "./backward-worklist.js";

/** The value a terminator reads that ownership cares about (a switch's or a return's), or -1 (a br condition is a bool, never counted). */
export function termValue(t: Term): ValueId | -1 {
  return t.op === "switch" ? t.value : t.op === "ret" && t.value !== null ? t.value : -1;
}

/** termValue as a list. */
export function termUses(t: Term): ValueId[] {
  const v = termValue(t);
  return v === -1 ? [] : [v];
}

/** The deaths of an edge on which nothing dies (shared, never written). */
const NO_DEATHS: readonly ValueId[] = [];

/** The empty member list, shared by every block that reads nothing counted first (never written). */
const NONE: ValueId[] = [];

/** Tables of distinctTargets, reused from one function to the next. */
const LISTED_FROM = new Scratch();

/** Each block's successors once, in first-edge order, found by marks: a search of the list at each edge cost cases^2 on a switch of many cases. */
function distinctTargets(succs: readonly (readonly BlockId[])[]): readonly (readonly BlockId[])[] {
  const n = succs.length, listedFrom = LISTED_FROM.take(n, 0); // === b + 1 once s is listed for block b
  const targets = new Array<readonly BlockId[]>(n);
  for (let b = 0; b < n; b++) {
    const ss = succs[b]!;
    let list: BlockId[] | undefined; // made at the first repeat: the edges before it are all distinct
    for (let j = 0; j < ss.length; j++) {
      const s = ss[j]!;
      if (listedFrom[s] === b + 1) list ??= ss.slice(0, j);
      else { listedFrom[s] = b + 1; list?.push(s); }
    }
    targets[b] = list ?? ss;
  }
  return targets;
}

/** Tables read only while the sets are computed, reused from one function to the next (optimize-scratch.ts). */
const LISTED = new Scratch(), KILLED = new Scratch(), KILL_AT = new Scratch();
/**
 * The tables an RcLiveness answers from, reused too: typed arrays made per
 * function (most over 64 bytes, so each an off-heap store) were a visible
 * share of the ownership plan. The ownership plan asks one RcLiveness at a
 * time (the one made last); making another overwrites the tables of the one
 * before.
 */
const ONLY_PRED = new Scratch(), INDEX = new Scratch(), VALUE_OF = new Scratch(), OCCURS_AT = new Scratch();
/** The occurrences of counted values (RcLiveness.occurrences) and the values each block defines, reused the same way. */
const OCCURRENCES: number[] = [], KILLS: number[] = [];

/** Per block: its one predecessor when every edge into it comes from the same block, -2 when several do, -1 with none. */
function onlyPredecessors(succs: readonly (readonly BlockId[])[]): Int32Array {
  const n = succs.length, only = ONLY_PRED.take(n, -1);
  for (let b = 0; b < n; b++) {
    const ss = succs[b]!;
    for (let j = 0; j < ss.length; j++) { const s = ss[j]!; only[s] = only[s] === -1 || only[s] === b ? b : -2; }
  }
  return only;
}

/** What one walk of the instructions finds (RcLiveness.occurrences and the sets' gen and kill). */
interface BlockScan {
  /** gen(b): the counted values b reads before any definition in it, in the order first read. */
  readonly gens: ValueId[][];
  /** kill(b), the dense indices of the counted values b defines: block b's at kills[killAt[b] .. killAt[b + 1]). */
  readonly kills: readonly number[];
  readonly killAt: Int32Array;
  readonly occurrences: readonly number[];
  readonly occursAt: Int32Array;
}

/** gen(b), kill(b) and the occurrences of counted values (`index`: dense index by value, -1 for the others), in one walk. */
function scanBlocks(func: Func, index: Int32Array): BlockScan {
  const n = func.blocks.length, nv = func.values.length;
  const listed = LISTED.take(nv, 0), killed = KILLED.take(nv, 0); // === b + 1 once in gen(b), kill(b)
  const gens = new Array<ValueId[]>(n);
  const kills = KILLS, killAt = KILL_AT.take(n + 1, 0);
  const occurrences = OCCURRENCES, occursAt = OCCURS_AT.take(n + 1, 0);
  occurrences.length = 0;
  kills.length = 0;
  const read = (b: number, a: ValueId, g: ValueId[]): ValueId[] => {
    if (killed[a] === b + 1 || listed[a] === b + 1) return g;
    listed[a] = b + 1;
    if (g === NONE) return [a];
    g.push(a);
    return g;
  };
  for (let b = 0; b < n; b++) {
    const blk = func.blocks[b]!;
    let g = NONE;
    occursAt[b] = occurrences.length;
    killAt[b] = kills.length;
    // Indexed loops: run per instruction of every function with a counted value, on arguments of any array shape.
    const insts = blk.insts;
    for (let k = 0; k < insts.length; k++) {
      const inst = insts[k]!, args = inst.args;
      for (let j = 0; j < args.length; j++) {
        const a = args[j]!;
        if (index[a]! < 0) continue;
        occurrences.push(a, k);
        g = read(b, a, g);
      }
      const d = inst.dst;
      if (d === null || index[d]! < 0) continue;
      occurrences.push(d, k);
      if (killed[d] !== b + 1) { killed[d] = b + 1; kills.push(index[d]!); }
    }
    const tv = termValue(blk.term);
    if (tv !== -1 && index[tv]! >= 0) g = read(b, tv, g);
    gens[b] = g;
  }
  occursAt[n] = occurrences.length;
  killAt[n] = kills.length;
  return { gens, kills, killAt, occurrences, occursAt };
}

/** Live-in and live-out sets of counted values per block (valid until the next RcLiveness is made: see ONLY_PRED). */
export class RcLiveness {
  readonly succs: readonly (readonly BlockId[])[];
  /** Per block: its successors each once, in the order of their first edge (the successor list itself when it repeats none). */
  readonly targets: readonly (readonly BlockId[])[];
  /** Per block, its only predecessor (onlyPredecessors). */
  private readonly onlyPred: Int32Array;
  /** Dense index of each counted value, -1 for the others; and the value of each index. */
  private readonly index: Int32Array;
  private readonly valueOf: Int32Array;
  /** The operations on the sets, which hold dense indices. */
  readonly sets: IdSets;
  private readonly ins: IdSet[];
  private readonly outs: IdSet[];
  /** Per block, gen(b) (BlockScan.gens). */
  private readonly gens: readonly ValueId[][];
  /**
   * Every occurrence of a counted value in an instruction, as (value,
   * position in its block) pairs in program order, an instruction's
   * arguments before its result; block b's from occursAt[b] up to
   * occursAt[b + 1]. Recorded by the walk that makes gen(b), so the
   * ownership plan reads the few counted values' places without walking
   * every instruction again.
   */
  readonly occurrences: readonly number[];
  readonly occursAt: Int32Array;
  /** How many visits the fixpoint took (a count of its work, for tests). */
  readonly visits: number;

  /**
   * `counted`: 1 for each counted value, by value id (ownership.ts countedMask, asked once per value for the
   * whole plan); `succs`: the successor lists of func's blocks, when the caller keeps them.
   */
  constructor(func: Func, counted: ArrayLike<number>, succs: readonly (readonly BlockId[])[] = blockSuccessors(func)) {
    const n = func.blocks.length, nv = func.values.length;
    this.succs = succs;
    this.onlyPred = onlyPredecessors(succs);
    this.targets = distinctTargets(succs);
    const index = (this.index = INDEX.take(nv, -1)), valueOf = (this.valueOf = VALUE_OF.room(nv));
    let c = 0;
    for (let v = 0; v < nv; v++) if (counted[v]) { valueOf[c] = v; index[v] = c++; }
    this.sets = new IdSets(c);
    this.ins = new Array<IdSet>(n).fill(0);
    this.outs = new Array<IdSet>(n).fill(0);
    const { gens, kills, killAt, occurrences, occursAt } = scanBlocks(func, index);
    this.gens = gens;
    this.occurrences = occurrences;
    this.occursAt = occursAt;
    this.visits = this.solve(kills, killAt);
  }

  /** Whether every edge into block s comes from block b. */
  onlyFrom(s: number, b: number): boolean {
    return this.onlyPred[s] === b;
  }

  private solve(kills: readonly number[], killAt: Int32Array): number {
    const sets = this.sets, index = this.index;
    return runBackward(this.succs, (b) => {
      const ts = this.targets[b]!;
      let out: IdSet = 0;
      for (let j = 0; j < ts.length; j++) out = sets.union(out, this.ins[ts[j]!]!);
      this.outs[b] = out;
      let live = out;
      for (let k = killAt[b]!; k < killAt[b + 1]!; k++) live = sets.remove(live, kills[k]!);
      const g = this.gens[b]!;
      for (let k = 0; k < g.length; k++) live = sets.add(live, index[g[k]!]!);
      // The sets only grow from visit to visit: the union is the old set itself when this one adds nothing.
      const grown = sets.union(this.ins[b]!, live);
      if (grown === this.ins[b]) return false;
      this.ins[b] = grown;
      return true;
    });
  }

  /** gen(b): the counted values b reads before any definition in it, in the order first read (ownership.ts releases in this order). */
  readFirst(b: number): readonly ValueId[] {
    return this.gens[b]!;
  }

  /** Counted values live on entry to b, in value order. */
  liveIn(b: number): readonly ValueId[] {
    return this.valuesIn(this.ins[b]!, 0);
  }

  isLiveIn(b: number, v: ValueId): boolean {
    const i = this.index[v]!;
    return i >= 0 && this.sets.has(this.ins[b]!, i);
  }

  isLiveOut(b: number, v: ValueId): boolean {
    const i = this.index[v]!;
    return i >= 0 && this.sets.has(this.outs[b]!, i);
  }

  /**
   * Values that die on the edge b -> s: live out of b (or used by its
   * terminator) but not live into s, in value order. Asked of every edge
   * twice (the split, then the plan), and most edges have no death.
   */
  edgeDeaths(func: Func, b: number, s: number): readonly ValueId[] {
    const out = this.outs[b]!, into = this.ins[s]!;
    const tv = termValue(func.blocks[b]!.term);
    const endsTv = tv !== -1 && this.index[tv]! >= 0 && !this.sets.has(out, this.index[tv]!) && !this.sets.has(into, this.index[tv]!);
    if (out === into && !endsTv) return NO_DEATHS;
    const dead = this.valuesIn(out, into);
    if (endsTv) {
      let k = dead.length;
      while (k > 0 && dead[k - 1]! > tv) k--;
      dead.splice(k, 0, tv);
    }
    return dead.length === 0 ? NO_DEATHS : dead;
  }

  /** The values of the members of a not in b, in value order. */
  private valuesIn(a: IdSet, b: IdSet): ValueId[] {
    const ids: number[] = [];
    this.sets.pushMinus(a, b, ids);
    for (let k = 0; k < ids.length; k++) ids[k] = this.valueOf[ids[k]!]!;
    return ids as ValueId[];
  }
}
