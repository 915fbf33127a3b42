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
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { parseModule } from "@fzy/ir";
import { printCLIF } from "@fzy/lower-cranelift";
import { lowerModule } from "@fzy/passes";
import { SHAPES } from "./compile-shapes.js";
import { cpu, median } from "./cpu-time.js";

const USAGE = "usage: clif-print-ab SHAPE SIZE --base DIR [--rounds R]";

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { base: { type: "string" }, rounds: { type: "string", default: "9" } },
  });
  const [name, size] = positionals;
  const shape = SHAPES.find((s) => s.name === name);
  if (!shape || !size || !values.base) throw new Error(`${USAGE}; shapes: ${SHAPES.map((s) => s.name).join(", ")}`);
  const url = pathToFileURL(resolve(values.base, "packages/lower-cranelift/dist/index.js")).href;
  const other = ((await import(url)) as { printCLIF: typeof printCLIF }).printCLIF;
  const lm = lowerModule(parseModule(shape.make(Number(size))), { backend: "cranelift", mode: "on" }).module;
  const rounds = Math.max(1, Number(values.rounds));
  const a: number[] = [], b: number[] = [], ratio: number[] = [];
  let lines = 0;
  for (let i = 0; i < rounds + 2; i++) {
    const runA = () => cpu(() => printCLIF(lm));
    const runB = () => cpu(() => other(lm));
    const [[oa, ma], [ob, mb]] = i % 2 === 0 ? [runA(), runB()] : (() => { const rb = runB(); return [runA(), rb]; })();
    if (oa.text !== ob.text || JSON.stringify(oa.data) !== JSON.stringify(ob.data)) throw new Error(`the two builds print different CLIF for ${name} ${size}`);
    lines = oa.text.split("\n").length;
    if (i < 2) continue;
    a.push(ma); b.push(mb); ratio.push(ma / mb);
  }
  const ma = median(a), mb = median(b);
  process.stdout.write(`printCLIF ${name} ${size} (${lines} lines): this ${ma.toFixed(1)} ms, base ${mb.toFixed(1)} ms, this/base ${median(ratio).toFixed(3)} (median of ${rounds} paired rounds)\n`);
}

await main();
