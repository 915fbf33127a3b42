/**
 * The strict CLIF checker accepts what the Cranelift backend emits for every
 * kernel and conformance module in every mode (the parity runs execute it;
 * this names the checker's verdict on its own).
 */
import { readFileSync } from "node:fs";
import test from "ava";
import { checkCLIF, formatCheckErrors } from "@fzy/clif";
import { lowerText } from "@fzy/lower";
import { kernelCases, MODES, moduleCases } from "./parity.js";

for (const c of [...kernelCases(false), ...moduleCases()]) {
  test(`the CLIF checker accepts ${c.name} in every mode`, (t) => {
    const source = readFileSync(c.file, "utf8");
    for (const mode of MODES) {
      const r = lowerText(source, "cranelift", { perfFastpath: mode, file: c.file, verifyLowered: true });
      const errors = checkCLIF(r.text, { dataSymbols: r.data.map((d) => d.name) });
      t.deepEqual(errors, [], `${mode}: ${formatCheckErrors(errors)}`);
    }
  });
}
