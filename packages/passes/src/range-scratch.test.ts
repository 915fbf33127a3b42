/**
 * The solvers' array pool (range-scratch.ts): solves that share one pool
 * give the same answers as solves with fresh arrays, and a solution still
 * answers the same after later solves of other functions reused the pool
 * (nothing it keeps may come from the pool).
 */
import test from "ava";
import { readdirSync, readFileSync } from "node:fs";
import { type BlockId, ModuleIndex, parseModule, type ValueId } from "@fzy/ir";
import type { Iv } from "./range-lattice.js";
import { ASKABLE } from "./range-scan.js";
import { RangeScratch } from "./range-scratch.js";
import { type Solution, solveRanges } from "./range-solver.js";
import { planSsa } from "./ssa-plan.js";
import type { Func } from "@fzy/ir";

const CONFORMANCE = new URL("../../../conformance/", import.meta.url);
const show = (r: Iv | undefined) => (r ? `${r.lo}..${r.hi}` : "-");

/** Every value's interval and slice membership, then the fact of each value each block reads. */
function answers(f: Func, s: Solution | undefined): string[] {
  if (!s) return ["no fixpoint"];
  const out = f.values.map((_, v) => `%${v} ${show(s.values[v])} ${s.slice ? s.slice.values[v] : "whole"}`);
  f.blocks.forEach((bl, b) => {
    for (const i of bl.insts) for (const v of i.args) out.push(`b${b} %${v} ${show(s.facts.get(v as ValueId, b as BlockId))}`);
  });
  return out;
}

test("range scratch: solves sharing a pool answer as fresh ones, also after later solves reused it", (t) => {
  const pool = new RangeScratch();
  const solved: { name: string; f: Func; pooled: Solution | undefined; fresh: Solution | undefined }[] = [];
  for (const dir of ["kernels", "modules"]) {
    for (const file of readdirSync(new URL(`${dir}/`, CONFORMANCE)).filter((f) => f.endsWith(".fzir")).sort()) {
      const m = parseModule(readFileSync(new URL(`${dir}/${file}`, CONFORMANCE), "utf8"), file);
      const ix = new ModuleIndex(m);
      for (const f of m.functions) {
        const plan = planSsa(f);
        for (const seeds of [undefined, ASKABLE] as const) {
          const pooled = solveRanges(ix, f, plan, "incremental", seeds, undefined, pool);
          solved.push({ name: `${file}: ${f.name} ${seeds ? "askable" : "whole"}`, f, pooled, fresh: solveRanges(ix, f, plan, "incremental", seeds) });
        }
      }
    }
  }
  // Read only now: every solution was made before the pool's later uses.
  for (const s of solved) t.deepEqual(answers(s.f, s.pooled), answers(s.f, s.fresh), s.name);
  t.true(solved.filter((s) => s.fresh).length > 10);
});
