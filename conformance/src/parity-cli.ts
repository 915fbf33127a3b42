/**
 * `pnpm parity`: the parity table. One line per case x backend x mode, then
 * a summary; exits non-zero on any difference.
 *   node conformance/dist/parity-cli.js [--only NAME[,NAME]] [--no-bench-size]
 */
import { parseArgs } from "node:util";
import { clifEngineName, expectedOutcomes, formatRow, kernelCases, MODES, moduleCases, PARITY_BACKENDS, runParityCase } from "./parity.js";

const USAGE = "usage: pnpm parity [--only NAME[,NAME...]] [--no-bench-size]";
let values: { only?: string; "no-bench-size"?: boolean; help?: boolean };
try {
  values = parseArgs({ options: { only: { type: "string" }, "no-bench-size": { type: "boolean" }, help: { type: "boolean" } } }).values;
} catch (e) {
  console.error(`parity: ${(e as Error).message}\n${USAGE}`);
  process.exit(2);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const only = values.only ? new Set(values.only.split(",")) : null;
const cases = [...kernelCases(!values["no-bench-size"]), ...moduleCases()].filter((c) => !only || only.has(c.name));
console.log(`parity: ${cases.length} cases x ${PARITY_BACKENDS.length} backends x ${MODES.length} modes (CLIF through the ${clifEngineName()})`);
let passed = 0, failed = 0;
for (const c of cases) {
  const expected = expectedOutcomes(c);
  for (const backend of PARITY_BACKENDS) {
    for (const mode of MODES) {
      const r = runParityCase(c, backend, mode, expected);
      console.log(formatRow(r));
      if (r.ok) passed++; else failed++;
    }
  }
}
console.log(`parity: ${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
