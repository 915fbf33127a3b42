/**
 * What `lower()` costs per IR instruction, module by module: every kernel
 * and module of conformance lowered on its own, with the fast paths on
 * and off, after warm-up rounds over all of them, in CPU time. It shows
 * which constructs cost most per instruction (the corpus benchmark only
 * gives their sum) and what the fast paths add to each.
 *
 * With `--ablate`, instead: what each fast path costs the compiler, all
 * modules lowered with every fast path on and with that one off, in turn
 * within each round; the median of the per-round ratios (below 1: the
 * lowering is cheaper without it).
 *
 *   node conformance/dist/bench/module-costs.js [--backend llvm|cranelift] [--runs K] [--warmup W] [--top N] [--ablate]
 *
 * --runs is the runs per module and mode (default 40), or with --ablate the
 * rounds per fast path (default 15); --warmup the warm-up rounds (8) and
 * --top the modules listed (25) of the per-module table.
 */
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { Module } from "@fzy/ir";
import { type Backend, FAST_PATHS, type FastPath, lower, type LowerOptions } from "@fzy/lower";
import { conformanceModules, workUnits } from "./compile-shapes.js";
import { printingBackendArg, runMain, wholeNumberArg } from "./cli-main.js";
import { median } from "./stats.js";

export interface ModuleCost {
  readonly name: string;
  /** IR instructions (compile-shapes.ts workUnits). */
  readonly instructions: number;
  /** CPU µs of one lower(), fast paths on and off: the median over the runs. */
  readonly onUs: number;
  readonly offUs: number;
}

/** CPU microseconds this process has used. */
function cpuUs(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

/** The CPU µs of one call of `fn`. */
function timeUs(fn: () => unknown): number {
  const t0 = cpuUs();
  fn();
  return cpuUs() - t0;
}

/** The median CPU µs of `runs` calls of `fn` (a median, not a mean: a collection lands in one call and would be charged to whichever module it hit). */
function medianUs(fn: () => unknown, runs: number): number {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(timeUs(fn));
  return median(samples);
}

/**
 * Each module's cost, dearest first: `warmup` rounds lower every module in
 * both modes (so no module pays for the engine's first look at the code),
 * then each module is lowered `runs` times in each mode in turn.
 */
export function moduleCosts(modules: readonly { readonly name: string; readonly module: Module }[], backend: Backend, runs: number, warmup: number): ModuleCost[] {
  for (let r = 0; r < warmup; r++) {
    for (const { module } of modules) for (const mode of ["on", "off"] as const) lower(module, backend, { perfFastpath: mode });
  }
  return modules
    .map(({ name, module }) => ({
      name,
      instructions: workUnits(module),
      onUs: medianUs(() => lower(module, backend, { perfFastpath: "on" }), runs),
      offUs: medianUs(() => lower(module, backend, { perfFastpath: "off" }), runs),
    }))
    .sort((a, b) => b.onUs - a.onUs || a.name.localeCompare(b.name));
}

/** What lowering every module costs with one fast path off, against all on: the median of `rounds` per-round CPU ratios, per fast path. */
export function ablation(modules: readonly { readonly module: Module }[], backend: Backend, rounds: number, paths: readonly FastPath[] = FAST_PATHS): { path: FastPath; ratio: number }[] {
  const all = (o: LowerOptions) => () => { for (const { module } of modules) lower(module, backend, o); };
  const on = all({ perfFastpath: "on" });
  on();
  return paths.map((path) => {
    const off = all({ perfFastpath: "on", fastPaths: { [path]: false } });
    // The engine's first runs of a new option set take other paths (and deoptimize): a few untimed rounds first.
    for (let w = 0; w < 3; w++) { off(); on(); }
    const ratios: number[] = [];
    for (let r = 0; r < rounds; r++) {
      // Which goes first alternates, so that neither always meets the other's garbage.
      const first = r % 2 === 0 ? on : off, second = first === on ? off : on;
      const t1 = timeUs(first), t2 = timeUs(second);
      ratios.push(first === off ? t1 / t2 : t2 / t1);
    }
    return { path, ratio: median(ratios) };
  });
}

/** The table: per module µs per IR instruction in each mode, their ratio and its share of the whole; then the totals. */
export function costTable(costs: readonly ModuleCost[], top: number): string[] {
  const total = (k: "onUs" | "offUs") => costs.reduce((s, c) => s + c[k], 0);
  const insts = costs.reduce((s, c) => s + c.instructions, 0), on = total("onUs"), off = total("offUs");
  const rows = costs.slice(0, top).map((c) =>
    `| ${c.name} | ${c.instructions} | ${(c.onUs / c.instructions).toFixed(1)} | ${(c.offUs / c.instructions).toFixed(1)} | ${(c.onUs / c.offUs).toFixed(1)} | ${((100 * c.onUs) / on).toFixed(1)}% |`);
  return [
    "| module | IR insts | µs / IR inst, fast paths on | off | on / off | share of the whole (on) |",
    "|---|---:|---:|---:|---:|---:|",
    ...rows,
    `| all ${costs.length} | ${insts} | ${(on / insts).toFixed(1)} | ${(off / insts).toFixed(1)} | ${(on / off).toFixed(1)} | 100% |`,
  ];
}

function main(): void {
  const { values } = parseArgs({ options: { backend: { type: "string" }, runs: { type: "string" }, warmup: { type: "string" }, top: { type: "string" }, ablate: { type: "boolean" } } });
  const backend = printingBackendArg(values.backend);
  const runs = wholeNumberArg(values.runs, 40, "runs"), warmup = wholeNumberArg(values.warmup, 8, "warmup"), top = wholeNumberArg(values.top, 25, "top");
  if (values.ablate) {
    const rounds = wholeNumberArg(values.runs, 15, "runs");
    process.stdout.write(`lower() of every conformance module, ${backend}, one fast path off against all on: median of ${rounds} per-round CPU ratios (below 1: cheaper without it)\n\n| fast path off | CPU, off / on |\n|---|---:|\n`);
    for (const { path, ratio } of ablation(conformanceModules(), backend, rounds)) process.stdout.write(`| ${path} | ${ratio.toFixed(3)} |\n`);
    return;
  }
  const costs = moduleCosts(conformanceModules(), backend, runs, warmup);
  process.stdout.write(`lower() per module, ${backend}, ${new Date().toISOString().slice(0, 10)}, node ${process.version}: median CPU µs of ${runs} runs per module and mode, after ${warmup} warm-up rounds; the ${Math.min(top, costs.length)} dearest, then all\n\n`);
  for (const row of costTable(costs, top)) process.stdout.write(`${row}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await runMain("module-costs", main);
