/**
 * Paired A/B timing of the whole `lower()` for one input of the compile
 * benchmark, this tree against another built tree, in one process: both
 * parse the input with their own parser, then each round lowers it once
 * with each build, in alternating order (so a drift of the machine's load
 * within a round favours neither), timing CPU (user + system). The first
 * two rounds warm the engine and are dropped. Reported per backend: the
 * median CPU ms of each side and the median of the per-round ratios
 * this / base (below 1: this tree is faster). The two builds must print the
 * same text, or it stops.
 *
 *   node conformance/dist/bench/compile-ab.js SHAPE SIZE --base DIR [--rounds R] [--backend llvm|cranelift]
 */
import { parseArgs } from "node:util";
import { parseModule } from "@fzy/ir";
import { type Backend, lower } from "@fzy/lower";
import { workUnits } from "./compile-shapes.js";
import { importFrom, pairedMedians, pairedRounds, shapeNamed } from "./paired.js";
import { runMain } from "./cli-main.js";

const USAGE = "usage: compile-ab SHAPE SIZE --base DIR [--rounds R] [--backend llvm|cranelift]";

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { base: { type: "string" }, rounds: { type: "string", default: "9" }, backend: { type: "string" } },
  });
  const [name, size] = positionals;
  const shape = shapeNamed(name, USAGE);
  if (!size || !values.base) throw new Error(USAGE);
  const other = {
    lower: (await importFrom<{ lower: typeof lower }>(values.base, "packages/lower/dist/index.js")).lower,
    parse: (await importFrom<{ parseModule: typeof parseModule }>(values.base, "packages/ir/dist/index.js")).parseModule,
  };
  const text = shape.make(Number(size));
  const mine = parseModule(text), theirs = other.parse(text);
  const units = workUnits(mine);
  const rounds = Math.max(1, Number(values.rounds));
  for (const backend of (values.backend ? [values.backend] : ["llvm", "cranelift"]) as Backend[]) {
    const times = pairedRounds(rounds, () => lower(mine, backend).text, () => other.lower(theirs, backend).text, (ta, tb) => {
      if (ta !== tb) throw new Error(`${backend}: the two builds print different text for ${name} ${size}`);
    });
    const m = pairedMedians(times);
    process.stdout.write(`${name} ${size} (${units} units) ${backend}: this ${m.a.toFixed(0)} ms (${Math.round((units * 1000) / m.a).toLocaleString("en-US")}/s), base ${m.b.toFixed(0)} ms, this/base ${m.ratio.toFixed(3)} (median of ${rounds} paired rounds)\n`);
  }
}

await runMain("compile-ab", main);
