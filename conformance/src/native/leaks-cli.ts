/**
 * `node conformance/dist/native/leaks-cli.js [name-filter]`: every kernel and
 * module under the sanitizers with leak detection on, both backends, all
 * modes; prints one line per run and exits 1 when any run is not clean.
 */
import { expectedOutcomes, kernelCases, MODES, moduleCases, PARITY_BACKENDS } from "../parity.js";
import { runLeakCase } from "./leaks.js";

const filter = process.argv[2] ?? "";
const modes = (process.env["FZ_LEAK_MODES"] ?? MODES.join(",")).split(",") as typeof MODES[number][];
let bad = 0;
for (const c of [...kernelCases(false), ...moduleCases()].filter((x) => x.name.includes(filter))) {
  const expected = expectedOutcomes(c);
  for (const backend of PARITY_BACKENDS) {
    for (const mode of modes) {
      const r = runLeakCase(c, backend, mode, expected, c.inputs);
      if (!r.ok) bad++;
      console.log(`${r.ok ? "ok  " : "LEAK"} ${c.name.padEnd(24)} ${backend.padEnd(9)} ${mode.padEnd(5)} ${r.detail}`);
    }
  }
}
process.exit(bad > 0 ? 1 : 0);
