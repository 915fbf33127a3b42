/**
 * `pnpm bench`: builds every kernel for every column, checks each binary's
 * checksum at n = 8,000,000, times them in shuffled rounds, and writes
 * conformance/results/bench.json and bench.md, and keeps the run in
 * conformance/results/history/ (history.ts); then times lower() itself.
 *
 *   node conformance/dist/bench/cli.js [--rounds N] [--warmup N] [--only k1,k2]
 *     [--ablate] [--seed N] [--no-clif] [--no-wasm] [--no-lower-bench] [--out DIR]
 *
 * The defaults suit a small shared machine: runs are strictly one at a time
 * (a parallel run would time the other run's interference), and 3 + 15
 * rounds keep a full run near two minutes.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { BENCH_N, EXPECTED, KERNEL_NAMES, type KernelName } from "../kernels.js";
import { clifEngineName } from "../native/build.js";
import { CONFORMANCE_DIR, scratchDir } from "../native/toolchain.js";
import { buildBinary, type BuildContext } from "./binaries.js";
import { chooseColumns } from "./columns.js";
import { checkGate, formatGateRows } from "./gate-rules.js";
import { writeRun } from "./history.js";
import { measureLowerThroughput } from "./lower-throughput.js";
import { describeMachine, findRustc } from "./machine.js";
import { type Job, measure, verifyChecksums } from "./measure.js";
import { benchMarkdown } from "./report-md.js";
import { type BenchResults, summarize } from "./results.js";
import { seededRandom } from "./stats.js";

const USAGE = `usage: pnpm bench [--rounds N] [--warmup N] [--only k1,k2] [--ablate] [--seed N] [--no-clif] [--no-wasm] [--no-lower-bench] [--out DIR]`;

function parseOptions() {
  try {
    return parseArgs({ options: OPTIONS }).values;
  } catch (e) {
    console.error(`bench: ${(e as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

const OPTIONS = {
  rounds: { type: "string", default: "15" },
    warmup: { type: "string", default: "3" },
    only: { type: "string" },
    ablate: { type: "boolean", default: false },
    seed: { type: "string", default: "1" },
    "no-clif": { type: "boolean", default: false },
    "no-wasm": { type: "boolean", default: false },
    "no-lower-bench": { type: "boolean", default: false },
    out: { type: "string" },
    help: { type: "boolean", default: false },
} as const;
const values = parseOptions();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

function count(name: string, text: string, min: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}, not ${text}`);
  return n;
}

function log(line: string): void {
  process.stderr.write(`bench: ${line}\n`);
}

function main(): void {
  const rounds = count("rounds", values.rounds!, 1);
  const warmup = count("warmup", values.warmup!, 0);
  const seed = count("seed", values.seed!, 0);
  const kernels: KernelName[] = values.only ? values.only.split(",").map((k) => k.trim()).filter(Boolean) as KernelName[] : [...KERNEL_NAMES];
  for (const k of kernels) if (!KERNEL_NAMES.includes(k)) throw new Error(`--only: unknown kernel ${k} (kernels: ${KERNEL_NAMES.join(", ")})`);

  const argv = process.argv.slice(2).join(" ");
  const command = process.env["npm_lifecycle_event"] === "bench" ? `pnpm bench${argv ? ` ${argv}` : ""}` : `node conformance/dist/bench/cli.js${argv ? ` ${argv}` : ""}`;
  const machine = describeMachine();
  const notes: string[] = [];
  const rustc = findRustc();
  if (!rustc) notes.push("rustc is not installed: the Rust column and every ratio to Rust are missing, and the perf gate cannot pass.");
  if (!values["no-clif"] && clifEngineName() !== "cranelift") {
    notes.push("FZ_CLIF_TOOL is not set, so the CLIF text runs through the CLIF executor: it is translated to C and compiled with the system C compiler at -O2. That column measures this translation, not Cranelift's code.");
  }
  for (const n of notes) log(n);
  const columns = chooseColumns({ clif: !values["no-clif"], wasm: !values["no-wasm"], rust: rustc !== null, ablate: values.ablate! });

  // Build: full Fzy columns come before their ablations in `columns`, as the same-code check needs.
  const ctx: BuildContext = { dir: scratchDir("bench"), rustc, fullHashes: new Map() };
  const jobs: Job[] = [];
  const sameCode = new Set<string>();
  const reports = new Map<KernelName, string>();
  let built = 0;
  for (const kernel of kernels) {
    for (const column of columns) {
      const b = buildBinary(ctx, column, kernel);
      if (b.kind === "same-code") sameCode.add(`${column.id}/${kernel}`);
      else if (b.kind === "in-process") jobs.push({ kernel, column: column.id, exe: "(in-process)", inProcess: b.run });
      else jobs.push({ kernel, column: column.id, exe: b.exe });
      if (b.kind === "exe" && b.report && column.id === "llvm") reports.set(kernel, b.report);
    }
    log(`built ${++built}/${kernels.length}: ${kernel}`);
  }

  const expected = (k: KernelName) => EXPECTED[k][BENCH_N]!;
  verifyChecksums(jobs, BENCH_N, expected);
  log(`${jobs.length} binaries print the KERNELS.md checksums at n=${BENCH_N}; timing ${warmup} + ${rounds} rounds`);
  const samples = measure(jobs, { n: BENCH_N, rounds, warmup, random: seededRandom(seed), expected, progress: log });
  const summary = summarize({ columns, samples, checksums: expected, reports, sameCode, random: seededRandom(seed + 1) });

  let lowerThroughput = null;
  if (!values["no-lower-bench"]) {
    log("timing lower() on a generated module of 200 loop functions and their helpers");
    lowerThroughput = measureLowerThroughput(["llvm", "cranelift"]);
  }

  const results: BenchResults = {
    version: 2,
    command,
    date: new Date().toISOString(),
    machine,
    settings: { n: BENCH_N, rounds, warmup, seed, ablate: values.ablate!, kernels },
    columns: columns.map((c) => ({ id: c.id, label: c.label })),
    notes,
    ...summary,
    lowerThroughput,
  };
  const outDir = values.out ?? join(CONFORMANCE_DIR, "results");
  mkdirSync(outDir, { recursive: true });
  const md = benchMarkdown(results);
  writeFileSync(join(outDir, "bench.json"), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(outDir, "bench.md"), md);
  const runFile = writeRun(results, outDir);
  console.log(md);
  console.log(formatGateRows(checkGate(results).rows));
  log(`wrote ${join(outDir, "bench.json")}, bench.md and ${runFile}`);
}

try {
  main();
} catch (e) {
  console.error(`bench: ${(e as Error).message}`);
  process.exitCode = 1;
}
