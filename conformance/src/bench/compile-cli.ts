/**
 * `pnpm bench:compile [--quick] [--only NAME] [--mode off|on|force] [--json FILE] [--command]`: the compile-
 * speed benchmark. Prints, per input and backend, the median milliseconds
 * of each phase (parse, verify, each pass of `lower()` as a PassClock reads
 * it, the whole `lower()`: compile-speed.ts), IR instructions per second for parse and for the whole
 * `lower()`, and the minor page faults of one `lower()` (the fresh memory it
 * touched, 4 KiB a fault); then the growth exponent between consecutive sizes per phase;
 * the peak memory of parse + lower() on the largest size of each shape
 * (a fresh child process each, so one input's garbage cannot count toward
 * another's); the cold start of `fzlower` on one kernel; its first
 * lowering of corpus x1 as shipped and with V8's defaults (the command sets
 * two engine flags for itself: bin/fzlower.js); and every module of
 * conformance through `fzlower`, one process each against one process for
 * all (`--out-dir`); and lower() beside the code generators after it, clang
 * on the LLVM text it printed (downstream.ts). `--command` runs only these
 * measurements of the command. `--mode` sets the fast-path mode of every
 * lower() in this process and in the peak-memory children (default on, the
 * mode the targets are set for; off shows what the fast paths' analyses
 * and optimizer cost the compiler); the command's runs keep their default.
 *
 * Peak memory is the growth of the process's maximum resident set over its
 * size just before parsing (getrusage's ru_maxrss): it includes every
 * heap the lowering touches, not only V8's old space.
 *
 * The same child also times its one `lower()` (CPU and wall): the first
 * lowering of a process, as a toolchain that lowers one module per process
 * meets it, before the JIT has optimized the lowering's code. The other
 * tables are of warm runs; this one shows what the warm-up costs.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseModule } from "@fzy/ir";
import { type Backend, lower, type Mode } from "@fzy/lower";
import { type CaseResult, collectBetweenInputs, growth, measureCase, modeNamed, PHASES } from "./compile-speed.js";
import { conformanceFiles, SHAPES, workUnits } from "./compile-shapes.js";
import { CONFORMANCE_DIR } from "../native/toolchain.js";
import { median, medianOfRatios } from "./stats.js";
import { inRotation, pairedMedians, pairedWall } from "./paired.js";
import { runMain } from "./cli-main.js";
import { type DownstreamRow, downstreamTable, downstreamTools, FZLOWER, measureDownstream } from "./downstream.js";

const BACKENDS: readonly Backend[] = ["llvm", "cranelift"];
/** A shape stops growing once one lower() of it takes longer than this. */
const TOO_SLOW_MS = 10_000;

const fmtMs = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const fmtRate = (n: number, ms: number) => (ms <= 0 ? "-" : `${Math.round((n / ms) * 1000).toLocaleString("en-US")}`);

function caseRows(r: CaseResult): string[] {
  return r.backends.map((b) => `| ${r.shape} | ${r.size} | ${r.instructions} | ${b.backend} | ${PHASES.map((p) => fmtMs(b.ms[p])).join(" | ")} | ${fmtRate(r.instructions, b.ms.parse)} | ${fmtRate(r.instructions, b.ms.lower)} | ${Math.round(b.faults).toLocaleString("en-US")} |`);
}

function growthRows(results: readonly CaseResult[]): string[] {
  const rows: string[] = [];
  for (const shape of SHAPES) {
    const rs = results.filter((r) => r.shape === shape.name);
    for (let i = 1; i < rs.length; i++) {
      for (const backend of BACKENDS) {
        const g = PHASES.map((p) => growth(rs[i - 1]!, rs[i]!, backend, p)).map((x) => (x === null ? "-" : x.toFixed(2)));
        rows.push(`| ${shape.name} | ${rs[i - 1]!.size} -> ${rs[i]!.size} | ${backend} | ${g.join(" | ")} |`);
      }
    }
  }
  return rows;
}

/**
 * The slower backend's lower() at `size`, extrapolated from the last two
 * sizes measured (by their growth exponent, at least linear), or from the
 * last one alone (linearly) when only one was.
 */
function predictedLowerMs(results: readonly CaseResult[], shape: string, size: number): number {
  const rs = results.filter((r) => r.shape === shape);
  const last = rs[rs.length - 1]!;
  const ms = Math.max(...last.backends.map((b) => b.ms.lower));
  const scale = size / last.size;
  if (rs.length < 2) return ms * scale;
  const prev = rs[rs.length - 2]!;
  const e = Math.max(1, ...BACKENDS.map((b) => growth(prev, last, b, "lower") ?? 1));
  return ms * scale ** e;
}

/** What a fresh child process measured: peak resident growth of parse + lower(), and its one lower() (the process's first). */
interface ChildMeasure {
  readonly instructions: number;
  readonly bytes: number;
  /** CPU ms (user + system) and wall ms of the first lower(). */
  readonly firstCpuMs: number;
  readonly firstWallMs: number;
}

/** Child mode: parse and lower one input once, print a ChildMeasure as JSON. */
function childMain(shape: string, size: number, backend: Backend, mode: Mode): void {
  const text = SHAPES.find((s) => s.name === shape)!.make(size);
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage().rss;
  const m = parseModule(text);
  const c0 = process.cpuUsage(), t0 = performance.now();
  lower(m, backend, { perfFastpath: mode });
  const firstWallMs = performance.now() - t0, cpu = process.cpuUsage(c0);
  const peak = process.resourceUsage().maxRSS * 1024;
  const r: ChildMeasure = { instructions: workUnits(m), bytes: Math.max(0, peak - before), firstCpuMs: (cpu.user + cpu.system) / 1000, firstWallMs };
  process.stdout.write(JSON.stringify(r));
}

function childMeasure(shape: string, size: number, backend: Backend, mode: Mode): ChildMeasure | string {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, ["--expose-gc", self, "--child", JSON.stringify([shape, size, backend, mode])], { encoding: "utf8", maxBuffer: 1 << 20 });
  if (r.status !== 0) return `failed: ${(r.stderr || "").split("\n")[0]}`;
  return JSON.parse(r.stdout) as ChildMeasure;
}

function childRow(shape: string, size: number, h: ChildMeasure): string {
  return `| ${shape} | ${size} | ${h.instructions} | ${(h.bytes / 2 ** 20).toFixed(0)} | ${Math.round(h.bytes / h.instructions)} | ${fmtMs(h.firstCpuMs)} | ${fmtMs(h.firstWallMs)} | ${fmtRate(h.instructions, h.firstCpuMs)} |`;
}

/**
 * Every kernel and module of conformance lowered by the `fzlower` command
 * line three ways, in rounds that rotate their order: one process per
 * module, one process for all (`--out-dir`), and one worker
 * (`--persistent_worker`) given a request per module. Median wall ms of
 * each over the rounds, and the medians of the per-round ratios to the
 * first way.
 */
function manyModules(backend: Backend, rounds: number): { files: number; separate: number; together: number; worker: number; ratio: number; workerRatio: number } {
  const files = conformanceFiles();
  const out = mkdtempSync(join(tmpdir(), "fz-many-"));
  const run = (args: string[], input?: string) => {
    const r = spawnSync(process.execPath, [FZLOWER, ...args, "--backend", backend], { encoding: "utf8", maxBuffer: 64 << 20, input });
    if (r.status !== 0) throw new Error(`fzlower ${args[0]} failed: ${r.stderr}`);
    return r.stdout;
  };
  const separate = () => { for (const f of files) run([f, "-o", join(out, "one.out")]); };
  const together = () => void run([...files, "--out-dir", out]);
  const requests = files.map((f, i) => JSON.stringify({ arguments: [f, "-o", join(out, "one.out")], requestId: i + 1 })).join("\n");
  const worker = () => {
    const answers = run(["--persistent_worker"], requests).trimEnd().split("\n").map((l) => JSON.parse(l) as { exitCode: number });
    if (answers.length !== files.length || answers.some((a) => a.exitCode !== 0)) throw new Error("fzlower --persistent_worker: a request failed");
  };
  try {
    const [a, b, c] = inRotation([separate, together, worker], rounds) as [number[], number[], number[]];
    return { files: files.length, separate: median(a), together: median(b), worker: median(c), ratio: medianOfRatios(a, b), workerRatio: medianOfRatios(a, c) };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Wall time of a fresh `fzlower` process lowering one kernel: median and best over `runs` (the best is the least disturbed by other load). */
function coldStart(backend: Backend, runs: number): { median: number; best: number } {
  const file = join(CONFORMANCE_DIR, "kernels/bytes_kernel.fzir");
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [FZLOWER, file, "--backend", backend], { encoding: "utf8", maxBuffer: 64 << 20 });
    samples.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`fzlower failed: ${r.stderr}`);
  }
  return { median: median(samples), best: Math.min(...samples) };
}

/** The engine flags bin/fzlower.js sets for a lowering, given back at V8's defaults (bin/engine-flags.js; the command leaves a flag it finds named alone). */
async function v8Defaults(): Promise<string[]> {
  const flags = (await import(pathToFileURL(join(dirname(FZLOWER), "engine-flags.js")).href)) as { defaultFlags: (v8: string) => string[] };
  return flags.defaultFlags(process.versions.v8);
}

/**
 * The first lowering of a fresh `fzlower` process on corpus x1, the size of
 * a toolchain's module: wall ms of the command as it is, and of the same
 * command with V8's defaults (v8Defaults), in alternating order; medians
 * and the median of the per-round ratios.
 */
function firstLowering(backend: Backend, rounds: number, defaults: readonly string[]): { instructions: number; plain: number; defaults: number; ratio: number } {
  const dir = mkdtempSync(join(tmpdir(), "fz-first-"));
  const text = SHAPES[0]!.make(1), file = join(dir, "corpus.fzir");
  writeFileSync(file, text);
  const run = (flags: readonly string[]) => {
    const r = spawnSync(process.execPath, [...flags, FZLOWER, file, "--backend", backend, "-o", join(dir, "out")], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`fzlower failed: ${r.stderr}`);
  };
  try {
    const w = pairedMedians(pairedWall(rounds, () => run([]), () => run(defaults)));
    return { instructions: workUnits(parseModule(text)), plain: w.a, defaults: w.b, ratio: w.ratio };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The measurements of the `fzlower` command (fresh processes): cold start, first lowering, many modules, the code generators after it. */
async function commandRuns(quick: boolean, log: (s: string) => void): Promise<unknown> {
  const cold = BACKENDS.map((b) => ({ backend: b, ...coldStart(b, quick ? 3 : 7) }));
  log(`Cold start (fresh process, fzlower conformance/kernels/bytes_kernel.fzir, wall time median / best): ${cold.map((c) => `${c.backend} ${c.median.toFixed(0)} / ${c.best.toFixed(0)} ms`).join(", ")}`);
  const defaults = await v8Defaults();
  const first = BACKENDS.map((b) => ({ backend: b, ...firstLowering(b, quick ? 3 : 7, defaults) }));
  log(`First lowering (fresh process, fzlower on corpus x1, ${first[0]!.instructions} IR insts, wall time median; as shipped / with V8's defaults): ${first.map((f) => `${f.backend} ${f.plain.toFixed(0)} / ${f.defaults.toFixed(0)} ms (${f.ratio.toFixed(2)})`).join(", ")}`);
  const many = manyModules("cranelift", quick ? 1 : 3);
  log(`Many modules (the ${many.files} kernels and modules of conformance, fzlower --backend cranelift, wall time median): one process each ${many.separate.toFixed(0)} ms, one process for all (--out-dir) ${many.together.toFixed(0)} ms: ${many.ratio.toFixed(1)}x sooner; one worker (--persistent_worker), a request each, ${many.worker.toFixed(0)} ms: ${many.workerRatio.toFixed(1)}x sooner`);
  log("");
  log(`lower() beside the code generators after it (corpus x1 and x10, wall ms, medians of ${quick ? 3 : 7} rounds in rotating order; ratios: medians of the per-round ratios, below 1: lowering takes less time than the tool; clang -O2 on x1 only):`);
  log("");
  const downstream: DownstreamRow[] = [];
  for (const size of quick ? [1] : [1, 10]) {
    for (const tool of downstreamTools()) if (size === 1 || !tool.name.includes("-O2")) downstream.push(measureDownstream(size, tool, quick ? 3 : 7));
  }
  for (const row of downstreamTable(downstream)) log(row);
  return { cold, first, many, downstream };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { quick: { type: "boolean" }, only: { type: "string" }, mode: { type: "string" }, json: { type: "string" }, child: { type: "string" }, command: { type: "boolean" } } });
  if (values.child) {
    const [shape, size, backend, mode] = JSON.parse(values.child) as [string, number, Backend, Mode];
    childMain(shape, size, backend, mode);
    return;
  }
  const mode = modeNamed(values.mode);
  const quick = values.quick ?? false;
  const log = (s: string) => process.stdout.write(`${s}\n`);
  const save = (data: object) => {
    if (values.json) writeFileSync(values.json, `${JSON.stringify({ date: new Date().toISOString(), node: process.version, quick, mode, ...data }, null, 1)}\n`);
  };
  if (values.command) {
    save({ command: await commandRuns(quick, log) });
    return;
  }
  const policy = quick ? { runs: 3, budgetMs: 1500 } : { runs: 7, budgetMs: 4000 };
  const shapes = SHAPES.filter((s) => values.only === undefined || s.name.includes(values.only));
  if (shapes.length === 0) throw new Error(`no input matches --only ${values.only}; inputs: ${SHAPES.map((s) => s.name).join(", ")}`);
  log(`compile speed, ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${quick ? "quick" : "full"} run; medians of ms: parse, verify and lower CPU ms (user + system), the passes of lower() between them wall ms of the lowering thread (PassClock, each pass without the passes it calls); rates in IR instructions per CPU second (IR insts: terminators included, a switch case counts as one); fast-path mode ${mode}`);
  log("");
  log(`| input | size | IR insts | backend | ${PHASES.join(" | ")} | parse/s | lower()/s | faults/lower() |`);
  log(`|---|---:|---:|---|${PHASES.map(() => "---:").join("|")}|---:|---:|---:|`);
  // Warm the JIT on the smallest realistic input, so the first rows are not a cold start: corpus x1 took about
  // 35 lowerings per backend to settle (from 900 ms to 70 ms of CPU a lowering, the JIT's compiler threads
  // included), so the rounds go on to 40, within a budget of CPU time.
  const warm = parseModule(SHAPES[0]!.make(1));
  const warmUntil = process.cpuUsage().user / 1000 + (quick ? 8000 : 15000);
  for (let i = 0; i < 40 && process.cpuUsage().user / 1000 < warmUntil; i++) for (const b of BACKENDS) lower(warm, b, { perfFastpath: mode });
  const results: CaseResult[] = [];
  const largest = new Map<string, number>();
  for (const shape of shapes) {
    const sizes = quick ? shape.quick : shape.sizes;
    for (const size of sizes) {
      collectBetweenInputs();
      const r = measureCase(shape.name, size, shape.make(size), BACKENDS, policy, mode);
      results.push(r);
      largest.set(shape.name, size);
      for (const row of caseRows(r)) log(row);
      const next = sizes[sizes.indexOf(size) + 1];
      if (next !== undefined && predictedLowerMs(results, shape.name, next) > TOO_SLOW_MS) {
        log(`| ${shape.name} | larger sizes skipped: lower() at ${next} predicted over ${TOO_SLOW_MS / 1000} s | | | ${PHASES.map(() => "").join(" | ")} | | | |`);
        break;
      }
    }
  }
  log("");
  log("Growth exponent between sizes (log-log slope of time against IR instructions; 1 = linear, 2 = quadratic; - = under 0.5 ms):");
  log("");
  log(`| input | sizes | backend | ${PHASES.join(" | ")} |`);
  log(`|---|---|---|${PHASES.map(() => "---:").join("|")}|`);
  for (const row of growthRows(results)) log(row);
  log("");
  log("Peak memory of parse + lower() (llvm), largest size measured, fresh process each; and that process's one lower(), its first (CPU and wall ms, IR instructions per CPU second):");
  log("");
  log("| input | size | IR insts | peak MB | bytes / IR inst | first lower() CPU ms | wall ms | lower()/s |");
  log("|---|---:|---:|---:|---:|---:|---:|---:|");
  const heap: unknown[] = [];
  for (const shape of shapes) {
    const size = largest.get(shape.name);
    if (size === undefined) continue;
    const h = childMeasure(shape.name, size, "llvm", mode);
    heap.push({ shape: shape.name, size, ...(typeof h === "string" ? { error: h } : h) });
    log(typeof h === "string" ? `| ${shape.name} | ${size} | | ${h} | | | | |` : childRow(shape.name, size, h));
  }
  log("");
  save({ results, heap, command: await commandRuns(quick, log) });
}

await runMain("bench:compile", main);
