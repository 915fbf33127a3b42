/**
 * The operand lists (`Inst.args`) the parser gives instructions. A list of
 * small value ids (all below SHARED_BELOW) is one array shared by every
 * instruction of the module that has that list: values are numbered densely
 * in each function, so the same short lists (`[0]`, `[2, 3]`) recur from
 * function to function, and a module of many small functions holds about
 * one array per distinct list instead of one per instruction. A list that
 * holds a larger id belongs to a large function, where lists seldom repeat,
 * so it is a fresh exact copy: finding it again would cost a hashed look-up
 * per instruction and keep a table entry per list, for no array saved.
 * `Inst.args` is readonly data (module.ts) that no code writes or keys a
 * table on, as for the shared immediates (resolve-imms.ts).
 *
 * Every list is a packed array of small integers made by a literal or
 * sliced from a packed one, the one array kind the passes' loops see.
 */
import type { ValueId } from "./module.js";

/** Lists whose ids are all below this are shared; `[a, b]` of such ids is found in a table row by row (at most SHARED_BELOW^2 entries). */
export const SHARED_BELOW = 256;

/** Operand lists of one module being parsed. */
export class ArgLists {
  /** The list of no operand. */
  readonly none: ValueId[] = [];
  /** `[v]` by `v` (below SHARED_BELOW). */
  private readonly ones: (ValueId[] | undefined)[] = [];
  /** `[a, b]` by `a` then `b`, both below SHARED_BELOW (rows grown by push: dense arrays, never holey ones). */
  private readonly pairs: (ValueId[] | undefined)[][] = [];
  /** Other lists of small ids by a hash of their ids (a small integer, so the Map keys are never heap numbers), each bucket a few lists. */
  private readonly buckets = new Map<number, ValueId[][]>();

  /** `[a]`: the shared one when `a` is small. */
  one(a: ValueId): ValueId[] {
    if (a >= SHARED_BELOW) return [a];
    const ones = this.ones;
    while (ones.length <= a) ones.push(undefined);
    return (ones[a] ??= [a]);
  }

  /** `[a, b]`: the shared one when both are small. */
  two(a: ValueId, b: ValueId): ValueId[] {
    if (a >= SHARED_BELOW || b >= SHARED_BELOW) return [a, b];
    const pairs = this.pairs;
    while (pairs.length <= a) pairs.push([]);
    const row = pairs[a]!;
    while (row.length <= b) row.push(undefined);
    return (row[b] ??= [a, b]);
  }

  /**
   * The list of the first `n` entries of `ids` (a scratch array the caller
   * may reuse, packed; the list given is an exact copy, a literal or a slice).
   */
  of(ids: readonly ValueId[], n: number): ValueId[] {
    if (n === 0) return this.none;
    if (n === 1) return this.one(ids[0]!);
    if (n === 2) return this.two(ids[0]!, ids[1]!);
    for (let k = 0; k < n; k++) if (ids[k]! >= SHARED_BELOW) return exactCopy(ids, n);
    return this.hashed(ids, n);
  }

  /** `of` of three or more small ids, through the hashed buckets. */
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

/**
 * The first `n` (at least 3) entries of `ids` in a packed array of exactly `n` slots: a literal, or a slice of
 * the packed scratch list (an array pushed from empty would reserve 17 slots and keep them).
 */
function exactCopy(ids: readonly ValueId[], n: number): ValueId[] {
  if (n === 3) return [ids[0]!, ids[1]!, ids[2]!];
  return ids.slice(0, n);
}

/** Whether `list` is exactly the first `n` entries of `ids`. */
function sameIds(list: readonly ValueId[], ids: readonly ValueId[], n: number): boolean {
  if (list.length !== n) return false;
  for (let k = 0; k < n; k++) if (list[k] !== ids[k]) return false;
  return true;
}
