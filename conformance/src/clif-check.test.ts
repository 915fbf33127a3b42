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
import { SHAPES } from "./bench/compile-shapes.js";
import { cpu } from "./bench/cpu-time.js";

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

/**
 * The checker in time linear in the CLIF's size: the CLIF of an adversarial
 * shape at n and 4n, each checked once untimed and then five times each in
 * alternation, the least CPU time of each (the machine is shared: the least
 * is the run least disturbed, and alternation puts a slow minute on both
 * sides), against its lines (the lowering's output grows faster than n
 * where the larger function is past the optimizer's size limit): a growth
 * exponent of at most 1.5. A first measurement over the bound is measured
 * again, and the test fails only when both are over, as the compile-speed
 * guard does (one CI run read 1.53 for the if-else ladder, whose exponent
 * is 1.1-1.3 otherwise); a checker gone quadratic again reads 2 or more
 * every time. Before, a branch rebuilt a map of every block, a use walked up
 * its block's dominators and a block header searched the blocks before it:
 * 1,000 -> 4,000 diamonds in a row (9,000 -> 48,000 lines) took 0.4 s ->
 * 115 s to check, exponent 3.4 (conformance/README.md).
 */
for (const [shape, n] of [["diamonds", 1000], ["literal chain", 2000], ["if-else ladder", 1000], ["variables x blocks", 1000]] as const) {
  test(`the CLIF checker's time grows at most as the 1.5th power of the CLIF's lines: ${shape}`, (t) => {
    const [small, large] = [n, 4 * n].map((k) => lowerText(SHAPES.find((s) => s.name === shape)!.make(k), "cranelift").text) as [string, string];
    const lines = (text: string) => text.split("\n").length;
    const measure = () => {
      checkCLIF(small);
      checkCLIF(large);
      let a = Infinity, b = Infinity;
      for (let k = 0; k < 5; k++) {
        a = Math.min(a, cpu(() => checkCLIF(small))[1]);
        b = Math.min(b, cpu(() => checkCLIF(large))[1]);
      }
      [a, b] = [Math.max(a, 5), Math.max(b, 5)];
      const exponent = Math.log(b / a) / Math.log(lines(large) / lines(small));
      const what = `${shape} ${n} -> ${4 * n} (${lines(small)} -> ${lines(large)} lines): ${a.toFixed(0)} -> ${b.toFixed(0)} ms, exponent ${exponent.toFixed(2)}`;
      t.log(what);
      return { exponent, what };
    };
    const first = measure();
    if (first.exponent <= 1.5) return t.pass();
    const second = measure();
    t.true(second.exponent <= 1.5, `first ${first.what}; again ${second.what}`);
  });
}
