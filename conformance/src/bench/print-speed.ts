/**
 * The printers alone, for a before/after comparison of a printer change (run
 * the same command on both builds, one after the other): per input, parse and
 * lower once (fast-path mode on, the backend's own lowering), print once to
 * warm the engine, then the median CPU time (user + system) of `runs` prints
 * by the LLVM printer, the CLIF printer and the `.lir` text printer, and the
 * rate in lowered instructions per second (terminators and br_table
 * targets included: what a printer writes a line or an entry for).
 *
 *   node conformance/dist/bench/print-speed.js RUNS "SHAPE:SIZE" ["SHAPE:SIZE"...]
 */
import { parseModule } from "@fzy/ir";
import { type LModule, printLIR } from "@fzy/lir";
import { printCLIF } from "@fzy/lower-cranelift";
import { printLLVM } from "@fzy/lower-llvm";
import { lowerModule } from "@fzy/passes";
import { SHAPES } from "./compile-shapes.js";

function cpuMs(fn: () => void): number {
  const t0 = process.cpuUsage();
  fn();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000;
}

/** Lowered instructions, terminators and br_table targets of a module. */
function lirUnits(m: LModule): number {
  let n = 0;
  for (const f of m.functions) for (const b of f.blocks) n += b.insts.length + 1 + (b.term.op === "br_table" ? b.term.targets.length : 0);
  return n;
}

const PRINTERS = {
  llvm: { backend: "llvm", print: (m: LModule) => printLLVM(m) },
  cranelift: { backend: "cranelift", print: (m: LModule) => printCLIF(m).text },
  lir: { backend: "llvm", print: (m: LModule) => printLIR(m) },
} as const;

function main(): void {
  const [runs, ...inputs] = process.argv.slice(2);
  if (!runs || !(Number(runs) >= 1) || inputs.length === 0) throw new Error(`usage: print-speed RUNS "SHAPE:SIZE"...; shapes: ${SHAPES.map((s) => s.name).join(", ")}`);
  for (const input of inputs) {
    const [name, size] = input.split(":");
    const shape = SHAPES.find((s) => s.name === name);
    if (!shape || !size) throw new Error(`unknown input '${input}' (SHAPE:SIZE; shapes: ${SHAPES.map((s) => s.name).join(", ")})`);
    const m = parseModule(shape.make(Number(size)));
    const row = [input];
    for (const [printer, { backend, print }] of Object.entries(PRINTERS)) {
      const lm = lowerModule(m, { backend, mode: "on" }).module;
      print(lm);
      const ms = Array.from({ length: Number(runs) }, () => cpuMs(() => print(lm))).sort((a, b) => a - b);
      const median = ms[(ms.length - 1) >> 1]!;
      row.push(`${printer} ${median.toFixed(1)} ms ${(lirUnits(lm) / median / 1000).toFixed(2)}M/s`);
    }
    console.log(`${row.join(" | ")}`);
  }
}

main();
