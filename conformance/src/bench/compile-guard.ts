/**
 * The child process of the compile-speed guard (compile-speed.test.ts): makes
 * one adversarial input (a shape of the benchmark or of the growth probe) per
 * size given, in order, then reports on stdout,
 * one JSON line per step as it finishes, the CPU time of each phase
 * (process.cpuUsage, user + system: time this process spent, which other
 * processes on a busy machine cannot inflate the way they inflate wall
 * time). Per size, the phases the passes own first (parse, verify, inline,
 * scalarize, SSA planning), then per backend the shared lowering and the
 * printer. The parent kills it at a time box, so an input that is still
 * slow costs the box, not minutes. The parent passes the quarter size and
 * the largest, twice each in turn: the first pair warms the compiler of the
 * JavaScript engine at both sizes, the second pair is compared for the
 * growth exponent.
 *
 *   node compile-guard.js SHAPE SIZE [SIZE...]
 */
import { parseModule, verifyModule } from "@fzy/ir";
import { printCLIF } from "@fzy/lower-cranelift";
import { printLLVM } from "@fzy/lower-llvm";
import { inlineOptionsOf, inlineSmallFunctions, lowerModule, planSsa, resolveOptions } from "@fzy/passes";
import { ModuleIndex } from "@fzy/ir";
import { SHAPES, workUnits } from "./compile-shapes.js";
import { PROBE_SHAPES } from "./probe-shapes.js";
import { scalarizeAll } from "./compile-speed.js";
import { cpu } from "./cpu-time.js";

export type GuardLine =
  | { readonly kind: "passes"; readonly size: number; readonly units: number; readonly ms: Readonly<Record<"parse" | "verify" | "inline" | "scalarize" | "ssa", number>> }
  | { readonly kind: "backend"; readonly size: number; readonly backend: "llvm" | "cranelift"; readonly ms: Readonly<Record<"lower" | "print", number>> };

/**
 * The mean of at least two runs, and of up to seven while they add up to
 * under 200 ms. A mean, not the best run: the collector's work is part of
 * the cost, and the best of seven runs of a small input is one that no
 * collection touched, while every run of a large one pays for some; the
 * best of each made a linear shape read as growing like size^2 (wide
 * phis: 38 -> 624 ms for 4x the input, where the means were 142 -> 502).
 */
function typical<T>(fn: () => T): [T, number] {
  const [v, first] = cpu(fn);
  let runs = 1, spent = first;
  for (; runs < 2 || (runs < 7 && spent < 200); runs++) spent += cpu(fn)[1];
  return [v, spent / runs];
}

function measure(shape: { readonly make: (size: number) => string }, size: number, emit: (l: GuardLine) => void): void {
  const text = shape.make(size);
  const [m, parse] = cpu(() => parseModule(text));
  const [, verify] = typical(() => verifyModule(m));
  const o = resolveOptions({ backend: "llvm", mode: "on" });
  const [inlined, inline] = cpu(() => inlineSmallFunctions(new ModuleIndex(m), m, inlineOptionsOf(o)));
  const [scalar, scalarize] = cpu(() => scalarizeAll(inlined.module, "on"));
  const [, ssa] = cpu(() => { for (const f of scalar.functions) planSsa(f); });
  emit({ kind: "passes", size, units: workUnits(m), ms: { parse, verify, inline, scalarize, ssa } });
  for (const backend of ["llvm", "cranelift"] as const) {
    const [lm, lower] = typical(() => lowerModule(m, { backend, mode: "on" }).module);
    const [, print] = typical(() => (backend === "llvm" ? printLLVM(lm) : printCLIF(lm).text));
    emit({ kind: "backend", size, backend, ms: { lower, print } });
  }
}

function main(): void {
  const [name, ...sizes] = process.argv.slice(2);
  const shape = [...SHAPES, ...PROBE_SHAPES].find((s) => s.name === name);
  if (!shape || sizes.length === 0) throw new Error(`usage: compile-guard SHAPE SIZE [SIZE...] (shape ${name ?? "missing"})`);
  const emit = (l: GuardLine) => process.stdout.write(`${JSON.stringify(l)}\n`);
  for (const size of sizes) measure(shape, Number(size), emit);
}

main();
