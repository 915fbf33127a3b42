/**
 * Questions to sorted lists of integers (places, preorder numbers), by
 * binary search.
 */

/** Whether the ascending entries xs[lo .. hi) hold one in [from, to). */
export function holdsBetween(xs: ArrayLike<number>, lo: number, hi: number, from: number, to: number): boolean {
  const end = hi;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < end && xs[lo]! < to;
}
