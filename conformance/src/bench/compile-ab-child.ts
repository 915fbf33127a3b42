/**
 * One side of a process-mode A/B (see paired-process.ts): loads the
 * packages of the tree it is given (not this tree's, so a base tree that
 * predates this script can be timed), reads the input text, runs the phase
 * `warm` times untimed and `repeat` times timed, and prints one JSON line:
 * the median CPU ms of the timed runs and a SHA-256 of the output text
 * (the lowered text, or for parse and verify the printed module).
 *
 *   node conformance/dist/bench/compile-ab-child.js '{"tree": DIR, "input": FILE, "phase": ..., ...}'
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { parseModule, printModule, verifyModule } from "@fzy/ir";
import type { lower } from "@fzy/lower";
import { runMain } from "./cli-main.js";
import { cpu, median } from "./cpu-time.js";
import { importFrom } from "./paired-tree.js";
import type { ChildRequest } from "./paired-process.js";

interface TreeIr {
  parseModule: typeof parseModule;
  printModule: typeof printModule;
  verifyModule: typeof verifyModule;
}

/** The timed call of a phase, and the text (from its last result) whose hash the two trees must agree on. */
interface Phase {
  readonly timed: () => unknown;
  readonly output: (last: unknown) => string;
}

async function phaseOf(req: ChildRequest, ir: TreeIr, text: string): Promise<Phase> {
  if (req.phase === "parse") return { timed: () => ir.parseModule(text), output: (m) => ir.printModule(m as ReturnType<typeof parseModule>) };
  const m = ir.parseModule(text);
  if (req.phase === "verify") return { timed: () => ir.verifyModule(m), output: () => ir.printModule(m) };
  const lowerOf = (await importFrom<{ lower: typeof lower }>(req.tree, "packages/lower/dist/index.js")).lower;
  const backend = req.backend;
  if (!backend) throw new Error("a lower request needs a backend");
  return { timed: () => lowerOf(m, backend).text, output: (t) => t as string };
}

async function main(): Promise<void> {
  const req = JSON.parse(process.argv[2] ?? "null") as ChildRequest | null;
  if (!req) throw new Error("usage: compile-ab-child REQUEST-JSON");
  const ir = await importFrom<TreeIr>(req.tree, "packages/ir/dist/index.js");
  const text = readFileSync(req.input, "utf8");
  const { timed, output } = await phaseOf(req, ir, text);
  for (let i = 0; i < req.warm; i++) timed();
  const ms: number[] = [];
  let last: unknown;
  for (let i = 0; i < req.repeat; i++) {
    const [result, t] = cpu(timed);
    last = result;
    ms.push(t);
  }
  const out = output(last);
  process.stdout.write(`${JSON.stringify({ ms: median(ms), hash: createHash("sha256").update(out).digest("hex") })}\n`);
}

await runMain("compile-ab-child", main);
