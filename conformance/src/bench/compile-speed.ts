/**
 * How fast the compiler itself is, phase by phase: parse, verify, then per
 * backend the passes (inline, scalarize), the per-function lowering (the
 * rest of lowerModule: matrix decisions, ranges, SSA, lowered form), the
 * printer, and the whole `lower()` (verify + lowerModule + print). Each
 * phase is timed in-process on the same parsed module, several times, in
 * CPU time, and reported as a median; a run over the time budget is not
 * repeated, so the largest inputs cost one run each.
 *
 * inline and scalarize are timed on their own (the same calls lowerModule
 * makes, on the same inputs); the per-function lowering is lowerModule's
 * median minus those two, so it carries their noise.
 *
 * The whole `lower()` is timed last, for every backend in turn within each
 * round (timedInTurn), so that each backend meets the same engine and heap.
 * Timed one backend after the other, the one timed first read up to 1.45x
 * slower than when timed second: it paid for the JIT's first look at the
 * input and for the garbage the phases before it left. The phases before
 * `lower()` are still timed one backend after the other (LLVM first); read
 * them as where the time goes, not as a comparison of the backends.
 */
import { type Module, ModuleIndex, parseModule, type ValueId, verifyModule } from "@fzy/ir";
import { type Backend, lower } from "@fzy/lower";
import { printCLIF } from "@fzy/lower-cranelift";
import { printLLVM } from "@fzy/lower-llvm";
import { analyzeEscapes, decide, inlineOptionsOf, inlineSmallFunctions, lowerModule, resolveOptions, scalarizeStructs } from "@fzy/passes";
import { workUnits } from "./compile-shapes.js";
import { median } from "./stats.js";

export const PHASES = ["parse", "verify", "inline", "scalarize", "functions", "print", "lower"] as const;
export type Phase = (typeof PHASES)[number];

/** Median milliseconds per phase; parse and verify are the same for both backends. */
export interface BackendTimes {
  readonly backend: Backend;
  readonly ms: Readonly<Record<Phase, number>>;
  /**
   * Minor page faults per whole `lower()` (the mean over its runs): the
   * fresh memory it touched, 4 KiB a fault. Where the system charges much
   * for a fault, this is part of the time, not only of the memory.
   */
  readonly faults: number;
}

export interface CaseResult {
  readonly shape: string;
  readonly size: number;
  /** IR instructions, terminators included, each switch case counted as one (compile-shapes.ts workUnits). */
  readonly instructions: number;
  readonly backends: readonly BackendTimes[];
}

export interface TimingPolicy {
  /** Most runs of one phase. */
  readonly runs: number;
  /** Stop repeating a phase once its runs add up to this many milliseconds. */
  readonly budgetMs: number;
}

/** CPU milliseconds this process has used (user + system, garbage collector threads included). */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * Runs `fn` at least once and at most policy.runs times within the budget;
 * median CPU ms and the last result. CPU time, not wall time: on a shared
 * machine other processes stretch wall time by several times, but barely
 * touch the CPU time this process needs.
 */
export function timed<T>(fn: () => T, p: TimingPolicy): { ms: number; value: T; runs: number } {
  const samples: number[] = [];
  let value: T, spent = 0;
  do {
    const t0 = cpuMs();
    value = fn();
    const dt = cpuMs() - t0;
    samples.push(dt);
    spent += dt;
  } while (samples.length < p.runs && spent < p.budgetMs);
  return { ms: median(samples), value, runs: samples.length };
}

/**
 * Runs each of `fns` once per round, in turn, for at most policy.runs
 * rounds and while the rounds so far are within the budget times the
 * number of functions; each one's median CPU ms and minor page faults per
 * run (fresh memory touched, 4 KiB a fault).
 */
export function timedInTurn(fns: readonly (() => unknown)[], p: TimingPolicy): { readonly ms: number[]; readonly faults: number[] } {
  const samples = fns.map((): number[] => []), faults = fns.map(() => 0);
  let spent = 0, rounds = 0;
  do {
    for (let k = 0; k < fns.length; k++) {
      const f0 = process.resourceUsage().minorPageFault, t0 = cpuMs();
      fns[k]!();
      const dt = cpuMs() - t0;
      faults[k]! += process.resourceUsage().minorPageFault - f0;
      samples[k]!.push(dt);
      spent += dt;
    }
    rounds++;
  } while (rounds < p.runs && spent < p.budgetMs * fns.length);
  return { ms: samples.map(median), faults: faults.map((f) => f / rounds) };
}

/** The struct sites lowerModule scalarizes, then the rewrite itself, over every function (as lower-module.ts does it). */
export function scalarizeAll(m: Module, mode: "on"): Module {
  const ix = new ModuleIndex(m);
  return {
    ...m,
    functions: m.functions.map((f) => {
      const esc = analyzeEscapes(ix, f);
      const sites = new Set<ValueId>();
      for (const b of f.blocks) {
        for (const i of b.insts) {
          if (i.op !== "struct.new" || i.dst === null) continue;
          if (decide({ kind: "struct", mode, enabled: true, escape: esc[i.dst]!, mutability: "mutated", constant: false }).form === "scalars") sites.add(i.dst);
        }
      }
      return scalarizeStructs(ix, f, sites);
    }),
  };
}

/** Every phase of one input, for each backend, in fast-path mode on. */
export function measureCase(shape: string, size: number, text: string, backends: readonly Backend[], p: TimingPolicy): CaseResult {
  const parse = timed(() => parseModule(text), p);
  const m = parse.value;
  const verify = timed(() => verifyModule(m), p);
  const phases = backends.map((backend) => {
    const o = resolveOptions({ backend, mode: "on" });
    const inline = timed(() => inlineSmallFunctions(new ModuleIndex(m), m, inlineOptionsOf(o)), p);
    const scalarize = timed(() => scalarizeAll(inline.value.module, "on"), p);
    const lm = timed(() => lowerModule(m, { backend, mode: "on" }), p);
    const print = timed(() => (backend === "llvm" ? printLLVM(lm.value.module, { target: "x86_64-linux" }) : printCLIF(lm.value.module).text), p);
    return { inline: inline.ms, scalarize: scalarize.ms, functions: Math.max(0, lm.ms - inline.ms - scalarize.ms), print: print.ms };
  });
  const whole = timedInTurn(backends.map((backend) => () => lower(m, backend).text.length), p);
  const out = backends.map((backend, k): BackendTimes => ({
    backend,
    faults: whole.faults[k]!,
    ms: { parse: parse.ms, verify: verify.ms, ...phases[k]!, lower: whole.ms[k]! },
  }));
  return { shape, size, instructions: workUnits(m), backends: out };
}

/** Log-log slope of time against instructions between two sizes (1 = linear, 2 = quadratic); null when too small to tell. */
export function growth(a: CaseResult, b: CaseResult, backend: Backend, phase: Phase): number | null {
  const ta = a.backends.find((x) => x.backend === backend)?.ms[phase];
  const tb = b.backends.find((x) => x.backend === backend)?.ms[phase];
  if (ta === undefined || tb === undefined || ta < 0.5 || tb < 0.5) return null;
  return Math.log(tb / ta) / Math.log(b.instructions / a.instructions);
}
