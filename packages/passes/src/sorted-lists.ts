/**
 * Questions to sorted lists, by binary search: of small integers (places,
 * preorder numbers, value ids), and of integers that may be bigints
 * (switch cases, the range analysis's widening steps). Two families, not
 * one: a comparison that meets both numbers and bigints is slower for
 * both, and the searches of small integers are on the range analysis's hot
 * paths.
 */

/** The first position in the ascending xs[lo .. hi) whose entry is >= x (hi when none is). */
export function firstAtLeast(xs: ArrayLike<number>, lo: number, hi: number, x: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first position in the ascending xs[lo .. hi) whose entry is > x (hi when none is). */
export function firstAbove(xs: ArrayLike<number>, lo: number, hi: number, x: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether the ascending entries xs[lo .. hi) hold one in [from, to). */
export function holdsBetween(xs: ArrayLike<number>, lo: number, hi: number, from: number, to: number): boolean {
  const at = firstAtLeast(xs, lo, hi, from);
  return at < hi && xs[at]! < to;
}

/** firstAtLeast over all of `xs`, whose entries may be bigints. */
export function firstAtLeastBig(xs: readonly (number | bigint)[], x: number | bigint): number {
  let lo = 0, hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** firstAbove over all of `xs`, whose entries may be bigints. */
export function firstAboveBig(xs: readonly (number | bigint)[], x: number | bigint): number {
  let lo = 0, hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
