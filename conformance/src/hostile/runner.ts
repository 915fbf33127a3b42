/**
 * Runs hostile-input jobs in a child process (child.ts) under a time box per
 * input and a heap cap. A child that overruns is killed and the input
 * recorded as a hang; a child that dies (out of memory, a signal) records
 * the input as died; either way a fresh child takes the remaining inputs.
 */
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Job } from "./child.js";
import type { Verdict } from "./check.js";

export type Outcome = Verdict | { readonly kind: "hang"; readonly ms: number } | { readonly kind: "died"; readonly detail: string };

export interface JobResult {
  readonly job: Job;
  readonly outcome: Outcome;
  readonly ms: number;
}

export interface RunnerOptions {
  /** Milliseconds one input may take (default 30 s). */
  readonly timeBoxMs?: number;
  /** Heap cap of the child in MiB (default 1024). */
  readonly heapMiB?: number;
}

const CHILD = fileURLToPath(new URL("./child.js", import.meta.url));

export async function runJobs(jobs: readonly Job[], o: RunnerOptions = {}): Promise<JobResult[]> {
  const results: JobResult[] = [];
  let child: ChildProcess | null = null;
  const spawn = () => fork(CHILD, [], { execArgv: [`--max-old-space-size=${o.heapMiB ?? 1024}`], stdio: ["ignore", "ignore", "pipe", "ipc"] });
  for (const job of jobs) {
    child ??= spawn();
    const c: ChildProcess = child;
    const t0 = Date.now();
    const outcome = await new Promise<Outcome>((resolve) => {
      let stderr = "";
      const onErr = (d: Buffer) => { stderr += d.toString(); };
      const done = (x: Outcome) => {
        clearTimeout(timer);
        c.off("message", onMessage);
        c.off("exit", onExit);
        c.stderr?.off("data", onErr);
        resolve(x);
      };
      const onMessage = (msg: { id: number; verdict: Verdict }) => { if (msg.id === job.id) done(msg.verdict); };
      const onExit = (code: number | null, signal: string | null) => {
        child = null;
        done({ kind: "died", detail: `exit ${code ?? signal}: ${stderr.split("\n").filter(Boolean).slice(0, 3).join(" | ").slice(0, 400)}` });
      };
      const timer = setTimeout(() => {
        c.off("exit", onExit);
        c.kill("SIGKILL");
        child = null;
        done({ kind: "hang", ms: Date.now() - t0 });
      }, o.timeBoxMs ?? 30_000);
      c.on("message", onMessage);
      c.on("exit", onExit);
      c.stderr?.on("data", onErr);
      c.send(job);
    });
    results.push({ job, outcome, ms: Date.now() - t0 });
  }
  (child as ChildProcess | null)?.kill();
  return results;
}
