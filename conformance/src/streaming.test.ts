/**
 * Printing each function as soon as it is lowered (lower() when nothing
 * needs the whole lowered module first: lower.ts lowerPrinting) gives what
 * lowering the whole module and then printing it gives (the path taken
 * with `verifyLowered`, which every other conformance test turns on): the
 * same text, data objects, report, diagnostics and source locations, the
 * same error for bad input, and a `lowered` module equal to the one the
 * other path printed. Over every .fzir of conformance, both printing
 * backends, every mode and the options that change the text, and the fuzz
 * batch the compile benchmark lowers.
 */
import test from "ava";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseModule } from "@fzy/ir";
import { type Backend, lower, type LowerOptions, type LowerResult, lowerText } from "@fzy/lower";
import { fuzzText } from "./bench/compile-shapes.js";
import { CONFORMANCE_DIR } from "./native/toolchain.js";

const DIRS = ["kernels", "modules", "regressions", "hostile/hand"];
const BACKENDS: readonly Backend[] = ["llvm", "cranelift"];

function fzirFiles(): string[] {
  return DIRS.flatMap((d) => readdirSync(join(CONFORMANCE_DIR, d)).filter((f) => f.endsWith(".fzir")).sort().map((f) => join(CONFORMANCE_DIR, d, f)));
}

/** The option sets each file is lowered with. */
function optionSets(backend: Backend): LowerOptions[] {
  const sets: LowerOptions[] = [{ perfFastpath: "off" }, { perfFastpath: "on" }, { perfFastpath: "force" }, { annotate: true }, { fastPaths: { inline: false, arrays: false } }];
  if (backend === "llvm") sets.push({ llvmFacts: false }, { target: "aarch64-linux" });
  return sets;
}

type Outcome = { result: LowerResult } | { error: string };

function outcome(run: () => LowerResult): Outcome {
  try {
    return { result: run() };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

/** What a caller sees of a result, `lowered` left out (compared on its own). */
const visible = (r: LowerResult) => ({ text: r.text, data: r.data, report: r.report, diagnostics: r.diagnostics, srclocs: r.srclocs });

test("each function printed as it is lowered gives what printing the whole lowered module gives", (t) => {
  let compared = 0, failed = 0;
  for (const file of fzirFiles()) {
    const source = readFileSync(file);
    for (const backend of BACKENDS) {
      for (const o of optionSets(backend)) {
        const streamed = outcome(() => lowerText(source, backend, { ...o, file }));
        const whole = outcome(() => lowerText(source, backend, { ...o, file, verifyLowered: true }));
        const where = `${file} ${backend} ${JSON.stringify(o)}`;
        if ("error" in whole) {
          // verifyLowered only adds a check: an input one path refuses, the other refuses alike (the lowered form is valid).
          t.deepEqual(streamed, whole, where);
          failed++;
          continue;
        }
        if (!("result" in streamed)) {
          t.fail(`${where}: ${streamed.error}`);
          continue;
        }
        t.deepEqual(visible(streamed.result), visible(whole.result), where);
        if (o.perfFastpath === "on") t.deepEqual(streamed.result.lowered, whole.result.lowered, `${where}: lowered`);
        compared++;
      }
    }
  }
  t.true(compared > 500, `compared ${compared}`);
  t.log(`${compared} lowerings compared, ${failed} refused alike`);
});

test("the fuzz batch streams to the same text", (t) => {
  const m = parseModule(fuzzText(150), "fuzz_batch.fzir");
  for (const backend of BACKENDS) {
    const streamed = lower(m, backend), whole = lower(m, backend, { verifyLowered: true });
    t.deepEqual(visible(streamed), visible(whole), backend);
    t.deepEqual(streamed.lowered, whole.lowered, `${backend}: lowered`);
  }
});

test("lowered is lowered once, on first read, and then kept", (t) => {
  const m = parseModule(readFileSync(join(CONFORMANCE_DIR, "kernels", "text_kernel.fzir"), "utf8"), "text_kernel.fzir");
  const r = lower(m, "llvm");
  t.is(r.lowered, r.lowered);
  t.true(r.lowered.functions.length > 0);
});
