/**
 * A binary max-heap of small non-negative integers (block or loop indices)
 * over a table the caller sizes for the most it holds at once: the ownership
 * liveness takes its queued blocks in its order (backward-worklist.ts), the
 * unrolling its offered loops first in block order (optimize-unroll-analysis.ts),
 * the range solver's late rounds their marked blocks lowest first
 * (range-worklist.ts).
 */
export class MaxHeap {
  size = 0;

  constructor(private readonly items: Int32Array) {}

  /** Adds `x` (the table has room: see the header). */
  push(x: number): void {
    const items = this.items;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (items[parent]! >= x) break;
      items[i] = items[parent]!;
      i = parent;
    }
    items[i] = x;
  }

  /** The highest entry, left in place (the heap is not empty). */
  top(): number {
    return this.items[0]!;
  }

  /** Removes and returns the highest entry (the heap is not empty). */
  pop(): number {
    const items = this.items, top = items[0]!, last = items[--this.size]!, size = this.size;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      if (child + 1 < size && items[child + 1]! > items[child]!) child++;
      if (items[child]! <= last) break;
      items[i] = items[child]!;
      i = child;
    }
    items[i] = last;
    return top;
  }
}
