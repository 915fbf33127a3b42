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

/** Value ids below this pair up into one exact number key (2^26 squared is below 2^53). */
const PAIR_LIMIT = 1 << 26;

/** Shared operand lists of one module being parsed. */
export class ArgLists {
  /** The list of no operand. */
  readonly none: ValueId[] = [];
  /** `[v]` by `v`. */
  private readonly ones: (ValueId[] | undefined)[] = [];
  /** `[a, b]` by `a * PAIR_LIMIT + b`. */
  private readonly twos = new Map<number, ValueId[]>();
  /** Longer lists by their ids joined with commas. */
  private readonly longer = new Map<string, ValueId[]>();

  /** The shared `[a]`. */
  one(a: ValueId): ValueId[] {
    const ones = this.ones;
    while (ones.length <= a) ones.push(undefined); // grown by push: a dense array, never a holey one
    return (ones[a] ??= [a]);
  }

  /** The shared `[a, b]`. */
  two(a: ValueId, b: ValueId): ValueId[] {
    if (a >= PAIR_LIMIT || b >= PAIR_LIMIT) return [a, b];
    const key = a * PAIR_LIMIT + b;
    const known = this.twos.get(key);
    if (known !== undefined) return known;
    const made = [a, b];
    this.twos.set(key, made);
    return made;
  }

  /**
   * The shared list equal to the first `n` entries of `ids` (a scratch
   * array the caller reuses; the list kept is an exact copy made by push).
   */
  of(ids: readonly ValueId[], n: number): ValueId[] {
    if (n === 0) return this.none;
    if (n === 1) return this.one(ids[0]!);
    if (n === 2) return this.two(ids[0]!, ids[1]!);
    let key = `${ids[0]!}`;
    for (let k = 1; k < n; k++) key += `,${ids[k]!}`;
    const known = this.longer.get(key);
    if (known !== undefined) return known;
    const made: ValueId[] = [];
    for (let k = 0; k < n; k++) made.push(ids[k]!);
    this.longer.set(key, made);
    return made;
  }
}
