/**
 * Fuzzing in several worker processes: batch b goes to worker b % jobs, so
 * the cases, their batches and their results are those of one process; the
 * summaries are merged, failures in case order.
 */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { FuzzOptions, FuzzSummary } from "./fuzz.js";

export async function fuzzParallel(o: FuzzOptions, jobs: number): Promise<FuzzSummary> {
  const { log, ...rest } = o;
  const t0 = Date.now();
  const worker = fileURLToPath(new URL("./worker.js", import.meta.url));
  const parts = await Promise.all(Array.from({ length: jobs }, (_, index) => new Promise<FuzzSummary>((resolve, reject) => {
    const w = fork(worker, [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    let summary: FuzzSummary | null = null;
    w.on("message", (msg: { log?: string; summary?: FuzzSummary }) => {
      if (msg.log !== undefined) log?.(msg.log);
      if (msg.summary) summary = msg.summary;
    });
    w.on("error", reject);
    w.on("exit", (code) => (summary && code === 0 ? resolve(summary) : reject(new Error(`fuzz worker ${index} exited with ${code}`))));
    w.send({ ...rest, shard: { index, of: jobs } });
  })));
  const sum = (k: "cases" | "passed" | "failed" | "skipped" | "runs") => parts.reduce((n, p) => n + p[k], 0);
  return {
    cases: sum("cases"), passed: sum("passed"), failed: sum("failed"), skipped: sum("skipped"), runs: sum("runs"),
    ms: Date.now() - t0, failures: parts.flatMap((p) => p.failures).sort((a, b) => a.index - b.index),
  };
}
