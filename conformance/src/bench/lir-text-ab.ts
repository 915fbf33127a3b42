/**
 * Paired A/B timing of the lowered form's text tools, this tree against
 * another built tree, in one process: the input is parsed and lowered once
 * (this tree, cranelift backend, mode on), then each round prints the
 * lowered module as `.lir` text with each build's `printLIR`, then each
 * round parses that text with each build's `parseLIR`, in alternating order
 * (paired.ts), timing CPU (user + system); warm-up rounds are dropped.
 * Reported per tool: the median CPU ms of each side and the median of the
 * per-round ratios this / base (below 1: this tree is faster). The two
 * builds must print the same text, and each parse must print back to it,
 * or it stops.
 *
 *   node conformance/dist/bench/lir-text-ab.js SHAPE SIZE --base DIR [--rounds R]
 */
import { parseArgs } from "node:util";
import { parseModule } from "@fzy/ir";
import { type LModule, parseLIR, printLIR } from "@fzy/lir";
import { lowerModule } from "@fzy/passes";
import { importFrom, pairedRounds, pairedSummary, shapeNamed } from "./paired.js";
import { runMain } from "./cli-main.js";

const USAGE = "usage: lir-text-ab SHAPE SIZE --base DIR [--rounds R]";

interface TextTools {
  readonly printLIR: (m: LModule) => string;
  readonly parseLIR: (text: string) => LModule;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { base: { type: "string" }, rounds: { type: "string", default: "9" } },
  });
  const [name, size] = positionals;
  const shape = shapeNamed(name, USAGE);
  if (!size || !values.base) throw new Error(USAGE);
  const other = await importFrom<TextTools>(values.base, "packages/lir/dist/index.js");
  const lm = lowerModule(parseModule(shape.make(Number(size))), { backend: "cranelift", mode: "on" }).module;
  const rounds = Math.max(1, Number(values.rounds));
  const text = printLIR(lm);
  const print = pairedRounds(rounds, () => printLIR(lm), () => other.printLIR(lm), (ta, tb) => {
    if (ta !== text || tb !== text) throw new Error(`the two builds print different .lir text for ${name} ${size}`);
  });
  const parse = pairedRounds(rounds, () => parseLIR(text), () => other.parseLIR(text), (ma, mb) => {
    if (printLIR(ma) !== text || printLIR(mb) !== text) throw new Error(`a parse of the .lir text of ${name} ${size} does not print back to it`);
  });
  process.stdout.write(`(${text.length} characters of .lir text)\n`);
  process.stdout.write(`printLIR ${name} ${size}: ${pairedSummary(print, 1)}\n`);
  process.stdout.write(`parseLIR ${name} ${size}: ${pairedSummary(parse, 1)}\n`);
}

await runMain("lir-text-ab", main);
