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
import { PMapShape } from "./range-var-map.js";
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

/**
 * Counted loops nested n deep, each level reading a fixed array at its own
 * counter (one variable per level), `trips` times each; with `skips`, each
 * level's body may also go straight back to its header (a third
 * predecessor of the header).
 */
function loopNest(n: number, skips: boolean, trips = 2): string {
  const b = ["entry:", "  %zero = const.i32 0", "  %one = const.i32 1", `  %lim = const.i32 ${trips}`, `  %a = array.new [i32; ${2 * trips}], %zero`, "  set $acc, %zero", "  set $i0, %zero", "  jump h0"];
  for (let k = 0; k < n; k++) {
    b.push(`h${k}:`, `  %x${k} = get $i${k}`, `  %c${k} = icmp.slt %x${k}, %lim`, `  br %c${k}, b${k}, e${k}`, `b${k}:`, `  %v${k} = array.get %a, %x${k}`, `  %w${k} = get $acc`, `  %u${k} = add %w${k}, %v${k}`, `  set $acc, %u${k}`);
    const inner = k + 1 < n ? `h${k + 1}` : `l${k}`;
    if (k + 1 < n) b.push(`  set $i${k + 1}, %zero`);
    if (skips) b.push(`  %q${k} = icmp.sgt %u${k}, %n`, `  br %q${k}, s${k}, ${inner}`, `s${k}:`, `  %p${k} = get $i${k}`, `  %o${k} = add %p${k}, %one`, `  set $i${k}, %o${k}`, `  jump h${k}`);
    else b.push(`  jump ${inner}`);
    b.push(`l${k}:`, `  %y${k} = get $i${k}`, `  %z${k} = add %y${k}, %one`, `  set $i${k}, %z${k}`, `  jump h${k}`, `e${k}:`, k === 0 ? "  %r = get $acc\n  ret %r" : `  jump l${k - 1}`);
  }
  const vars = ["$acc", ...Array.from({ length: n }, (_, k) => `$i${k}`)].map((v) => `  var ${v}: i32`);
  return `module nest\nexport fn kernel(%n: i32) -> i32 {\n${vars.join("\n")}\n${b.join("\n")}\n}\n`;
}

/** Runs f counting the calls of some methods of a prototype (the work of an algorithm, not its time). */
function counting<R>(proto: object, names: readonly string[], f: () => R): { result: R; calls: number } {
  const p = proto as Record<string, (...args: unknown[]) => unknown>, originals = names.map((name) => p[name]!);
  let calls = 0;
  names.forEach((name, k) => {
    p[name] = function (this: unknown, ...args: unknown[]) {
      calls++;
      return originals[k]!.apply(this, args);
    };
  });
  try {
    return { result: f(), calls };
  } finally {
    names.forEach((name, k) => (p[name] = originals[k]!));
  }
}

for (const skips of [false, true]) {
  test(`range solver: the joins of a loop nest grow linearly with its depth (${skips ? "three" : "two"} predecessors per header)`, (t) => {
    const joins = (n: number) => {
      const m = parseModule(loopNest(n, skips));
      const f = m.functions[0]!;
      const { result, calls } = counting(PMapShape.prototype, ["joinNodes"], () => solveRanges(new ModuleIndex(m), f, planSsa(f)));
      t.truthy(result, `a fixpoint at depth ${n}`);
      t.is(show(result!.values[f.values.findIndex((v) => v.name === `x${n - 1}`)]), "0..2");
      return calls;
    };
    // (Both depths need tries of the same depth: 16^2 < n + 1 <= 16^3.)
    const small = joins(800), large = joins(3200);
    t.true(large <= 6 * small, `nodes joined: ${small} at depth 800, ${large} at depth 3200`);
  });
}

test("range solver: the widening of a loop nest grows linearly with its depth", (t) => {
  // 1000 trips: the counters settle only by widening, which meets every enclosing counter at every level.
  const work = (n: number) => {
    const m = parseModule(loopNest(n, false, 1000));
    const f = m.functions[0]!;
    const { result, calls } = counting(PMapShape.prototype, ["joinNodes", "mergeAt", "sameAt", "setAt"], () => solveRanges(new ModuleIndex(m), f, planSsa(f)));
    t.truthy(result, `a fixpoint at depth ${n}`);
    t.is(show(result!.values[f.values.findIndex((v) => v.name === `x${n - 1}`)]), "0..1000");
    return calls;
  };
  const small = work(800), large = work(3200);
  t.true(large <= 6 * small, `trie nodes walked: ${small} at depth 800, ${large} at depth 3200`);
});
