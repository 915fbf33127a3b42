/**
 * A fuzzing worker process: runs its shard of the batches (fuzz.ts) and
 * sends progress lines and its summary to the parent (parallel.ts). Workers
 * are processes, not threads: the native toolchain names its work
 * directories by process id, and native builds are single-threaded, so one
 * worker per core roughly divides the time.
 */
import { fuzz, type FuzzOptions } from "./fuzz.js";

process.once("message", (options: Omit<FuzzOptions, "log">) => {
  const summary = fuzz({ ...options, log: (line) => process.send!({ log: line }) });
  process.send!({ summary }, () => process.exit(0));
});
