/**
 * The lowered form of every kernel, module and regression, in every mode:
 * (a) it passes `verifyLIR`; (b) its `.lir` text parses back to a module
 * that prints identically; (c) both backends receive the identical lowered
 * form (`lowerModule` with backend "cranelift" and "llvm", compared as
 * `.lir` text), so the backends differ only in spelling, but for LLVM's
 * native switches (the matrix gives a sparse match to LLVM as a `switch`,
 * to Cranelift as a branch tree): LLVM's form with one is checked as (a), (b).
 */
import test from "ava";
import { readFileSync } from "node:fs";
import { parseModule } from "@fzy/ir";
import { parseLIR, printLIR, verifyLIR } from "@fzy/lir";
import { lowerModule } from "@fzy/passes";
import { kernelCases, MODES, moduleCases } from "./parity.js";

const cases = [...kernelCases(false), ...moduleCases()];

test("there are kernels, modules and regressions to check", (t) => {
  t.true(cases.length >= 60);
  t.true(cases.some((c) => c.file.includes("/regressions/")));
});

for (const c of cases) {
  test(`lowered form of ${c.name}: verified, round-trips, identical for both backends (but LLVM's native switches)`, (t) => {
    const ir = parseModule(readFileSync(c.file, "utf8"), c.file);
    for (const mode of MODES) {
      const forCranelift = lowerModule(ir, { backend: "cranelift", mode }).module;
      t.notThrows(() => verifyLIR(forCranelift), mode);
      const text = printLIR(forCranelift);
      t.is(printLIR(parseLIR(text, `${c.name}.${mode}.lir`)), text, `${mode}: print(parse(print(m))) differs`);
      const forLlvm = lowerModule(ir, { backend: "llvm", mode });
      if (forLlvm.report.functions.every((f) => f.total.matchSwitch === 0)) {
        t.is(printLIR(forLlvm.module), text, `${mode}: the backends receive different lowered forms`);
        continue;
      }
      t.notThrows(() => verifyLIR(forLlvm.module), `${mode} (LLVM)`);
      const llvmText = printLIR(forLlvm.module);
      t.is(printLIR(parseLIR(llvmText, `${c.name}.${mode}.llvm.lir`)), llvmText, `${mode}: print(parse(print(m))) of LLVM's form differs`);
    }
  });
}
