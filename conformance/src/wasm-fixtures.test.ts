/**
 * The printers' shared fixtures (filetests/lir) through the wasm backend:
 * each validates in binaryen, runs in-process with the WebAssembly runtime,
 * and gives the value its definition says (lir-expected.ts), at binaryen's
 * optimizer levels 0 and 2. Also the bounds panic's message and status, and
 * byte-identical output for the same input.
 */
import test from "ava";
import { lowerToWasm } from "@fzy/lower-wasm";
import { filetests, lirFixture } from "./filetests/filetest.js";
import { ARGS, EXPECTED } from "./filetests/lir-expected.js";
import { compileWasm, wasmOutcome } from "./wasm-outcome.js";
import { showOutcome } from "./parity.js";

const FIXTURES = filetests("lir", ".lir").map((f) => f.name);

for (const name of FIXTURES) {
  test(`fixture ${name} runs through wasm`, (t) => {
    const want = EXPECTED[name];
    if (!want) return t.fail(`no expectation for ${name} in lir-expected.ts`);
    for (const optimize of [0, 2]) {
      const module = compileWasm(lowerToWasm(lirFixture(name), { optimize }).binary);
      for (const n of ARGS) {
        const w = want(n);
        const got = wasmOutcome(module, n);
        if (w === "panic") t.is(got.kind, "panic", `O${optimize} kernel(${n}): ${showOutcome(got)}`);
        else t.is(showOutcome(got), String(w), `O${optimize} kernel(${n})`);
      }
    }
  });
}

test("an out-of-bounds index panics with the runtime's message", (t) => {
  const module = compileWasm(lowerToWasm(lirFixture("bounds-panic")).binary);
  t.is(showOutcome(wasmOutcome(module, 9)), "panic: index out of bounds: the len is 8 but the index is 9");
});

test("the same module gives the same bytes and text", (t) => {
  for (const name of FIXTURES) {
    const a = lowerToWasm(lirFixture(name)), b = lowerToWasm(lirFixture(name));
    t.deepEqual(a.binary, b.binary, name);
    t.is(a.text, b.text, name);
  }
});
