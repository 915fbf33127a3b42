/**
 * The eight conformance kernels (conformance/kernels/*.fzir) in the reference
 * interpreter: each parses, verifies, prints back to the same text, has the
 * `export fn kernel(%n: i32) -> i32` entry, and gives KERNELS.md's checksum
 * at every size below the benchmark's (n = 8,000,000 is in
 * scripts/slow-kernels.mjs).
 */
import test from "ava";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { I32, interpret, parseModule, printModule, typeEq, verifyModule } from "./index.js";

const KERNELS = fileURLToPath(new URL("../../../conformance/kernels/", import.meta.url));

/** KERNELS.md, "Expected checksums", n -> checksum (the n = 8,000,000 column is too slow to interpret here). */
const EXPECTED: Readonly<Record<string, Readonly<Record<number, number>>>> = {
  bytes_kernel: { 0: 0, 1: 84, 7: 45, 1000: 173 },
  resultx_classify: { 0: 0, 1: 114, 7: 202, 1000: 83 },
  text_kernel: { 0: 0, 1: 67, 7: 218, 1000: 234 },
  capability_parse: { 0: 0, 1: 3, 7: 75, 1000: 202 },
  task_retry_backoff: { 0: 0, 1: 3, 7: 20, 1000: 10 },
  arithmetic_kernel: { 0: 7, 1: 53, 7: 203, 1000: 95 },
  duration_kernel: { 0: 0, 1: 17, 7: 119, 1000: 183 },
  abi_pair_kernel: { 0: 0, 1: 0, 7: 205, 1000: 153 },
};

const load = (name: string) => {
  const file = `${KERNELS}${name}.fzir`;
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
  for (const [n, want] of Object.entries(table)) {
    test(`${name}(${n}) = ${want}`, (t) => {
      const { file, text } = load(name);
      t.is(interpret(parseModule(text, file), "kernel", [Number(n)]), want);
    });
  }
}

test("all eight kernels at n = 1000 take well under a second", (t) => {
  const modules = Object.keys(EXPECTED).map((name) => parseModule(load(name).text));
  const start = performance.now();
  for (const m of modules) interpret(m, "kernel", [1000]);
  const ms = performance.now() - start;
  t.log(`eight kernels at n = 1000: ${ms.toFixed(1)} ms`);
  t.true(ms < 1000);
});
