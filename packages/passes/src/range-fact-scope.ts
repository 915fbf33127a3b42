/**
 * The branch facts in scope at one place of a walk of the dominator tree
 * (range-facts.ts): each value's current fact, set by the blocks above and
 * undone on the way back up (a scoped table with an undo log, not a map
 * copied per block), and whether that fact may differ from the one the last
 * walk had at the same place.
 *
 * Between walks the table holds the facts of one block and its dominators
 * (the base: where the last walk started, or above it). The next walk starts
 * at its own block and moves the base to that block's dominator: it undoes
 * the blocks below the lowest dominator of both and sets those between it
 * and the new base, so a walk deep in a long dominator chain does not set
 * the facts of the chain again from the root (a solver round that changes a
 * few blocks costs those blocks and the distance the base moved).
 */
import type { BlockId, DominatorTree, ValueId } from "@fzy/ir";
import type { Iv } from "./range-lattice.js";
import { type ArrayPool, Slot } from "./range-scratch.js";

export class FactScope {
  /** The current fact of each value (between walks: the base's facts). */
  readonly cur: (Iv | undefined)[];
  /**
   * 1 for the values whose fact may differ from the last walk's here (`cur`
   * holds the same object for every other value); those that became so on
   * the path, in order (some may have settled since: a block below owns an
   * unchanged fact on them); how many are 1.
   */
  readonly differs: number[];
  readonly differing: ValueId[] = [];
  nDiffering = 0;
  /** The undo log: the value set, and its fact and flag before. */
  private readonly undoV: ValueId[] = [];
  private readonly undoR: (Iv | undefined)[] = [];
  private readonly undoD: number[] = [];
  /** The base (null: none, the table empty), the blocks from the root down to it, and the log's mark before each set its facts. */
  private baseAt: BlockId | null = null;
  private readonly basePath: BlockId[] = [];
  private readonly baseMarks: number[] = [];
  /** moveBase's scratch: the blocks from the new base up to the lowest dominator of both bases. */
  private readonly climbed: BlockId[] = [];

  constructor(nValues: number, pool: ArrayPool) {
    this.cur = pool.take(Slot.Cur, nValues, undefined);
    this.differs = pool.take(Slot.Differs, nValues, 0);
  }

  /** Where the log is: undoTo(mark) restores everything set since. */
  get mark(): number {
    return this.undoV.length;
  }

  /** Sets the fact of v (when f is one) and whether it differs from the last walk's, logging the old ones. */
  set(v: ValueId, f: Iv | undefined, differs: number): void {
    const was = this.differs[v]!;
    this.undoV.push(v);
    this.undoR.push(this.cur[v]);
    this.undoD.push(was);
    if (f) this.cur[v] = f;
    this.differs[v] = differs;
    if (was !== differs) {
      this.nDiffering += differs - was;
      if (differs) this.differing.push(v);
    }
  }

  /** Undoes the log back to `mark`: each value's fact and flag as before it was set. */
  undoTo(mark: number): void {
    while (this.undoV.length > mark) {
      const v = this.undoV.pop()!, was = this.undoD.pop()!, now = this.differs[v]!;
      this.cur[v] = this.undoR.pop();
      this.differs[v] = was;
      if (was !== now) {
        this.nDiffering += was - now;
        // (A value turned differing at this entry was pushed then: later pushes are undone already.)
        if (now) this.differing.pop();
      }
    }
  }

  /**
   * Makes the table hold the facts of `to` and its dominators (null: none):
   * `enter(b)` sets the facts of a block passed on the way down, each as the
   * last walk had them (the facts above a walk's start did not move, and a
   * base holds no differing fact). Returns how many blocks it passed.
   */
  moveBase(to: BlockId | null, dom: DominatorTree<BlockId>, enter: (b: BlockId) => void): number {
    const from = this.baseAt, climbed = this.climbed, path = this.basePath;
    let top = to, n = 0;
    while (top !== null && !(from !== null && dom.dominates(top, from))) {
      climbed[n++] = top;
      top = dom.idom(top);
    }
    // `top` is the lowest dominator of both (null: none): the blocks below it on the old path are undone.
    let k = path.length;
    while (k > 0 && (top === null || !dom.dominates(path[k - 1]!, top))) k--;
    const undone = path.length - k;
    if (undone > 0) {
      this.undoTo(this.baseMarks[k]!);
      path.length = this.baseMarks.length = k;
    }
    for (let i = n - 1; i >= 0; i--) {
      const b = climbed[i]!;
      path.push(b);
      this.baseMarks.push(this.mark);
      enter(b);
    }
    this.baseAt = to;
    return n + undone;
  }
}
