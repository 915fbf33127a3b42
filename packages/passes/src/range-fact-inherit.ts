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
 * Method: a block's dominators are the blocks numbered at or before it in
 * preorder of the dominator tree and at or after it in postorder (the
 * tree's own numbers, DominatorTree.preorder and .postorder). For each
 * value, the blocks owning a fact on it are listed in preorder, with the
 * maximum postorder number over each range in a segment tree: the nearest
 * owning dominator of b is the last owner at or before b in preorder whose
 * postorder number is at least b's (the dominators of b form a chain, and
 * the last of them in preorder is the deepest).
 */
import type { BlockId, DominatorTree, ValueId } from "@fzy/ir";
import type { Iv } from "./range-lattice.js";
import { firstAbove } from "./sorted-lists.js";

/** The facts a block owns: x's, then y's (x may be y: then y's holds); an absent one is undefined (one object, not a list of pairs). */
export interface OwnFacts {
  readonly x: ValueId;
  readonly fx: Iv | undefined;
  readonly y: ValueId;
  readonly fy: Iv | undefined;
}

/** The fact a block's own facts give `v`, if any (y's first: when x is y, y's holds). */
const ownFact = (o: OwnFacts | undefined, v: ValueId): Iv | undefined => (o?.fy && o.y === v ? o.fy : o?.fx && o.x === v ? o.fx : undefined);

/** The blocks owning a fact on one value, in preorder: their preorder numbers and facts, and their postorder numbers as a max segment tree. */
interface Owners {
  readonly pre: number[];
  readonly facts: Iv[];
  /** While listed: their postorder numbers; then the tree's leaves from `leaves` (-1 past the last owner), node i the max of 2i and 2i + 1. */
  posts: number[];
  leaves: number;
}

export class InheritedFacts {
  private readonly owners = new Map<ValueId, Owners>();

  constructor(private readonly own: readonly (OwnFacts | undefined)[], private readonly dom: DominatorTree<BlockId>) {
    // The reachable blocks by preorder number, so that each value's owners are listed in that order.
    const byPre = new Array<BlockId>(dom.rpo.length);
    for (const b of dom.rpo) byPre[dom.preorder(b)] = b;
    for (const b of byPre) {
      const o = own[b];
      if (!o) continue;
      this.add(o.x, b);
      if (o.y !== o.x) this.add(o.y, b);
    }
    for (const list of this.owners.values()) list.posts = maxTree(list.posts, (list.leaves = leavesFor(list.posts.length)));
  }

  /** The fact for `v` that block `b` inherits (undefined: none). */
  of(v: ValueId, b: BlockId): Iv | undefined {
    const at = this.dom.preorder(b);
    if (at < 0) return ownFact(this.own[b], v); // unreachable: no dominator but itself
    const list = this.owners.get(v);
    if (!list) return undefined;
    // The owners numbered at or before b in preorder, then the last of them at or after it in postorder.
    const above = firstAbove(list.pre, 0, list.pre.length, at);
    const i = lastAtLeast(list.posts, 1, 0, list.leaves, above - 1, this.dom.postorder(b));
    return i < 0 ? undefined : list.facts[i];
  }

  /** Lists block b (met in preorder) among v's owners when its own facts give v one. */
  private add(v: ValueId, b: BlockId): void {
    const fact = ownFact(this.own[b], v);
    if (!fact) return;
    let list = this.owners.get(v);
    if (!list) this.owners.set(v, (list = { pre: [], facts: [], posts: [], leaves: 0 }));
    list.pre.push(this.dom.preorder(b));
    list.facts.push(fact);
    list.posts.push(this.dom.postorder(b));
  }
}

/** The number of leaves of a segment tree over m entries: a power of two. */
const leavesFor = (m: number): number => {
  let s = 1;
  while (s < m) s *= 2;
  return s;
};

/** The max segment tree of `xs` with `leaves` leaves (a flat array, root at 1). */
function maxTree(xs: readonly number[], leaves: number): number[] {
  const t = new Array<number>(2 * leaves).fill(-1);
  for (let i = 0; i < xs.length; i++) t[leaves + i] = xs[i]!;
  for (let i = leaves - 1; i >= 1; i--) t[i] = Math.max(t[2 * i]!, t[2 * i + 1]!);
  return t;
}

/** The last index in [0, r] whose number is at least `min` (-1: none), in the max tree `t`; node i covers the entries [nl, nr). */
function lastAtLeast(t: readonly number[], i: number, nl: number, nr: number, r: number, min: number): number {
  if (r < nl || t[i]! < min) return -1;
  if (nr - nl === 1) return nl;
  const mid = (nl + nr) >>> 1;
  const right = lastAtLeast(t, 2 * i + 1, mid, nr, r, min);
  return right >= 0 ? right : lastAtLeast(t, 2 * i, nl, mid, r, min);
}
