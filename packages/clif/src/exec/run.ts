/**
 * Running a built executable: its output, exit status and the signal that
 * ended it, with a time box so a runaway program cannot hang a caller.
 */
import { spawnSync } from "node:child_process";

/** What a finished process left behind. */
export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
  /** Exit status, or null when a signal ended the process. */
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** Runs `path` with `args`; throws only when the program cannot be started. */
export function runExecutable(path: string, args: readonly string[] = [], timeoutMs = 60_000): RunResult {
  const r = spawnSync(path, args, { encoding: "utf8", timeout: timeoutMs, maxBuffer: 64 << 20 });
  if (r.error) throw new Error(`cannot run ${path}: ${r.error.message}`);
  return { stdout: r.stdout, stderr: r.stderr, status: r.status, signal: r.signal };
}
