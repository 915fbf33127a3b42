/**
 * Arrays the range solver reuses from one solve to the next. A solve made
 * about twenty arrays the size of its function's values or blocks
 * (dependency rows, widths, marks, per-block states) that live as long as
 * the solve: they survive young-generation collections, so V8 pretenures
 * their allocation sites and each became an old-space allocation, about a
 * fifth of a solve on the corpus (measured with
 * --no-allocation-site-pretenuring). One pool per module (range-analysis.ts)
 * hands every solve the same arrays, refilled; only arrays that do not
 * outlive the solve are taken from it (a solution keeps its own).
 *
 * Not reentrant: one solve at a time uses a pool (a solve never starts
 * another).
 */

/** The arrays of a pool, by use. */
export const enum Slot {
  Bits, Compared, Dirty, SpecialMark, Seen, ReadersStart, ReadersItems, EdgeReadersStart, EdgeReadersItems,
  FactBlocksStart, FactBlocksItems, Needs, ByVarStart, ByVarItems, PartnersStart, PartnersItems,
  Entries, Exits, Aliases, AliasesIn, Varying, Narrowings, NarrowLast, NarrowAliases, Cur, Inputs, SuccStart, SuccItems, AliasMoves, Revisit1, Differs, Pre, SubtreeEnd, ByPre, TouchStart, TouchItems, NarrowedIn, NarrowedVars, Count,
}

/** Where a solve takes the arrays it does not keep. */
export interface ArrayPool {
  /** An array whose first `n` entries are `x` (it may be longer: its users read only those). */
  take<T>(slot: Slot, n: number, x: T): T[];
}

export class RangeScratch implements ArrayPool {
  private readonly arrays: unknown[][] = [];

  take<T>(slot: Slot, n: number, x: T): T[] {
    const a = this.arrays[slot] as T[] | undefined;
    if (a === undefined || a.length < n) return (this.arrays[slot] = new Array<T>(Math.max(n, 2 * (a?.length ?? 0))).fill(x)) as T[];
    a.fill(x, 0, n);
    return a;
  }
}

/** Fresh arrays, for a solve without a pool (the tests'). */
export const FRESH: ArrayPool = { take: <T>(_slot: Slot, n: number, x: T): T[] => new Array<T>(n).fill(x) };
