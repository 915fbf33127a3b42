/**
 * lowerToLIR gives the lowered form lower() prints, without printing it, and
 * checks its options as lower() does.
 */
import { readFileSync } from "node:fs";
import test from "ava";
import { printLIR } from "@fzy/lir";
import { formatReport } from "@fzy/passes";
import { parseModule } from "@fzy/ir";
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
