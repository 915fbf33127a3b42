/**
 * The branch facts in scope at one place of a walk of the dominator tree
 * (range-facts.ts): each value's current fact, set by the blocks above and
 * undone on the way back up (a scoped table with an undo log, not a map
 * copied per block), and whether that fact may differ from the one the last
 * walk had at the same place.
 */
import type { ValueId } from "@fzy/ir";
import type { Iv } from "./range-lattice.js";
import { type ArrayPool, Slot } from "./range-scratch.js";

export class FactScope {
  /** The current fact of each value (all undefined between walks). */
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
}
