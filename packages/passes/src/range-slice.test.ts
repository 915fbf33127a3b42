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

/** A small seeded generator (mulberry32). */
function prng(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return (((x ^ (x >>> 14)) >>> 0) % n);
  };
}

/**
 * A random function over i32 variables: each block reads some variables,
 * computes with them and with constants, assigns some, and ends in a branch
 * on a comparison (to the next block and any other), a jump to the next
 * block, or (the last) a return.
 */
function randomFunction(seed: number): string {
  const r = prng(seed);
  const nVars = 1 + r(5), nBlocks = 2 + r(10);
  const lines = [`export fn kernel(%n: i32) -> i32 {`, ...Array.from({ length: nVars }, (_, k) => `  var $v${k}: i32`)];
  const CC = ["slt", "sle", "sgt", "sge", "eq", "ne"];
  for (let b = 0; b < nBlocks; b++) {
    lines.push(`b${b}:`);
    const vals = [`%n`];
    let k = 0;
    const fresh = () => `%x${b}_${k++}`;
    const pick = () => vals[r(vals.length)]!;
    /** Defines a value; only i32 ones become operands of later instructions. */
    const emit = (rhs: string, int = true) => { const d = fresh(); lines.push(`  ${d} = ${rhs}`); if (int) vals.push(d); return d; };
    if (b === 0) for (let v = 0; v < nVars; v++) lines.push(`  set $v${v}, ${emit(`const.i32 ${r(8) - 2}`)}`);
    for (let j = 0, n = 2 + r(6); j < n; j++) {
      switch (r(9)) {
        case 0: emit(`const.i32 ${r(40) - 8}`); break;
        case 1: case 2: emit(`get $v${r(nVars)}`); break;
        case 3: emit(`${["add", "sub", "mul", "and"][r(4)]} ${pick()}, ${pick()}`); break;
        case 4: emit(`srem ${pick()}, ${emit(`const.i32 ${1 + r(9)}`)}`); break;
        case 5: emit(`sdiv ${pick()}, ${pick()}`); break;
        case 6: {
          const x = pick(), c = emit(`icmp.${CC[r(6)]} ${x}, ${pick()}`, false);
          emit(`select ${c}, ${r(2) ? x : pick()}, ${pick()}`);
          break;
        }
        case 7: {
          const a = emit(`array.lit [i32; 4], ${pick()}, ${pick()}, ${pick()}, ${pick()}`, false);
          emit(`array.get ${a}, ${pick()}`);
          break;
        }
        default: lines.push(`  set $v${r(nVars)}, ${pick()}`);
      }
    }
    // Every block reaches the next one (the parser rejects unreachable blocks); the other edge goes anywhere.
    if (b === nBlocks - 1) lines.push(`  ret ${pick()}`);
    else if (r(4) === 0) lines.push(`  jump b${b + 1}`);
    else {
      const x = r(2) ? emit(`get $v${r(nVars)}`) : pick();
      const c = emit(`icmp.${CC[r(6)]} ${x}, ${r(2) ? emit(`const.i32 ${r(30)}`) : pick()}`, false);
      const other = `b${r(nBlocks)}`;
      lines.push(r(2) ? `  br ${c}, b${b + 1}, ${other}` : `  br ${c}, ${other}, b${b + 1}`);
    }
  }
  lines.push("}");
  return lines.join("\n");
}

test("range slices answer as the whole function (seeded random functions)", (t) => {
  let compared = 0;
  for (let seed = 1; seed <= 300; seed++) {
    const text = `module r${seed}\n${randomFunction(seed)}\n`;
    compared += compareSlices(t, parseModule(text, `random ${seed}`), `random ${seed}`);
  }
  t.true(compared > 300, `${compared} slices compared`);
});
