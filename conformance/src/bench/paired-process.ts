/**
 * Paired A/B timing with a fresh process per tree and round: each round
 * starts one child for this tree and one for the other, in alternating
 * order (this-base, base-this, ...: ABBA across rounds, so a drift of the
 * machine's load favours neither). A child loads only its own tree's
 * packages, so neither tree's code shares a heap or JIT state with the
 * other's, and neither is favoured by running in the process that started
 * the comparison, as the in-process mode favours the tree it runs from.
 *
 * A child (compile-ab-child.js) prints one JSON line: the median CPU ms of
 * its timed runs and a hash of what it printed. Reported per input: the
 * median ms of each side, the median of the per-round ratios this / base
 * and their interquartile range, so that a reader can tell a 3% change
 * from the noise of the machine.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Backend } from "@fzy/lower";
import type { AbPhase } from "./compile-ab-args.js";
import { median, percentile } from "./stats.js";

/** The packages a child loads from the tree it times. */
export const TREE_ENTRIES = ["packages/ir/dist/index.js", "packages/lower/dist/index.js"] as const;

/** What one child process is asked to do. */
export interface ChildRequest {
  /** The built tree whose packages the child loads. */
  readonly tree: string;
  /** The .fzir text to parse, written once by the parent so both trees read the same bytes. */
  readonly input: string;
  readonly phase: AbPhase;
  /** The backend, for the `lower` phase. */
  readonly backend?: Backend;
  /** Untimed runs before the timed ones. */
  readonly warm: number;
  /** Timed runs. */
  readonly repeat: number;
}

/** What one child process reports: the median CPU ms of its timed runs and a hash of its output text. */
export interface ChildReport {
  readonly ms: number;
  readonly hash: string;
}

/** Per-round CPU ms of each side (this tree: `mine`), in round order. */
export interface ProcessRounds {
  readonly mine: number[];
  readonly base: number[];
}

/** The summary of the rounds: each side's median ms, the median ratio this / base and its quartiles. */
export interface RatioSummary {
  readonly mine: number;
  readonly base: number;
  readonly ratio: number;
  readonly q1: number;
  readonly q3: number;
}

/** Whether this tree's child runs first in `round` (ABBA: this first on even rounds). */
export function mineFirst(round: number): boolean {
  return round % 2 === 0;
}

/** The medians, the median ratio this / base and its interquartile range, of paired rounds. */
export function summarizeRounds(t: ProcessRounds): RatioSummary {
  if (t.mine.length === 0 || t.mine.length !== t.base.length) throw new Error("paired rounds need the same non-zero count of times on each side");
  const ratios = t.mine.map((x, i) => x / t.base[i]!);
  return { mine: median(t.mine), base: median(t.base), ratio: median(ratios), q1: percentile(ratios, 25), q3: percentile(ratios, 75) };
}

/** The report in a child's stdout: its last non-empty line, a JSON object with a positive `ms` and a string `hash`. */
export function parseChildReport(stdout: string): ChildReport {
  const line = stdout.trimEnd().split("\n").pop() ?? "";
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    throw new Error(`a child printed no report: ${JSON.stringify(line.slice(0, 200))}`);
  }
  const r = v as Partial<ChildReport> | null;
  if (typeof r !== "object" || r === null || typeof r.ms !== "number" || !(r.ms >= 0) || typeof r.hash !== "string") {
    throw new Error(`a child's report is not {"ms": number, "hash": string}: ${line.slice(0, 200)}`);
  }
  return { ms: r.ms, hash: r.hash };
}

/** An error unless `tree` is a built tree (has the dist of every package a child loads). */
export function checkBuiltTree(tree: string): void {
  for (const entry of TREE_ENTRIES) {
    if (!existsSync(resolve(tree, entry))) throw new Error(`${tree} is not a built tree: it has no ${entry} (run tsc -b there)`);
  }
}

const CHILD_SCRIPT = fileURLToPath(new URL("./compile-ab-child.js", import.meta.url));

/** Runs one child for `req` and returns its report; a failed child is an error carrying its first line of stderr. */
export function runChild(req: ChildRequest): ChildReport {
  const r = spawnSync(process.execPath, [CHILD_SCRIPT, JSON.stringify(req)], { encoding: "utf8", maxBuffer: 1 << 20 });
  if (r.error) throw new Error(`could not start a child for ${req.tree}: ${r.error.message}`);
  if (r.status !== 0) {
    const why = (r.stderr || "").trim().split("\n")[0] || `exit status ${r.status ?? r.signal}`;
    throw new Error(`the child timing ${req.tree} failed: ${why}`);
  }
  return parseChildReport(r.stdout);
}

/**
 * `rounds` paired rounds of fresh children, this tree (`mine`) against
 * `base`, in ABBA order; `differ` names what differs when the two trees'
 * hashes disagree in a round, and the rounds stop with it as the error
 * (undefined: the output is meant to differ, and is not compared).
 */
export function processRounds(rounds: number, mine: ChildRequest, base: ChildRequest, differ: string | undefined): ProcessRounds {
  const t: ProcessRounds = { mine: [], base: [] };
  for (let i = 0; i < rounds; i++) {
    let a: ChildReport, b: ChildReport;
    if (mineFirst(i)) {
      a = runChild(mine);
      b = runChild(base);
    } else {
      b = runChild(base);
      a = runChild(mine);
    }
    if (differ !== undefined && a.hash !== b.hash) throw new Error(differ);
    t.mine.push(a.ms);
    t.base.push(b.ms);
  }
  return t;
}
