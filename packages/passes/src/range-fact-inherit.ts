/**
 * The fact a block inherits for a value it does not read (range-facts.ts
 * BranchFacts.get): the one set by its nearest dominator that owns a fact
 * on the value (itself included), as a walk up the dominator tree finds
 * it. Made for the questions asked of a solution (its facts no longer
 * change), in time and memory linear in the blocks, and then each question
 * in time logarithmic in the blocks owning a fact on its value: a walk per
 * question cost depth^2 when each of n diamonds in a row asked about its
 * own value, and keeping every walk's answers took a (value, block) pair
 * per block passed, n^2 of them when n values compared early are asked
 * about far below.
 *
 * Method: blocks numbered in preorder of the dominator tree, so a block's
 * dominators are the blocks whose subtree's numbers [pre, end) hold its
 * own. For each value, the blocks owning a fact on it are listed in
 * preorder, with the maximum `end` over each range in a segment tree; the
 * nearest dominator of b among them is the last one at or before b's
 * number whose subtree reaches past it (the subtrees are nested or
 * disjoint, so the last that contains b is the deepest).
 */
import type { BlockId, DominatorTree, ValueId } from "@fzy/ir";
import type { Iv } from "./range-lattice.js";

/** The facts a block owns: x's, then y's (x may be y: then y's holds); an absent one is undefined (one object, not a list of pairs). */
export interface OwnFacts {
  readonly x: ValueId;
  readonly fx: Iv | undefined;
  readonly y: ValueId;
  readonly fy: Iv | undefined;
}

/** The fact a block's own facts give `v`, if any (y's first: when x is y, y's holds). */
const ownFact = (o: OwnFacts | undefined, v: ValueId): Iv | undefined => (o?.fy && o.y === v ? o.fy : o?.fx && o.x === v ? o.fx : undefined);

/** The blocks owning a fact on one value, in preorder: their numbers and facts, and the ends of their subtrees as a max segment tree. */
interface Owners {
  readonly pre: number[];
  readonly facts: Iv[];
  /** While listed: the ends of their subtrees; then the tree's leaves from `leaves` (-1 past the last owner), node i the max of 2i and 2i + 1. */
  ends: number[];
  leaves: number;
}

export class InheritedFacts {
  /** Each block's preorder number, and the end of its subtree's numbers (-1: unreachable). */
  private readonly pre: Int32Array;
  private readonly end: Int32Array;
  private readonly owners = new Map<ValueId, Owners>();

  constructor(private readonly own: readonly (OwnFacts | undefined)[], dom: DominatorTree<BlockId>) {
    const n = own.length;
    this.pre = new Int32Array(n).fill(-1);
    this.end = new Int32Array(n).fill(-1);
    for (const b of this.numbered(dom)) {
      const o = own[b];
      if (!o) continue;
      this.add(o.x, b);
      if (o.y !== o.x) this.add(o.y, b);
    }
    for (const list of this.owners.values()) list.ends = maxTree(list.ends, (list.leaves = leavesFor(list.ends.length)));
  }

  /** The fact for `v` that block `b` inherits (undefined: none). */
  of(v: ValueId, b: BlockId): Iv | undefined {
    const at = this.pre[b]!;
    if (at < 0) return ownFact(this.own[b], v); // unreachable: no dominator but itself
    const list = this.owners.get(v);
    if (!list) return undefined;
    // The owners numbered at or before b, then the last of them whose subtree holds b.
    let lo = 0, hi = list.pre.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (list.pre[mid]! <= at) lo = mid + 1;
      else hi = mid;
    }
    const i = lastReaching(list.ends, 1, 0, list.leaves, lo - 1, at);
    return i < 0 ? undefined : list.facts[i];
  }

  /** The reachable blocks in preorder of the dominator tree, numbered (an explicit stack: trees may be 100k deep). */
  private numbered(dom: DominatorTree<BlockId>): BlockId[] {
    const order: BlockId[] = [];
    const root = dom.rpo[0];
    if (root === undefined) return order;
    const stack: number[] = [root]; // a block to enter, or ~b to close b's subtree
    while (stack.length > 0) {
      const x = stack.pop()!;
      if (x < 0) { this.end[~x] = order.length; continue; }
      this.pre[x] = order.length;
      order.push(x as BlockId);
      stack.push(~x);
      for (let k = dom.childCount(x as BlockId) - 1; k >= 0; k--) stack.push(dom.child(x as BlockId, k));
    }
    return order;
  }

  /** Lists block b (visited in preorder) among v's owners when its own facts give v one. */
  private add(v: ValueId, b: BlockId): void {
    const fact = ownFact(this.own[b], v);
    if (!fact) return;
    let list = this.owners.get(v);
    if (!list) this.owners.set(v, (list = { pre: [], facts: [], ends: [], leaves: 0 }));
    list.pre.push(this.pre[b]!);
    list.facts.push(fact);
    list.ends.push(this.end[b]!);
  }
}

/** The number of leaves of a segment tree over m entries: a power of two. */
const leavesFor = (m: number): number => {
  let s = 1;
  while (s < m) s *= 2;
  return s;
};

/** The max segment tree of `ends` with `leaves` leaves (a flat array, root at 1). */
function maxTree(ends: readonly number[], leaves: number): number[] {
  const t = new Array<number>(2 * leaves).fill(-1);
  for (let i = 0; i < ends.length; i++) t[leaves + i] = ends[i]!;
  for (let i = leaves - 1; i >= 1; i--) t[i] = Math.max(t[2 * i]!, t[2 * i + 1]!);
  return t;
}

/** The last index in [0, r] whose end is past `at` (-1: none), in the tree `t`; node i covers the entries [nl, nr). */
function lastReaching(t: readonly number[], i: number, nl: number, nr: number, r: number, at: number): number {
  if (r < nl || t[i]! <= at) return -1;
  if (nr - nl === 1) return nl;
  const mid = (nl + nr) >>> 1;
  const right = lastReaching(t, 2 * i + 1, mid, nr, r, at);
  return right >= 0 ? right : lastReaching(t, 2 * i, nl, mid, r, at);
}
