/**
 * The solver's skips (blocks whose inputs did not change, instructions whose
 * interval cannot change, aliases and facts not recomputed) against the plain
 * round-robin iteration they must agree with: on every function of the
 * conformance modules, kernels and regressions, both give the same interval
 * of every value and the same fact of every value a block reads, or both
 * find no fixpoint. And on long functions of loops one after another: they
 * settle in steps linear in their length, with the same answers as the plain
 * iteration, and the lowering elides their checks; a chain of variables
 * through one loop outgrows the budget, and its solve gives up within it.
 * A loop of many latches settles with its header joined once per pass over
 * its body, not once per latch.
 */
import test from "ava";
import { readdirSync, readFileSync } from "node:fs";
import { type BlockId, type Func, ModuleIndex, parseModule, type ValueId } from "@fzy/ir";
import type { Iv } from "./range-lattice.js";
import { BranchFacts } from "./range-facts.js";
import { EdgeNarrowings } from "./range-narrowings.js";
import { type Solution, solveRanges, STEPS_PER_ITEM } from "./range-solver.js";
import { PMapShape } from "./range-var-map.js";
import { RoundWorklist } from "./range-worklist.js";
import { lowerModule } from "./lower-module.js";
import { planSsa } from "./ssa-plan.js";
import { randomFunction, variableChainBody } from "./range-random.js";

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

test("range solver: the incremental fixpoint equals visiting every block every round (seeded random functions)", (t) => {
  // (Where the solve gives up, the plain iteration, with a far larger budget, may still settle.)
  let solved = 0;
  for (let seed = 1; seed <= 400; seed++) {
    const m = parseModule(`module r${seed}\n${randomFunction(seed, 20)}\n`, `random ${seed}`);
    const f = m.functions[0]!, ix = new ModuleIndex(m), plan = planSsa(f);
    const fast = solveRanges(ix, f, plan);
    if (!fast) continue;
    t.deepEqual(answers(f, fast), answers(f, solveRanges(ix, f, plan, "every block")), `random ${seed}`);
    solved++;
  }
  t.true(solved > 350, `${solved} of 400 with a fixpoint`);
});

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

test("range solver: the states of a loop nest are compared in time linear in its depth (an unchanged state keeps its object)", (t) => {
  // Two trips: round 2 finds every state unchanged, each built anew from its predecessor's; compared slot by slot, each
  // level's state cost a walk of every enclosing counter.
  const compared = (n: number) => {
    const m = parseModule(loopNest(n, false));
    const f = m.functions[0]!;
    const { result, calls } = counting(PMapShape.prototype, ["sameAt"], () => solveRanges(new ModuleIndex(m), f, planSsa(f)));
    t.is(show(result!.values[f.values.findIndex((v) => v.name === `x${n - 1}`)]), "0..2");
    return calls;
  };
  const small = compared(800), large = compared(3200);
  t.true(large <= 6 * small, `trie nodes compared: ${small} at depth 800, ${large} at depth 3200`);
});

test("range solver: a variable its loop does not assign is, at the loop's header, what the loop's entries give", (t) => {
  // $v0 is 4 from b0 and assigned nowhere in the loop b1 -> b2 -> b1; the back edge once brought it back as b2 had
  // it (the full range: b2 reads it so) and b1's join gave up its 4.
  const m = parseModule(`module r\n${randomFunction(15943, 3)}\n`);
  const f = m.functions[0]!, ix = new ModuleIndex(m), plan = planSsa(f);
  const s = solveRanges(ix, f, plan);
  t.is(show(s!.values[f.values.findIndex((v) => v.name === "x1_1")]), "4..4");
  t.deepEqual(answers(f, s), answers(f, solveRanges(ix, f, plan, "every block")));
});

test("range solver: the widening of loops one after another grows linearly with their number (each leaf's merge is remembered)", (t) => {
  // Every block after loop k meets the counters widened before it against the same older leaves of its own last entry.
  const merged = (n: number) => {
    const m = parseModule(countersInSequence(n));
    const f = m.functions[0]!;
    const { result, calls } = counting(PMapShape.prototype, ["mergeLeaves"], () => solveRanges(new ModuleIndex(m), f, planSsa(f)));
    t.is(show(result!.values[f.values.findIndex((v) => v.name === `t${n - 1}`)]), "1..2147483647");
    return calls;
  };
  // (Both sizes need tries of the same depth: 16^2 < n + 1 <= 16^3.)
  const small = merged(300), large = merged(1200);
  t.true(large <= 6 * small, `leaves merged: ${small} for 300 loops, ${large} for 1200`);
});

/**
 * `n` counted loops one after another, each reading a fixed array of 16 at
 * its counter and the next (8 trips), `stage` giving each loop's body. With
 * `sum`, the last block adds up every counter: its facts move with each one.
 */
function loopsInSequence(n: number, stage: "plain" | "diamond" | "nest" = "plain", sum = false): string {
  const b = ["entry:", "  %zero = const.i32 0", "  %one = const.i32 1", "  %k8 = const.i32 8", "  %a = array.new [i32; 16], %zero", "  set $acc, %zero", "  jump s0"];
  for (let k = 0; k < n; k++) {
    b.push(`s${k}:`, "  set $i, %zero", `  jump h${k}`, `h${k}:`, `  %i${k} = get $i`, `  %c${k} = icmp.slt %i${k}, %k8`, `  br %c${k}, p${k}, s${k + 1}`);
    b.push(`p${k}:`, `  %x${k} = array.get %a, %i${k}`, `  %j${k} = add %i${k}, %one`, `  %y${k} = array.get %a, %j${k}`, `  %v${k} = add %x${k}, %y${k}`);
    if (stage === "diamond") {
      b.push(`  %d${k} = icmp.slt %v${k}, %zero`, `  br %d${k}, m${k}, l${k}`, `m${k}:`, `  %w${k} = get $acc`, `  %u${k} = sub %w${k}, %v${k}`, `  set $acc, %u${k}`, `  jump l${k}`);
    } else if (stage === "nest") {
      b.push("  set $q, %zero", `  jump g${k}`, `g${k}:`, `  %e${k} = get $q`, `  %f${k} = icmp.slt %e${k}, %k8`, `  br %f${k}, q${k}, l${k}`,
        `q${k}:`, `  %z${k} = array.get %a, %e${k}`, `  %w${k} = get $acc`, `  %u${k} = add %w${k}, %z${k}`, `  set $acc, %u${k}`, `  %o${k} = add %e${k}, %one`, `  set $q, %o${k}`, `  jump g${k}`);
    } else b.push(`  jump l${k}`);
    b.push(`l${k}:`, `  %t${k} = get $acc`, `  %r${k} = add %t${k}, %v${k}`, `  set $acc, %r${k}`, `  set $i, %j${k}`, `  jump h${k}`);
  }
  b.push(`s${n}:`, "  %sum0 = get $acc");
  for (let k = 0; sum && k < n; k++) b.push(`  %sum${k + 1} = add %sum${k}, %i${k}`);
  b.push(`  ret %sum${sum ? n : 0}`);
  return `module seq\nexport fn kernel(%n: i32) -> i32 {\n  var $acc: i32\n  var $i: i32\n  var $q: i32\n${b.join("\n")}\n}\n`;
}

/**
 * `n` loops one after another, each counting to the parameter and leaving
 * its count in a variable of its own; each loop's exit bounds the parameter
 * by its last count, and so the next loop's test.
 */
function countersInSequence(n: number): string {
  const b = ["entry:", "  %zero = const.i32 0", "  %one = const.i32 1", ...Array.from({ length: n }, (_, k) => `  set $s${k}, %zero`), "  jump p0"];
  for (let k = 0; k < n; k++) {
    b.push(`p${k}:`, "  set $i, %zero", `  jump h${k}`, `h${k}:`, `  %i${k} = get $i`, `  %c${k} = icmp.slt %i${k}, %n`, `  br %c${k}, b${k}, p${k + 1}`);
    b.push(`b${k}:`, `  %t${k} = add %i${k}, %one`, `  set $s${k}, %t${k}`, `  set $i, %t${k}`, `  jump h${k}`);
  }
  b.push(`p${n}:`, `  %r = get $s${n - 1}`, "  ret %r");
  const vars = ["  var $i: i32", ...Array.from({ length: n }, (_, k) => `  var $s${k}: i32`)];
  return `module counters\nexport fn kernel(%n: i32) -> i32 {\n${vars.join("\n")}\n${b.join("\n")}\n}\n`;
}

/** The chain of `n` variables (range-random.ts variableChainBody) as a module. */
const variableChain = (n: number) => parseModule(`module chain\nexport fn kernel(%n: i32) -> i32 {\n${variableChainBody(n)}\n}\n`);

/** The items the solver's budget is per: blocks and instructions (all reachable in these functions). */
const itemsOf = (f: Func) => f.blocks.reduce((n, bl) => n + 1 + bl.insts.length, 0);

/** Part of the solver's steps (range-solver.ts STEPS_PER_ITEM): the positions its rounds look at and the blocks its facts walks enter. */
const SOME_STEPS: readonly [object, readonly string[]][] = [[RoundWorklist.prototype, ["take"]], [BranchFacts.prototype, ["enter"]]];

function countingAll<R>(protos: readonly (readonly [object, readonly string[]])[], f: () => R): { result: R; calls: number } {
  if (protos.length === 0) return { result: f(), calls: 0 };
  const [[proto, names], ...rest] = protos;
  let inner = 0;
  const outer = counting(proto!, names!, () => {
    const r = countingAll(rest, f);
    inner = r.calls;
    return r.result;
  });
  return { result: outer.result, calls: outer.calls + inner };
}

for (const stage of ["plain", "diamond", "nest"] as const) {
  test(`range solver: loops one after another settle, as the plain iteration does (${stage} stages)`, (t) => {
    for (const n of [19, 60]) {
      const m = parseModule(loopsInSequence(n, stage));
      const f = m.functions[0]!, ix = new ModuleIndex(m), plan = planSsa(f);
      const fast = solveRanges(ix, f, plan), plain = solveRanges(ix, f, plan, "every block");
      t.truthy(fast, `${n} loops: a fixpoint`);
      t.deepEqual(answers(f, fast), answers(f, plain), `${n} loops`);
      const last = f.blocks.findIndex((bl) => bl.name === `p${n - 1}`) as BlockId;
      t.is(show(fast!.facts.get(f.values.findIndex((v) => v.name === `i${n - 1}`) as ValueId, last)), "0..7", "the last counter in its body");
    }
  });
}

test("range solver: loops one after another settle in steps linear in their number, within the budget", (t) => {
  const steps = (n: number) => {
    const m = parseModule(loopsInSequence(n));
    const f = m.functions[0]!;
    const { result, calls } = countingAll(SOME_STEPS, () => solveRanges(new ModuleIndex(m), f, planSsa(f)));
    t.truthy(result, `${n} loops: a fixpoint`);
    t.true(calls <= STEPS_PER_ITEM * itemsOf(f), `${n} loops: ${calls} steps for ${itemsOf(f)} items`);
    return calls;
  };
  const small = steps(100), large = steps(400);
  t.true(large <= 4.5 * small, `steps: ${small} for 100 loops, ${large} for 400`);
});

test("range solver: loops whose exits bound the next loop's test settle, as the plain iteration does", (t) => {
  // Loop k + 1 runs only while its counter is below n, and n is at most loop k's last count:
  // each loop's counter is feasible only once the one before has widened.
  for (const n of [8, 60]) {
    const m = parseModule(countersInSequence(n));
    const f = m.functions[0]!, ix = new ModuleIndex(m), plan = planSsa(f);
    const { result, calls } = countingAll(SOME_STEPS, () => solveRanges(ix, f, plan));
    t.truthy(result, `${n} loops: a fixpoint`);
    t.true(calls <= 16 * itemsOf(f), `${n} loops: ${calls} steps for ${itemsOf(f)} items`);
    t.deepEqual(answers(f, result), answers(f, solveRanges(ix, f, plan, "every block")), `${n} loops`);
    t.is(show(result!.values[f.values.findIndex((v) => v.name === `t${n - 1}`)]), "1..2147483647", "the last loop's next count");
  }
});

test("range solver: a solve that outgrows its budget gives up within it", (t) => {
  // Each trip of the loop moves one more variable of the chain: it would settle in n trips of n steps each.
  const m = variableChain(400);
  const f = m.functions[0]!;
  const { result, calls } = countingAll(SOME_STEPS, () => solveRanges(new ModuleIndex(m), f, planSsa(f)));
  t.is(result, undefined);
  // (The last visit and facts walk may go past the budget: at most a look at every block and a walk of the tree.)
  t.true(calls <= (STEPS_PER_ITEM + 2) * itemsOf(f), `${calls} steps for ${itemsOf(f)} items`);
  const short = variableChain(8), g = short.functions[0]!;
  t.truthy(solveRanges(new ModuleIndex(short), g, planSsa(g)), "a short chain settles");
});

test("range solver: 60 loops one after another keep no bounds check (the solve settles)", (t) => {
  const m = parseModule(loopsInSequence(60));
  for (const backend of ["llvm", "cranelift"] as const) {
    const { report, module } = lowerModule(m, { backend, mode: "on" });
    t.is(report.functions[0]!.total.boundsChecks ?? 0, 0, backend);
    const panics = module.functions.flatMap((fn) => fn.blocks.flatMap((bl) => bl.insts.filter((i) => i.op === "call" && (i as { callee: string }).callee === "fz_panic_bounds")));
    t.is(panics.length, 0, `${backend}: calls of the bounds panic`);
  }
});

/**
 * One loop whose header has `n` latches besides the last block: each trip
 * tests the counter against 0 .. n - 1 in a chain and takes the latch of the
 * value it equals (`continue` in n places), which sets the counter past it.
 */
function manyLatches(n: number): string {
  const b = ["entry:", "  %z = const.i32 0", "  %one = const.i32 1", "  set $i, %z", "  jump h", "h:", "  %i = get $i", "  %c = icmp.slt %i, %n", "  br %c, c0, out"];
  for (let k = 0; k < n; k++) {
    b.push(`c${k}:`, `  %k${k} = const.i32 ${k}`, `  %e${k} = icmp.eq %i, %k${k}`, `  br %e${k}, l${k}, c${k + 1}`);
    b.push(`l${k}:`, `  %a${k} = add %i, %k${k}`, `  %b${k} = add %a${k}, %one`, `  set $i, %b${k}`, "  jump h");
  }
  b.push(`c${n}:`, "  %j = add %i, %one", "  set $i, %j", "  jump h", "out:", "  %r = srem %i, %n", "  ret %r");
  return `module latches\nexport fn kernel(%n: i32) -> i32 {\n  var $i: i32\n${b.join("\n")}\n}\n`;
}

test("range solver: a loop of many latches joins its header's predecessors a number of times linear in them, as the plain iteration answers", (t) => {
  // A settling round once visited the header again after each latch, joining all n + 1 predecessors each time.
  const joined = (n: number) => {
    const m = parseModule(manyLatches(n));
    const f = m.functions[0]!, ix = new ModuleIndex(m), plan = planSsa(f);
    const { result, calls } = counting(EdgeNarrowings.prototype, ["of"], () => solveRanges(ix, f, plan));
    t.truthy(result, `${n} latches: a fixpoint`);
    t.deepEqual(answers(f, result), answers(f, solveRanges(ix, f, plan, "every block")), `${n} latches`);
    return calls;
  };
  const small = joined(100), large = joined(400);
  t.true(large <= 6 * small, `predecessor narrowings asked: ${small} for 100 latches, ${large} for 400`);
});

/** `n` variables set to the parameter, then `n` diamonds, each testing the parameter and changing one variable, then every variable divided. */
function heldInDiamonds(n: number): string {
  const b = ["entry:", ...Array.from({ length: n }, (_, k) => `  set $v${k}, %n`), "  jump d0"];
  for (let k = 0; k < n; k++) {
    b.push(`d${k}:`, `  %k${k} = const.i32 ${k}`, `  %c${k} = icmp.sgt %n, %k${k}`, `  br %c${k}, t${k}, d${k + 1}`);
    b.push(`t${k}:`, `  %g${k} = get $v${k}`, `  %h${k} = add %g${k}, %k${k}`, `  set $v${k}, %h${k}`, `  jump d${k + 1}`);
  }
  b.push(`d${n}:`, "  %a0 = const.i32 0");
  for (let k = 0; k < n; k++) b.push(`  %x${k} = get $v${k}`, `  %l${k} = srem %x${k}, %n`, `  %a${k + 1} = add %a${k}, %l${k}`);
  b.push(`  ret %a${n}`);
  const vars = Array.from({ length: n }, (_, k) => `  var $v${k}: i32`);
  return `module held\nexport fn kernel(%n: i32) -> i32 {\n${vars.join("\n")}\n${b.join("\n")}\n}\n`;
}

test("range solver: a value held by many variables and compared by many branches costs reads of the variable states linear in them", (t) => {
  // Each branch's edges narrowed every variable holding the parameter, and looked each up: n x n.
  const reads = (n: number) => {
    const m = parseModule(heldInDiamonds(n));
    const f = m.functions[0]!;
    const { result, calls } = counting(PMapShape.prototype, ["get"], () => solveRanges(new ModuleIndex(m), f, planSsa(f)));
    t.truthy(result, `${n} variables: a fixpoint`);
    return calls;
  };
  const small = reads(200), large = reads(800);
  t.true(large <= 6 * small, `variable lookups: ${small} for 200 variables, ${large} for 800`);
});
