/**
 * The parity table as part of `pnpm test`: every kernel (including
 * n = 8,000,000) and every conformance module, the three backends (LLVM and
 * CLIF natively, WebAssembly in-process), all three modes, against the
 * interpreter and KERNELS.md.
 */
import test from "ava";
import { clifEngineName, expectedOutcomes, formatRow, kernelCases, MODES, moduleCases, PARITY_BACKENDS, runParityCase } from "./parity.js";

const cases = [...kernelCases(true), ...moduleCases()];

test("there are nine kernels and at least 30 conformance modules", (t) => {
  t.is(kernelCases().length, 9);
  t.true(moduleCases().length >= 30, `only ${moduleCases().length} conformance modules`);
});

for (const c of cases) {
  test(`parity: ${c.name}`, (t) => {
    const expected = expectedOutcomes(c);
    t.true(expected.size > 0);
    const failures: string[] = [];
    for (const backend of PARITY_BACKENDS) {
      for (const mode of MODES) {
        const r = runParityCase(c, backend, mode, expected);
        t.log(formatRow(r) + (backend === "cranelift" ? ` [${clifEngineName()}]` : ""));
        if (!r.ok) failures.push(formatRow(r));
      }
    }
    t.deepEqual(failures, []);
  });
}
