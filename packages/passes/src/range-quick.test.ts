/**
 * The quick evaluation's answers against the solver's: for every function of
 * the conformance kernels, modules and regressions and for seeded random
 * functions, every value the quick evaluation answers has the interval the
 * whole function's fixpoint gives it and no branch fact in any block
 * (whenever the whole function reaches a fixpoint); and on small functions,
 * which values it answers and which it leaves to the solver.
 */
import test from "ava";
import { readdirSync, readFileSync } from "node:fs";
import { type BlockId, type Module, ModuleIndex, parseModule, type ValueId } from "@fzy/ir";
import { analyzeRanges } from "./range-analysis.js";
import type { Iv } from "./range-lattice.js";
import { QuickRanges, SOLVER } from "./range-quick.js";
import { randomFunction } from "./range-random.js";
import { solveRanges } from "./range-solver.js";
import { planSsa } from "./ssa-plan.js";

const CONFORMANCE = new URL("../../../conformance/", import.meta.url);

const show = (r: Iv | undefined) => (r ? `${r.lo}..${r.hi}` : "-");

/** Compares every quick answer of every function of `m` with the solver's; counts the values answered quickly. */
function compareQuick(t: { deepEqual: (a: unknown, b: unknown, m: string) => void }, m: Module, name: string): number {
  const ix = new ModuleIndex(m);
  let answered = 0;
  for (const f of m.functions) {
    const plan = planSsa(f);
    const whole = solveRanges(ix, f, plan);
    if (!whole) continue;
    const quick = new QuickRanges(ix, f, plan.dom);
    for (let v = 0 as ValueId; v < f.values.length; v++) {
      const q = quick.of(v);
      if (q === SOLVER) continue;
      answered++;
      const facts: string[] = [];
      for (let b = 0 as BlockId; b < f.blocks.length; b++) if (whole.facts.get(v, b)) facts.push(`b${b}`);
      t.deepEqual([show(q), facts], [show(whole.values[v]), []], `${name}: ${f.name}: %${f.values[v]!.name}`);
    }
  }
  return answered;
}

for (const dir of ["kernels", "modules", "regressions"]) {
  test(`quick range answers are the solver's (conformance/${dir})`, (t) => {
    let answered = 0;
    for (const file of readdirSync(new URL(`${dir}/`, CONFORMANCE)).filter((f) => f.endsWith(".fzir")).sort()) {
      answered += compareQuick(t, parseModule(readFileSync(new URL(`${dir}/${file}`, CONFORMANCE), "utf8"), file), file);
    }
    t.true(answered > 100, `${answered} values answered quickly`);
  });
}

test("quick range answers are the solver's (seeded random functions)", (t) => {
  let answered = 0;
  for (let seed = 1; seed <= 300; seed++) {
    answered += compareQuick(t, parseModule(`module r${seed}\n${randomFunction(seed)}\n`, `random ${seed}`), `random ${seed}`);
  }
  t.true(answered > 300, `${answered} values answered quickly`);
});

/** The quick answer of each named value of the single function of `body`, and the analysis's answer in the last block. */
function quickOf(body: string, names: readonly string[]) {
  const m = parseModule(`module t\nexport fn kernel(%n: i32, %s: str) -> i32 {\n${body}\n}\n`);
  const f = m.functions[0]!;
  const ix = new ModuleIndex(m), plan = planSsa(f);
  const quick = new QuickRanges(ix, f, plan.dom), ranges = analyzeRanges(ix, f, plan);
  const last = (f.blocks.length - 1) as BlockId;
  return names.map((name) => {
    const v = f.values.findIndex((x) => x.name === name) as ValueId;
    const q = quick.of(v), r = ranges.of(v, last);
    return `${name} ${q === SOLVER ? "solver" : show(q)} ${r ? `${r.lo}..${r.hi}` : "-"}`;
  });
}

test("quick ranges: constants, masks, remainders, lengths and parameters need no solver", (t) => {
  const body = [
    "entry:",
    "  %c = const.i32 10",
    "  %m = const.i32 255",
    "  %a = and %n, %m",
    "  %r = srem %a, %c",
    "  %len = str.len %s",
    "  %sum = add %r, %len",
    "  %q = sdiv %sum, %c",
    "  ret %q",
  ].join("\n");
  t.deepEqual(quickOf(body, ["c", "a", "r", "len", "sum", "n"]), [
    "c 10..10 10..10",
    "a 0..255 0..255",
    "r 0..9 0..9",
    "len 0..2147483647 0..2147483647",
    "sum -2147483648..2147483647 -2147483648..2147483647", // 9 + (2^31 - 1) may wrap
    "n -2147483648..2147483647 -2147483648..2147483647",
  ]);
});

test("quick ranges: a loop variable and a compared value are left to the solver, an operation that reads neither is not", (t) => {
  const body = [
    "  var $i: i32",
    "entry:",
    "  %z = const.i32 0",
    "  set $i, %z",
    "  jump head",
    "head:",
    "  %i = get $i",
    "  %lt = icmp.slt %i, %n",
    "  br %lt, body, exit",
    "body:",
    "  %one = const.i32 1",
    "  %next = add %i, %one",
    "  %h = xor %next, %n",
    "  set $i, %next",
    "  jump head",
    "exit:",
    "  %k = const.i32 7",
    "  %r = srem %n, %k",
    "  ret %r",
  ].join("\n");
  // %i is a loop variable; %n is compared by the loop's branch (a fact narrows it at the exit); %next reads %i;
  // %h's interval reads none of its operands (a bitwise xor is the full range).
  t.deepEqual(quickOf(body, ["i", "n", "next", "h", "k"]), [
    "i solver 0..2147483647",
    "n solver -2147483648..2147483647",
    "next solver 1..2147483647",
    "h -2147483648..2147483647 -2147483648..2147483647",
    "k 7..7 7..7",
  ]);
});
