/**
 * Splicing (inline-plan.ts "flat" functions): a flat function's final body
 * is the body a split at every inlined call gives, its chain of blocks laid
 * end to end without the jumps, with the same values, variables and
 * records; every other function's body is the split one itself.
 */
import test from "ava";
import { type Block, type Func, interpret, type Module, ModuleIndex, parseModule, verifyModule } from "@fzy/ir";
import { inlineSmallFunctions } from "./inline-small-functions.js";
import { planInlining, recursive } from "./inline-plan.js";
import { moduleSites } from "./inline-sites.js";

const FLATS = `module s
fn leaf(%x: i32) -> i32 {
entry:
  %k = const.i32 3
  %r = mul %x, %k
  ret %r
}
fn twice(%x: i32) -> i32 {
entry:
  %a = call @leaf, %x
  %b = call @leaf, %a
  %c = call @down, %b
  %r = add %a, %c
  ret %r
}
fn down(%x: i32) -> i32 {
  var $acc: i32
entry:
  %z = const.i32 0
  %c = icmp.sle %x, %z
  br %c, done, more
done:
  ret %z
more:
  %one = const.i32 1
  %y = sub %x, %one
  %r = call @down, %y
  ret %r
}
fn sink(%x: i32) {
entry:
  %t = call @twice, %x
  ret
}
fn branchy(%x: i32) -> i32 {
entry:
  %z = const.i32 0
  %c = icmp.slt %x, %z
  br %c, neg, pos
neg:
  %n = call @twice, %x
  ret %n
pos:
  %p = call @leaf, %x
  ret %p
}
fn withArray(%x: i32) -> i32 {
entry:
  %a = array.new [i32; 2], %x
  %z = const.i32 0
  array.set %a, %z, %x
  %v = array.get %a, %z
  %r = call @leaf, %v
  ret %r
}
fn withStr(%x: i32) -> i32 {
entry:
  %s = str.from_int %x
  %l = str.len %s
  %r = call @leaf, %l
  ret %r
}
export fn kernel(%n: i32) -> i32 {
entry:
  %a = call @twice, %n
  call @sink, %a
  %b = call @leaf, %a
  %c = call @branchy, %b
  %d = call @withArray, %c
  %e = call @withStr, %d
  %f = call @twice, %e
  ret %f
}
`;

/** A body laid end to end along its jumps from the entry (a chain of blocks, each jumped to once), or undefined when it is not one. */
function laidOut(f: Func): Block | undefined {
  const insts = [];
  let b = 0;
  for (let seen = 0; seen <= f.blocks.length; seen++) {
    const blk = f.blocks[b]!;
    insts.push(...blk.insts);
    if (blk.term.op !== "jump") return { name: f.blocks[0]!.name, insts, term: blk.term };
    b = blk.term.target;
  }
  return undefined;
}

function both(src: string, mode: "on" | "force"): { m: Module; spliced: ReturnType<typeof inlineSmallFunctions>; split: ReturnType<typeof inlineSmallFunctions> } {
  const m = parseModule(src);
  verifyModule(m);
  return {
    m,
    spliced: inlineSmallFunctions(new ModuleIndex(m), m, { mode, enabled: true }),
    split: inlineSmallFunctions(new ModuleIndex(m), m, { mode, enabled: true, splice: false }),
  };
}

test("a flat function's spliced body is its split body laid end to end; the rest are the split bodies; values, variables and records are the same", (t) => {
  for (const mode of ["on", "force"] as const) {
    const { spliced, split } = both(FLATS, mode);
    t.deepEqual(spliced.records, split.records, `${mode}: records`);
    spliced.module.functions.forEach((f, k) => {
      const g = split.module.functions[k]!;
      t.deepEqual(f.values, g.values, `${mode} ${f.name} values`);
      t.deepEqual(f.vars, g.vars, `${mode} ${f.name} vars`);
      if (f.blocks.length === 1 && g.blocks.length > 1) t.deepEqual(f.blocks[0], laidOut(g), `${mode} ${f.name} laid out`);
      else t.deepEqual(f.blocks, g.blocks, `${mode} ${f.name} blocks`);
    });
    const blocks = Object.fromEntries(spliced.module.functions.map((f) => [f.name, f.blocks.length]));
    t.is(blocks.twice, 1, `${mode}: twice splices leaf twice`);
    t.is(blocks.sink, 1, `${mode}: sink splices twice (no result), and twice's own calls`);
    t.true(blocks.branchy! > 3, `${mode}: a function of several blocks is split`);
    t.true(blocks.withArray! > 1 && blocks.withStr! > 1, `${mode}: array accesses and counted values keep their blocks`);
    verifyModule(spliced.module);
  }
});

test("spliced bodies compute the same results", (t) => {
  const { m, spliced } = both(FLATS, "force");
  for (const n of [-4, 0, 1, 9]) t.deepEqual(interpret(spliced.module, "kernel", [n]), interpret(m, "kernel", [n]), `n = ${n}`);
});

test("the plan: block counts of the final bodies, split counts of the split ones, and which functions are flat", (t) => {
  for (const splice of [true, false]) {
    const { spliced, split } = both(FLATS, "on");
    const m = parseModule(FLATS);
    const s = moduleSites(m);
    const plan = planInlining(m, s, recursive(s), { mode: "on", enabled: true, splice });
    m.functions.forEach((f, i) => {
      t.is(plan.blockCounts[i], (splice ? spliced : split).module.functions[i]!.blocks.length, `${f.name} blocks`);
      t.is(plan.splitBlocks[i], split.module.functions[i]!.blocks.length, `${f.name} split blocks`);
    });
    const flat = m.functions.filter((_, i) => plan.flat[i]).map((f) => f.name);
    t.deepEqual(flat, splice ? ["leaf", "twice", "sink"] : [], `splice ${splice}`);
  }
});
