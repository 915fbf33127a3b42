/**
 * Splicing (inline-plan.ts "flat" functions): a flat function's final body
 * is the body a split at every inlined call gives, its chain of blocks laid
 * end to end without the jumps, with the same records, less the `set`/`get`
 * of the result of each call spliced inside a spliced callee, its result
 * variable and value (that result is the value the callee returns); every
 * other function's body is the split one itself.
 */
import test from "ava";
import { type Block, type Func, interpret, type ValueId, type Module, ModuleIndex, parseModule, verifyModule } from "@fzy/ir";
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

/** The operations of a body, each spelled with the names of its values and variables (ids differ once values are dropped). */
function spelled(f: Func, b: Block): string[] {
  const v = (id: number): string => f.values[id]!.name;
  return b.insts.map((i) => `${i.dst === null ? "" : v(i.dst)} = ${i.op} ${i.args.map(v).join(",")} ${i.imm.kind === "var" ? f.vars[i.imm.var]!.name : JSON.stringify(i.imm, (_, x: unknown) => (typeof x === "bigint" ? `${x}n` : x))}`);
}

/** Body `b` less the `set`/`get` pairs of the result variables in `nested`, each get's value replaced by what was set. */
function withoutNested(f: Func, b: Block, nested: (name: string) => boolean): string[] {
  const set = new Map<number, number>(), same = new Map<number, number>();
  for (const i of b.insts) {
    if (i.imm.kind !== "var" || !nested(f.vars[i.imm.var]!.name)) continue;
    if (i.op === "set") set.set(i.imm.var, same.get(i.args[0]!) ?? i.args[0]!);
    else if (i.op === "get") same.set(i.dst!, set.get(i.imm.var)!);
  }
  const insts = b.insts.filter((i) => !(i.imm.kind === "var" && nested(f.vars[i.imm.var]!.name) && (i.op === "set" || i.op === "get")));
  return spelled(f, { ...b, insts: insts.map((i) => ({ ...i, args: i.args.map((a) => (same.get(a) ?? a) as ValueId) })) });
}

test("a flat function's spliced body is its split body laid end to end, less the result variables of nested calls; the rest are the split bodies; variables and records are the same", (t) => {
  for (const mode of ["on", "force"] as const) {
    const { spliced, split } = both(FLATS, mode);
    t.deepEqual(spliced.records, split.records, `${mode}: records`);
    spliced.module.functions.forEach((f, k) => {
      const g = split.module.functions[k]!;
      if (f.blocks.length === 1 && g.blocks.length > 1) {
        // A result variable of a callee spliced inside a callee: its name has two call prefixes or more (`twice.0.leaf.1.ret`).
        const nested = (name: string): boolean => /^([^.]+\.\d+\.){2,}ret$/.test(name);
        t.deepEqual(f.vars, g.vars.filter((v) => !nested(v.name)), `${mode} ${f.name}: the split body's variables, less the nested results`);
        t.deepEqual(spelled(f, f.blocks[0]!), withoutNested(g, laidOut(g)!, nested), `${mode} ${f.name} laid out`);
        const kept = new Set(f.values.map((v) => v.name));
        t.deepEqual(f.values, g.values.filter((v) => kept.has(v.name)), `${mode} ${f.name}: the split body's values, less some`);
      } else {
        t.deepEqual(f.values, g.values, `${mode} ${f.name} values`);
        t.deepEqual(f.vars, g.vars, `${mode} ${f.name} vars`);
        t.deepEqual(f.blocks, g.blocks, `${mode} ${f.name} blocks`);
      }
    });
    const sink = spliced.module.functions.find((f) => f.name === "sink")!;
    t.deepEqual(sink.values.map((v) => v.name), ["x", "t", "twice.0.c", "twice.0.r", "twice.0.leaf.0.k", "twice.0.leaf.0.r", "twice.0.leaf.1.k", "twice.0.leaf.1.r"], `${mode}: sink keeps its own call's result (t), not twice's results of leaf (a, b)`);
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

test("a chain spliced four deep reads one result variable, its own call's; the body verifies and computes the same", (t) => {
  const chain = ["module c", ...[0, 1, 2, 3].map((i) => `fn f${i}(%a: i32) -> i32 {\nentry:\n  %k = const.i32 ${i + 2}\n  %b = mul %a, %k\n  %r = call @f${i + 1}, %b\n  %s = add %r, %a\n  ret %s\n}`),
    "fn f4(%a: i32) -> i32 {\nentry:\n  ret %a\n}", "export fn kernel(%n: i32) -> i32 {\nentry:\n  %r = call @f0, %n\n  ret %r\n}", ""].join("\n");
  const { m, spliced, split } = both(chain, "on");
  verifyModule(spliced.module);
  const kernel = spliced.module.functions.find((f) => f.name === "kernel")!;
  t.is(kernel.blocks.length, 1);
  t.deepEqual(kernel.blocks[0]!.insts.filter((i) => i.op === "set" || i.op === "get").map((i) => `${i.op} ${kernel.vars[(i.imm as { var: number }).var]!.name}`), ["set f0.0.ret", "get f0.0.ret"]);
  t.deepEqual(kernel.vars.map((v) => v.name), ["f0.0.ret"]);
  t.is(kernel.values.length, split.module.functions.find((f) => f.name === "kernel")!.values.length - 4, "f1..f4's results are gone");
  for (const n of [-3, 0, 7]) t.deepEqual(interpret(spliced.module, "kernel", [n]), interpret(m, "kernel", [n]), `n = ${n}`);
});
