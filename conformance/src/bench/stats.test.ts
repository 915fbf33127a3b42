/**
 * The benchmark's statistics: the PRNG is reproducible from its seed,
 * shuffling permutes, medians are medians, and a bootstrap interval brackets
 * its estimate and is the same for the same seed.
 */
import test from "ava";
import { bootstrapPaired, median, medianOfRatios, percentile, ratioOfMedians, seededRandom, shuffled } from "./stats.js";

test("the PRNG is reproducible from its seed and stays in [0, 1)", (t) => {
  const a = seededRandom(42);
  const b = seededRandom(42);
  const xs = Array.from({ length: 1000 }, () => a());
  t.deepEqual(xs, Array.from({ length: 1000 }, () => b()));
  t.true(xs.every((x) => x >= 0 && x < 1));
  t.notDeepEqual(xs.slice(0, 5), Array.from({ length: 5 }, seededRandom(43)));
});

test("shuffled returns a permutation and leaves its input alone", (t) => {
  const input = [1, 2, 3, 4, 5, 6, 7, 8];
  const out = shuffled(input, seededRandom(7));
  t.deepEqual([...out].sort((x, y) => x - y), input);
  t.deepEqual(input, [1, 2, 3, 4, 5, 6, 7, 8]);
});

test("median of odd and even counts", (t) => {
  t.is(median([3, 1, 2]), 2);
  t.is(median([4, 1, 3, 2]), 2.5);
  t.throws(() => median([]));
});

test("paired ratio statistics", (t) => {
  t.is(medianOfRatios([2, 4, 9], [1, 2, 3]), 2);
  t.is(ratioOfMedians([2, 4, 9], [1, 2, 3]), 2);
});

test("a bootstrap interval brackets its estimate and is reproducible", (t) => {
  const base = Array.from({ length: 15 }, (_, i) => 100 + (i % 5));
  const other = base.map((x, i) => x * (1.1 + ((i % 3) - 1) * 0.01));
  const e1 = bootstrapPaired(other, base, medianOfRatios, seededRandom(1), 2000);
  const e2 = bootstrapPaired(other, base, medianOfRatios, seededRandom(1), 2000);
  t.deepEqual(e1, e2);
  t.true(e1.lo <= e1.value && e1.value <= e1.hi);
  t.true(e1.lo > 1.05 && e1.hi < 1.15);
});

test("percentiles interpolate between order statistics (p50 is the median)", (t) => {
  const xs = [5, 1, 4, 2, 3];
  t.is(percentile(xs, 50), median(xs));
  t.is(percentile(xs, 0), 1);
  t.is(percentile(xs, 100), 5);
  t.is(percentile(xs, 95), 4.8);
  t.is(percentile(Array.from({ length: 20 }, (_, i) => i + 1), 95), 19.05);
  t.throws(() => percentile([], 50));
  t.throws(() => percentile(xs, 101));
});
