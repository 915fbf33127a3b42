/**
 * One input of the compile benchmark lowered round after round in one
 * process, each round's CPU and wall milliseconds printed as it ends: how
 * many rounds the engine takes to reach its steady speed on the lowering's
 * code (the first round of a process is several times slower than the
 * twentieth), and a steady loop for a profiler to attach to.
 *
 *   node conformance/dist/bench/lower-rounds.js [--shape NAME] [--size N] [--backend llvm|cranelift] [--mode off|on|force] [--rounds K]
 *
 * Defaults: corpus x10 through LLVM in mode on, 30 rounds. CPU time is the
 * process's (user + system): it includes the engine's compiler threads,
 * which run beside the lowering while the engine is still optimizing it.
 */
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { parseModule } from "@fzy/ir";
import { type Backend, lower, type Mode } from "@fzy/lower";
import { SHAPES, workUnits } from "./compile-shapes.js";
import { modeNamed } from "./compile-speed.js";
import { printingBackendArg, runMain, wholeNumberArg } from "./cli-main.js";
import { median } from "./stats.js";

export interface RoundsArgs {
  readonly shape: string;
  readonly size: number;
  readonly backend: Backend;
  readonly mode: Mode;
  readonly rounds: number;
}

/** The arguments of `argv`, or an Error naming the first one that is wrong. */
export function roundsArgs(argv: readonly string[]): RoundsArgs {
  const { values } = parseArgs({ args: [...argv], options: { shape: { type: "string" }, size: { type: "string" }, backend: { type: "string" }, mode: { type: "string" }, rounds: { type: "string" } } });
  const shape = values.shape ?? "corpus";
  if (!SHAPES.some((s) => s.name === shape)) throw new Error(`--shape ${shape}: no such input; inputs: ${SHAPES.map((s) => s.name).join(", ")}`);
  return { shape, size: wholeNumberArg(values.size, 10, "size"), backend: printingBackendArg(values.backend), mode: modeNamed(values.mode), rounds: wholeNumberArg(values.rounds, 30, "rounds") };
}

async function main(): Promise<void> {
  const a = roundsArgs(process.argv.slice(2));
  const m = parseModule(SHAPES.find((s) => s.name === a.shape)!.make(a.size));
  const units = workUnits(m);
  const log = (s: string) => process.stdout.write(`${s}\n`);
  log(`${a.shape} ${a.size} (${units} IR insts), ${a.backend}, mode ${a.mode}, node ${process.version}: CPU ms (process) and wall ms per round`);
  const cpu: number[] = [];
  for (let round = 1; round <= a.rounds; round++) {
    const c0 = process.cpuUsage(), t0 = performance.now();
    lower(m, a.backend, { perfFastpath: a.mode });
    const wall = performance.now() - t0, c = process.cpuUsage(c0), ms = (c.user + c.system) / 1000;
    cpu.push(ms);
    log(`round ${round}: cpu ${ms.toFixed(0)} wall ${wall.toFixed(0)}`);
  }
  const last = cpu.slice(-Math.max(1, Math.floor(cpu.length / 3)));
  const steady = median(last);
  const rate = steady > 0 ? Math.round((units / steady) * 1000).toLocaleString("en-US") : "-";
  log(`median CPU ms of the last ${last.length} rounds: ${steady.toFixed(0)} (${rate} IR insts per CPU second); round 1: ${steady > 0 ? (cpu[0]! / steady).toFixed(1) : "-"}x that`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await runMain("lower-rounds", main);
