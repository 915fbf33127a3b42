/**
 * The slice's answers against the whole function's: for every function of
 * the conformance kernels, modules and regressions, and for seeded random
 * functions (variables carried around loops and branches, comparisons,
 * selects, remainders, divisions, array indexes, back edges), solving only the slice of
 * some values gives, for every value in the slice, the same interval and the
 * same fact in every block as solving the whole function, whenever the whole
 * function reaches a fixpoint.
 */
import test from "ava";
import { readdirSync, readFileSync } from "node:fs";
import { type BlockId, type Func, type Module, ModuleIndex, parseModule, type ValueId } from "@fzy/ir";
import { askableValues } from "./range-analysis.js";
import type { Iv } from "./range-lattice.js";
import { type Solution, solveRanges } from "./range-solver.js";
import { randomFunction } from "./range-random.js";
import { planSsa } from "./ssa-plan.js";

const CONFORMANCE = new URL("../../../conformance/", import.meta.url);

const show = (r: Iv | undefined) => (r ? `${r.lo}..${r.hi}` : "-");

/** The interval of each value of the slice, and its fact in every block. */
function answers(f: Func, s: Solution, slice: readonly number[]): string[] {
  const out: string[] = [];
  for (let v = 0; v < f.values.length; v++) {
    if (slice[v] !== 1) continue;
    out.push(`%${v} ${show(s.values[v])}`);
    for (let b = 0; b < f.blocks.length; b++) out.push(`b${b} %${v} ${show(s.facts.get(v as ValueId, b as BlockId))}`);
  }
  return out;
}

/** Compares the slices of the askable values and of a few single values with the whole; counts the comparisons made. */
function compareSlices(t: { deepEqual: (a: unknown, b: unknown, m: string) => void }, m: Module, name: string): number {
  const ix = new ModuleIndex(m);
  let compared = 0;
  for (const f of m.functions) {
    const plan = planSsa(f);
    const whole = solveRanges(ix, f, plan);
    if (!whole) continue;
    const step = Math.max(1, Math.floor(f.values.length / 6));
    const seedSets: ValueId[][] = [askableValues(f)];
    for (let v = 0; v < f.values.length; v += step) seedSets.push([v as ValueId]);
    for (const seeds of seedSets) {
      const sliced = solveRanges(ix, f, plan, "incremental", seeds);
      if (!sliced) {
        t.deepEqual("no fixpoint", "a fixpoint", `${name}: ${f.name}: the slice of [${seeds.join(", ")}] settles when the whole does`);
        continue;
      }
      t.deepEqual(answers(f, sliced, sliced.slice!.values), answers(f, whole, sliced.slice!.values), `${name}: ${f.name}: slice of [${seeds.join(", ")}]`);
      compared++;
    }
  }
  return compared;
}

for (const dir of ["kernels", "modules", "regressions"]) {
  test(`range slices answer as the whole function (conformance/${dir})`, (t) => {
    let compared = 0;
    for (const file of readdirSync(new URL(`${dir}/`, CONFORMANCE)).filter((f) => f.endsWith(".fzir")).sort()) {
      compared += compareSlices(t, parseModule(readFileSync(new URL(`${dir}/${file}`, CONFORMANCE), "utf8"), file), file);
    }
    t.true(compared > 0);
  });
}

test("range slices answer as the whole function (seeded random functions)", (t) => {
  let compared = 0;
  for (let seed = 1; seed <= 300; seed++) {
    const text = `module r${seed}\n${randomFunction(seed)}\n`;
    compared += compareSlices(t, parseModule(text, `random ${seed}`), `random ${seed}`);
  }
  t.true(compared > 300, `${compared} slices compared`);
});
