/**
 * The rounds of the counted-value liveness (rc-liveness.ts): a backward
 * fixpoint that visits the blocks in decreasing order, round after round,
 * until a round changes nothing. A round-robin costs every block in every
 * round, and the number of rounds follows how far the sets travel against
 * the block order: a chain of n blocks written last to first, a value live
 * across it, takes n rounds of n blocks.
 *
 * `runRounds` makes the same visits in the same order, leaving out the ones
 * that would change nothing. A visit of b computes its set from its
 * successors' sets, so it changes something only when one of them grew
 * since its last visit: when a block's set grows, each predecessor is queued, for
 * this round when it comes later in the round (a lower block), else for the
 * next. Round 1 visits every block (its visits also start the sets).
 * Within a round the queued blocks are taken highest first from a heap, so
 * the cost is the visits that change something, log n each.
 */
import type { BlockId } from "@fzy/ir";
import { MaxHeap } from "./max-heap.js";
import { Scratch } from "./optimize-scratch.js";

/** Tables of runRounds, reused from one function to the next (optimize-scratch.ts). */
const PRED_AT = new Scratch(), PREDS = new Scratch(), QUEUED_FOR = new Scratch(), HEAP = new Scratch();

/**
 * Visit the blocks as the rounds of a round-robin in decreasing block order
 * would, up to the round that changes nothing, leaving out the visits that
 * change nothing. `visit(b, first)` (first: in round 1) returns whether the
 * set of b grew, which is what its predecessors' next visits read.
 */
export function runRounds(succs: readonly (readonly BlockId[])[], visit: (b: number, first: boolean) => boolean): void {
  const n = succs.length;
  const { at, preds } = predecessorLists(succs);
  const queuedFor = QUEUED_FOR.take(n, 0); // the round a block is queued for (0: none yet)
  const heap = new MaxHeap(HEAP.take(n, 0)); // this round's queued blocks (each at most once)
  const later: number[] = []; // the next round's
  let round = 1;
  const grew = (b: number) => {
    for (let k = at[b]!; k < at[b + 1]!; k++) {
      const p = preds[k]!;
      // A predecessor at or above b was visited this round already: the next round reads the growth.
      if (p >= b) {
        if (queuedFor[p] !== round + 1) { queuedFor[p] = round + 1; later.push(p); }
      } else if (round > 1 && queuedFor[p] !== round) { // round 1 visits every block anyway
        queuedFor[p] = round;
        heap.push(p);
      }
    }
  };
  for (let b = n - 1; b >= 0; b--) if (visit(b, true)) grew(b);
  while (later.length > 0) {
    round++;
    for (let k = 0; k < later.length; k++) heap.push(later[k]!);
    later.length = 0;
    while (heap.size > 0) {
      const b = heap.pop();
      if (visit(b, false)) grew(b);
    }
  }
}

/** The predecessors of each block b, at preds[at[b]] up to preds[at[b + 1]] (a block twice when it has two edges to b). */
function predecessorLists(succs: readonly (readonly BlockId[])[]): { at: Int32Array; preds: Int32Array } {
  const n = succs.length, at = PRED_AT.take(n + 2, 0);
  // Count into at[s + 2], sum so that at[s + 1] is where s's list starts, then fill moving at[s + 1] to its end.
  for (let b = 0; b < n; b++) { const ss = succs[b]!; for (let j = 0; j < ss.length; j++) at[ss[j]! + 2]!++; }
  for (let s = 2; s <= n + 1; s++) at[s]! += at[s - 1]!;
  const preds = PREDS.take(at[n + 1]!, 0);
  for (let b = 0; b < n; b++) { const ss = succs[b]!; for (let j = 0; j < ss.length; j++) preds[at[ss[j]! + 1]!++] = b; }
  return { at, preds };
}
