import test from "ava";
import { type BlockId, ModuleIndex, parseModule, type ValueId } from "@fzy/ir";
import { analyzeRanges, Ranges } from "./range-analysis.js";
import { QuickRanges } from "./range-quick.js";
import { variableChainBody } from "./range-random.js";
import { solveRanges } from "./range-solver.js";
import { Witnesses } from "./range-witness.js";
import { canon, clamp, full, join, meet, narrow, sortedUnique, zadd, zmul, zsub } from "./range-lattice.js";
import { planSsa } from "./ssa-plan.js";
import { BranchFacts, branchCmp } from "./range-facts.js";
import { MAX_NARROWED_ALIASES } from "./range-graph.js";

/** Ranges of the single function of `body` (an `export fn kernel(%n: i32) -> i32` unless `sig` says otherwise). */
function analyze(body: string, sig = "export fn kernel(%n: i32) -> i32") {
  const m = parseModule(`module t\n${sig} {\n${body}\n}\n`);
  const f = m.functions[0]!;
  const ranges = analyzeRanges(new ModuleIndex(m), f, planSsa(f));
  const value = (name: string) => {
    const v = f.values.findIndex((x) => x.name === name);
    if (v < 0) throw new Error(`no value ${name}`);
    return v as ValueId;
  };
  const block = (name: string) => f.blocks.findIndex((b) => b.name === name) as BlockId;
  /** The range of %name in block `at`, as "lo..hi" (or "-" when unknown). */
  const of = (name: string, at: string) => {
    const r = ranges.of(value(name), block(at));
    return r ? `${r.lo}..${r.hi}` : "-";
  };
  return { of };
}

const I32 = "-2147483648..2147483647";

test("lattice: sortedUnique sorts numerically and drops repeats, numbers alone or beside BigInts", (t) => {
  t.deepEqual(sortedUnique([10, -1, 2, 10, 0, -1, 9]), [-1, 0, 2, 9, 10]);
  t.deepEqual(sortedUnique([3, 2n ** 60n, -(2n ** 63n), 3, 2n ** 60n, -5]), [-(2n ** 63n), -5, 3, 2n ** 60n]);
  t.deepEqual(sortedUnique([]), []);
});

test("lattice: numbers where exact, BigInt past 2^53, canonical either way", (t) => {
  t.is(zadd(1, 2), 3);
  t.is(zadd(Number.MAX_SAFE_INTEGER, 1), 2n ** 53n);
  t.is(zsub(-Number.MAX_SAFE_INTEGER, 2), -(2n ** 53n) - 1n);
  t.is(zmul(2 ** 31, 2 ** 31), 2 ** 62 > Number.MAX_SAFE_INTEGER ? 2n ** 62n : 2 ** 62);
  t.is(zmul(-3, 0), 0);
  t.true(Object.is(zmul(-3, 0), 0), "no negative zero");
  t.is(zsub(2n ** 60n, 2n ** 60n - 5n), 5, "a BigInt difference that fits comes back as a number");
  t.is(canon(7n), 7);
  t.deepEqual(full(8), { lo: -128, hi: 127 });
  t.deepEqual(full(64), { lo: -(2n ** 63n), hi: 2n ** 63n - 1n });
  t.deepEqual(join({ lo: 0, hi: 3 }, { lo: -2, hi: 1 }), { lo: -2, hi: 3 });
  t.deepEqual(meet({ lo: 0, hi: 3 }, { lo: -2, hi: 1 }), { lo: 0, hi: 1 });
});

test("lattice: a result past the width limit is the full range", (t) => {
  t.deepEqual(clamp(0, 127, 8), { lo: 0, hi: 127 });
  t.is(clamp(0, 128, 8), full(8));
  t.is(clamp(-129, 0, 8), full(8));
  t.deepEqual(clamp(-(2n ** 63n), 0, 64), { lo: -(2n ** 63n), hi: 0 });
  t.is(clamp(0, 2n ** 63n, 64), full(64));
});

test("lattice: narrowing by each signed comparison, taken and not", (t) => {
  const x = { lo: 0, hi: 100 }, k = { lo: 10, hi: 10 };
  t.deepEqual(narrow(x, "slt", k, 32, true), { lo: 0, hi: 9 });
  t.deepEqual(narrow(x, "slt", k, 32, false), { lo: 10, hi: 100 });
  t.deepEqual(narrow(x, "sle", k, 32, true), { lo: 0, hi: 10 });
  t.deepEqual(narrow(x, "sgt", k, 32, true), { lo: 11, hi: 100 });
  t.deepEqual(narrow(x, "sge", k, 32, false), { lo: 0, hi: 9 });
  t.deepEqual(narrow(x, "eq", k, 32, true), { lo: 10, hi: 10 });
  t.deepEqual(narrow(x, "eq", k, 32, false), x, "x != 10 says nothing about an inner point");
  t.deepEqual(narrow({ lo: 0, hi: 10 }, "ne", k, 32, true), { lo: 0, hi: 9 }, "x != bound shrinks the bound");
  t.deepEqual(narrow({ lo: 10, hi: 20 }, "eq", k, 32, false), { lo: 11, hi: 20 });
  t.deepEqual(narrow(x, "ult", k, 32, true), x, "unsigned codes say nothing");
});

test("branch facts narrow the compared value on each side, and in blocks dominated", (t) => {
  const r = analyze([
    "entry:", "  %k = const.i32 10", "  %c = icmp.slt %n, %k", "  br %c, lt, ge",
    "lt:", "  %a = add %n, %n", "  jump lt2",
    "lt2:", "  %a2 = add %n, %n", "  ret %a2",
    "ge:", "  %b = add %n, %n", "  ret %b",
  ].join("\n"));
  t.is(r.of("n", "entry"), I32);
  t.is(r.of("n", "lt"), "-2147483648..9");
  t.is(r.of("n", "lt2"), "-2147483648..9", "the fact holds in the block the narrowed block dominates");
  t.is(r.of("n", "ge"), "10..2147483647");
  t.is(r.of("k", "ge"), "10..10");
});

test("a variable is narrowed on a branch's edges while it holds the compared value, and not once it is set to another", (t) => {
  // Only the aliases the narrowing looks for are recorded (range-transfer.ts): a get of the variable no branch
  // compares must leave the compared one an alias, and a set of another value must end it.
  const loop = (between: string[]) => analyze([
    "  var $i: i32",
    "entry:", "  %zero = const.i32 0", "  %one = const.i32 1", "  %ten = const.i32 10", "  set $i, %n", "  jump h",
    "h:", "  %x = get $i", ...between, "  %c = icmp.slt %x, %ten", "  br %c, b, e",
    "b:", "  %z = get $i", "  ret %z",
    "e:", "  ret %zero",
  ].join("\n"));
  t.is(loop([]).of("z", "b"), "-2147483648..9");
  t.is(loop(["  %y = get $i", "  %u = add %y, %one"]).of("z", "b"), "-2147483648..9", "another get of the variable keeps the compared value its alias");
  t.is(loop(["  %w = add %x, %one", "  set $i, %w"]).of("z", "b"), I32, "a set of another value ends the alias");
  t.is(loop(["  %w = add %x, %one", "  set $i, %w", "  set $i, %x"]).of("z", "b"), "-2147483648..9", "a set of the compared value makes it an alias again");
});

test("a compared value held by more variables than MAX_NARROWED_ALIASES narrows none of them on its edges (coarser, never wrong)", (t) => {
  // Every variable is read and divided in b, so all of them are in the solve's slice.
  const held = (vars: number) => analyze([
    ...Array.from({ length: vars }, (_, k) => `  var $v${k}: i32`),
    "entry:", "  %ten = const.i32 10", ...Array.from({ length: vars }, (_, k) => `  set $v${k}, %n`), "  %c = icmp.slt %n, %ten", "  br %c, b, e",
    "b:", ...Array.from({ length: vars }, (_, k) => [`  %z${k} = get $v${k}`, `  %r${k} = srem %z${k}, %ten`]).flat(), "  ret %r0",
    "e:", "  ret %ten",
  ].join("\n"));
  t.is(held(MAX_NARROWED_ALIASES).of("z0", "b"), "-2147483648..9");
  t.is(held(MAX_NARROWED_ALIASES).of(`z${MAX_NARROWED_ALIASES - 1}`, "b"), "-2147483648..9");
  t.is(held(MAX_NARROWED_ALIASES + 1).of("z0", "b"), I32);
});

test("branch facts for sle, sgt, sge, eq and ne", (t) => {
  const cases: [string, string, string][] = [
    ["sle", "-2147483648..10", "11..2147483647"],
    ["sgt", "11..2147483647", "-2147483648..10"],
    ["sge", "10..2147483647", "-2147483648..9"],
    ["eq", "10..10", I32],
    ["ne", I32, "10..10"],
  ];
  for (const [cc, yes, no] of cases) {
    const r = analyze(["entry:", "  %k = const.i32 10", `  %c = icmp.${cc} %n, %k`, "  br %c, y, n", "y:", "  ret %n", "n:", "  ret %n"].join("\n"));
    t.is(r.of("n", "y"), yes, `${cc} taken`);
    t.is(r.of("n", "n"), no, `${cc} not taken`);
  }
});

test("a counted loop: the counter is 0..9 in the body and 10 after", (t) => {
  const r = analyze([
    "  var $i: i32",
    "entry:", "  %z = const.i32 0", "  %one = const.i32 1", "  %ten = const.i32 10", "  set $i, %z", "  jump head",
    "head:", "  %x = get $i", "  %c = icmp.slt %x, %ten", "  br %c, body, done",
    "body:", "  %y = get $i", "  %y1 = add %y, %one", "  set $i, %y1", "  jump head",
    "done:", "  %r = get $i", "  ret %r",
  ].join("\n"));
  t.is(r.of("y", "body"), "0..9");
  t.is(r.of("y1", "body"), "1..10");
  t.is(r.of("x", "head"), "0..10");
  t.is(r.of("r", "done"), "10..10");
});

test("an entry block that is branched to: the call is a way in too, so no branch fact holds there", (t) => {
  // b1 branches back to the entry block while %i < 5; the call enters it with any %n, so %i = %n & 7 is 0..7 there
  // and in b1 (the solve once took b1's branch for the entry's only way in and answered 0..4 in both).
  const r = analyze([
    "b0:", "  %k5 = const.i32 5", "  %k7 = const.i32 7", "  %i = and %n, %k7", "  %more = icmp.slt %n, %k5", "  br %more, b1, b2",
    "b1:", "  %d = icmp.slt %i, %k5", "  br %d, b0, b2",
    "b2:", "  ret %i",
  ].join("\n"));
  t.is(r.of("i", "b0"), "0..7");
  t.is(r.of("i", "b1"), "0..7");
  t.is(r.of("i", "b2"), "0..7");
  // The same blocks behind a fresh entry block: the answers are those of the function as the lowering sees it.
  const detached = analyze([
    "e:", "  jump b0",
    "b0:", "  %k5 = const.i32 5", "  %k7 = const.i32 7", "  %i = and %n, %k7", "  %more = icmp.slt %n, %k5", "  br %more, b1, b2",
    "b1:", "  %d = icmp.slt %i, %k5", "  br %d, b0, b2",
    "b2:", "  ret %i",
  ].join("\n"));
  for (const b of ["b0", "b1", "b2"]) t.is(r.of("i", b), detached.of("i", b));
});

test("widening: a counter bounded only by a parameter reaches a sound fixpoint at the type's limit", (t) => {
  const r = analyze([
    "  var $i: i32",
    "entry:", "  %z = const.i32 0", "  %one = const.i32 1", "  set $i, %z", "  jump head",
    "head:", "  %x = get $i", "  %c = icmp.slt %x, %n", "  br %c, body, done",
    "body:", "  %y = get $i", "  %y1 = add %y, %one", "  set $i, %y1", "  jump head",
    "done:", "  ret %z",
  ].join("\n"));
  // Rounds alone would stop after 40 with 0..40 (unsound: the loop may run 2^31 times); widening
  // must take the counter to the limit. (Widening also applies in `body`, after the branch fact,
  // so the analysis loses x < n there and gives the full range: sound, not precise.)
  const [lo, hi] = r.of("x", "head").split("..").map(BigInt);
  t.true(lo! <= 0n && hi === 2147483647n, r.of("x", "head"));
  t.is(r.of("y1", "body"), I32);
  t.is(r.of("z", "done"), "0..0");
});

test("widening stops at a constant threshold when one bounds the loop", (t) => {
  const r = analyze([
    "  var $i: i32",
    "entry:", "  %z = const.i32 0", "  %two = const.i32 2", "  %lim = const.i32 1000", "  set $i, %z", "  jump head",
    "head:", "  %x = get $i", "  %c = icmp.slt %x, %lim", "  br %c, body, done",
    "body:", "  %y = get $i", "  %y2 = add %y, %two", "  set $i, %y2", "  jump head",
    "done:", "  %r = get $i", "  ret %r",
  ].join("\n"));
  t.is(r.of("y", "body"), "0..999");
  t.is(r.of("r", "done"), "1000..1001", "the threshold 1001 (the constant's neighbour) holds the counter");
});

test("select facts: a wrap-around counter stays in 0..4", (t) => {
  const r = analyze([
    "  var $off: i32",
    "entry:", "  %z = const.i32 0", "  %one = const.i32 1", "  %four = const.i32 4", "  set $off, %z", "  jump head",
    "head:", "  %o = get $off", "  %o1 = add %o, %one", "  %c = icmp.sgt %o1, %four", "  %w = select %c, %z, %o1", "  set $off, %w",
    "  %d = icmp.slt %w, %n", "  br %d, head, done",
    "done:", "  ret %w",
  ].join("\n"));
  t.is(r.of("w", "head"), "0..4");
  t.is(r.of("o", "head"), "0..4");
});

test("arithmetic: overflow at the width gives the full range; i8 and i64 extremes", (t) => {
  const r = analyze([
    "entry:",
    "  %a = const.i8 100", "  %b = add %a, %a",
    "  %c = const.i8 50", "  %d = add %c, %c",
    "  %min = const.i64 -9223372036854775808", "  %max = const.i64 9223372036854775807", "  %one = const.i64 1",
    "  %m1 = sub %min, %one", "  %p1 = add %max, %one", "  %mx = sub %max, %one", "  %sq = mul %max, %max",
    "  %w = sext.i64 %n", "  %w2 = mul %w, %w",
    "  %t = trunc.i8 %w", "  %u = zext.i64 %t",
    "  %seven = const.i32 7", "  %r = srem %n, %seven", "  %m = and %n, %seven",
    "  ret %n",
  ].join("\n"));
  t.is(r.of("b", "entry"), "-128..127", "100 + 100 wraps in i8");
  t.is(r.of("d", "entry"), "100..100");
  t.is(r.of("min", "entry"), "-9223372036854775808..-9223372036854775808");
  t.is(r.of("m1", "entry"), "-9223372036854775808..9223372036854775807");
  t.is(r.of("p1", "entry"), "-9223372036854775808..9223372036854775807");
  t.is(r.of("mx", "entry"), "9223372036854775806..9223372036854775806");
  t.is(r.of("sq", "entry"), "-9223372036854775808..9223372036854775807");
  t.is(r.of("w", "entry"), I32);
  t.is(r.of("w2", "entry"), "-4611686016279904256..4611686018427387904", "i32 x i32 fits in i64, exactly");
  t.is(r.of("t", "entry"), "-128..127");
  t.is(r.of("u", "entry"), "0..255");
  t.is(r.of("r", "entry"), "-6..6");
  t.is(r.of("m", "entry"), "0..7");
});

test("values that are not integers have no range", (t) => {
  const r = analyze(["entry:", "  %z = const.i32 0", "  %c = icmp.slt %n, %z", "  %f = const.f64 1.5", "  ret %n"].join("\n"));
  t.is(r.of("c", "entry"), "-");
  t.is(r.of("f", "entry"), "-");
});

/** `depth` properly nested counted loops (3 trips each), the innermost adding to an accumulator. */
function nest(depth: number): string {
  const lines = [...Array.from({ length: depth }, (_, k) => `  var $i${k}: i32`), "  var $acc: i32", "entry:", "  %z = const.i32 0", "  %one = const.i32 1", "  %lim = const.i32 3", "  set $acc, %z", "  set $i0, %z", "  jump h0"];
  for (let k = 0; k < depth; k++) {
    lines.push(`h${k}:`, `  %x${k} = get $i${k}`, `  %c${k} = icmp.slt %x${k}, %lim`, `  br %c${k}, b${k}, e${k}`);
    if (k + 1 < depth) lines.push(`b${k}:`, `  set $i${k + 1}, %z`, `  jump h${k + 1}`);
    else lines.push(`b${k}:`, "  %a = get $acc", "  %a1 = add %a, %one", "  set $acc, %a1", `  jump l${k}`);
    lines.push(`l${k}:`, `  %y${k} = get $i${k}`, `  %s${k} = add %y${k}, %one`, `  set $i${k}, %s${k}`, `  jump h${k}`);
    lines.push(`e${k}:`, ...(k > 0 ? [`  jump l${k - 1}`] : ["  %r = get $acc", "  ret %r"]));
  }
  return lines.join("\n");
}

test("nested counted loops: every counter is 0..2 in its latch", (t) => {
  for (const depth of [30, 40]) {
    const r = analyze(nest(depth));
    for (const k of [0, 15, depth - 1]) t.is(r.of(`y${k}`, `l${k}`), "0..2", `depth ${depth}, loop ${k}`);
    t.is(r.of("x0", "b0"), "0..2", "the branch fact in the body");
  }
});

test("a function too long to settle within the solver's budget: what depends on the long part gets no range (sound), the rest does", (t) => {
  // Each question is solved on its slice (range-slice.ts): the last variable's slice holds the
  // whole chain and does not settle within the budget; a constant's or the counter's settles.
  const r = analyze(variableChainBody(200));
  t.is(r.of("r", "done"), "-", "without a fixpoint nothing is known");
  t.is(r.of("z", "entry"), "0..0");
  t.is(r.of("y", "b"), "1..8");
  t.is(analyze(variableChainBody(8)).of("r", "done"), "0..2147483647", "a short chain settles (widened: its last variable moves until the widening rounds)");
});

test("askable values without a fixpoint are solved once, however often they are asked", (t) => {
  // The last block divides what depends on the whole chain: that askable value has no fixpoint.
  const m = parseModule(`module t\nexport fn kernel(%n: i32) -> i32 {\n${variableChainBody(200, "  %m = srem %r, %n")}\n}\n`);
  const f = m.functions[0]!, ix = new ModuleIndex(m), plan = planSsa(f);
  let solves = 0;
  const r = new Ranges(
    (seeds, defs) => { solves++; return solveRanges(ix, f, plan, "incremental", seeds, defs); },
    () => new QuickRanges(ix, f, plan.dom),
    (q) => new Witnesses(f, plan.dom, q),
  );
  const last = f.values.findIndex((x) => x.name === "r") as ValueId;
  const done = f.blocks.findIndex((b) => b.name === "done") as BlockId;
  for (let k = 0; k < 3; k++) t.is(r.of(last, done), undefined, "without a fixpoint nothing is known");
  t.false(r.nonNegative(last, done));
  t.is(solves, 1);
});

test("branch facts list each block's reads once, ascending, in short and long blocks", (t) => {
  // A block reading 3 values and one reading 60 in scrambled order (the long one takes the other sort path).
  const names = Array.from({ length: 60 }, (_, i) => `%c${(i * 37) % 60}`);
  const m = parseModule(`module t
export fn kernel(%n: i32) -> i32 {
entry:
${Array.from({ length: 60 }, (_, i) => `  %c${i} = const.i32 ${i}`).join("\n")}
  %z = const.i32 0
  %c = icmp.slt %n, %z
  br %c, short, long
short:
  %s = add %n, %c1
  %s2 = add %s, %n
  ret %s2
long:
${names.map((x, i) => `  %l${i} = add ${i === 0 ? "%n" : `%l${i - 1}`}, ${x}`).join("\n")}
  %l60 = add %l59, %c5
  ret %l60
}
`);
  const f = m.functions[0]!;
  const plan = planSsa(f);
  const defInst = new Array(f.values.length).fill(undefined);
  for (const b of f.blocks) for (const i of b.insts) if (i.dst !== null) defInst[i.dst] = i;
  const cmps = f.blocks.map((_, b) => branchCmp(f, defInst, b as BlockId));
  const facts = new BranchFacts(f, f.blocks.map((bl) => bl.insts), plan.dom, cmps, () => 32, defInst);
  const readsOf = (name: string) => {
    const b = f.blocks.findIndex((x) => x.name === name);
    return [...facts.readItems.slice(facts.readStart[b]!, facts.readStart[b + 1]!)];
  };
  const expected = (name: string) => {
    const blk = f.blocks.find((x) => x.name === name)!;
    const vs = new Set<number>();
    for (const i of blk.insts) for (const a of i.args) vs.add(a);
    const cmp = cmps[f.blocks.indexOf(blk)];
    if (cmp) { vs.add(cmp.x); vs.add(cmp.y); }
    return [...vs].sort((a, b) => a - b);
  };
  t.is(readsOf("long").length, 121, "%n, %c0..%c59 and %l0..%l59, once each (over 32: the long sort path)");
  t.deepEqual(readsOf("long"), expected("long"));
  t.deepEqual(readsOf("short"), expected("short"));
  t.deepEqual(readsOf("entry"), expected("entry"));
});
