/**
 * The solver's skips (blocks whose inputs did not change, instructions whose
 * interval cannot change, aliases and facts not recomputed) against the plain
 * round-robin iteration they must agree with: on every function of the
 * conformance modules, kernels and regressions, both give the same interval
 * of every value and the same fact of every value a block reads, or both
 * find no fixpoint.
 */
import test from "ava";
import { readdirSync, readFileSync } from "node:fs";
import { type BlockId, type Func, ModuleIndex, parseModule, type ValueId } from "@fzy/ir";
import type { Iv } from "./range-lattice.js";
import { type Solution, solveRanges } from "./range-solver.js";
import { planSsa } from "./ssa-plan.js";

const CONFORMANCE = new URL("../../../conformance/", import.meta.url);

const show = (r: Iv | undefined) => (r ? `${r.lo}..${r.hi}` : "-");

/** Every value's interval, then the fact of each value each block reads (its instructions' operands). */
function answers(f: Func, s: Solution | undefined): string[] {
  if (!s) return ["no fixpoint"];
  const out = f.values.map((_, v) => `%${v} ${show(s.values[v])}`);
  f.blocks.forEach((bl, b) => {
    for (const i of bl.insts) for (const v of i.args) out.push(`b${b} %${v} ${show(s.facts.get(v as ValueId, b as BlockId))}`);
  });
  return out;
}

for (const dir of ["kernels", "modules", "regressions"]) {
  test(`range solver: the incremental fixpoint equals visiting every block every round (conformance/${dir})`, (t) => {
    let functions = 0, solved = 0;
    for (const file of readdirSync(new URL(`${dir}/`, CONFORMANCE)).filter((f) => f.endsWith(".fzir")).sort()) {
      const m = parseModule(readFileSync(new URL(`${dir}/${file}`, CONFORMANCE), "utf8"), file);
      const ix = new ModuleIndex(m);
      for (const f of m.functions) {
        const plan = planSsa(f);
        const fast = solveRanges(ix, f, plan), plain = solveRanges(ix, f, plan, "every block");
        t.deepEqual(answers(f, fast), answers(f, plain), `${file}: ${f.name}`);
        functions++;
        if (plain) solved++;
      }
    }
    t.true(functions > 0 && solved > 0, `${functions} functions, ${solved} with a fixpoint`);
  });
}
