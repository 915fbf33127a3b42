/**
 * The measures the in-process compile benchmarks share: CPU time of a call
 * (user + system of this process, which other processes on a busy machine
 * cannot inflate the way they inflate wall time), wall time where CPU
 * time cannot see the work (a child process), and the median.
 */

/** `fn`'s result and the CPU milliseconds it took. */
export function cpu<T>(fn: () => T): [T, number] {
  const t0 = process.cpuUsage();
  const v = fn();
  const d = process.cpuUsage(t0);
  return [v, (d.user + d.system) / 1000];
}

/** `fn`'s result and the wall milliseconds it took: for a call that waits on another process, whose CPU `cpu` does not see. */
export function wall<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const v = fn();
  return [v, performance.now() - t0];
}

/** The median of `xs` (the mean of the middle two for an even count). */
export { median } from "./stats.js";
