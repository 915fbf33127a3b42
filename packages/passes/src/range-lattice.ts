/**
 * The interval lattice of the range analysis: integers, intervals and the
 * operations on them (join, meet, the condition of a signed comparison, and
 * narrowing by a branch).
 *
 * Exact integers without allocating: a bound is a `Z`, a JS number when it is
 * a safe integer (|x| <= 2^53 - 1) and a BigInt only beyond that (i64
 * extremes). The form is canonical (never a BigInt that fits in a number), so
 * `===` is equality; `<` and `>` compare numbers and BigInts exactly. The
 * arithmetic helpers take the number path when the rounded result is still a
 * safe integer, which proves it exact (rounding is monotone and 2^53 is a
 * double), and redo the operation in BigInt otherwise.
 *
 * An interval may be empty (lo > hi) after narrowing; the solver treats an
 * empty interval on an edge as an infeasible edge.
 */
import type { Type } from "@fzy/ir";
import { firstAboveBig, firstAtLeastBig } from "./sorted-lists.js";

export type Z = number | bigint;

export interface Iv {
  readonly lo: Z;
  readonly hi: Z;
}

/** The canonical form of an integer. */
export function canon(b: bigint): Z {
  // Number(b) is exact exactly when |b| <= 2^53 - 1, and then a safe integer; beyond, it is at least
  // 2^53 in magnitude, which is not (one conversion instead of two BigInt comparisons).
  const n = Number(b);
  return Number.isSafeInteger(n) ? n : b;
}

export const big = (z: Z): bigint => (typeof z === "bigint" ? z : BigInt(z));

export function zadd(a: Z, b: Z): Z {
  if (typeof a === "number" && typeof b === "number") {
    const s = a + b;
    if (Number.isSafeInteger(s)) return s;
  }
  return canon(big(a) + big(b));
}

export function zsub(a: Z, b: Z): Z {
  if (typeof a === "number" && typeof b === "number") {
    const s = a - b;
    if (Number.isSafeInteger(s)) return s;
  }
  return canon(big(a) - big(b));
}

export function zmul(a: Z, b: Z): Z {
  if (typeof a === "number" && typeof b === "number") {
    const p = a * b;
    if (Number.isSafeInteger(p)) return p === 0 ? 0 : p; // no -0
  }
  return canon(big(a) * big(b));
}

export const zneg = (a: Z): Z => zsub(0, a);
export const zmin = (a: Z, b: Z): Z => (a < b ? a : b);
export const zmax = (a: Z, b: Z): Z => (a > b ? a : b);

/** The full range of each width 1..64, made once (an array index, not a map lookup, per transfer). */
const FULLS: readonly Iv[] = Array.from({ length: 65 }, (_, bits) => {
  if (bits === 0) return { lo: 0, hi: -1 };
  const h = 1n << BigInt(bits - 1);
  return { lo: canon(-h), hi: canon(h - 1n) };
});

/** The width of an integer type (0: not an integer). */
export const intBits = (t: Type): number => (t.kind === "int" ? t.bits : 0);

/** All values of a signed integer of `bits` bits (1..64). */
export function full(bits: number): Iv {
  return FULLS[bits]!;
}

/** All values of an unsigned integer of each width 0..64 (0 .. 2^bits - 1), made once. */
const UFULLS: readonly Iv[] = Array.from({ length: 65 }, (_, bits) => ({ lo: 0, hi: canon((1n << BigInt(bits)) - 1n) }));

/** All values of an unsigned integer of `bits` bits (1..64), as mathematical values. */
export function fullUnsigned(bits: number): Iv {
  return UFULLS[bits]!;
}

/** `value` wrapped to a signed integer of `bits` bits (BigInt.asIntN), without a BigInt when it is a safe integer within the width. */
export function wrapTo(bits: number, value: bigint): Z {
  const n = Number(value), f = FULLS[bits]!;
  // Past 53 bits every safe integer is within the width (and f's bounds are BigInts: no mixed comparison).
  if (Number.isSafeInteger(n) && (bits > 53 || (n >= (f.lo as number) && n <= (f.hi as number)))) return n;
  return canon(BigInt.asIntN(bits, value));
}

/** Least upper bound; `a` undefined is bottom. */
export const join = (a: Iv | undefined, b: Iv): Iv => (a ? { lo: a.lo < b.lo ? a.lo : b.lo, hi: a.hi > b.hi ? a.hi : b.hi } : b);
/** Greatest lower bound (may be empty); one of the two when it is that one (no allocation: the solver meets at every operand read). */
export function meet(a: Iv, b: Iv): Iv {
  const lo = a.lo > b.lo ? a.lo : b.lo, hi = a.hi < b.hi ? a.hi : b.hi;
  if (lo === a.lo && hi === a.hi) return a;
  if (lo === b.lo && hi === b.hi) return b;
  return { lo, hi };
}
export const same = (a: Iv | undefined, b: Iv | undefined): boolean => a === b || (!!a && !!b && a.lo === b.lo && a.hi === b.hi);
export const isEmpty = (a: Iv): boolean => a.lo > a.hi;

const NEGATED: Readonly<Record<string, string>> = { slt: "sge", sge: "slt", sgt: "sle", sle: "sgt", eq: "ne", ne: "eq" };
/** The code with the operands swapped: `x cc y` is `y swapped(cc) x`. */
export const SWAPPED: Readonly<Record<string, string>> = { slt: "sgt", sle: "sge", sgt: "slt", sge: "sle", eq: "eq", ne: "ne" };

/** The condition `x cc k` (taken or not) as an interval for x, for signed codes; undefined when it says nothing. */
export function condRange(cc: string, k: Iv, bits: number, taken: boolean): Iv | undefined {
  const f = full(bits);
  switch (taken ? cc : NEGATED[cc]) {
    case "slt": return { lo: f.lo, hi: zsub(k.hi, 1) };
    case "sle": return { lo: f.lo, hi: k.hi };
    case "sgt": return { lo: zadd(k.lo, 1), hi: f.hi };
    case "sge": return { lo: k.lo, hi: f.hi };
    case "eq": return k;
    default: return undefined;
  }
}

/** Narrow x by `x cc k` (taken or not); `ne` against a bound of x shrinks that bound. */
export function narrow(x: Iv, cc: string, k: Iv, bits: number, taken: boolean): Iv {
  const r = condRange(cc, k, bits, taken);
  let out = r ? meet(x, r) : x;
  const isNe = (cc === "ne") === taken;
  if (isNe && k.lo === k.hi && (cc === "ne" || cc === "eq")) {
    if (out.hi === k.lo) out = { lo: out.lo, hi: zsub(out.hi, 1) };
    if (out.lo === k.lo) out = { lo: zadd(out.lo, 1), hi: out.hi };
  }
  return out;
}

/** `[lo, hi]` when it fits in `bits` bits, else the full range (the operation may wrap). */
export function clamp(lo: Z, hi: Z, bits: number): Iv {
  const f = full(bits);
  return lo < f.lo || hi > f.hi ? f : { lo, hi };
}

/** clamp, as `prev` when that is the result (a transfer's result usually repeats its last one: no new object). */
export function clampAs(lo: Z, hi: Z, bits: number, prev: Iv | undefined): Iv {
  const f = full(bits);
  if (lo < f.lo || hi > f.hi) return f;
  return prev !== undefined && prev.lo === lo && prev.hi === hi ? prev : { lo, hi };
}

/** Sorted, de-duplicated. */
export function sortedUnique(xs: Iterable<Z>): Z[] {
  const all = [...xs];
  if (all.every((x) => typeof x === "number")) {
    // All safe integers (the common case): a numeric typed sort, then one pass drops repeats.
    const sorted = Float64Array.from(all as number[]).sort();
    const out: Z[] = [];
    for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) out.push(sorted[i]!);
    return out;
  }
  return [...new Set(all)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The smallest element of sorted `xs` that is >= x, or undefined. */
export function ceilOf(xs: readonly Z[], x: Z): Z | undefined {
  return xs[firstAtLeastBig(xs, x)];
}

/** The largest element of sorted `xs` that is <= x, or undefined. */
export function floorOf(xs: readonly Z[], x: Z): Z | undefined {
  const above = firstAboveBig(xs, x);
  return above > 0 ? xs[above - 1] : undefined;
}

/**
 * `o` widened by `r`: a bound that moves jumps to the next of `steps`
 * within `limits` (the type's full range; the join itself when undefined),
 * else to the limit; `o` itself when neither bound moves, `r` itself when
 * the result equals it (a state keeps the objects it came with, so states
 * compare by identity where they are equal).
 */
export function widenTo(o: Iv, r: Iv, steps: readonly Z[], limits: Iv | undefined): Iv {
  // The join's bounds, without an object for it.
  const jlo = r.lo < o.lo ? r.lo : o.lo, jhi = r.hi > o.hi ? r.hi : o.hi;
  const flo = limits ? limits.lo : jlo, fhi = limits ? limits.hi : jhi;
  const up = jhi > o.hi ? ceilWithin(steps, jhi, fhi) : o.hi;
  const down = jlo < o.lo ? floorWithin(steps, jlo, flo) : o.lo;
  if (up === o.hi && down === o.lo) return o;
  return up === r.hi && down === r.lo ? r : { lo: down, hi: up };
}

/** The next step at or above x when it is at most `limit`, else the limit. */
function ceilWithin(steps: readonly Z[], x: Z, limit: Z): Z {
  const c = ceilOf(steps, x);
  return c !== undefined && c <= limit ? c : limit;
}

/** The next step at or below x when it is at least `limit`, else the limit. */
function floorWithin(steps: readonly Z[], x: Z, limit: Z): Z {
  const c = floorOf(steps, x);
  return c !== undefined && c >= limit ? c : limit;
}
