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
 * With `--phase parse` the rounds time `parseModule` of the text instead
 * (the two parsed modules must print the same text); with `--phase verify`,
 * `verifyModule` of each side's parsed module.
 *
 *   node conformance/dist/bench/compile-ab.js SHAPE SIZE --base DIR [--rounds R] [--backend llvm|cranelift] [--phase parse|verify]
 */
import { parseArgs } from "node:util";
import { parseModule, printModule, verifyModule } from "@fzy/ir";
import { type Backend, lower } from "@fzy/lower";
import { workUnits } from "./compile-shapes.js";
import { importFrom, pairedMedians, pairedRounds, shapeNamed } from "./paired.js";
import { runMain } from "./cli-main.js";

const USAGE = "usage: compile-ab SHAPE SIZE --base DIR [--rounds R] [--backend llvm|cranelift] [--phase parse|verify]";

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { base: { type: "string" }, rounds: { type: "string", default: "9" }, backend: { type: "string" }, phase: { type: "string" } },
  });
  const [name, size] = positionals;
  const shape = shapeNamed(name, USAGE);
  if (!size || !values.base) throw new Error(USAGE);
  const other = {
    lower: (await importFrom<{ lower: typeof lower }>(values.base, "packages/lower/dist/index.js")).lower,
    ...(await importFrom<{ parseModule: typeof parseModule; printModule: typeof printModule; verifyModule: typeof verifyModule }>(values.base, "packages/ir/dist/index.js")),
  };
  const text = shape.make(Number(size));
  const mine = parseModule(text), theirs = other.parseModule(text);
  const units = workUnits(mine);
  const rounds = Math.max(1, Number(values.rounds));
  const rate = (ms: number) => Math.round((units * 1000) / ms).toLocaleString("en-US");
  if (values.phase === "parse" || values.phase === "verify") {
    const times = values.phase === "parse"
      ? pairedRounds(rounds, () => parseModule(text), () => other.parseModule(text), (a, b) => {
        if (printModule(a) !== other.printModule(b)) throw new Error(`the two parsers make different modules of ${name} ${size}`);
      })
      : pairedRounds(rounds, () => verifyModule(mine), () => other.verifyModule(theirs), () => undefined);
    const m = pairedMedians(times);
    process.stdout.write(`${name} ${size} (${units} units) ${values.phase}: this ${m.a.toFixed(0)} ms (${rate(m.a)}/s), base ${m.b.toFixed(0)} ms (${rate(m.b)}/s), this/base ${m.ratio.toFixed(3)} (median of ${rounds} paired rounds)\n`);
    return;
  }
  if (values.phase !== undefined) throw new Error(USAGE);
  for (const backend of (values.backend ? [values.backend] : ["llvm", "cranelift"]) as Backend[]) {
    const times = pairedRounds(rounds, () => lower(mine, backend).text, () => other.lower(theirs, backend).text, (ta, tb) => {
      if (ta !== tb) throw new Error(`${backend}: the two builds print different text for ${name} ${size}`);
    });
    const m = pairedMedians(times);
    process.stdout.write(`${name} ${size} (${units} units) ${backend}: this ${m.a.toFixed(0)} ms (${rate(m.a)}/s), base ${m.b.toFixed(0)} ms, this/base ${m.ratio.toFixed(3)} (median of ${rounds} paired rounds)\n`);
  }
}

await runMain("compile-ab", main);
