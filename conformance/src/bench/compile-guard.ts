/**
 * The child process of the compile-speed guard (compile-speed.test.ts): makes
 * one adversarial input, then reports on stdout, one JSON line per step as
 * it finishes, the CPU time of each phase (process.cpuUsage, user +
 * system: time this process spent, which other processes on a busy machine
 * cannot inflate the way they inflate wall time). The phases the passes
 * own first (parse, verify, inline, scalarize, SSA planning), then per
 * backend the shared lowering and the printer. The parent kills it at a
 * time box, so an input that is still slow costs the box, not minutes.
 *
 *   node compile-guard.js SHAPE SIZE
 */
import { parseModule, verifyModule } from "@fzy/ir";
import { printCLIF } from "@fzy/lower-cranelift";
import { printLLVM } from "@fzy/lower-llvm";
import { inlineSmallFunctions, lowerModule, planSsa, resolveOptions } from "@fzy/passes";
import { ModuleIndex } from "@fzy/ir";
import { SHAPES, workUnits } from "./compile-shapes.js";
import { scalarizeAll } from "./compile-speed.js";

export type GuardLine =
  | { readonly kind: "passes"; readonly units: number; readonly ms: Readonly<Record<"parse" | "verify" | "inline" | "scalarize" | "ssa", number>> }
  | { readonly kind: "backend"; readonly backend: "llvm" | "cranelift"; readonly ms: Readonly<Record<"lower" | "print", number>> };

function cpu<T>(fn: () => T): [T, number] {
  const t0 = process.cpuUsage();
  const v = fn();
  const d = process.cpuUsage(t0);
  return [v, (d.user + d.system) / 1000];
}

function main(): void {
  const [name, size] = process.argv.slice(2);
  const shape = SHAPES.find((s) => s.name === name);
  if (!shape) throw new Error(`unknown shape ${name}`);
  const text = shape.make(Number(size));
  const emit = (l: GuardLine) => process.stdout.write(`${JSON.stringify(l)}\n`);
  const [m, parse] = cpu(() => parseModule(text));
  const [, verify] = cpu(() => verifyModule(m));
  const o = resolveOptions({ backend: "llvm", mode: "on" });
  const [inlined, inline] = cpu(() => inlineSmallFunctions(new ModuleIndex(m), m, { mode: o.mode, enabled: o.fast.inline }));
  const [scalar, scalarize] = cpu(() => scalarizeAll(inlined.module, "on"));
  const [, ssa] = cpu(() => { for (const f of scalar.functions) planSsa(f); });
  emit({ kind: "passes", units: workUnits(m), ms: { parse, verify, inline, scalarize, ssa } });
  // The lowering and printers take the better of two runs: one major collection landing in a run is noise, not work.
  for (const backend of ["llvm", "cranelift"] as const) {
    const [lm, lower1] = cpu(() => lowerModule(m, { backend, mode: "on" }).module);
    const [, print1] = cpu(() => (backend === "llvm" ? printLLVM(lm) : printCLIF(lm).text));
    const [, lower2] = cpu(() => lowerModule(m, { backend, mode: "on" }).module);
    const [, print2] = cpu(() => (backend === "llvm" ? printLLVM(lm) : printCLIF(lm).text));
    emit({ kind: "backend", backend, ms: { lower: Math.min(lower1, lower2), print: Math.min(print1, print2) } });
  }
}

main();
