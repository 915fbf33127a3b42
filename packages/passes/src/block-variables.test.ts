import test from "ava";
import { type BlockId, BOOL, I32, ModuleBuilder } from "@fzy/ir";
import { LFunctionBuilder } from "@fzy/lir";
import { BlockVariables } from "./block-variables.js";
import { Representation } from "./layout.js";
import { planSsa } from "./ssa-plan.js";

/** entry: x = 1; br c, left, right.  left: x = 2; jump join.  right: jump join.  join: ret x. */
function diamond() {
  const mb = new ModuleBuilder("t");
  const f = mb.function("k", [["c", BOOL]], I32, { exported: true });
  const x = f.var("x", I32);
  const unset = f.var("unset", I32);
  const [entry, left, right, join] = ["entry", "left", "right", "join"].map((n) => f.block(n)) as [BlockId, BlockId, BlockId, BlockId];
  f.at(entry);
  f.set(x, f.iconst(I32, 1));
  f.br(f.param(0), left, right);
  f.at(left);
  f.set(x, f.iconst(I32, 2));
  f.jump(join);
  f.at(right);
  f.jump(join);
  f.at(join);
  f.ret(f.get(x));
  const m = mb.finish();
  const func = m.functions[0]!;
  const b = new LFunctionBuilder("k", ["bool"], ["i32"], true);
  const vars = new BlockVariables(b, func, planSsa(func), new Representation(mb.index(), true));
  return { b, vars, x, unset, entry, left, right, join };
}

test("a join block reads a variable from its parameter; other blocks from their dominator's exit", (t) => {
  const { b, vars, x, entry, left, right, join } = diamond();
  t.is(b.blockParams(vars.blockMap[join]!).length, 1, "x needs a parameter at the join");
  t.is(b.blockParams(vars.blockMap[left]!).length, 0);
  vars.enter(entry);
  const one = b.iconst("i32", 1);
  vars.assign(x, [one]);
  vars.leave(entry);
  vars.enter(right);
  t.deepEqual(vars.read(x), [one]);
  t.deepEqual(vars.edge(join), { block: vars.blockMap[join]!, args: [one] });
  vars.enter(join);
  t.deepEqual(vars.read(x), [...b.blockParams(vars.blockMap[join]!)]);
});

test("an assignment made by a terminator leaves the recorded exit state alone", (t) => {
  const { b, vars, x, entry, left } = diamond();
  vars.enter(entry);
  const one = b.iconst("i32", 1), two = b.iconst("i32", 2);
  vars.assign(x, [one]);
  vars.leave(entry);
  vars.assignOnEdge(x, [two]);
  t.deepEqual(vars.read(x), [two]);
  vars.enter(left);
  t.deepEqual(vars.read(x), [one], "the dominated block sees the state before the terminator");
});

test("reading a variable never assigned on the path gives a zero of its type", (t) => {
  const { b, vars, unset, entry } = diamond();
  vars.enter(entry);
  const [z] = vars.read(unset);
  t.is(b.typeOf(z!), "i32");
});
