/**
 * Runs the built executables: first once each to check the checksum at the
 * benchmark size (a wrong binary must never be timed), then in rounds.
 *
 * Every round visits the kernels in a fresh shuffled order and, within a
 * kernel, its columns in a fresh shuffled order, all from one seeded PRNG:
 * the runs compared with each other (one kernel, every column) sit next to
 * each other in time, and no column always runs first or last. Each sample
 * is the wall time of one process run, from spawn to exit, taken with
 * process.hrtime.bigint() around a synchronous spawn (for the warm wasm
 * column, around one call in this process); the output of every timed run is
 * checked again. The first `warmup` rounds are discarded.
 */
import { spawnSync } from "node:child_process";
import type { KernelName } from "../kernels.js";
import { type Random, shuffled } from "./stats.js";

/** One executable to time: a kernel in a column. */
export interface Job {
  readonly kernel: KernelName;
  readonly column: string;
  readonly exe: string;
  /** Runs the kernel in this process instead of spawning `exe` (the warm wasm column); returns what it prints. */
  readonly inProcess?: (n: number) => string;
}

export interface MeasureOptions {
  readonly n: number;
  readonly rounds: number;
  readonly warmup: number;
  readonly random: Random;
  readonly expected: (kernel: KernelName) => number;
  /** Called after every round with a one-line progress message. */
  readonly progress?: (line: string) => void;
}

/** Milliseconds per kernel, then per column; one sample per measured round. */
export type Samples = Map<KernelName, Map<string, number[]>>;

/** Runs `job` once; returns its wall time in ms, throwing when it fails or prints anything but `expected`. */
export function runTimed(job: Job, n: number, expected: number): number {
  if (job.inProcess) return runInProcess(job, job.inProcess, n, expected);
  const t0 = process.hrtime.bigint();
  const r = spawnSync(job.exe, [String(n)], { encoding: "utf8", maxBuffer: 1 << 20 });
  const t1 = process.hrtime.bigint();
  if (r.error) throw new Error(`${job.kernel} [${job.column}]: cannot run: ${r.error.message}`);
  const out = r.stdout.trim();
  if (r.status !== 0 || out !== String(expected)) {
    const err = r.stderr.trim();
    const got = r.status === 0 ? JSON.stringify(out) : `exit ${r.status ?? r.signal}${err ? ` (${err})` : ""}`;
    throw new Error(`${job.kernel} [${job.column}]: checksum mismatch at n=${n}: got ${got}, KERNELS.md says ${expected}`);
  }
  return Number(t1 - t0) / 1e6;
}

/** The wall time of one in-process call, checked like a process's output. */
function runInProcess(job: Job, run: (n: number) => string, n: number, expected: number): number {
  const t0 = process.hrtime.bigint();
  let out: string;
  try {
    out = run(n);
  } catch (e) {
    throw new Error(`${job.kernel} [${job.column}]: failed at n=${n}: ${(e as Error).message}`);
  }
  const t1 = process.hrtime.bigint();
  if (out !== String(expected)) throw new Error(`${job.kernel} [${job.column}]: checksum mismatch at n=${n}: got ${JSON.stringify(out)}, KERNELS.md says ${expected}`);
  return Number(t1 - t0) / 1e6;
}

/** Checks every job's checksum once; throws, naming every failing job, before anything is timed. */
export function verifyChecksums(jobs: readonly Job[], n: number, expected: (k: KernelName) => number): void {
  const failures: string[] = [];
  for (const job of jobs) {
    try {
      runTimed(job, n, expected(job.kernel));
    } catch (e) {
      failures.push((e as Error).message);
    }
  }
  if (failures.length) throw new Error(`checksum verification failed; nothing was timed:\n  ${failures.join("\n  ")}`);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(0)} s`;
}

/** Times every job for warmup + rounds rounds. */
export function measure(jobs: readonly Job[], o: MeasureOptions): Samples {
  const byKernel = new Map<KernelName, Job[]>();
  for (const job of jobs) byKernel.set(job.kernel, [...(byKernel.get(job.kernel) ?? []), job]);
  const samples: Samples = new Map([...byKernel.keys()].map((k) => [k, new Map(byKernel.get(k)!.map((j) => [j.column, []]))]));
  const total = o.warmup + o.rounds;
  const start = Date.now();
  for (let round = 0; round < total; round++) {
    const measured = round >= o.warmup;
    for (const kernel of shuffled([...byKernel.keys()], o.random)) {
      for (const job of shuffled(byKernel.get(kernel)!, o.random)) {
        const ms = runTimed(job, o.n, o.expected(kernel));
        if (measured) samples.get(kernel)!.get(job.column)!.push(ms);
      }
    }
    const elapsed = Date.now() - start;
    const left = (elapsed / (round + 1)) * (total - round - 1);
    o.progress?.(
      `round ${round + 1}/${total}${measured ? "" : " (warm-up)"}: ${jobs.length} runs, ${seconds(elapsed)} elapsed, about ${seconds(left)} left`,
    );
  }
  return samples;
}
