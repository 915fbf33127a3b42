/**
 * The operand lists (`Inst.args`) the parser gives instructions, one array
 * per distinct list of value ids and shared by every instruction of the
 * module that has that list: values are numbered densely in each function,
 * so the same short lists (`[0]`, `[2, 3]`) recur from function to function,
 * and a module of n instructions holds about one array per distinct list
 * instead of n. `Inst.args` is readonly data (module.ts) that no code
 * writes or keys a table on, as for the shared immediates (resolve-imms.ts).
 *
 * Every list is a packed array of small integers made by a literal or by
 * push, the one array kind the passes' loops see.
 */
import type { ValueId } from "./module.js";

/** Value ids below this find a pair in a table row by row (at most DENSE^2 entries); larger ones through a Map. */
const DENSE = 256;
/** Value ids below this pair into one small-integer Map key (`a * PAIR_KEY + b` < 2^30, never a heap number); a larger one is hashed with the longer lists. */
const PAIR_KEY = 1 << 15;

/** Shared operand lists of one module being parsed. */
export class ArgLists {
  /** The list of no operand. */
  readonly none: ValueId[] = [];
  /** `[v]` by `v`. */
  private readonly ones: (ValueId[] | undefined)[] = [];
  /** `[a, b]` by `a` then `b`, both below DENSE (rows grown by push: dense arrays, never holey ones). */
  private readonly pairs: (ValueId[] | undefined)[][] = [];
  /** `[a, b]` with an id of at least DENSE (both below PAIR_KEY) by `a * PAIR_KEY + b`: a large function's pairs. */
  private readonly widePairs = new Map<number, ValueId[]>();
  /** Other lists by a hash of their ids (a small integer, so the Map keys are never heap numbers), each bucket a few lists. */
  private readonly buckets = new Map<number, ValueId[][]>();

  /** The shared `[a]`. */
  one(a: ValueId): ValueId[] {
    const ones = this.ones;
    while (ones.length <= a) ones.push(undefined);
    return (ones[a] ??= [a]);
  }

  /** The shared `[a, b]`. */
  two(a: ValueId, b: ValueId): ValueId[] {
    if (a >= DENSE || b >= DENSE) return a < PAIR_KEY && b < PAIR_KEY ? this.widePair(a, b) : this.hashed([a, b], 2);
    const pairs = this.pairs;
    while (pairs.length <= a) pairs.push([]);
    const row = pairs[a]!;
    while (row.length <= b) row.push(undefined);
    return (row[b] ??= [a, b]);
  }

  /** `two` of ids of which one is at least DENSE, both below PAIR_KEY. */
  private widePair(a: ValueId, b: ValueId): ValueId[] {
    const key = a * PAIR_KEY + b;
    let list = this.widePairs.get(key);
    if (list === undefined) this.widePairs.set(key, (list = [a, b]));
    return list;
  }

  /**
   * The shared list equal to the first `n` entries of `ids` (a scratch
   * array the caller may reuse; the list kept is an exact copy made by push).
   */
  of(ids: readonly ValueId[], n: number): ValueId[] {
    if (n === 0) return this.none;
    if (n === 1) return this.one(ids[0]!);
    if (n === 2) return this.two(ids[0]!, ids[1]!);
    return this.hashed(ids, n);
  }

  /** `of` through the hashed buckets. */
  private hashed(ids: readonly ValueId[], n: number): ValueId[] {
    let h = n;
    for (let k = 0; k < n; k++) h = Math.imul(h ^ ids[k]!, 0x01000193);
    h &= 0x3fffffff;
    let bucket = this.buckets.get(h);
    if (bucket === undefined) this.buckets.set(h, (bucket = []));
    for (let j = 0; j < bucket.length; j++) if (sameIds(bucket[j]!, ids, n)) return bucket[j]!;
    const made = exactCopy(ids, n);
    bucket.push(made);
    return made;
  }
}

/** The first `n` (at least 2) entries of `ids` in a packed array: a literal holds no spare room; a longer list is pushed, as before sharing. */
function exactCopy(ids: readonly ValueId[], n: number): ValueId[] {
  if (n === 2) return [ids[0]!, ids[1]!];
  if (n === 3) return [ids[0]!, ids[1]!, ids[2]!];
  const made: ValueId[] = [];
  for (let k = 0; k < n; k++) made.push(ids[k]!);
  return made;
}

/** Whether `list` is exactly the first `n` entries of `ids`. */
function sameIds(list: readonly ValueId[], ids: readonly ValueId[], n: number): boolean {
  if (list.length !== n) return false;
  for (let k = 0; k < n; k++) if (list[k] !== ids[k]) return false;
  return true;
}
