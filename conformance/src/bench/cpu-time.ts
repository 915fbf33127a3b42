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
export { median } from "./stats.js";
