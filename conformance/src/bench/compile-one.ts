/**
 * One input of the compile benchmark at one size, the whole `lower()` only:
 * for a quick before/after comparison of a change (run the same command on
 * both builds, one after the other). Parses once, lowers once to warm the
 * engine, then prints the median and best CPU time (user + system) of
 * `runs` lowerings per backend, fast-path mode on.
 *
 *   node conformance/dist/bench/compile-one.js SHAPE SIZE [RUNS]
 */
import { lower } from "@fzy/lower";
import { parseModule } from "@fzy/ir";
import { SHAPES, workUnits } from "./compile-shapes.js";

function cpuMs(fn: () => void): number {
  const t0 = process.cpuUsage();
  fn();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000;
}

function main(): void {
  const [name, size, runs = "5"] = process.argv.slice(2);
  const shape = SHAPES.find((s) => s.name === name);
  if (!shape || !size) throw new Error(`usage: compile-one SHAPE SIZE [RUNS]; shapes: ${SHAPES.map((s) => s.name).join(", ")}`);
  const m = parseModule(shape.make(Number(size)));
  const units = workUnits(m);
  for (const backend of ["llvm", "cranelift"] as const) {
    lower(m, backend);
    const ms = Array.from({ length: Math.max(1, Number(runs)) }, () => cpuMs(() => lower(m, backend))).sort((a, b) => a - b);
    const median = ms[(ms.length - 1) >> 1]!;
    const rate = Math.round((units * 1000) / median).toLocaleString("en-US");
    process.stdout.write(`${name} ${size} (${units} units) ${backend}: lower() median ${median.toFixed(0)} ms, best ${ms[0]!.toFixed(0)} ms of CPU (${rate}/s)\n`);
  }
}

main();
