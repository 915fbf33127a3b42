/**
 * Liveness of the counted values of a function, for ownership.ts: the
 * classic backward data-flow fixpoint (Aho, Lam, Sethi, Ullman, 9.2.5),
 * in(b) = gen(b) ∪ (out(b) \ kill(b)), out(b) = ∪ in(s) over successors,
 * iterated over the blocks in reverse order until nothing changes
 * (rc-rounds.ts: only the visits that can change something are made).
 *
 * Membership is a table of (block, counted value) pairs, the counted values
 * numbered densely in value order (rc-sets.ts: a bit matrix while that is
 * small, else a hash set of the pairs, so the tables stay linear in the
 * function plus the sizes of the sets); each set also keeps its members in
 * the order they joined it, because ownership.ts releases the values that die
 * at one instruction in the order of its live-in set. That order is the one
 * of the plain formulation (a set per block, every round re-reading every
 * successor's whole set and the whole out set): a round here reads only
 * what joined a set since the previous round (the sets only grow, so what
 * was read before adds nothing again), which adds the same members in the
 * same order without re-reading the sets each round.
 *
 * ownership.ts computes it once per function: the split of critical edges
 * and the ownership plan share it when no edge needs a split.
 */
import { blockSuccessors, type BlockId, type Func, type Term, type ValueId } from "@fzy/ir";
import { Scratch } from "./optimize-scratch.js";
import { runRounds } from "./rc-rounds.js";
import { blockSets, type BlockSets, setsForm, type SetsForm } from "./rc-sets.js";

/** The value a terminator reads that ownership cares about (a switch's or a return's), or -1 (a br condition is a bool, never counted). */
export function termValue(t: Term): ValueId | -1 {
  return t.op === "switch" ? t.value : t.op === "ret" && t.value !== null ? t.value : -1;
}

/** termValue as a list. */
export function termUses(t: Term): ValueId[] {
  const v = termValue(t);
  return v === -1 ? [] : [v];
}

/** Value ids in increasing order (a comparator for sort). */
const byValueId = (x: ValueId, y: ValueId): number => x - y;

/** The deaths of an edge on which nothing dies (shared, never written). */
const NO_DEATHS: readonly ValueId[] = [];

/** A read of counted value a (dense index i) in block b for gen(b), the list g: listed once, unless b defined it before; returns the list (made at its first member). */
function genUse(kill: BlockSets, listed: Int32Array, b: number, a: ValueId, i: number, g: ValueId[]): ValueId[] {
  if (kill.has(b, i) || listed[a] === b + 1) return g;
  listed[a] = b + 1;
  if (g === NONE) return [a];
  g.push(a);
  return g;
}

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

/** The empty member list, shared by every set until its first member (never written). */
const NONE: ValueId[] = [];

/** Tables read only while the sets are computed, reused from one function to the next (optimize-scratch.ts). */
const KILL = new Scratch(), LISTED = new Scratch(), EDGE_AT = new Scratch(), READ_IN = new Scratch(), READ_OUT = new Scratch();
/**
 * The tables an RcLiveness answers from, reused too: a function's four were
 * typed arrays made per function (most over 64 bytes, so each an off-heap
 * store), a visible share of the ownership plan. The ownership plan asks
 * one RcLiveness at a time (the one made last); making another overwrites
 * the tables of the one before.
 */
const ONLY_PRED = new Scratch(), INDEX = new Scratch(), IN_BITS = new Scratch(), OUT_BITS = new Scratch(), OCCURS_AT = new Scratch();
/** The occurrences of counted values (RcLiveness.occurrences), reused the same way: grown once, overwritten by the next RcLiveness. */
const OCCURRENCES: number[] = [];

/** Live-in and live-out sets of counted values per block (valid until the next RcLiveness is made: see ONLY_PRED). */
export class RcLiveness {
  readonly succs: readonly (readonly BlockId[])[];
  /** Per block: its successors each once, in the order of their first edge (the successor list itself when it repeats none). */
  readonly targets: readonly (readonly BlockId[])[];
  /** Per block: its one predecessor when every edge into it comes from the same block, -2 when several do, -1 with none. */
  private readonly onlyPred: Int32Array;
  /** Dense index of each counted value, -1 for the others. */
  private readonly index: Int32Array;
  /** Membership of the live-in and live-out sets. */
  private readonly inSets: BlockSets;
  private readonly outSets: BlockSets;
  /** Members of each set in the order they joined it. */
  private readonly ins: ValueId[][];
  private readonly outs: ValueId[][];
  /** The words of the membership tables (live-in, live-out, kill): linear in the function plus the sizes of the sets. */
  readonly tableWords: number;
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

  /** `counted`: 1 for each counted value, by value id (ownership.ts countedMask, asked once per value for the whole plan). */
  /** `succs`: the successor lists of func's blocks, when the caller keeps them; `form`: the form of the membership tables (rc-sets.ts; tests ask for each). */
  constructor(func: Func, counted: ArrayLike<number>, succs: readonly (readonly BlockId[])[] = blockSuccessors(func), form: SetsForm = "auto") {
    const n = func.blocks.length;
    this.succs = succs;
    const only = (this.onlyPred = ONLY_PRED.take(n, -1));
    for (let b = 0; b < n; b++) {
      const ss = succs[b]!;
      for (let j = 0; j < ss.length; j++) { const s = ss[j]!; only[s] = only[s] === -1 || only[s] === b ? b : -2; }
    }
    this.targets = distinctTargets(succs);
    const nv = func.values.length;
    const index = (this.index = INDEX.take(nv, -1));
    let c = 0;
    for (let v = 0; v < nv; v++) if (counted[v]) index[v] = c++;
    const chosen = form === "auto" ? setsForm(n, nv, c) : form;
    this.inSets = blockSets(chosen, n, c, IN_BITS);
    this.outSets = blockSets(chosen, n, c, OUT_BITS);
    const kill = blockSets(chosen, n, c, KILL);
    this.ins = new Array<ValueId[]>(n).fill(NONE);
    this.outs = new Array<ValueId[]>(n).fill(NONE);
    // gen(b): counted values read before any definition in b, in the order first read; and the occurrences.
    const listed = LISTED.take(nv, 0); // === b + 1 once listed in gen(b)
    const gen = new Array<ValueId[]>(n);
    const occurrences = (this.occurrences = OCCURRENCES), occursAt = (this.occursAt = OCCURS_AT.take(n + 1, 0));
    occurrences.length = 0;
    for (let b = 0; b < n; b++) {
      const blk = func.blocks[b]!;
      let g = NONE;
      occursAt[b] = occurrences.length;
      // Indexed loops: run per instruction of every function with a counted value, on arguments of any array shape.
      const insts = blk.insts;
      for (let k = 0; k < insts.length; k++) {
        const inst = insts[k]!, args = inst.args;
        for (let j = 0; j < args.length; j++) {
          const a = args[j]!, i = index[a]!;
          if (i < 0) continue;
          occurrences.push(a, k);
          g = genUse(kill, listed, b, a, i, g);
        }
        const d = inst.dst === null ? -1 : index[inst.dst]!;
        if (d < 0) continue;
        occurrences.push(inst.dst!, k);
        kill.add(b, d);
      }
      const tv = termValue(blk.term);
      if (tv !== -1 && index[tv]! >= 0) g = genUse(kill, listed, b, tv, index[tv]!, g);
      gen[b] = g;
    }
    occursAt[n] = occurrences.length;
    this.solve(gen, kill);
    this.tableWords = this.inSets.words + this.outSets.words + kill.words;
  }

  /** Whether every edge into block s comes from block b. */
  onlyFrom(s: number, b: number): boolean {
    return this.onlyPred[s] === b;
  }

  private solve(gen: readonly ValueId[][], kill: BlockSets): void {
    const n = this.succs.length, index = this.index;
    // How much of each successor's in-set (per edge, the edges of block b from edgeAt[b]) and of each out-set has been read.
    const edgeAt = EDGE_AT.take(n + 1, 0);
    for (let b = 0; b < n; b++) edgeAt[b + 1] = edgeAt[b]! + this.succs[b]!.length;
    const readIn = READ_IN.take(edgeAt[n]!, 0);
    const readOut = READ_OUT.take(n, 0);
    runRounds(this.succs, (b, first) => {
      const ss = this.succs[b]!, e0 = edgeAt[b]!;
      let out = this.outs[b]!;
      for (let j = 0; j < ss.length; j++) {
        const from = this.ins[ss[j]!]!;
        for (let k = readIn[e0 + j]!; k < from.length; k++) {
          const v = from[k]!;
          if (!this.outSets.add(b, index[v]!)) continue;
          if (out === NONE) this.outs[b] = out = [];
          out.push(v);
        }
        readIn[e0 + j] = from.length;
      }
      const size = this.ins[b]!.length;
      if (first) for (const v of gen[b]!) this.addIn(b, v);
      for (let k = readOut[b]!; k < out.length; k++) {
        const v = out[k]!;
        if (!kill.has(b, index[v]!)) this.addIn(b, v);
      }
      readOut[b] = out.length;
      return this.ins[b]!.length !== size;
    });
  }

  private addIn(b: number, v: ValueId): void {
    if (!this.inSets.add(b, this.index[v]!)) return;
    const list = this.ins[b]!;
    if (list === NONE) this.ins[b] = [v];
    else list.push(v);
  }

  /** Counted values live on entry to b, in the order they joined the set. */
  liveIn(b: number): readonly ValueId[] {
    return this.ins[b]!;
  }

  isLiveIn(b: number, v: ValueId): boolean {
    const i = this.index[v]!;
    return i >= 0 && this.inSets.has(b, i);
  }

  isLiveOut(b: number, v: ValueId): boolean {
    const i = this.index[v]!;
    return i >= 0 && this.outSets.has(b, i);
  }

  /**
   * Values that die on the edge b -> s: live out of b (or used by its
   * terminator) but not live into s, in value order. Asked of every edge
   * twice (the split, then the plan), and most edges have no death: the
   * list is made at the first.
   */
  edgeDeaths(func: Func, b: number, s: number): readonly ValueId[] {
    const tv = termValue(func.blocks[b]!.term), outs = this.outs[b]!;
    let dead: ValueId[] | undefined;
    for (let k = 0; k < outs.length; k++) if (!this.isLiveIn(s, outs[k]!)) (dead ??= []).push(outs[k]!);
    if (tv !== -1 && this.index[tv]! >= 0 && !this.isLiveOut(b, tv) && !this.isLiveIn(s, tv) && !(dead?.includes(tv) ?? false)) (dead ??= []).push(tv);
    if (dead === undefined) return NO_DEATHS;
    return dead.length > 1 ? dead.sort(byValueId) : dead;
  }
}
