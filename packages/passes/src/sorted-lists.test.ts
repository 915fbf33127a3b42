/** The binary searches of sorted-lists.ts against scans of the entries, on random sorted lists and ranges. */
import test from "ava";
import { firstAbove, firstAboveBig, firstAtLeast, firstAtLeastBig, holdsBetween } from "./sorted-lists.js";

let seed = 91;
const below = (k: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % k;
/** A random ascending list of up to 11 entries in [0, 30), and a range [lo, hi) of its positions. */
function randomList(): { xs: number[]; lo: number; hi: number } {
  const xs = Array.from({ length: below(12) }, () => below(30)).sort((a, b) => a - b);
  const lo = below(xs.length + 1);
  return { xs, lo, hi: lo + below(xs.length - lo + 1) };
}
/** The first position in [lo, hi) whose entry passes, else hi. */
function scan(xs: readonly number[], lo: number, hi: number, pass: (x: number) => boolean): number {
  for (let i = lo; i < hi; i++) if (pass(xs[i]!)) return i;
  return hi;
}

test("holdsBetween answers as a scan of xs[lo .. hi) for an entry in [from, to)", (t) => {
  for (let i = 0; i < 3000; i++) {
    const { xs, lo, hi } = randomList(), from = below(32), to = from + below(8);
    const want = xs.slice(lo, hi).some((x) => x >= from && x < to);
    t.is(holdsBetween(xs, lo, hi, from, to), want, `${JSON.stringify(xs)} [${lo}, ${hi}) in [${from}, ${to})`);
  }
});

test("firstAtLeast and firstAbove find what a scan of xs[lo .. hi) finds", (t) => {
  for (let i = 0; i < 3000; i++) {
    const { xs, lo, hi } = randomList(), x = below(32) - 1, at = `${JSON.stringify(xs)} [${lo}, ${hi}) x ${x}`;
    t.is(firstAtLeast(xs, lo, hi, x), scan(xs, lo, hi, (e) => e >= x), `at least: ${at}`);
    t.is(firstAbove(xs, lo, hi, x), scan(xs, lo, hi, (e) => e > x), `above: ${at}`);
  }
});

test("firstAtLeastBig and firstAboveBig find the same over lists of numbers and bigints", (t) => {
  for (let i = 0; i < 3000; i++) {
    const { xs } = randomList(), x = below(32) - 1;
    // Every other entry a bigint, and the key one every other time: the lists the range analysis's steps are.
    const mixed = xs.map((e, k) => (k % 2 ? BigInt(e) : e)), key = i % 2 ? BigInt(x) : x, at = `${JSON.stringify(xs)} x ${x}`;
    t.is(firstAtLeastBig(mixed, key), scan(xs, 0, xs.length, (e) => e >= x), `at least: ${at}`);
    t.is(firstAboveBig(mixed, key), scan(xs, 0, xs.length, (e) => e > x), `above: ${at}`);
  }
});
