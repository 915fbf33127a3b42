import test from "ava";
import { ModuleIndex, parseModule, type ValueId } from "@fzy/ir";
import { scalarizeStructs } from "./scalarize-structs.js";

const SOURCE = `module t

struct Pair { left: i32, right: i64 }

export fn kernel(%n: i32) -> i32 {
entry:
  %w = sext.i64 %n
  %p = struct.new Pair, %n, %w
  %q = struct.new Pair, %n, %w
  %z = const.i32 0
  %c = icmp.slt %n, %z
  br %c, neg, pos
neg:
  %one = const.i64 1
  struct.set %p, right, %one
  jump join
pos:
  %seven = const.i32 7
  struct.set %p, left, %seven
  jump join
join:
  %l = struct.get %p, left
  %r = struct.get %p, right
  %t = trunc.i32 %r
  %ql = struct.get %q, left
  %s = add %l, %t
  %s2 = add %s, %ql
  ret %s2
}
`;

function setup() {
  const m = parseModule(SOURCE);
  const f = m.functions[0]!;
  const site = (name: string) => f.values.findIndex((v) => v.name === name) as ValueId;
  return { m, f, ix: new ModuleIndex(m), site };
}

const ops = (f: { blocks: readonly { insts: readonly { op: string; args: readonly number[] }[] }[] }, v: number) =>
  f.blocks.flatMap((b) => b.insts.filter((i) => i.args[0] === v && i.op.startsWith("struct.")).map((i) => i.op));

test("a scalarized struct becomes one variable per field; its struct operations disappear", (t) => {
  const { m, f, ix, site } = setup();
  const g = scalarizeStructs(ix, f, new Set([site("p")]));
  t.deepEqual(g.vars.map((v) => [v.name, v.type.kind]), [["p.left", "int"], ["p.right", "int"]]);
  t.deepEqual(ops(g, site("p")), []);
  t.false(g.blocks.some((b) => b.insts.some((i) => i.dst === site("p"))), "the struct value is no longer defined");
  t.deepEqual(ops(g, site("q")), ["struct.get"], "a struct not in the sites is left alone");
  // The struct value keeps its id with no definition (ids stay stable for earlier analyses), so
  // the verifier, and the interpreter that runs it, reject the result by design; the lowering
  // consumes it directly.
  t.is(g.values.length, f.values.length, "no value is renumbered");
  t.is(m.functions[0], f, "the input is not modified");
  t.deepEqual(ops(f, site("p")), ["struct.set", "struct.set", "struct.get", "struct.get"]);
});

test("field reads become gets and writes become sets of that field's variable, in place", (t) => {
  const { f, ix, site } = setup();
  const g = scalarizeStructs(ix, f, new Set([site("p")]));
  const entry = g.blocks[0]!.insts.map((i) => (i.imm.kind === "var" ? `${i.op} ${g.vars[i.imm.var]!.name}` : i.op));
  t.deepEqual(entry.slice(0, 4), ["sext", "set p.left", "set p.right", "struct.new"]);
  const neg = g.blocks.find((b) => b.name === "neg")!.insts.map((i) => (i.imm.kind === "var" ? `${i.op} ${g.vars[i.imm.var]!.name}` : i.op));
  t.deepEqual(neg, ["const", "set p.right"]);
  const join = g.blocks.find((b) => b.name === "join")!;
  const l = join.insts.find((i) => i.dst === site("l"))!;
  t.is(l.op, "get");
  t.is(l.imm.kind === "var" && g.vars[l.imm.var]!.name, "p.left", "value ids are kept: %l is still %l");
});

test("no sites: the function is returned unchanged", (t) => {
  const { f, ix } = setup();
  t.is(scalarizeStructs(ix, f, new Set()), f);
});

test("blocks without an operation on a split struct are kept as they are (the same objects)", (t) => {
  const { f, ix, site } = setup();
  const g = scalarizeStructs(ix, f, new Set([site("q")]));
  t.deepEqual(g.blocks.map((b, i) => b === f.blocks[i]), [false, true, true, false], "only entry (struct.new %q) and join (struct.get %q) change");
  t.deepEqual(g.vars.map((v) => v.name), ["q.left", "q.right"]);
  t.deepEqual(ops(g, site("q")), []);
});
