/**
 * The blocks a round of the range solver visits (range-solver.ts): those
 * marked dirty, in reverse postorder. The marks are kept with the span of
 * positions they cover, so a round costs what was marked for it, not a scan
 * of every block: a block marked after the position being visited is for
 * this round, any other for the next.
 */
import { type ArrayPool, Slot } from "./range-scratch.js";

export class RoundWorklist {
  private readonly dirty: number[];
  /** This round's span of marked positions, the position being visited (-1: none yet), and the next round's span. */
  private first = Infinity;
  private last = -1;
  private at = -1;
  private nextFirst = Infinity;
  private nextLast = -1;

  /** `rpoIndex`: each block's position in reverse postorder (-1: unreachable, never visited); `reached`: how many have one. */
  constructor(private readonly rpoIndex: readonly number[], private readonly reached: number, pool: ArrayPool) {
    this.dirty = pool.take(Slot.Dirty, rpoIndex.length, 0);
  }

  /** Starts a round with the marks made for it; `every`: it looks at every position (its caller decides which to visit). */
  startRound(every: boolean): void {
    this.first = every ? 0 : this.nextFirst;
    this.last = every ? this.reached - 1 : this.nextLast;
    this.at = -1;
    this.nextFirst = Infinity;
    this.nextLast = -1;
  }

  /** Marks b: visited later in this round when it comes after the position being visited, else in the next. */
  mark(b: number): void {
    this.dirty[b] = 1;
    const i = this.rpoIndex[b]!;
    if (i < 0) return;
    if (i > this.at) {
      if (i < this.first) this.first = i;
      if (i > this.last) this.last = i;
    } else {
      if (i < this.nextFirst) this.nextFirst = i;
      if (i > this.nextLast) this.nextLast = i;
    }
  }

  /** The next position of this round's span (it may grow as blocks are marked), or -1 at its end. */
  next(): number {
    const i = this.at < this.first ? this.first : this.at + 1;
    if (i > this.last) return -1;
    return (this.at = i);
  }

  /** Whether b is marked, unmarking it (it is being visited). */
  take(b: number): boolean {
    const marked = this.dirty[b] === 1;
    this.dirty[b] = 0;
    return marked;
  }
}
