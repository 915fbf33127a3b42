/**
 * Number arrays the range solver reuses from one solve to the next. A
 * solve made about ten arrays the size of its function's values or blocks
 * (dependency rows, widths, marks) that live as long as the solve: they
 * survive young-generation collections, so V8 pretenures their allocation
 * sites and each became an old-space allocation, about a fifth of a solve
 * on the corpus (measured with --no-allocation-site-pretenuring). One pool
 * per module (range-analysis.ts) hands every solve the same arrays,
 * refilled; only arrays that do not outlive the solve are taken from it.
 *
 * Not reentrant: one solve at a time uses a pool (a solve never starts
 * another).
 */

/** The arrays of a pool, by use. */
export const enum Slot {
  Bits, Compared, Dirty, SpecialMark, Seen, ReadersStart, ReadersItems, EdgeReadersStart, EdgeReadersItems,
  FactBlocksStart, FactBlocksItems, ByVarStart, ByVarItems, PartnersStart, PartnersItems, Count,
}

export class RangeScratch {
  private readonly arrays: (number[] | undefined)[] = new Array<number[] | undefined>(Slot.Count).fill(undefined);

  /** The pool's array for `slot` with its first `n` entries set to `x` (it may be longer: its users read only those). */
  take(slot: Slot, n: number, x: number): number[] {
    const a = this.arrays[slot];
    if (a === undefined || a.length < n) return (this.arrays[slot] = new Array<number>(Math.max(n, 2 * (a?.length ?? 0))).fill(x));
    a.fill(x, 0, n);
    return a;
  }
}

/** A fresh array of n entries `x` for a solve without a pool (the tests'). */
export function fresh(_slot: Slot, n: number, x: number): number[] {
  return new Array<number>(n).fill(x);
}

/** Where a solve takes its arrays: a pool's take, or fresh. */
export type TakeArray = (slot: Slot, n: number, x: number) => number[];
