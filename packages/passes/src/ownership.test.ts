import test from "ava";
import { type Func, ModuleIndex, parseModule, type Type, type ValueId, verifyModule } from "@fzy/ir";
import { lowerModule } from "./lower-module.js";
import { addExitReads, consumedArgs, countedType, planOwnership, planRc, splitForRc } from "./ownership.js";
import { StoredStrings } from "./stored-strings.js";

/** Function `fn` of `source`, verified, and the counted-value test for it. */
function parse(source: string, fn = "kernel") {
  const m = parseModule(source);
  verifyModule(m);
  const ix = new ModuleIndex(m);
  const payloadEnum = (t: Type) => t.kind === "enum" && (ix.enums.get(t.name)?.variants.some((v) => v.payload !== null) ?? false);
  const isCounted = (t: Type) => countedType(t, { payloadEnum, strViews: true });
  return { m, f: m.functions.find((x) => x.name === fn)!, isCounted };
}

const id = (f: Func, name: string) => f.values.findIndex((v) => v.name === name) as ValueId;
const block = (f: Func, name: string) => f.blocks.findIndex((b) => b.name === name);

const LOOP = `module t
export fn kernel(%n: i32) -> i32 {
  var $i: i32
entry:
  %d = array.new [i32]
  %z = const.i32 0
  set $i, %z
  jump head
head:
  %i = get $i
  %more = icmp.slt %i, %n
  br %more, body, exit
body:
  array.push %d, %i
  %one = const.i32 1
  %i1 = add %i, %one
  set $i, %i1
  jump head
exit:
  %l = array.len %d
  ret %l
}
`;

test("a local array is released once, after its last use, and nowhere in the loop", (t) => {
  const { f, isCounted } = parse(LOOP);
  const counted = (v: ValueId) => isCounted(f.values[v]!.type);
  const p = planOwnership(f, counted);
  const d = id(f, "d");
  const exit = block(f, "exit");
  t.deepEqual(p.after[exit]!.get(0), [d], "released right after array.len");
  const everywhere = p.after.flatMap((m) => [...m.values()].flat()).concat(p.atEntry.flat());
  t.is(everywhere.filter((v) => v === d).length, 1);
  t.is(p.moves.size, 0);
});

test("a value's last consuming use moves it; an earlier one does not", (t) => {
  const { f, isCounted } = parse(`module t
struct Box { a: [i32] }
export fn kernel(%n: i32) -> i32 {
entry:
  %d = array.new [i32]
  %b1 = struct.new Box, %d
  %b2 = struct.new Box, %d
  %x = struct.get %b2, a
  %l = array.len %x
  ret %l
}
`);
  const p = planOwnership(f, (v) => isCounted(f.values[v]!.type));
  t.true(p.moves.has("0:2:0"), "the second struct.new takes %d's own reference");
  t.false(p.moves.has("0:1:0"), "the first retains");
  const released = [...p.after[0]!.values()].flat();
  t.false(released.includes(id(f, "d")), "a moved value is not released");
  t.true(released.includes(id(f, "b1")) && released.includes(id(f, "b2")) && released.includes(id(f, "x")));
});

test("an opaque whose argument dies there hands the reference to its result; one whose argument lives on does not", (t) => {
  const { f, isCounted } = parse(`module t
export fn kernel(%n: i32) -> i32 {
entry:
  %d = array.new [i32]
  %o = opaque %d
  %e = array.new [i32]
  %p = opaque %e
  %l = array.len %e
  %m = array.len %o
  %q = array.len %p
  %f = array.new [i32]
  %g = opaque %f
  ret %l
}
`);
  const p = planOwnership(f, (v) => isCounted(f.values[v]!.type));
  t.true(p.moves.has("0:1:0"), "%o takes %d's reference");
  t.false(p.moves.has("0:3:0"), "%e is read after %p = opaque %e");
  const released = [...p.after[0]!.values()].flat();
  t.false(released.includes(id(f, "d")), "the inherited reference is released through %o");
  t.true(released.includes(id(f, "o")) && released.includes(id(f, "e")) && released.includes(id(f, "p")));
  t.true(p.moves.has("0:8:0"), "%g takes %f's reference");
  t.deepEqual(p.after[0]!.get(8), [id(f, "g")], "and, unused, is released right after its definition");
  // A str is counted when it is a runtime handle (no strings fast path), never as a view.
  t.true(countedType({ kind: "str" }, { payloadEnum: () => false, strViews: false }));
  t.false(countedType({ kind: "str" }, { payloadEnum: () => false, strViews: true }));
});

test("immortal strings: literals, reads from a local array of literals only, and opaque or select of them", (t) => {
  const { f } = parse(`module t
fn take(%s: str) -> i32 {
entry:
  %l = str.len %s
  ret %l
}
export fn kernel(%n: i32) -> i32 {
entry:
  %a = str.lit "a"
  %b = str.lit "b"
  %lits = array.new [str]
  array.push %lits, %a
  array.push %lits, %b
  %z = const.i32 0
  %r = array.get %lits, %z
  %o = opaque %r
  %c = str.concat %a, %b
  %mixed = array.new [str]
  array.push %mixed, %c
  %m = array.get %mixed, %z
  %t = icmp.slt %n, %z
  %s1 = select %t, %a, %o
  %s2 = select %t, %a, %m
  %x = call @take, %s1
  %y = call @take, %s2
  ret %x
}
`);
  const names = [...new StoredStrings(f).immortals()].map((v) => f.values[v]!.name).sort();
  t.deepEqual(names, ["a", "b", "o", "r", "s1"], "%m (from an array that holds a new string), %c and %s2 are counted");
});

test("parameters are borrowed: never released, never moved (a returned one is retained)", (t) => {
  const { f, isCounted } = parse(`module t
fn keep(%a: [i32], %b: [i32]) -> [i32] {
entry:
  %l = array.len %b
  ret %a
}
export fn kernel(%n: i32) -> i32 {
entry:
  ret %n
}
`, "keep");
  const p = planOwnership(f, (v) => isCounted(f.values[v]!.type));
  t.false(p.moves.has("0:-1:0"), "ret %a retains: the caller still owns %a");
  t.deepEqual([...p.after[0]!.values()].flat(), []);
});

test("a value dying on a critical edge gets a block of its own; other functions are untouched", (t) => {
  const src = `module t
export fn kernel(%n: i32) -> i32 {
entry:
  %d = array.new [i32]
  %z = const.i32 0
  %neg = icmp.slt %n, %z
  br %neg, use, join
use:
  %l = array.len %d
  jump join
join:
  ret %z
}
`;
  const { f, isCounted } = parse(src);
  const counted = (v: ValueId) => isCounted(f.values[v]!.type);
  const g = splitForRc(f, counted);
  t.is(g.blocks.length, f.blocks.length + 1);
  t.is(g.blocks[g.blocks.length - 1]!.name, "entry.to.join");
  const p = planOwnership(g, counted);
  t.deepEqual(p.atEntry[g.blocks.length - 1], [id(g, "d")]);
  const loop = parse(LOOP).f;
  t.is(splitForRc(loop, (v) => isCounted(loop.values[v]!.type)), loop, "no critical edge to split: the same function");
  // planRc (one liveness for both steps) gives the split and plan of the two steps run apart.
  for (const fn of [f, loop]) {
    const c = (v: ValueId) => isCounted(fn.values[v]!.type);
    const both = planRc(fn, c);
    const apart = splitForRc(fn, c);
    t.deepEqual(both.func, apart);
    t.deepEqual(both.plan, planOwnership(apart, c));
  }
});

test("a switch's edges into one block share its split block; blocks without a split edge are kept as they are", (t) => {
  const { f, isCounted } = parse(`module t
export fn kernel(%n: i32) -> i32 {
entry:
  %d = array.new [i32]
  %z = const.i32 0
  switch %n [0 -> use, 1 -> join, 2 -> use, 3 -> other] default join
use:
  %l = array.len %d
  jump join
other:
  jump join
join:
  ret %z
}
`);
  const counted = (v: ValueId) => isCounted(f.values[v]!.type);
  const { func: g, plan } = planRc(f, counted);
  const split = f.blocks.length;
  t.deepEqual(g.blocks.map((b) => b.name), [...f.blocks.map((b) => b.name), "entry.to.join"], "one block for the two edges into join");
  const term = g.blocks[0]!.term;
  t.deepEqual(term.op === "switch" ? [...term.cases.map((c) => c.target), term.default] : [], [block(f, "use"), split, block(f, "use"), block(f, "other"), split]);
  t.deepEqual(plan.atEntry[split], [id(f, "d")]);
  t.deepEqual(plan.atEntry[block(f, "other")], [id(f, "d")], "a block entered from the switch only releases it itself");
  for (const name of ["use", "other", "join"]) t.is(g.blocks[block(f, name)], f.blocks[block(f, name)], name);
});

test("every return reads each counted variable, so its last value is released", (t) => {
  const { f, isCounted } = parse(`module t
export fn kernel(%n: i32) -> i32 {
  var $keep: [i32]
  var $i: i32
entry:
  %d = array.new [i32]
  set $keep, %d
  ret %n
}
`);
  const { func, exitReads } = addExitReads(f, isCounted);
  t.is(exitReads.size, 1);
  const last = func.blocks[0]!.insts[func.blocks[0]!.insts.length - 1]!;
  t.is(last.op, "get");
  t.true(exitReads.has(last.dst!));
  const loop = parse(LOOP).f;
  t.is(addExitReads(loop, isCounted).func, loop, "no counted variable: the same function");
});

test("the report counts retains and releases, also inside loops", (t) => {
  const { m } = parse(`module t
fn make(%i: i32) -> [i32] {
entry:
  %d = array.new [i32]
  array.push %d, %i
  ret %d
}
export fn kernel(%n: i32) -> i32 {
  var $i: i32
  var $keep: [i32]
entry:
  %z = const.i32 0
  set $i, %z
  jump head
head:
  %i = get $i
  %more = icmp.slt %i, %n
  br %more, body, exit
body:
  %d = call @make, %i
  set $keep, %d
  %one = const.i32 1
  %i1 = add %i, %one
  set $i, %i1
  jump head
exit:
  ret %n
}
`);
  const r = lowerModule(m, { backend: "llvm", mode: "off" });
  const k = r.report.functions.find((f) => f.name === "kernel")!;
  t.is(k.loop.releases, 1, "the variable's previous array, once per iteration");
  t.is(k.loop.retains, 0, "the call's result moves into the variable");
  t.is(k.total.releases, 2, "and the last one at the return");
  const make = r.report.functions.find((f) => f.name === "make")!;
  t.is(make.total.retains + make.total.releases, 0, "a fresh array returned is moved out");
});

test("an aggregate literal consumes every argument; instructions of as many arguments share the one list", (t) => {
  const inst = (op: "struct.new" | "array.lit" | "enum.new" | "set", n: number) =>
    ({ op, dst: null, args: Array.from({ length: n }, (_, i) => i as ValueId), type: null, imm: { kind: "none" } }) as unknown as Parameters<typeof consumedArgs>[0];
  t.deepEqual(consumedArgs(inst("struct.new", 3)), [0, 1, 2]);
  t.deepEqual(consumedArgs(inst("array.lit", 0)), []);
  t.deepEqual(consumedArgs(inst("enum.new", 1)), [0]);
  t.deepEqual(consumedArgs(inst("array.lit", 5)), [0, 1, 2, 3, 4]);
  t.is(consumedArgs(inst("array.lit", 3)), consumedArgs(inst("struct.new", 3)));
  t.deepEqual(consumedArgs(inst("set", 1)), [0]);
});

test("plans made one after another equal the plan made first: the tables reused between functions keep nothing of the one before", (t) => {
  const plan = (p: ReturnType<typeof parse>) => planRc(p.f, (v) => p.isCounted(p.f.values[v]!.type)).plan;
  const small = parse(LOOP);
  const first = plan(small);
  // In between, a larger function: more counted values and blocks, each array live across the blocks before its read.
  const n = 40, lines = ["module t", "export fn kernel(%n: i32) -> i32 {", "entry:"];
  for (let i = 0; i < n; i++) lines.push(`  %a${i} = array.new [i32]`);
  lines.push("  jump b0");
  for (let i = 0; i < n; i++) lines.push(`b${i}:`, `  %l${i} = array.len %a${i}`, i + 1 < n ? `  jump b${i + 1}` : `  ret %l${i}`);
  const large = plan(parse(lines.concat("}", "").join("\n")));
  t.is(large.after.filter((m) => m.size > 0).length, n, "each array released in the block that reads it");
  t.deepEqual(plan(small), first);
});
