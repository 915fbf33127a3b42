/**
 * Paired A/B timing of the lowered form's text tools, this tree against
 * another built tree, in one process: the input is parsed and lowered once
 * (this tree, cranelift backend, mode on), then each round prints the
 * lowered module as `.lir` text with each build's `printLIR` and parses that
 * text with each build's `parseLIR`, in alternating order, timing CPU (user
 * + system). The first two rounds warm the engine and are dropped.
 * Reported per tool: the median CPU ms of each side and the median of the
 * per-round ratios this / base (below 1: this tree is faster). The two
 * builds must print the same text, and each parse must print back to it,
 * or it stops.
 *
 *   node conformance/dist/bench/lir-text-ab.js SHAPE SIZE --base DIR [--rounds R]
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { parseModule } from "@fzy/ir";
import { type LModule, parseLIR, printLIR } from "@fzy/lir";
import { lowerModule } from "@fzy/passes";
import { SHAPES } from "./compile-shapes.js";
import { cpu, median } from "./cpu-time.js";

const USAGE = "usage: lir-text-ab SHAPE SIZE --base DIR [--rounds R]";

interface TextTools {
  readonly printLIR: (m: LModule) => string;
  readonly parseLIR: (text: string) => LModule;
}

/** Times `a` and `b` once each, `a` first on even rounds; their results and CPU ms. */
function pair<T>(round: number, a: () => T, b: () => T): [[T, number], [T, number]] {
  if (round % 2 === 0) {
    const ra = cpu(a);
    return [ra, cpu(b)];
  }
  const rb = cpu(b);
  return [cpu(a), rb];
}

/** The medians of each side and of the per-round ratio, as one report line. */
function report(tool: string, name: string, size: string, a: number[], b: number[], rounds: number): string {
  const ratio = a.map((x, i) => x / b[i]!);
  return `${tool} ${name} ${size}: this ${median(a).toFixed(1)} ms, base ${median(b).toFixed(1)} ms, this/base ${median(ratio).toFixed(3)} (median of ${rounds} paired rounds)\n`;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { base: { type: "string" }, rounds: { type: "string", default: "9" } },
  });
  const [name, size] = positionals;
  const shape = SHAPES.find((s) => s.name === name);
  if (!shape || !size || !values.base) throw new Error(`${USAGE}; shapes: ${SHAPES.map((s) => s.name).join(", ")}`);
  const url = pathToFileURL(resolve(values.base, "packages/lir/dist/index.js")).href;
  const other = (await import(url)) as TextTools;
  const lm = lowerModule(parseModule(shape.make(Number(size))), { backend: "cranelift", mode: "on" }).module;
  const rounds = Math.max(1, Number(values.rounds));
  const printA: number[] = [], printB: number[] = [], parseA: number[] = [], parseB: number[] = [];
  let bytes = 0;
  for (let i = 0; i < rounds + 2; i++) {
    const [[ta, pa], [tb, pb]] = pair(i, () => printLIR(lm), () => other.printLIR(lm));
    if (ta !== tb) throw new Error(`the two builds print different .lir text for ${name} ${size}`);
    const [[ma, qa], [mb, qb]] = pair(i, () => parseLIR(ta), () => other.parseLIR(ta));
    if (printLIR(ma) !== ta || printLIR(mb) !== ta) throw new Error(`a parse of the .lir text of ${name} ${size} does not print back to it`);
    bytes = ta.length;
    if (i < 2) continue;
    printA.push(pa); printB.push(pb); parseA.push(qa); parseB.push(qb);
  }
  process.stdout.write(`(${bytes} characters of .lir text)\n`);
  process.stdout.write(report("printLIR", name!, size, printA, printB, rounds));
  process.stdout.write(report("parseLIR", name!, size, parseA, parseB, rounds));
}

await main();
