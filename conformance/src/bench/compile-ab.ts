/**
 * Paired A/B timing of the whole `lower()` for one input of the compile
 * benchmark, this tree against another built tree. Reported per backend:
 * the median CPU ms (user + system) of each side and the median of the
 * per-round ratios this / base (below 1: this tree is faster). The two
 * builds must print the same text, or it stops; `--output-changed` times
 * a deliberate change of output instead (the texts are not compared, and
 * the result says so).
 *
 * `--processes` is the way to A/B: each round starts one fresh process per
 * tree, in alternating order (ABBA across rounds); each loads only its own
 * tree's packages, parses the input once untimed, lowers it twice to warm
 * up and reports the median of `--repeat` timed lowerings (see
 * paired-process.ts). It also prints the interquartile range of the
 * per-round ratios: a change smaller than that spread is noise. `--this
 * DIR` times another built tree as "this" (e.g. to swap the two sides).
 *
 * Without it both trees run in this process: both parse the input with
 * their own parser, then each round lowers it once with each build, in
 * alternating order, and the first two rounds are dropped. Quicker, but it
 * favours the tree it runs from and one tree's JIT state colours the
 * other's, by up to 10-20% on a busy machine.
 *
 * `--input FILE.fzir` times a saved module instead of a shape (e.g. a
 * shape as an older tree made it, when the shapes have changed since).
 *
 * With `--phase parse` the rounds time `parseModule` of the text instead
 * (the two parsed modules must print the same text); with `--phase verify`,
 * `verifyModule` of each side's parsed module.
 *
 *   node conformance/dist/bench/compile-ab.js (SHAPE SIZE | --input FILE.fzir) --base DIR --processes [--repeat K] [--this DIR] [--rounds R] [--backend llvm|cranelift] [--phase parse|verify]
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseModule, printModule, verifyModule } from "@fzy/ir";
import { lower } from "@fzy/lower";
import { type AbArgs, AB_USAGE, parseAbArgs } from "./compile-ab-args.js";
import { workUnits } from "./compile-shapes.js";
import { importFrom, pairedMedians, pairedRounds, shapeNamed } from "./paired.js";
import { checkBuiltTree, type ChildRequest, processRounds, summarizeRounds } from "./paired-process.js";
import { runMain } from "./cli-main.js";

/** Untimed runs in each child before the timed ones. */
const CHILD_WARM_RUNS = 2;

/** The note a result carries when the two trees were allowed to print different text. */
const changed = (a: AbArgs): string => (a.outputChanged && a.phase === "lower" ? "; output changed: texts not compared" : "");

const rateOf = (units: number) => (ms: number) => Math.round((units * 1000) / ms).toLocaleString("en-US");

/** Both trees in this process (the quick mode; see the header). */
async function inProcess(a: AbArgs, text: string, name: string): Promise<void> {
  const { rounds } = a;
  const other = {
    lower: (await importFrom<{ lower: typeof lower }>(a.base, "packages/lower/dist/index.js")).lower,
    ...(await importFrom<{ parseModule: typeof parseModule; printModule: typeof printModule; verifyModule: typeof verifyModule }>(a.base, "packages/ir/dist/index.js")),
  };
  const mine = parseModule(text), theirs = other.parseModule(text);
  const units = workUnits(mine);
  const rate = rateOf(units);
  if (a.phase === "parse" || a.phase === "verify") {
    const times = a.phase === "parse"
      ? pairedRounds(rounds, () => parseModule(text), () => other.parseModule(text), (x, y) => {
        if (printModule(x) !== other.printModule(y)) throw new Error(`the two parsers make different modules of ${name}`);
      })
      : pairedRounds(rounds, () => verifyModule(mine), () => other.verifyModule(theirs), () => undefined);
    const m = pairedMedians(times);
    process.stdout.write(`${name} (${units} units) ${a.phase}: this ${m.a.toFixed(0)} ms (${rate(m.a)}/s), base ${m.b.toFixed(0)} ms (${rate(m.b)}/s), this/base ${m.ratio.toFixed(3)} (median of ${rounds} paired rounds)\n`);
    return;
  }
  for (const backend of a.backends) {
    const times = pairedRounds(rounds, () => lower(mine, backend).text, () => other.lower(theirs, backend).text, (ta, tb) => {
      if (ta !== tb && !a.outputChanged) throw new Error(`${backend}: the two builds print different text for ${name}`);
    });
    const m = pairedMedians(times);
    process.stdout.write(`${name} (${units} units) ${backend}: this ${m.a.toFixed(0)} ms (${rate(m.a)}/s), base ${m.b.toFixed(0)} ms, this/base ${m.ratio.toFixed(3)} (median of ${rounds} paired rounds)${changed(a)}\n`);
  }
}

/** A fresh process per tree and round (the documented mode; see the header and paired-process.ts). */
function inProcesses(a: AbArgs, text: string, name: string): void {
  const thisTree = a.mine ?? join(import.meta.dirname, "../../..");
  const dir = mkdtempSync(join(tmpdir(), "fz-compile-ab-"));
  try {
    const input = join(dir, "input.fzir");
    writeFileSync(input, text);
    const units = workUnits(parseModule(text));
    const rate = rateOf(units);
    const what = a.phase === "lower" ? a.backends : [undefined];
    for (const backend of what) {
      const req = (tree: string): ChildRequest => ({ tree, input, phase: a.phase, backend, warm: CHILD_WARM_RUNS, repeat: a.repeat });
      const differ = a.outputChanged && a.phase === "lower" ? undefined
        : a.phase === "lower" ? `${backend}: the two builds print different text for ${name}`
        : `the two parsers make different modules of ${name}`;
      const s = summarizeRounds(processRounds(a.rounds, req(thisTree), req(a.base), differ));
      process.stdout.write(`${name} (${units} units) ${backend ?? a.phase}: this ${s.mine.toFixed(0)} ms (${rate(s.mine)}/s), base ${s.base.toFixed(0)} ms (${rate(s.base)}/s), this/base ${s.ratio.toFixed(3)}, IQR ${s.q1.toFixed(3)}-${s.q3.toFixed(3)} (median of ${a.rounds} rounds of fresh processes, ABBA, each the median of ${a.repeat} runs)${changed(a)}\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(AB_USAGE);
    return;
  }
  const a = parseAbArgs(argv);
  if (a.processes) for (const tree of [a.mine, a.base]) if (tree !== undefined) checkBuiltTree(tree);
  const { input } = a;
  const [text, name] = "file" in input
    ? [readFileSync(input.file, "utf8"), input.file]
    : [shapeNamed(input.shape, AB_USAGE).make(input.size), `${input.shape} ${input.size}`];
  if (a.processes) inProcesses(a, text, name);
  else await inProcess(a, text, name);
}

await runMain("compile-ab", main);
