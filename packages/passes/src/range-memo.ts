/**
 * Memoized recursion along definitions, for the range answers derived
 * without the fixpoint (range-quick.ts, range-witness.ts): each key is
 * derived at most once; a key met again while its derivation is under way
 * (a cycle) gets the caller's "cannot tell" answer, and so does a chain
 * deeper than the limit (the recursion stays shallow), which is not stored:
 * a shallower path to the same key may answer it.
 */

/** A key whose derivation is under way. */
export const PENDING: unique symbol = Symbol("pending");

/** What a memo holds for a key: its answer, PENDING, or undefined (not derived yet). */
export type Memoized<R> = R | typeof PENDING | undefined;

/** A memo by key (a Map fits, for sparse keys). */
export interface Memo<K extends number, R> {
  get(k: K): Memoized<R>;
  set(k: K, r: R | typeof PENDING): unknown;
}

/** A memo over the dense keys 0..n-1. */
export class DenseMemo<K extends number, R> implements Memo<K, R> {
  private readonly slots: Memoized<R>[];

  constructor(n: number) {
    this.slots = new Array<Memoized<R>>(n).fill(undefined);
  }

  get(k: K): Memoized<R> {
    return this.slots[k];
  }

  set(k: K, r: R | typeof PENDING): void {
    this.slots[k] = r;
  }
}

/** The depth of the derivations under way, shared by every memo of one evaluation (see the header). */
export class Recursion {
  private depth = 0;

  constructor(private readonly maxDepth: number) {}

  /** The answer for `k`: from `memo`, else `derive(k)`, stored; `unknown` for a cycle or past the depth limit. */
  memoized<K extends number, R>(memo: Memo<K, R>, k: K, unknown: R, derive: (k: K) => R): R {
    const known = memo.get(k);
    if (known === PENDING) return unknown;
    if (known !== undefined) return known;
    if (this.depth >= this.maxDepth) return unknown;
    memo.set(k, PENDING);
    this.depth++;
    const r = derive(k);
    this.depth--;
    memo.set(k, r);
    return r;
  }
}
