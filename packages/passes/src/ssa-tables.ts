/**
 * The integer tables of the SSA plan (ssa-plan.ts, ssa-liveness.ts): made
 * fresh for each plan (FRESH_TABLES), or taken from an SsaTables that a
 * caller planning many functions in turn reuses.
 *
 * A large function's tables are large typed arrays, each on memory mapped
 * fresh for it, and the first write to a fresh page costs far more than
 * the writes that fill it; reused, a table costs its fill only.
 *
 * Invariant: a plan reads its integer tables only while it is made
 * (planSsa starts them with `begin`; the plan it returns holds none of
 * them), and its list of block parameters (`blockLists`) is read only until
 * the next plan on the same tables, which may then take them over.
 */

/** A table of small integers by block or variable: see ints. */
export type Ints = number[] | Int32Array;

/**
 * The length from which ints makes a typed array: a list that long is a
 * large object anyway, allocated fresh, and its cost follows its bytes
 * (4 an entry typed, 8 plain).
 */
const TYPED_FROM = 4096;

/**
 * A zero-filled (or `fill`-filled) array of small integers. Plain arrays
 * below TYPED_FROM entries, not typed arrays: most functions are small, and
 * a typed array over 64 bytes costs an off-heap allocation that the
 * collector must track, several times the cost of a plain array (planSsa
 * over 20k small functions spent half its time collecting them).
 */
export function ints(n: number, fill = 0): Ints {
  if (n < TYPED_FROM) return new Array<number>(n).fill(fill);
  const a = new Int32Array(n);
  return fill === 0 ? a : a.fill(fill);
}

/** Where a plan takes its integer tables from. */
export interface IntTables {
  /** A table of `n` entries, each `fill` (0 unless given). */
  ints(n: number, fill?: number): Ints;
}

/** Tables made fresh for each plan (planSsa's default). */
export const FRESH_TABLES: IntTables = { ints };

/**
 * Tables reused from one plan to the next: the k-th table a plan takes is
 * the k-th of the plan before, grown only when too short (with room for a
 * slightly larger function), and handed out whole: its first n entries are
 * filled, the rest are stale (the plan indexes below n only and never reads
 * a table's length). Short ones too: a plan takes about twenty tables, and
 * made fresh for each small function they were most of its allocation.
 */
export class SsaTables implements IntTables {
  private readonly tables: Int32Array[] = [];
  private taken = 0;
  private lists: unknown[] = [];

  /** Starts a plan: every table may be taken again. */
  begin(): this {
    this.taken = 0;
    return this;
  }

  ints(n: number, fill = 0): Ints {
    const k = this.taken++;
    let a = this.tables[k];
    if (a === undefined || a.length < n) a = this.tables[k] = new Int32Array(Math.max(n + (n >> 3), 64));
    // A loop below a few dozen entries: the builtin's argument checks cost more there.
    if (n <= 64) for (let i = 0; i < n; i++) a[i] = fill;
    else a.fill(fill, 0, n);
    return a;
  }

  /**
   * A list of `n` entries, each `fill`: the plan before's when it is long
   * (its length set to n: a list as long as the last is kept as it is),
   * else a fresh one.
   */
  blockLists<T>(n: number, fill: T): T[] {
    if (n < TYPED_FROM) return new Array<T>(n).fill(fill);
    const a = this.lists as T[];
    if (a.length !== n) a.length = n;
    return a.fill(fill);
  }
}
