/**
 * The eight conformance kernels (conformance/kernels/*.fzir) in the reference
 * interpreter: each parses, verifies, prints back to the same text, has the
 * `export fn kernel(%n: i32) -> i32` entry, and gives KERNELS.md's checksum
 * (kernels/checksums.json) at every size below the benchmark's
 * (n = 8,000,000 is in conformance/scripts/slow-kernels.mjs).
 */
import test from "ava";
import { readFileSync } from "node:fs";
import { I32, interpret, parseModule, printModule, typeEq, verifyModule } from "@fzy/ir";
import { BENCH_N, EXPECTED, kernelPath, type KernelName } from "./kernels.js";

const load = (name: string) => {
  const file = kernelPath(name as KernelName);
  return { file, text: readFileSync(file, "utf8") };
};

for (const [name, table] of Object.entries(EXPECTED)) {
  test(`${name}: parses, verifies, prints to a fixpoint, exports kernel(i32) -> i32`, (t) => {
    const { file, text } = load(name);
    const m = parseModule(text, file);
    t.notThrows(() => verifyModule(m));
    const printed = printModule(m);
    t.is(printModule(parseModule(printed)), printed);
    const k = m.functions.find((f) => f.name === "kernel");
    t.truthy(k?.exported);
    t.deepEqual(k?.params.map((p) => typeEq(p.type, I32)), [true]);
    t.true(k?.result !== null && k?.result !== undefined && typeEq(k.result, I32));
  });
  for (const [n, want] of Object.entries(table).filter(([k]) => Number(k) < BENCH_N)) {
    test(`${name}(${n}) = ${want}`, (t) => {
      const { file, text } = load(name);
      t.is(interpret(parseModule(text, file), "kernel", [Number(n)]), want);
    });
  }
}

test("all kernels at n = 1000 take well under a second", (t) => {
  const modules = Object.keys(EXPECTED).map((name) => parseModule(load(name).text));
  const start = performance.now();
  for (const m of modules) interpret(m, "kernel", [1000]);
  const ms = performance.now() - start;
  t.log(`kernels at n = 1000: ${ms.toFixed(1)} ms`);
  t.true(ms < 1000);
});
