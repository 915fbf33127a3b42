/**
 * Lists of ids per id in two flat arrays (compressed sparse rows), for the
 * range analysis's dependency lists and may-recurse.ts's call graph: no
 * array per row.
 */
import { type ArrayPool, FRESH, type Slot } from "./range-scratch.js";

/** Lists of ids per id (blocks per value, callees per function) in two flat arrays (compressed rows): no array per row. */
export class Adjacency {
  /** The items of row r are items[start[r] .. start[r + 1]), in the order `edges` gave them. */
  readonly start: number[];
  readonly items: number[];

  /** `slots`: the pool arrays for start and items (range-scratch.ts), when the rows do not outlive a solve. */
  constructor(n: number, edges: (add: (from: number, to: number) => void) => void, pool: ArrayPool = FRESH, slots?: readonly [Slot, Slot]) {
    const start = slots ? pool.take(slots[0], n + 1, 0) : new Array<number>(n + 1).fill(0);
    edges((from) => { start[from + 1]!++; });
    for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
    const items = slots ? pool.take(slots[1], start[n]!, 0) : new Array<number>(start[n]!).fill(0);
    // Each row's start is its cursor while it is filled (no second array), which leaves it at the
    // next row's start: one shift puts every start back.
    edges((from, to) => { items[start[from]!++] = to; });
    for (let r = n; r > 0; r--) start[r] = start[r - 1]!;
    start[0] = 0;
    this.start = start;
    this.items = items;
  }
}
