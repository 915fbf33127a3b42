/**
 * What the lowered form's tools cost next to the lowering itself: over every
 * kernel, module and regression in every mode, the median (of 15 runs) total
 * time of `lowerModule`, `verifyLIR`, `printLIR` and `parseLIR`. Run with
 * `pnpm run build && node conformance/dist/bench/lir-cost.js`; the numbers
 * are in conformance/README.md ("Measured decisions").
 */
import { readFileSync } from "node:fs";
import { parseModule } from "@fzy/ir";
import { parseLIR, printLIR, verifyLIR } from "@fzy/lir";
import { lowerModule } from "@fzy/passes";
import { kernelCases, MODES, moduleCases } from "../parity.js";

const RUNS = 15;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

const irs = [...kernelCases(false), ...moduleCases()].map((c) => parseModule(readFileSync(c.file, "utf8"), c.file));
const totals = { lowerModule: [] as number[], verifyLIR: [] as number[], printLIR: [] as number[], parseLIR: [] as number[] };
for (let run = 0; run < RUNS; run++) {
  const t = { lowerModule: 0, verifyLIR: 0, printLIR: 0, parseLIR: 0 };
  const time = <T>(key: keyof typeof t, f: () => T): T => {
    const t0 = performance.now();
    const r = f();
    t[key] += performance.now() - t0;
    return r;
  };
  for (const ir of irs) {
    for (const mode of MODES) {
      const m = time("lowerModule", () => lowerModule(ir, { backend: "llvm", mode }).module);
      time("verifyLIR", () => verifyLIR(m));
      const text = time("printLIR", () => printLIR(m));
      time("parseLIR", () => parseLIR(text));
    }
  }
  for (const k of Object.keys(t) as (keyof typeof t)[]) totals[k].push(t[k]);
}
const lowering = median(totals.lowerModule);
console.log(`${irs.length} modules x ${MODES.length} modes, median of ${RUNS} runs:`);
for (const [k, xs] of Object.entries(totals)) {
  console.log(`  ${k.padEnd(12)} ${median(xs).toFixed(1).padStart(8)} ms  ${(median(xs) / lowering).toFixed(2)} x lowerModule`);
}
