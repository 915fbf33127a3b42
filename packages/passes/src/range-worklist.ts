/**
 * The blocks a round of the range solver visits (range-solver.ts): those
 * marked dirty, in the solver's order (range-order.ts). A round that looks
 * at every position (round 0, round 1, the plain iteration) walks them in
 * order; any other takes its marked positions from a heap, lowest first, so
 * it costs what was marked for it (times the logarithm of that), not a scan
 * of the blocks between: a round of a long function that changes a few
 * blocks far apart costs those blocks. A block marked after the position
 * being visited is for this round, any other for the next; in a settling
 * round every marked block is for this round (a walk of every position goes
 * back to it).
 *
 * In a settling round a loop's header marked from inside its loop (a latch,
 * a `continue`) waits until the positions marked after the one being
 * visited within that loop are visited: the loop's body is finished, then
 * its header visited again (Bourdoncle's recursive strategy: a component is
 * stabilized by passes over its body). Visiting the header at once, as any
 * other block marked behind, visited it once per latch: a loop of n latches
 * joined its n + 1 predecessors n times a round.
 *
 * Invariant: a marked block (dirty) is queued where it will be visited (this
 * round's heap or walk, or the next round's list) until `take` unmarks it,
 * so marking it again queues nothing. Unreachable blocks are marked and
 * never queued (they are never visited).
 */
import { MaxHeap } from "./max-heap.js";
import { type ArrayPool, Slot } from "./range-scratch.js";

export class RoundWorklist {
  private readonly dirty: number[];
  /** Whether this round walks every position in order (else it takes the marked ones from `heap`). */
  private every = false;
  /** Whether this round settles: a block marked at or before the position being visited is for this round too. */
  private settle = false;
  /** The position being visited (-1: none yet). */
  private at = -1;
  /** This round's marked positions after `at`, each as reached - 1 - position (the heap gives its highest first); made at the first round that needs it. */
  private heap: MaxHeap | undefined;
  /** The positions marked for the next round. */
  private readonly nextRound: number[] = [];
  /** In a settling round: the headers marked from inside their loops, waiting for the rest of their loop (the innermost, highest position, first). */
  private waiting: MaxHeap | undefined;

  /**
   * `rpoIndex`: each block's position in the order (-1: unreachable, never
   * visited); `reached`: how many have one; `loopEnd`: by position, where the
   * loop headed there ends (range-order.ts VisitOrder), undefined when no
   * block heads a loop.
   */
  constructor(private readonly rpoIndex: readonly number[], private readonly reached: number, pool: ArrayPool, private readonly loopEnd?: readonly number[]) {
    this.dirty = pool.take(Slot.Dirty, rpoIndex.length, 0);
  }

  /** Starts a round with the marks made for it; `every`: it looks at every position (its caller decides which to visit); `settle`: see `settle`. */
  startRound(every: boolean, settle = false): void {
    this.every = every;
    this.settle = settle;
    this.at = -1;
    const next = this.nextRound;
    if (!every) {
      const heap = (this.heap ??= new MaxHeap(new Int32Array(this.reached)));
      for (let k = 0; k < next.length; k++) heap.push(this.reached - 1 - next[k]!);
    }
    // (A round that walks every position reaches the blocks marked for it without the list.)
    next.length = 0;
  }

  /** Marks b: visited later in this round when it comes after the position being visited (or the round settles), else in the next. */
  mark(b: number): void {
    if (this.dirty[b] === 1) return; // (queued already: see the header)
    this.dirty[b] = 1;
    const i = this.rpoIndex[b]!;
    if (i < 0) return;
    if (i <= this.at && !this.settle) this.nextRound.push(i);
    else if (!this.every && i <= this.at && this.loopEnd !== undefined && this.loopEnd[i]! >= this.at) (this.waiting ??= new MaxHeap(new Int32Array(this.reached))).push(i);
    else if (!this.every) this.heap!.push(this.reached - 1 - i);
    else if (i <= this.at) this.at = i - 1; // (a walk of every position goes back to it)
  }

  /** The next position of this round (marks made meanwhile after it included), or -1 at its end. */
  next(): number {
    if (this.every) return this.at + 1 < this.reached ? ++this.at : -1;
    const heap = this.heap!, waiting = this.waiting;
    // The highest waiting header (the innermost of those whose loops hold the position being visited; a block marked
    // behind, outside them, may be visited meanwhile), once no marked position up to its loop's end is left.
    if (waiting !== undefined && waiting.size > 0) {
      const h = waiting.top();
      if (heap.size === 0 || this.reached - 1 - heap.top() > this.loopEnd![h]!) return (this.at = waiting.pop());
    }
    return heap.size === 0 ? -1 : (this.at = this.reached - 1 - heap.pop());
  }

  /** Whether b is marked, unmarking it (it is being visited). */
  take(b: number): boolean {
    const marked = this.dirty[b] === 1;
    this.dirty[b] = 0;
    return marked;
  }
}
