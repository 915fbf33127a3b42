/**
 * lowerToLIR gives the lowered form lower() prints, without printing it, and
 * checks its options as lower() does.
 */
import { readFileSync } from "node:fs";
import test from "ava";
import { CompareBlock, type LBlock, type LModule, printLIR } from "@fzy/lir";
import { formatReport, lowerModule } from "@fzy/passes";
import { parseModule } from "@fzy/ir";
import { printCLIF } from "@fzy/lower-cranelift";
import { lower, lowerToLIR } from "./lower.js";
import { loadWasmBackend } from "./wasm-backend.js";

const load = (path: string) => parseModule(readFileSync(new URL(`../../../conformance/${path}.fzir`, import.meta.url)), `${path}.fzir`);
const kernel = (name: string) => load(`kernels/${name}`);

for (const backend of ["llvm", "cranelift", "wasm"] as const) {
  test(`the lowered form and report of lower(), ${backend}`, async (t) => {
    if (backend === "wasm") await loadWasmBackend();
    const m = kernel("text_kernel");
    const a = lowerToLIR(m, backend), b = lower(m, backend);
    t.is(printLIR(a.lowered), printLIR(b.lowered));
    t.is(formatReport(a.report), formatReport(b.report));
  });
}

const blocksOf = (lm: LModule): LBlock[] => lm.functions.flatMap((f) => [...f.blocks]);

test("the lowered form handed to callers holds plain blocks: a spread keeps every field", (t) => {
  // Mode off lowers resultx_classify's sparse matches to compare chains of
  // compact blocks inside the pipeline.
  const m = kernel("resultx_classify");
  t.true(blocksOf(lowerModule(m, { backend: "cranelift", mode: "off" }).module).some((b) => b instanceof CompareBlock));
  const printed = lower(m, "cranelift", { perfFastpath: "off" });
  const checked = lower(m, "cranelift", { perfFastpath: "off", verifyLowered: true });
  for (const lowered of [printed.lowered, checked.lowered, lowerToLIR(m, "cranelift", { perfFastpath: "off" }).lowered]) {
    const blocks = blocksOf(lowered);
    t.false(blocks.some((b) => b instanceof CompareBlock));
    const spread: LModule = { ...lowered, functions: lowered.functions.map((f) => ({ ...f, blocks: f.blocks.map((b) => ({ ...b })) })) };
    t.is(printLIR(spread), printLIR(lowered));
    t.is(printCLIF(spread).text, printed.text);
  }
});

test("traced host calls wrap the imports in the lowered form as in lower()", (t) => {
  const m = load("replay/host_clock");
  const traced = lowerToLIR(m, "llvm", { hostCalls: "traced" });
  t.is(printLIR(traced.lowered), printLIR(lower(m, "llvm", { hostCalls: "traced" }).lowered));
  t.not(printLIR(traced.lowered), printLIR(lowerToLIR(m, "llvm").lowered));
});

test("bad options are refused as lower() refuses them", (t) => {
  const m = kernel("text_kernel");
  t.throws(() => lowerToLIR(m, "x86" as "llvm"), { message: /unknown backend 'x86'/ });
  t.throws(() => lowerToLIR(m, "llvm", { target: "z80" as "x86_64-linux" }), { message: /unknown target 'z80'/ });
});

test("an options object of a misspelt or unknown key, a flag that is not a boolean, or no object at all is an option error, for lower() and lowerToLIR", (t) => {
  // From JavaScript nothing checks the keys: a misspelt one was ignored, and null crashed.
  const m = kernel("text_kernel");
  const bad: [unknown, RegExp][] = [
    [{ perfFastPath: "off" }, /^unknown option 'perfFastPath' \(did you mean 'perfFastpath'\?\); lower\(\) takes perfFastpath, fastPaths, target, llvmFacts, verifyLowered, hostCalls, wasmOptimize, annotate, passClock$/],
    [{ bogus: 1 }, /^unknown option 'bogus'; lower\(\) takes perfFastpath,/],
    [{ llvmFacts: "no" }, /^option llvmFacts is "no" \(expected true or false\)$/],
    [{ annotate: 1 }, /^option annotate is 1 \(expected true or false\)$/],
    [{ fastPaths: { arrays: "no" } }, /^fast path arrays is "no" \(expected true or false\)$/],
    [null, /^options must be an object, not null$/],
    ["on", /^options must be an object, not string$/],
  ];
  for (const [options, message] of bad) {
    for (const run of [() => lower(m, "llvm", options as object), () => lowerToLIR(m, "cranelift", options as object)]) {
      const e = t.throws(run, { message });
      t.is((e as { code?: string }).code, "option", String(message));
    }
  }
  t.notThrows(() => lower(m, "llvm", { perfFastpath: "on", fastPaths: { arrays: false, bounds: undefined }, llvmFacts: false, annotate: true, verifyLowered: true }));
});
