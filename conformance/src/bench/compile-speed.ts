/**
 * How fast the compiler itself is, phase by phase: parse and verify timed
 * on their own, then per backend each pass of `lower()` as a PassClock
 * reads it (@fzy/ir pass-clock.ts: inline, scalarize, and per function the
 * plan, the emission, the range analysis it asks, the optimizer, then the
 * printer and LLVM's facts, each without the passes it calls, and `other`,
 * the time between them), and the whole `lower()`. Each is measured several
 * times on the same parsed module and reported as a median; a run over the
 * time budget is not repeated, so the largest inputs cost one run each.
 *
 * parse, verify and the whole `lower()` are CPU time (user + system, so the
 * collector's helper threads count too); the passes are wall time of the
 * lowering thread (a clock read per pass costs about 50 ns, where the CPU
 * time is a system call), from runs of `lower()` with a clock, made apart
 * from the runs of the whole `lower()`, which have none. The passes (with
 * verify) add up to less than the CPU time of `lower()` by what the
 * collector's and the compiler's threads spend (7-23% on the corpus): the
 * passes are where the time goes, `lower` is the figure.
 *
 * Parse, and after verify the backends' lowering, first run untimed
 * (warmUp: the heap grows to the input's size and the engine recompiles
 * what the collection before each input made it drop: the run that came
 * first read 2-4x slow on corpus x10 without it). Then the whole `lower()` is
 * timed, for every backend in turn within each round (timedInTurn), so
 * that each backend meets the same engine and heap: timed one backend after
 * the other, the one timed first read up to 1.45x slower than when timed
 * second. The passes are read last, one backend after the other (LLVM
 * first); read them as where the time goes, not as a comparison of the
 * backends.
 */
import { type Module, ModuleIndex, parseModule, PassClock, type PassTimes, type ValueId, verifyModule } from "@fzy/ir";
import { type Backend, lower, type Mode } from "@fzy/lower";
import { analyzeEscapes, decide, scalarizeStructs } from "@fzy/passes";
import { workUnits } from "./compile-shapes.js";
import { median } from "./stats.js";

/** The passes of `lower()` the tables show, as a PassClock names them (verify is timed on its own). */
export const CLOCKED = ["inline", "scalarize", "plan", "emit", "ranges", "optimize", "print", "facts", "other"] as const;
export const PHASES = ["parse", "verify", ...CLOCKED, "lower"] as const;
export type Phase = (typeof PHASES)[number];

/** Median milliseconds per phase; parse and verify are the same for both backends; CLOCKED are wall time, the rest CPU time. */
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

/** The fast-path mode a `--mode` argument names (on when not given); anything else is a usage error. */
export function modeNamed(name: string | undefined): Mode {
  if (name === undefined) return "on";
  if (name === "off" || name === "on" || name === "force") return name;
  throw new Error(`--mode ${name}: expected off, on or force`);
}

/** Every phase of one input, for each backend, in fast-path mode `mode` (on: what the tables quote). */
export function measureCase(shape: string, size: number, text: string, backends: readonly Backend[], p: TimingPolicy, mode: Mode = "on"): CaseResult {
  warmUp([() => parseModule(text)], p);
  const parse = timed(() => parseModule(text), p);
  const m = parse.value;
  const verify = timed(() => verifyModule(m), p);
  const options = { perfFastpath: mode };
  warmUp(backends.map((backend) => () => lower(m, backend, options)), p);
  const whole = timedInTurn(backends.map((backend) => () => lower(m, backend, options).text.length), p);
  const passes = backends.map((backend) => passMedians(m, backend, p, mode));
  const out = backends.map((backend, k): BackendTimes => ({
    backend,
    faults: whole.faults[k]!,
    ms: { parse: parse.ms, verify: verify.ms, ...passes[k]!, lower: whole.ms[k]! },
  }));
  return { shape, size, instructions: workUnits(m), backends: out };
}

/**
 * A full collection of the heap between inputs, so that one input's garbage
 * is not collected, and timed, while the next one runs; a no-op without
 * `--expose-gc`. It asks for a plain major collection: a bare `gc()` is a
 * forced one, after which the engine starts over on the code it had
 * optimized (its type feedback gone: some 300 functions of the parser
 * optimized again, the next parse of corpus x1 took 158 ms of CPU instead
 * of 10, and 15-35 parses passed before it was back near 10), so each
 * input was timed while the JIT was still recompiling the parser and the
 * lowering, the smaller inputs most.
 */
export function collectBetweenInputs(): void {
  (globalThis as { gc?: (options?: { type: "major"; execution: "sync" }) => void }).gc?.({ type: "major", execution: "sync" });
}

/**
 * Untimed rounds of `fns` (each once per round, in turn) before they are
 * timed: at least one (the heap grows to the input's size, and the engine
 * meets it) and up to WARM_ROUNDS while they take less than half the
 * policy's budget per function. The engine takes many runs to settle on a
 * small input: parsing corpus x1 in a fresh process took 290 ms of CPU the
 * first time, 40-80 ms from the 5th to the 10th, and 10-30 ms only after
 * some 35 (the compiler's threads count in CPU time); six warm rounds, as
 * here until 2026-12-06, timed it at 33 ms. A large input spends the budget
 * in a round or two.
 */
function warmUp(fns: readonly (() => unknown)[], p: TimingPolicy): void {
  warmUpWithin(fns, (p.budgetMs / 2) * fns.length);
}

/** Untimed rounds of `fns` (each once per round, in turn): at least one, up to WARM_ROUNDS while they have taken less than `cpuMs` of CPU time. */
export function warmUpWithin(fns: readonly (() => unknown)[], cpuMs: number): void {
  const t0 = process.cpuUsage();
  for (let round = 0; round < WARM_ROUNDS; round++) {
    for (const fn of fns) fn();
    const spent = process.cpuUsage(t0);
    if ((spent.user + spent.system) / 1000 >= cpuMs) return;
  }
}

/** Most untimed rounds before an input is timed (warmUp). */
const WARM_ROUNDS = 60;

/**
 * The median wall ms of each CLOCKED pass over runs of `lower(m, backend)`
 * with a PassClock in fast-path mode `mode`, as many as the policy allows
 * (`timed` runs them).
 */
export function passMedians(m: Module, backend: Backend, p: TimingPolicy, mode: Mode = "on"): Record<(typeof CLOCKED)[number], number> {
  const runs: PassTimes[] = [];
  timed(() => {
    const clock = new PassClock();
    lower(m, backend, { passClock: clock, perfFastpath: mode });
    runs.push(clock.times());
  }, p);
  return Object.fromEntries(CLOCKED.map((pass) => [pass, median(runs.map((t) => t.ms[pass]))])) as Record<(typeof CLOCKED)[number], number>;
}

/** Log-log slope of time against instructions between two sizes (1 = linear, 2 = quadratic); null when too small to tell. */
export function growth(a: CaseResult, b: CaseResult, backend: Backend, phase: Phase): number | null {
  const ta = a.backends.find((x) => x.backend === backend)?.ms[phase];
  const tb = b.backends.find((x) => x.backend === backend)?.ms[phase];
  if (ta === undefined || tb === undefined || ta < 0.5 || tb < 0.5) return null;
  return Math.log(tb / ta) / Math.log(b.instructions / a.instructions);
}
