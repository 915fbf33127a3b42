/**
 * The differential test of the mid-level optimizations' switches: every
 * kernel and conformance module, through both backends, with each of the
 * fast-path families fold, compose, widen, licm, maphash, mapslot and unroll switched off in turn, built and
 * run natively against the interpreter (modes off, on and force, with
 * everything on, are parity.test.ts). A switch that leaves a case's emitted
 * code unchanged is not built again: parity.test.ts already ran that code.
 */
import { readFileSync } from "node:fs";
import test from "ava";
import { type FastPath, lowerText } from "@fzy/lower";
import { expectedOutcomes, formatRow, kernelCases, moduleCases, PARITY_BACKENDS, runParityCase } from "./parity.js";

const SWITCHES: readonly FastPath[] = ["fold", "compose", "widen", "licm", "maphash", "mapslot", "unroll"];
const cases = [...kernelCases(false), ...moduleCases()];

for (const c of cases) {
  test(`parity with ${SWITCHES.join(", ")} off in turn: ${c.name}`, (t) => {
    const source = readFileSync(c.file, "utf8");
    const expected = expectedOutcomes(c);
    const failures: string[] = [];
    let built = 0;
    for (const backend of PARITY_BACKENDS) {
      const full = lowerText(source, backend, { perfFastpath: "on", file: c.file }).text;
      for (const fp of SWITCHES) {
        if (lowerText(source, backend, { perfFastpath: "on", file: c.file, fastPaths: { [fp]: false } }).text === full) continue;
        built++;
        const r = runParityCase(c, backend, "on", expected, { [fp]: false });
        t.log(`no-${fp} ${formatRow(r)}`);
        if (!r.ok) failures.push(`no-${fp} ${formatRow(r)}`);
      }
    }
    t.log(`${built} builds`);
    t.deepEqual(failures, []);
  });
}
