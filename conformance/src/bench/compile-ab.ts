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
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { parseModule } from "@fzy/ir";
import { type Backend, lower } from "@fzy/lower";
import { SHAPES, workUnits } from "./compile-shapes.js";
import { cpu, median } from "./cpu-time.js";

const USAGE = "usage: compile-ab SHAPE SIZE --base DIR [--rounds R] [--backend llvm|cranelift]";

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { base: { type: "string" }, rounds: { type: "string", default: "9" }, backend: { type: "string" } },
  });
  const [name, size] = positionals;
  const shape = SHAPES.find((s) => s.name === name);
  if (!shape || !size || !values.base) throw new Error(`${USAGE}; shapes: ${SHAPES.map((s) => s.name).join(", ")}`);
  const base = resolve(values.base);
  const other = {
    lower: ((await import(pathToFileURL(resolve(base, "packages/lower/dist/index.js")).href)) as { lower: typeof lower }).lower,
    parse: ((await import(pathToFileURL(resolve(base, "packages/ir/dist/index.js")).href)) as { parseModule: typeof parseModule }).parseModule,
  };
  const text = shape.make(Number(size));
  const mine = parseModule(text), theirs = other.parse(text);
  const units = workUnits(mine);
  const rounds = Math.max(1, Number(values.rounds));
  for (const backend of (values.backend ? [values.backend] : ["llvm", "cranelift"]) as Backend[]) {
    const a: number[] = [], b: number[] = [], ratio: number[] = [];
    for (let i = 0; i < rounds + 2; i++) {
      const runA = () => cpu(() => lower(mine, backend).text);
      const runB = () => cpu(() => other.lower(theirs, backend).text);
      const [[ta, ma], [tb, mb]] = i % 2 === 0 ? [runA(), runB()] : (() => { const rb = runB(); return [runA(), rb]; })();
      if (ta !== tb) throw new Error(`${backend}: the two builds print different text for ${name} ${size}`);
      if (i < 2) continue;
      a.push(ma); b.push(mb); ratio.push(ma / mb);
    }
    const ma = median(a), mb = median(b);
    process.stdout.write(`${name} ${size} (${units} units) ${backend}: this ${ma.toFixed(0)} ms (${Math.round((units * 1000) / ma).toLocaleString("en-US")}/s), base ${mb.toFixed(0)} ms, this/base ${median(ratio).toFixed(3)} (median of ${rounds} paired rounds)\n`);
  }
}

await main();
