/**
 * The compile-speed guard: every adversarial shape of the compile benchmark
 * (bench/compile-shapes.ts), at its largest size, must
 *
 * - go through each phase, and through the whole lowering per backend,
 *   within ten times the target time of the issue (500,000 work units per
 *   second: IR instructions plus switch cases), never less than one second;
 * - grow at most as size^1.6 between a quarter of that size and that size
 *   (linear is 1, quadratic 2), for the whole lowering per backend. The
 *   room above 1 is for noise: under a full parallel test run, linear
 *   shapes measured 0.7-1.25, and a quadratic one would measure 1.7-2.3.
 *
 * Each input runs in a fresh child process (bench/compile-guard.ts) that
 * reports CPU time, not wall time, so a busy machine slows the test down
 * but cannot fail it; the margin of ten is for the rest (a slower CPU, a
 * collection landing in a phase). The child lowers the quarter size, the
 * full size, the quarter size and the full size again, and the last run of
 * each size is the one compared: by then the engine has compiled the
 * lowering's loops for inputs of both sizes. (The first lowering at the full
 * size pays for that compilation: in a fresh child it read 3-4x the warm
 * time on live across a loop and wide phis, exponents up to 1.9 under test
 * load for shapes whose warm runs grow linearly, 0.4-1.1.) Each takes the
 * mean of two runs of each lowering and printer (of up to seven for runs of
 * a few milliseconds): the same statistic at both sizes, with the
 * collector's share amortized alike. A test
 * that finds a phase over its limit measures again in a second child and
 * fails only when both runs are over. A shape that went quadratic again is
 * 10-1000x over the bound and shows an exponent near 2 in every run, far
 * past both margins. The sizes are large enough that the quarter size
 * takes tens of milliseconds, above the timer's noise.
 *
 * Shapes not yet within the bound or the exponent are listed in NOT_YET
 * with what holds them and the wider limits they meet today.
 */
import test, { type ExecutionContext } from "ava";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { GuardLine } from "./bench/compile-guard.js";
import { SHAPES } from "./bench/compile-shapes.js";
import { PROBE_SHAPES } from "./bench/probe-shapes.js";
import { parseModule } from "@fzy/ir";
import { lower } from "@fzy/lower";

const CHILD = fileURLToPath(new URL("./bench/compile-guard.js", import.meta.url));
/** Target rate of the issue, work units per CPU second. */
const TARGET_PER_SECOND = 500_000;
const MARGIN = 10;
const FLOOR_MS = 1000;
/**
 * Largest growth exponent allowed between a quarter size and the full size,
 * and the time below which a run counts as this floor (noise). The floor:
 * quarter sizes that take 15-25 ms of CPU read exponents up to 1.66 under
 * the suite's own load (diamonds through Cranelift, the first run of two
 * CI runs on 2026-12-06; 1.31 and 1.34 measured again), so 20 ms was too
 * low; from 30 ms a shape turned quadratic at 20 ms (320 ms at four times
 * the size) still reads 1.71.
 */
const MAX_EXPONENT = 1.6;
const NOISE_MS = 30;

/**
 * Shapes whose whole lowering is still over the bound or grows faster than
 * the limit: what holds each (from a CPU profile and counts), and the wider
 * margin and exponent it meets today.
 */
const NOT_YET: Readonly<Record<string, { readonly why: string; readonly margin: number; readonly exponent: number }>> = {};

const bound = (units: number, margin = MARGIN) => Math.max(FLOOR_MS, (margin * units * 1000) / TARGET_PER_SECOND);

/** Runs the guard child on the given sizes in order; the lines it printed before the (wall-time) box ran out. */
function guard(shape: string, sizes: readonly number[], boxMs: number): Promise<GuardLine[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, shape, ...sizes.map(String)], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "", err = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), boxMs);
    child.stdout.on("data", (d: Buffer) => { out += d.toString(); });
    child.stderr.on("data", (d: Buffer) => { err += d.toString(); });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code !== 0 && signal !== "SIGKILL") reject(new Error(`guard child failed (${code ?? signal}): ${err.slice(0, 400)}`));
      else resolve(out.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as GuardLine));
    });
  });
}

/** The last report of each kind for one size (the quarter size is measured twice: the second counts). */
function at(lines: readonly GuardLine[], size: number) {
  const mine = lines.filter((l) => l.size === size);
  const passes = mine.filter((l) => l.kind === "passes").pop();
  const backend = (name: "llvm" | "cranelift") => mine.filter((l) => l.kind === "backend" && l.backend === name).pop();
  if (!passes || passes.kind !== "passes") return undefined;
  const whole = (name: "llvm" | "cranelift") => {
    const b = backend(name);
    return b && b.kind === "backend" ? passes.ms.verify + b.ms.lower + b.ms.print : undefined;
  };
  return { passes, backend, whole };
}

/** Children run one at a time, so their CPU time is not shared with each other. */
let queue: Promise<unknown> = Promise.resolve();

for (const shape of SHAPES.filter((s) => !s.realistic)) {
  const size = shape.sizes[shape.sizes.length - 1]!;
  const quarter = Math.max(1, Math.round(size / 4));
  const slow = NOT_YET[shape.name];
  // The tests of a shape read one child run, and a second one only to
  // confirm a failure: a slowdown in the code shows in both, a collection or
  // a descheduling in one. The wall-time box is only a safety net (a loaded
  // machine can stretch wall time twentyfold).
  const runs: Promise<GuardLine[]>[] = [];
  const lines = (attempt: 0 | 1) => {
    while (runs.length <= attempt) {
      const run = queue.then(() => guard(shape.name, [quarter, size, quarter, size], 600_000));
      queue = run.catch(() => undefined);
      runs.push(run);
    }
    return runs[attempt]!;
  };

  test(`${shape.name} (${size} ${shape.unit}): parse, verify, inline, scalarize, SSA planning and printing each within ${MARGIN}x the target time`, async (t) => {
    const over = async (attempt: 0 | 1) => {
      const full = at(await lines(attempt), size);
      if (!full) return ["the passes did not finish within the time box"];
      const { passes } = full;
      const limit = bound(passes.units);
      const found = Object.entries(passes.ms).filter(([, ms]) => ms > limit).map(([phase, ms]) => `${phase}: ${ms.toFixed(0)} ms of CPU for ${passes.units} units (bound ${limit.toFixed(0)} ms)`);
      for (const name of ["llvm", "cranelift"] as const) {
        const b = full.backend(name);
        if (!b || b.kind !== "backend") found.push(`${name}: the printer did not finish within the time box`);
        else if (b.ms.print > limit) found.push(`${name} printer: ${b.ms.print.toFixed(0)} ms (bound ${limit.toFixed(0)} ms)`);
      }
      return found;
    };
    await confirmed(t, await over(0), over);
  });

  const margin = slow?.margin ?? MARGIN;
  test(`${shape.name} (${size} ${shape.unit}): lower() with each backend within ${margin}x the target time${margin !== MARGIN ? ` (not yet ${MARGIN}x: ${slow!.why})` : ""}`, async (t) => {
    const over = async (attempt: 0 | 1) => {
      const full = at(await lines(attempt), size);
      if (!full) return ["the passes did not finish within the time box"];
      const limit = bound(full.passes.units, margin);
      const found: string[] = [];
      for (const name of ["llvm", "cranelift"] as const) {
        const ms = full.whole(name);
        if (ms === undefined) found.push(`${name}: the lowering did not finish within the time box`);
        else if (ms > limit) found.push(`${name}: verify + lowering + print took ${ms.toFixed(0)} ms of CPU for ${full.passes.units} units (bound ${limit.toFixed(0)} ms)`);
      }
      return found;
    };
    await confirmed(t, await over(0), over);
  });

  const maxExponent = slow?.exponent ?? MAX_EXPONENT;
  test(`${shape.name} (${quarter} -> ${size} ${shape.unit}): lower() with each backend grows at most as size^${maxExponent}${maxExponent !== MAX_EXPONENT ? ` (not yet ${MAX_EXPONENT}: ${slow!.why})` : ""}`, async (t) => {
    const over = async (attempt: 0 | 1) => {
      const got = await lines(attempt);
      return tooFast(t, at(got, quarter), at(got, size), maxExponent, undefined);
    };
    await confirmed(t, await over(0), over);
  });
}

/**
 * What grew too fast between the quarter size and the full size, per
 * backend (the whole lowering's exponent above `maxExponent`), or took
 * longer than `limit` ms at the full size when given; each exponent logged.
 */
function tooFast(t: ExecutionContext, small: ReturnType<typeof at>, full: ReturnType<typeof at>, maxExponent: number, limit: number | undefined): string[] {
  if (!small || !full) return ["the child did not finish both sizes within the time box"];
  const ratio = full.passes.units / small.passes.units;
  const found: string[] = [];
  for (const name of ["llvm", "cranelift"] as const) {
    const a = small.whole(name), b = full.whole(name);
    if (a === undefined || b === undefined) { found.push(`${name}: a lowering did not finish within the time box`); continue; }
    const exponent = Math.log(Math.max(b, NOISE_MS) / Math.max(a, NOISE_MS)) / Math.log(ratio);
    t.log(`${name}: ${a.toFixed(0)} -> ${b.toFixed(0)} ms of CPU for ${small.passes.units} -> ${full.passes.units} units: exponent ${exponent.toFixed(2)}`);
    if (limit !== undefined && b > limit) found.push(`${name}: ${b.toFixed(0)} ms of CPU for ${full.passes.units} units (bound ${limit.toFixed(0)} ms)`);
    if (exponent > maxExponent) found.push(`${name}: ${a.toFixed(0)} -> ${b.toFixed(0)} ms for ${small.passes.units} -> ${full.passes.units} units grows as size^${exponent.toFixed(2)} (at most ${maxExponent})`);
  }
  return found;
}

/**
 * Passes when the first run found nothing over its limit; otherwise asks a
 * second child run and fails with what both runs found over it, so a
 * failure is one the code caused twice, not one descheduling.
 */
async function confirmed(t: ExecutionContext, first: readonly string[], again: (attempt: 1) => Promise<readonly string[]>): Promise<void> {
  if (first.length === 0) return void t.pass();
  t.log(`first run: ${first.join("; ")}; measuring again`);
  const second = await again(1);
  if (second.length === 0) return void t.pass();
  t.fail(`over the limit in two runs: ${first.join("; ")} | then ${second.join("; ")}`);
}

/** The cases the issue names for CI, each to lower (verify + lowering + print) in well under a second. */
const ISSUE_CASES: readonly (readonly [shape: string, size: number])[] = [["call chain", 10_000], ["loop nest", 2_000], ["one block", 200_000]];
const ISSUE_LIMIT_MS = 1000;

test(`a 10,000-function call chain, a 2,000-deep loop nest and a 200,000-instruction block each lower within ${ISSUE_LIMIT_MS} ms of CPU with each backend`, async (t) => {
  const over = async () => {
    const found: string[] = [];
    for (const [shape, size] of ISSUE_CASES) {
      // The quarter size first warms the engine's compiler, as in the shapes' runs.
      const run = queue.then(() => guard(shape, [Math.round(size / 4), size], 600_000));
      queue = run.catch(() => undefined);
      const full = at(await run, size);
      for (const name of ["llvm", "cranelift"] as const) {
        const ms = full?.whole(name);
        if (ms === undefined) found.push(`${shape} ${size}, ${name}: did not finish within the time box`);
        else {
          t.log(`${shape} ${size}, ${name}: ${ms.toFixed(0)} ms of CPU`);
          if (ms > ISSUE_LIMIT_MS) found.push(`${shape} ${size}, ${name}: ${ms.toFixed(0)} ms of CPU (limit ${ISSUE_LIMIT_MS} ms)`);
        }
      }
    }
    return found;
  };
  await confirmed(t, await over(), over);
});

/**
 * Growth-probe shapes (bench/probe-shapes.ts) that once grew quadratically, at four times their probe size against
 * that size: each within the shapes' bound and exponent. (Names alike at both ends: 16,000 values took 4.8 s through
 * LLVM when a local name was hashed by its ends; variable reads in a loop body: 32,000 reads took 3.0 s when each
 * read's witness searched its block back for the last set; a compared value in many variables: 64,000 took 5 s
 * when the range solver's join searched a list of them per variable; string variable in a loop nest: 8,000 levels
 * took 4 s when the arena scopes' liveness went round the blocks once per level; string variables in loops in
 * sequence: 4,000 loops took 24 s when the arena scopes made every block's set of live string variables; values
 * compared early, divided far below: 16,000 took 3.8 s when each question walked up the dominators.)
 */
const ONCE_QUADRATIC = [
  "names alike at both ends", "variable reads in a loop body", "a compared value in many variables", "string variable in a loop nest",
  "string variables in loops in sequence", "values compared early, divided far below", "arrays live across many branches",
  "an array per level of a loop nest",
] as const;

for (const name of ONCE_QUADRATIC) {
  const probe = PROBE_SHAPES.find((s) => s.name === name)!;
  const size = 4 * probe.size, quarter = probe.size;
  test(`${name} (${quarter} -> ${size} ${probe.unit}): lower() with each backend within ${MARGIN}x the target time, growing at most as size^${MAX_EXPONENT}`, async (t) => {
    const over = async () => {
      const run = queue.then(() => guard(name, [quarter, size, quarter, size], 600_000));
      queue = run.catch(() => undefined);
      const got = await run;
      const full = at(got, size);
      return tooFast(t, at(got, quarter), full, MAX_EXPONENT, full && bound(full.passes.units));
    };
    await confirmed(t, await over(), over);
  });
}

test("the realistic inputs of the compile benchmark (corpus x1, fuzz batch of 100 functions) build and lower with both backends", (t) => {
  for (const shape of SHAPES.filter((s) => s.realistic)) {
    const m = parseModule(shape.make(shape.sizes[0]!), shape.name);
    t.true(m.functions.length >= shape.sizes[0]!, `${shape.name}: ${m.functions.length} functions`);
    for (const backend of ["llvm", "cranelift"] as const) t.true(lower(m, backend).text.length > 0, `${shape.name}: ${backend} printed nothing`);
  }
});
