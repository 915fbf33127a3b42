/**
 * The visits of a backward data-flow fixpoint (the counted-value liveness,
 * rc-liveness.ts): a worklist taken in reverse postorder of the reversed
 * graph, so a block is visited, where the graph allows, after the blocks it
 * flows from (its successors), and a block whose set grows queues its
 * predecessors (Cooper, Harvey and Kennedy, "Iterative Data-Flow Analysis,
 * Revisited", 2004, on orders for backward problems). The order searches
 * back from every block without a successor, then from the blocks those
 * searches missed (loops that never exit), highest first.
 *
 * A round-robin in decreasing block order (what the liveness did before) takes a
 * round per level of a loop nest whose exits are laid out after its bodies:
 * the set of a value read after level k's exit reaches the header of level
 * k + 1 through the latch of level k one round later, so n levels took n
 * rounds of n blocks. In this order the exits and headers of the nest come
 * one after another along that path, and a few passes settle it.
 *
 * The visits compute the same least fixpoint in any order (the sets only
 * grow, each from the sets it reads); only their number depends on it.
 */
import type { BlockId } from "@fzy/ir";
import { MaxHeap } from "./max-heap.js";
import { Scratch } from "./optimize-scratch.js";
import { Adjacency } from "./range-adjacency.js";

/** Tables of runBackward, reused from one function to the next (optimize-scratch.ts). */
const RANK = new Scratch(), BY_RANK = new Scratch(), QUEUED = new Scratch(), HEAP = new Scratch();
const STACK = new Scratch(), NEXT = new Scratch();

/**
 * Visit the blocks until no visit changes anything: `visit(b)` returns
 * whether the set of b grew, which queues b's predecessors. Every block is
 * visited at least once. Returns the number of visits.
 */
export function runBackward(succs: readonly (readonly BlockId[])[], visit: (b: number) => boolean): number {
  const n = succs.length;
  // Each block's predecessors, a block twice when it has two edges to it.
  const { start: at, items: preds } = new Adjacency(n, (add) => {
    for (let b = 0; b < n; b++) { const ss = succs[b]!; for (let j = 0; j < ss.length; j++) add(ss[j]!, b); }
  });
  const { rank, byRank } = backwardRanks(succs, at, preds);
  const queued = QUEUED.take(n, 1);
  // The heap holds n - 1 - rank: its highest entry is the lowest rank.
  const heap = new MaxHeap(HEAP.take(n, 0));
  for (let r = n - 1; r >= 0; r--) heap.push(n - 1 - r);
  let visits = 0;
  while (heap.size > 0) {
    const b = byRank[n - 1 - heap.pop()]!;
    queued[b] = 0;
    visits++;
    if (!visit(b)) continue;
    for (let k = at[b]!; k < at[b + 1]!; k++) {
      const p = preds[k]!;
      if (queued[p] === 0) { queued[p] = 1; heap.push(n - 1 - rank[p]!); }
    }
  }
  return visits;
}

/**
 * Each block's place in the reverse postorder of the reversed graph (rank),
 * and the block at each place: depth-first searches along predecessor edges
 * from each block without a successor in increasing order, then from each
 * block not reached yet in decreasing order (by an explicit stack: graphs
 * may be 100,000 blocks deep).
 */
function backwardRanks(succs: readonly (readonly BlockId[])[], at: readonly number[], preds: readonly number[]): { rank: Int32Array; byRank: Int32Array } {
  const n = succs.length, rank = RANK.take(n, -1), byRank = BY_RANK.room(n);
  const stack = STACK.room(n), next = NEXT.room(n); // next[b]: b's next predecessor to search (a block is on the stack once)
  let done = 0; // blocks finished, in postorder: the last finished gets rank 0
  const search = (root: number) => {
    let top = 0;
    stack[0] = root;
    next[root] = at[root]!;
    rank[root] = -2; // on the stack
    while (top >= 0) {
      const b = stack[top]!;
      if (next[b]! < at[b + 1]!) {
        const p = preds[next[b]!++]!;
        if (rank[p] === -1) { rank[p] = -2; next[p] = at[p]!; stack[++top] = p; }
        continue;
      }
      top--;
      rank[b] = n - 1 - done;
      byRank[n - 1 - done++] = b;
    }
  };
  for (let b = 0; b < n; b++) if (succs[b]!.length === 0 && rank[b] === -1) search(b);
  for (let b = n - 1; b >= 0; b--) if (rank[b] === -1) search(b);
  return { rank, byRank };
}
