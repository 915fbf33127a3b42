/**
 * The printers alone, for a before/after comparison of a printer change.
 * Per input, parse and lower once (fast-path mode on, the backend's own
 * lowering), print once to warm the engine, then the median CPU time
 * (user + system) of `runs` prints by the LLVM printer, the CLIF printer and
 * the `.lir` text printer, and the rate in lowered instructions per second
 * (terminators and br_table targets included: what a printer writes a line
 * or an entry for).
 *
 * With `--base DIR` (another built tree), only the LLVM printer, paired: each
 * round prints the same lowered module with this tree's printer and the
 * other's, in alternating order (a drift of the machine's load within a
 * round favours neither), the first two rounds dropped; reported are both
 * medians and the median of the per-round ratios this / base (below 1: this
 * tree is faster). The two printers must print the same text, or it stops.
 *
 *   node conformance/dist/bench/print-speed.js RUNS "SHAPE:SIZE" ["SHAPE:SIZE"...] [--base DIR]
 */
import { parseArgs } from "node:util";
import { parseModule } from "@fzy/ir";
import { type LModule, printLIR } from "@fzy/lir";
import { printCLIF } from "@fzy/lower-cranelift";
import { printLLVM } from "@fzy/lower-llvm";
import { lowerModule } from "@fzy/passes";
import { SHAPES } from "./compile-shapes.js";
import { cpu, median } from "./cpu-time.js";
import { importFrom, pairedMedians, pairedRounds, shapeNamed } from "./paired.js";
import { runMain } from "./cli-main.js";

/** CPU milliseconds `fn` took. */
const cpuMs = (fn: () => void): number => cpu(fn)[1];

/** Lowered instructions, terminators and br_table targets of a module. */
function lirUnits(m: LModule): number {
  let n = 0;
  for (const f of m.functions) for (const b of f.blocks) n += b.insts.length + 1 + (b.term.op === "br_table" || b.term.op === "switch" ? b.term.targets.length : 0);
  return n;
}

const PRINTERS = {
  llvm: { backend: "llvm", print: (m: LModule) => printLLVM(m) },
  cranelift: { backend: "cranelift", print: (m: LModule) => printCLIF(m).text },
  lir: { backend: "llvm", print: (m: LModule) => printLIR(m) },
} as const;

const USAGE = "usage: print-speed RUNS \"SHAPE:SIZE\"... [--base DIR]";

/** The text of "SHAPE:SIZE" (an unknown shape or a missing size is a usage error, spelled as the other benches spell it). */
function shapeText(input: string): string {
  const [name, size] = input.split(":");
  if (!size) throw new Error(`${USAGE}; no size in '${input}'`);
  return shapeNamed(name, USAGE).make(Number(size));
}

function unpaired(runs: number, input: string): void {
  const m = parseModule(shapeText(input));
  const row = [input];
  for (const [printer, { backend, print }] of Object.entries(PRINTERS)) {
    const lm = lowerModule(m, { backend, mode: "on" }).module;
    print(lm);
    const ms = Array.from({ length: runs }, () => cpuMs(() => print(lm)));
    const mid = median(ms);
    row.push(`${printer} ${mid.toFixed(1)} ms ${(lirUnits(lm) / mid / 1000).toFixed(2)}M/s`);
  }
  console.log(row.join(" | "));
}

function paired(runs: number, input: string, other: typeof printLLVM): void {
  const lm = lowerModule(parseModule(shapeText(input)), { backend: "llvm", mode: "on" }).module;
  const times = pairedRounds(runs, () => printLLVM(lm), () => other(lm), (ta, tb) => {
    if (ta !== tb) throw new Error(`${input}: the two LLVM printers print different text`);
  });
  const units = lirUnits(lm), m = pairedMedians(times);
  console.log(`${input} llvm print (${units} units): this ${m.a.toFixed(1)} ms (${(units / m.a / 1000).toFixed(2)}M/s), base ${m.b.toFixed(1)} ms, this/base ${m.ratio.toFixed(3)} (median of ${runs} paired rounds)`);
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { base: { type: "string" } } });
  const [runsText, ...inputs] = positionals;
  const runs = Number(runsText);
  if (!(runs >= 1) || inputs.length === 0) throw new Error(`${USAGE}; shapes: ${SHAPES.map((s) => s.name).join(", ")}`);
  const other = values.base === undefined ? undefined
    : (await importFrom<{ printLLVM: typeof printLLVM }>(values.base, "packages/lower-llvm/dist/index.js")).printLLVM;
  for (const input of inputs) {
    if (other) paired(runs, input, other);
    else unpaired(runs, input);
  }
}

await runMain("print-speed", main);
