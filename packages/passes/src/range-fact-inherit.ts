/**
 * The fact a block inherits for a value it does not read (range-facts.ts
 * BranchFacts.get): the one set by its nearest dominator that owns a fact
 * on the value, as a walk up the dominator tree finds it. Made for the
 * questions asked of a solution (its facts no longer change): a value no
 * block owns a fact on is answered at once, and the answer of every
 * (value, block) a walk passes is kept, so the questions about one value
 * down a long chain of dominators walk it once (a walk per question cost
 * depth^2 when each of n diamonds in a row asked about its own value).
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

export class InheritedFacts {
  /** The values some block owns a fact on. */
  private readonly owned = new Set<ValueId>();
  /** Walk answers by value * blocks + block (null: none). */
  private readonly walked = new Map<number, Iv | null>();

  constructor(private readonly own: readonly (OwnFacts | undefined)[], private readonly dom: DominatorTree<BlockId>) {
    for (const o of own) {
      if (o?.fx) this.owned.add(o.x);
      if (o?.fy) this.owned.add(o.y);
    }
  }

  /** The fact for `v` that block `b` inherits (its own when it owns one; undefined: none). */
  of(v: ValueId, b: BlockId): Iv | undefined {
    if (!this.owned.has(v)) return undefined;
    const base = v * this.own.length, path: BlockId[] = [];
    let found: Iv | null = null;
    for (let q: BlockId | null = b; q !== null; q = this.dom.idom(q)) {
      const known = this.walked.get(base + q);
      if (known !== undefined) { found = known; break; }
      path.push(q);
      const o = this.own[q];
      // (y's fact first: when x is y, y's holds.)
      if (o && o.fy && o.y === v) { found = o.fy; break; }
      if (o && o.fx && o.x === v) { found = o.fx; break; }
    }
    for (const q of path) this.walked.set(base + q, found);
    return found ?? undefined;
  }
}
