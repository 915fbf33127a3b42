/**
 * The wasm backend's path for large functions (lower-wasm function.ts
 * SHARED_LOCALS_FROM): values whose live intervals do not overlap share
 * locals, and the module is optimized without binaryen's passes that are
 * slow on large functions, the functions at or below the bound then
 * optimized one by one. Real programs rarely reach the bound, so here it is
 * lowered to 0 (every function that way) and to 40 (a module of both
 * kinds), and every kernel, module and regression of conformance must still
 * give the interpreter's outcomes. A block of 40,000
 * dependent operations, which the default path took minutes over and then
 * could not write, lowers and runs, and so do 13,000 diamonds in a row,
 * whose values each had a local of their own (52,001, more than V8 takes),
 * and an array literal of 64,000 elements, whose constants, all defined
 * ahead of the pushes that read them, each held a local (64,003) until a
 * large function's constants were spelled at each read instead.
 */
import { readFileSync } from "node:fs";
import test from "ava";
import { parseModule } from "@fzy/ir";
import { lowerToLIR, lowerText } from "@fzy/lower";
import { lowerToWasm } from "@fzy/lower-wasm";
import { expectedOutcomes, kernelCases, moduleCases, type ParityCase, referenceOutcome, showOutcome } from "./parity.js";
import { compileWasm, wasmOutcome } from "./wasm-outcome.js";
import { SHAPES } from "./bench/compile-shapes.js";
import { PROBE_SHAPES } from "./bench/probe-shapes.js";

const CASES: readonly ParityCase[] = [...kernelCases(false), ...moduleCases()];

/** Every input of `c` whose outcome the interpreter gives, run through wasm lowered with `sharedLocalsFrom`. */
function mismatches(c: ParityCase, sharedLocalsFrom: number, optimize: number): string[] {
  const { lowered } = lowerToLIR(parseModule(readFileSync(c.file, "utf8"), c.file), "wasm", { perfFastpath: "on" });
  const module = compileWasm(lowerToWasm(lowered, { sharedLocalsFrom, optimize }).binary);
  const bad: string[] = [];
  for (const [n, want] of expectedOutcomes(c)) {
    const got = wasmOutcome(module, n);
    if (showOutcome(got) !== showOutcome(want)) bad.push(`${c.name} n=${n}: got ${showOutcome(got)}, want ${showOutcome(want)}`);
  }
  return bad;
}

for (const [from, optimize] of [[0, 0], [0, 2], [40, 2]] as const) {
  test(`every conformance case gives the interpreter's outcomes with locals shared from ${from} values, optimizer level ${optimize}`, (t) => {
    t.true(CASES.length > 100);
    t.deepEqual(CASES.flatMap((c) => mismatches(c, from, optimize)), []);
  });
}

// A block of 40,000 dependent operations; 13,000 diamonds in a row, which V8 took only once they shared locals.
for (const [shape, size, n] of [["one block", 40_000, 3], ["diamonds", 13_000, 5]] as const) {
  test(`${shape} ${size.toLocaleString("en-US")} lowers to a few locals, which V8 takes, and gives the interpreter's result`, (t) => {
    const text = SHAPES.find((s) => s.name === shape)!.make(size);
    const r = lowerText(text, "wasm");
    const locals = /\(func \$kernel[^]*?\n \)/.exec(r.text)![0].match(/\(local \$/g)?.length ?? 0;
    t.true(locals < 10, `${locals} locals`);
    t.is(showOutcome(wasmOutcome(compileWasm(r.binary), n)), showOutcome(referenceOutcome(text, n)));
  });
}

test("an array literal of 64,000 elements lowers to a few locals (its constants have none), which V8 takes, and gives the interpreter's result", (t) => {
  const text = PROBE_SHAPES.find((s) => s.name === "one large array literal")!.make(64_000);
  const r = lowerText(text, "wasm");
  const locals = /\(func \$kernel[^]*?\n \)/.exec(r.text)![0].match(/\(local \$/g)?.length ?? 0;
  t.true(locals < 10, `${locals} locals`);
  for (const n of [0, 12_345, 63_999]) t.is(showOutcome(wasmOutcome(compileWasm(r.binary), n)), showOutcome(referenceOutcome(text, n)));
});
