/**
 * The measures the in-process compile benchmarks share: CPU time of a call
 * (user + system of this process, which other processes on a busy machine
 * cannot inflate the way they inflate wall time) and the median.
 */

/** `fn`'s result and the CPU milliseconds it took. */
export function cpu<T>(fn: () => T): [T, number] {
  const t0 = process.cpuUsage();
  const v = fn();
  const d = process.cpuUsage(t0);
  return [v, (d.user + d.system) / 1000];
}

/** The median of `xs` (the mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}
