/**
 * The compile-speed guard: every adversarial shape of the compile benchmark
 * (bench/compile-shapes.ts), at its largest size, must go through each
 * phase within ten times the target time of the issue (500,000 work units
 * per second: IR instructions plus switch cases), never less than one
 * second. Each input runs in a fresh child process (bench/compile-guard.ts)
 * that reports CPU time, not wall time, so a busy machine slows the test
 * down but cannot fail it; the margin of ten is for the rest (a slower CPU,
 * a collection landing in a phase). A shape that went quadratic again is
 * 10-1000x over, far past the margin.
 *
 * Shapes whose whole lowering is not yet within the bound are listed in
 * NOT_YET with the phase that holds them (from a CPU profile) and a wider
 * bound that they meet today: still far below what a quadratic regression
 * costs, so the guard keeps its teeth without being flaky.
 */
import test from "ava";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { GuardLine } from "./bench/compile-guard.js";
import { SHAPES } from "./bench/compile-shapes.js";

const CHILD = fileURLToPath(new URL("./bench/compile-guard.js", import.meta.url));
/** Target rate of the issue, work units per CPU second. */
const TARGET_PER_SECOND = 500_000;
const MARGIN = 10;
const FLOOR_MS = 1000;

/** Shapes whose whole lowering is still over the bound: what holds each, and the wider margin it meets. */
const NOT_YET: Readonly<Record<string, { readonly why: string; readonly margin: number }>> = {
  "loop nest": { why: "the per-function lowering: the range analysis keeps its widening rounds, about depth^1.3 on a deep nest, and 1.2-1.5 s of CPU at depth 2,000 on a loaded 2-core machine", margin: 10 * MARGIN },
};

const bound = (units: number, margin = MARGIN) => Math.max(FLOOR_MS, (margin * units * 1000) / TARGET_PER_SECOND);

/**
 * Runs the guard child on one input; the lines it printed before its time
 * box ran out. The box is wall time: `passesBoxMs` until the passes are
 * reported, then `restBoxMs` for the backends.
 */
function guard(shape: string, size: number, passesBoxMs: number, restBoxMs: (units: number) => number): Promise<GuardLine[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, shape, String(size)], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "", err = "";
    const kill = () => child.kill("SIGKILL");
    let timer = setTimeout(kill, passesBoxMs);
    child.stdout.on("data", (d: Buffer) => {
      const first = !out.includes("\n");
      out += d.toString();
      if (first && out.includes("\n")) {
        const passes = JSON.parse(out.slice(0, out.indexOf("\n"))) as GuardLine;
        clearTimeout(timer);
        timer = setTimeout(kill, restBoxMs(passes.kind === "passes" ? passes.units : 0));
      }
    });
    child.stderr.on("data", (d: Buffer) => { err += d.toString(); });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code !== 0 && signal !== "SIGKILL") reject(new Error(`guard child failed (${code ?? signal}): ${err.slice(0, 400)}`));
      else resolve(out.split("\n").filter(Boolean).map((l) => JSON.parse(l) as GuardLine));
    });
  });
}

/** Children run one at a time, so their CPU time is not shared with each other. */
let queue: Promise<unknown> = Promise.resolve();

for (const shape of SHAPES.filter((s) => !s.realistic)) {
  const size = shape.sizes[shape.sizes.length - 1]!;
  const slow = NOT_YET[shape.name];
  let run: Promise<GuardLine[]> | undefined;
  // Both tests of a shape read one child run. The wall-time box is only a
  // safety net (a loaded machine can stretch wall time twentyfold).
  const lines = () => {
    if (!run) {
      run = queue.then(() => guard(shape.name, size, 300_000, () => 300_000));
      queue = run.catch(() => undefined);
    }
    return run;
  };

  test(`${shape.name} (${size} ${shape.unit}): parse, verify, inline, scalarize, SSA planning and printing each within ${MARGIN}x the target time`, async (t) => {
    const got = await lines();
    const passes = got.find((l) => l.kind === "passes");
    if (!passes || passes.kind !== "passes") return t.fail("the passes did not finish within the time box");
    const limit = bound(passes.units);
    for (const [phase, ms] of Object.entries(passes.ms)) t.true(ms <= limit, `${phase}: ${ms.toFixed(0)} ms of CPU for ${passes.units} units (bound ${limit.toFixed(0)} ms)`);
    for (const l of got) if (l.kind === "backend") t.true(l.ms.print <= limit, `${l.backend} printer: ${l.ms.print.toFixed(0)} ms (bound ${limit.toFixed(0)} ms)`);
  });

  const margin = slow?.margin ?? MARGIN;
  test(`${shape.name} (${size} ${shape.unit}): lower() with each backend within ${margin}x the target time${slow ? ` (not yet ${MARGIN}x: ${slow.why})` : ""}`, async (t) => {
    const got = await lines();
    const passes = got.find((l) => l.kind === "passes");
    if (!passes || passes.kind !== "passes") return t.fail("the passes did not finish within the time box");
    const limit = bound(passes.units, margin);
    for (const backend of ["llvm", "cranelift"] as const) {
      const b = got.find((l) => l.kind === "backend" && l.backend === backend);
      if (!b || b.kind !== "backend") { t.fail(`${backend}: the lowering did not finish within the time box`); continue; }
      const ms = passes.ms.verify + b.ms.lower + b.ms.print;
      t.true(ms <= limit, `${backend}: verify + lowering + print took ${ms.toFixed(0)} ms of CPU for ${passes.units} units (bound ${limit.toFixed(0)} ms)`);
    }
  });
}
