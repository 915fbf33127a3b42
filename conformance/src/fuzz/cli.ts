/**
 * `node conformance/dist/fuzz/cli.js --seed S --count N`: differential
 * fuzzing from the command line. Prints a progress line per batch, one line
 * per failure (with its shrunk regression file) and the summary
 * `N passed, M failed`; exits 1 when a case failed.
 *
 *   --start I        first case index (reproduce case I: --start I --count 1)
 *   --batch B        cases per native build (default 50)
 *   --inputs K       inputs per case (default 3)
 *   --backend NAME   only llvm, cranelift or wasm (wasm alone: no native build at all)
 *   --mode MODE      only off, on or force
 *   --no-shrink      report failures without shrinking them
 *   --save DIR       where shrunk failures go (default conformance/regressions)
 *   --jobs J         worker threads (default: 2, or 1 on a single core)
 *   --host-calls     host-calling cases through the replay gate instead (host-calls.ts)
 *   --mutate         mutants of the conformance corpus instead (corpus-mutants.ts)
 */
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { fuzzHostCalls } from "./host-calls.js";
import { CONFORMANCE_DIR } from "../native/toolchain.js";
import { fuzz, type FuzzOptions } from "./fuzz.js";
import { fuzzParallel } from "./parallel.js";
import { FAST_PATHS } from "@fzy/lower";
import { allConfigs } from "./run.js";
import { runCorpusMutants } from "./corpus-mutants.js";

function int(name: string, s: string | undefined, dflt: number): number {
  if (s === undefined) return dflt;
  if (!/^\d+$/.test(s)) throw new Error(`--${name} needs a non-negative integer, got '${s}'`);
  return Number(s);
}

const USAGE = `usage: pnpm fuzz [--seed S] [--count N] [options]   (node conformance/dist/fuzz/cli.js ...)

Differential fuzzing: random modules run by the interpreter, natively by the
LLVM and CLIF backends and in-process by the wasm backend, in every
fast-path mode; failures are shrunk and saved. --backend wasm compares the
interpreter with WebAssembly only: no compiler is spawned, so it is fast.

  --seed S         random seed (default 1)
  --count N        cases to run (default 100)
  --start I        first case index (reproduce case I: --start I --count 1)
  --batch B        cases per native build (default 50)
  --inputs K       inputs per case (default 3)
  --backend NAME   only llvm, cranelift or wasm
  --mode MODE      only off, on or force
  --no-fast-path NAMES  with these fast paths switched off (comma-separated, e.g. fold,compose)
  --no-shrink      report failures without shrinking them
  --save DIR       where shrunk failures go (default conformance/regressions)
  --jobs J         worker threads (default: 2, or 1 on a single core)
  --host-calls     generate host-calling cases and run each through the replay gate
                   (both backends, every mode, recorded and replayed against the interpreter)
  --mutate         mutants of the conformance corpus instead of generated modules: each
                   kernel, module or regression with one or two constants, operations or
                   comparisons changed (--seed, --count, --start, --backend, --mode, --save)
  -h, --help       this text

exit status: 0 no failure, 1 a case failed, 2 bad command line`;

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      seed: { type: "string" }, count: { type: "string" }, start: { type: "string" }, batch: { type: "string" }, inputs: { type: "string" },
      backend: { type: "string" }, mode: { type: "string" }, "no-fast-path": { type: "string" }, "no-shrink": { type: "boolean" }, save: { type: "string" }, jobs: { type: "string" },
      "host-calls": { type: "boolean" }, mutate: { type: "boolean" }, help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values["host-calls"]) {
    const started = Date.now();
    const { cases, failures } = fuzzHostCalls(int("seed", values.seed, 1), int("count", values.count, 100), int("start", values.start, 0));
    for (const f of failures) console.log(`FAIL ${f}`);
    console.log(`host calls: ${cases} cases, ${failures.length} disagreement(s) (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return failures.length > 0 ? 1 : 0;
  }
  const off = (values["no-fast-path"] ?? "").split(",").filter((x) => x !== "");
  for (const name of off) if (!(FAST_PATHS as readonly string[]).includes(name)) throw new Error(`unknown fast path ${name} (expected ${FAST_PATHS.join(", ")})`);
  const fastPaths = Object.fromEntries(off.map((name) => [name, false]));
  const configs = allConfigs().filter((c) => (!values.backend || c.backend === values.backend) && (!values.mode || c.mode === values.mode))
    .map((c) => ({ ...c, fastPaths }));
  if (configs.length === 0) throw new Error("no backend and mode left: --backend is llvm, cranelift or wasm, --mode off, on or force");
  if (values.mutate) {
    const started = Date.now();
    const r = runCorpusMutants({
      seed: int("seed", values.seed, 1), count: int("count", values.count, 100), start: int("start", values.start, 0),
      configs, saveDir: values.save ?? join(CONFORMANCE_DIR, "regressions"), log: (line) => console.log(line),
    });
    console.log(`mutants: ${r.run - r.failures.length} passed, ${r.failures.length} failed, ${r.skipped} skipped (${r.runs} runs, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return r.failures.length > 0 ? 1 : 0;
  }
  const options: FuzzOptions = {
    seed: int("seed", values.seed, 1),
    count: int("count", values.count, 100),
    start: int("start", values.start, 0),
    batchSize: Math.max(1, int("batch", values.batch, 50)),
    inputsPerCase: Math.max(1, int("inputs", values.inputs, 3)),
    configs,
    shrink: !values["no-shrink"],
    saveDir: values.save ?? join(CONFORMANCE_DIR, "regressions"),
    log: (line) => console.log(line),
  };
  const jobs = Math.max(1, int("jobs", values.jobs, Math.min(2, availableParallelism())));
  const summary = jobs === 1 ? fuzz(options) : await fuzzParallel(options, jobs);
  for (const f of summary.failures) console.log(`FAIL case ${f.index}: ${f.details[0]}${f.file ? ` (${f.file})` : ""}`);
  console.log(`${summary.passed} passed, ${summary.failed} failed` + (summary.skipped ? `, ${summary.skipped} skipped` : "") +
    ` (${summary.cases} cases, ${summary.runs} runs, ${(summary.ms / 1000).toFixed(1)} s)`);
  return summary.failed > 0 ? 1 : 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  console.error(`fuzz: ${(e as Error).message} (see --help)`);
  process.exitCode = 2;
}
