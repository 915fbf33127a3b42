/**
 * The run history of the benchmark: every `pnpm bench` run is kept as one
 * JSON file (the whole bench.json of the run: machine, date, command,
 * settings, samples, p50/p95) in conformance/results/history/, named by its
 * date. One of them is the baseline the perf gate compares against; the
 * file `history/BASELINE` holds its name (one home for that choice: moving
 * the baseline is a one-line, reviewed change).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BenchResults } from "./results.js";

export const HISTORY_DIR = "history";
export const BASELINE_FILE = "BASELINE";

/** The file name of a run: its ISO date with ':' and '.' made file-name safe. */
export function runFileName(r: Pick<BenchResults, "date">): string {
  return `${r.date.replace(/[:.]/g, "-")}.json`;
}

/** Writes the run into `resultsDir`/history/; returns its path. */
export function writeRun(r: BenchResults, resultsDir: string): string {
  const dir = join(resultsDir, HISTORY_DIR);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, runFileName(r));
  writeFileSync(path, `${JSON.stringify(r, null, 2)}\n`);
  return path;
}

/** Every run file in the history, oldest first. */
export function listRuns(resultsDir: string): string[] {
  const dir = join(resultsDir, HISTORY_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith(".json")).sort().map((f) => join(dir, f));
}

/** Reads a run file; throws one readable line when it cannot. */
export function readRun(path: string): BenchResults {
  let r: BenchResults;
  try {
    r = JSON.parse(readFileSync(path, "utf8")) as BenchResults;
  } catch (e) {
    throw new Error(`cannot read ${path}: ${(e as Error).message.split("\n")[0]}`);
  }
  if (!r || typeof r !== "object" || !r.kernels || !r.settings || (r.version !== 1 && r.version !== 2)) {
    throw new Error(`${path} is not a benchmark run (version 1 or 2)`);
  }
  return r;
}

/** The path of the baseline run named in history/BASELINE, or null when none is set. */
export function baselinePath(resultsDir: string): string | null {
  const pointer = join(resultsDir, HISTORY_DIR, BASELINE_FILE);
  if (!existsSync(pointer)) return null;
  const name = readFileSync(pointer, "utf8").trim();
  if (!/^[\w.-]+\.json$/.test(name)) throw new Error(`${pointer} must hold the file name of a run in ${HISTORY_DIR}/, not '${name}'`);
  return join(resultsDir, HISTORY_DIR, name);
}
