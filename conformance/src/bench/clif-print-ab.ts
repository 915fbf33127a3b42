/**
 * Paired A/B timing of the CLIF printer alone, this tree against another
 * built tree, in one process: the input is parsed and lowered once (this
 * tree, cranelift backend, mode on), then each round prints the same
 * lowered module with each build's `printCLIF`, in alternating order, timing
 * CPU (user + system). The first two rounds warm the engine and are
 * dropped. Reported: the median CPU ms of each side and the median of the
 * per-round ratios this / base (below 1: this tree is faster). The two
 * builds must print the same text and data, or it stops.
 *
 *   node conformance/dist/bench/clif-print-ab.js SHAPE SIZE --base DIR [--rounds R]
 */
import { parseArgs } from "node:util";
import { parseModule } from "@fzy/ir";
import { printCLIF } from "@fzy/lower-cranelift";
import { lowerModule } from "@fzy/passes";
import { importFrom, pairedRounds, pairedSummary, shapeNamed } from "./paired.js";
import { runMain } from "./cli-main.js";

const USAGE = "usage: clif-print-ab SHAPE SIZE --base DIR [--rounds R]";

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { base: { type: "string" }, rounds: { type: "string", default: "9" } },
  });
  const [name, size] = positionals;
  const shape = shapeNamed(name, USAGE);
  if (!size || !values.base) throw new Error(USAGE);
  const other = (await importFrom<{ printCLIF: typeof printCLIF }>(values.base, "packages/lower-cranelift/dist/index.js")).printCLIF;
  const lm = lowerModule(parseModule(shape.make(Number(size))), { backend: "cranelift", mode: "on" }).module;
  let lines = 0;
  const times = pairedRounds(Math.max(1, Number(values.rounds)), () => printCLIF(lm), () => other(lm), (oa, ob) => {
    if (oa.text !== ob.text || JSON.stringify(oa.data) !== JSON.stringify(ob.data)) throw new Error(`the two builds print different CLIF for ${name} ${size}`);
    lines = oa.text.split("\n").length;
  });
  process.stdout.write(`printCLIF ${name} ${size} (${lines} lines): ${pairedSummary(times, 1)}\n`);
}

await runMain("clif-print-ab", main);
