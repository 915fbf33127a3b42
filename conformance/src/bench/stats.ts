/**
 * The statistics of the benchmark: a seeded PRNG (so run order and
 * bootstrap intervals are reproducible from the seed in bench.json),
 * shuffling, medians and percentile-bootstrap intervals.
 *
 * Timings on a shared machine have outliers in one direction (a run is only
 * ever slowed down), so every estimate is a median, never a mean.
 */

/** A PRNG returning floats in [0, 1): mulberry32, small and good enough to shuffle and resample. */
export type Random = () => number;

export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A shuffled copy (Fisher-Yates). */
export function shuffled<T>(items: readonly T[], random: Random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error("median of no samples");
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The q-quantile (0..1) of sorted values, interpolating linearly. */
function quantileSorted(s: readonly number[], q: number): number {
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

/**
 * The p-th percentile (0..100) of samples, interpolating linearly between
 * order statistics (Hyndman and Fan's definition 7, as numpy and R default
 * to): p50 is the median, p95 sits between the two slowest of 20 samples.
 */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) throw new Error("percentile of no samples");
  if (!(p >= 0 && p <= 100)) throw new Error(`percentile ${p} is not in 0..100`);
  return quantileSorted([...xs].sort((a, b) => a - b), p / 100);
}

/** A point estimate with its 95% interval. */
export interface Estimate {
  readonly value: number;
  readonly lo: number;
  readonly hi: number;
}

/** Resamples drawn for every interval; enough for stable 2.5/97.5 percentiles. */
export const BOOTSTRAP_RESAMPLES = 10_000;

/**
 * Percentile bootstrap of `statistic` over paired samples: rounds are drawn
 * with replacement, keeping each round's pair together, so that a slow
 * moment of the machine that hit both sides of a round stays paired.
 */
export function bootstrapPaired(
  a: readonly number[],
  b: readonly number[],
  statistic: (a: readonly number[], b: readonly number[]) => number,
  random: Random,
  resamples = BOOTSTRAP_RESAMPLES,
): Estimate {
  if (a.length !== b.length || a.length === 0) throw new Error("bootstrap needs two non-empty samples of equal length");
  const n = a.length;
  const stats: number[] = new Array(resamples);
  const ra: number[] = new Array(n);
  const rb: number[] = new Array(n);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) {
      const k = Math.floor(random() * n);
      ra[i] = a[k]!;
      rb[i] = b[k]!;
    }
    stats[r] = statistic(ra, rb);
  }
  stats.sort((x, y) => x - y);
  return { value: statistic(a, b), lo: quantileSorted(stats, 0.025), hi: quantileSorted(stats, 0.975) };
}

/** The median of the per-round ratios a[i] / b[i]. */
export function medianOfRatios(a: readonly number[], b: readonly number[]): number {
  return median(a.map((x, i) => x / b[i]!));
}

/** median(a) / median(b). */
export function ratioOfMedians(a: readonly number[], b: readonly number[]): number {
  return median(a) / median(b);
}
