/**
 * LFunctionBuilder: blocks filled in any order get their instructions in the
 * order appended, names and origins follow them, and a scratch reused for a
 * second function leaves the first one's result untouched.
 */
import test from "ava";
import { LBuilderScratch, LFunctionBuilder } from "./builder.js";
import type { LFunction } from "./types.js";
import { printInst } from "./text-printer.js";

/** A function whose blocks are filled interleaved: entry, then a cold block made and filled mid-entry, then entry again. */
function build(scratch: LBuilderScratch | undefined, k: number): LFunction {
  const b = new LFunctionBuilder(`f${k}`, ["i64"], ["i64"], true, scratch);
  const x = b.args[0]!;
  b.nameValue(x, "x");
  const one = b.iconst("i64", k);
  const panic = b.newBlock(["i64"], true);
  b.nameBlock(panic, "panic");
  b.switchTo(panic);
  b.setOrigin({ text: "the panic" });
  b.call("fz_panic_bounds", [b.blockParams(panic)[0]!, one], []);
  b.trap();
  b.setOrigin(undefined);
  b.switchTo(0 as never);
  const sum = b.binary("iadd", x, one);
  b.nameValue(sum, "sum");
  const cont = b.newBlock();
  const bad = b.icmp("sgt", sum, one);
  b.brif(bad, { block: panic, args: [sum] }, { block: cont, args: [] });
  b.switchTo(cont);
  b.ret([sum]);
  return b.finish();
}

const text = (f: LFunction) => f.blocks.map((blk) => blk.insts.map((i) => printInst(f, i)));

test("instructions stay in their blocks, in the order appended, whatever order the blocks were filled in", (t) => {
  const f = build(undefined, 7);
  t.deepEqual(f.blocks.map((b) => b.insts.map((i) => i.op)), [["iconst", "binary", "icmp"], ["call"], []]);
  t.deepEqual(f.blocks.map((b) => b.term.op), ["brif", "trap", "return"]);
  t.deepEqual(f.valueTypes, ["i64", "i64", "i64", "i64", "bool"]);
  t.deepEqual(f.names?.values, ["x", undefined, undefined, "sum", undefined]);
  t.deepEqual(f.names?.blocks, [undefined, "panic", undefined]);
  // The panic block's call and trap carry its origin; nothing else does.
  t.deepEqual(f.origins?.at, [[], [0, 0], []]);
});

test("a scratch reused for the next function leaves the finished one as it was, and builds what a fresh builder builds", (t) => {
  const scratch = new LBuilderScratch();
  const first = build(scratch, 1);
  const before = JSON.stringify(text(first)) + JSON.stringify(first.names) + JSON.stringify(first.valueTypes);
  const second = build(scratch, 2);
  t.is(JSON.stringify(text(first)) + JSON.stringify(first.names) + JSON.stringify(first.valueTypes), before);
  t.deepEqual(text(second), text(build(undefined, 2)));
  t.deepEqual(second.names, build(undefined, 2).names);
  // A smaller function after a larger one: no table keeps the larger one's entries.
  const small = new LFunctionBuilder("g", [], [], false, scratch);
  small.ret([]);
  const g = small.finish();
  t.deepEqual([g.valueTypes, g.blocks.length, g.blocks[0]!.insts, g.names], [[], 1, [], undefined]);
});

test("blocks each filled in one go, in an order other than their creation, keep their own instructions", (t) => {
  const b = new LFunctionBuilder("h", ["i32"], ["i32"], false, new LBuilderScratch());
  const x = b.args[0]!;
  const a = b.newBlock(), c = b.newBlock(["i32"]);
  b.switchTo(c);
  const y = b.binary("imul", b.blockParams(c)[0]!, x);
  b.ret([y]);
  b.switchTo(a);
  b.jump(c, [b.binary("iadd", x, b.iconst("i32", 3))]);
  b.switchTo(0 as never);
  b.nameValue(y, "y");
  b.brif(b.icmp("eq", x, b.iconst("i32", 0)), { block: a, args: [] }, { block: c, args: [x] });
  const f = b.finish();
  t.deepEqual(f.blocks.map((blk) => blk.insts.map((i) => i.op)), [["iconst", "icmp"], ["iconst", "binary"], ["binary"]]);
  t.deepEqual(f.blocks.map((blk) => blk.params.length), [1, 0, 1]);
  // One name entry per value, the named one where it was given.
  t.is(f.names?.values.length, f.valueTypes.length);
  t.deepEqual(f.names?.values.map((n, v) => (n === undefined ? -1 : v)).filter((v) => v >= 0), [y]);
});

test("a block that is terminated takes no more instructions, and finish names a block left open", (t) => {
  const b = new LFunctionBuilder("k", [], [], false);
  b.ret([]);
  t.throws(() => b.iconst("i32", 1), { message: /already terminated/ });
  const open = b.newBlock();
  t.throws(() => b.finish(), { message: new RegExp(`block${open} of k has no terminator`) });
});

test("names given in one function are forgotten by the next on the same scratch, and its ids can be named afresh", (t) => {
  const scratch = new LBuilderScratch();
  const many = new LFunctionBuilder("m", ["i32", "i32", "i32"], [], false, scratch);
  many.args.forEach((v, i) => many.nameValue(v, `p${i}`));
  many.nameBlock(0 as never, "top");
  many.ret([]);
  t.deepEqual(many.finish().names, { values: ["p0", "p1", "p2"], blocks: ["top"] });
  const few = new LFunctionBuilder("f", ["i32", "i32"], [], false, scratch);
  few.nameValue(few.args[1]!, "second");
  few.nameValue(few.args[1]!, "ignored");
  few.ret([]);
  t.deepEqual(few.finish().names, { values: [undefined, "second"], blocks: [undefined] });
  const none = new LFunctionBuilder("n", ["i32"], [], false, scratch);
  none.ret([]);
  t.is(none.finish().names, undefined);
});

test("parameters and call results get fresh values in order; stack slots and constants given as numbers are what was asked", (t) => {
  const b = new LFunctionBuilder("c", ["i32", "i64", "f64"], ["i64"], false);
  t.deepEqual(b.args, [0, 1, 2]);
  const rs = b.call("g", [b.args[0]!], ["i32", "i64"]);
  t.deepEqual(rs, [3, 4]);
  t.deepEqual(b.call("h", [], []), []);
  const s = b.newSlot(16, 8);
  const k = [b.iconst("i64", -1), b.iconst("i64", 255), b.iconst("i64", 256), b.iconst("i64", -2), b.iconst("i8", 7n)];
  b.ret([rs[1]!]);
  const f = b.finish();
  t.deepEqual(f.slots, [{ size: 16, align: 8 }]);
  t.is(s, 0);
  t.deepEqual(f.valueTypes, ["i32", "i64", "f64", "i32", "i64", "i64", "i64", "i64", "i64", "i8"]);
  const values = f.blocks[0]!.insts.filter((i) => i.op === "iconst").map((i) => (i.op === "iconst" ? i.value : undefined));
  t.deepEqual(values, [-1n, 255n, 256n, -2n, 7n]);
  t.true(k.every((v, i) => v === 5 + i));
  const plain = new LFunctionBuilder("p", [], [], false);
  t.throws(() => plain.iconst("i32", 1.5), { instanceOf: RangeError });
  plain.ret([]);
  t.deepEqual(plain.finish().slots, []);
});

test("a function of more values than a small list holds gets every name at its id and undefined elsewhere", (t) => {
  const n = 70_000;
  const b = new LFunctionBuilder("wide", ["i32"], ["i32"], false, new LBuilderScratch());
  let v = b.args[0]!;
  for (let i = 0; i < n; i++) {
    v = b.binary("iadd", v, v);
    if (i % 3 === 0) b.nameValue(v, `s${i}`);
  }
  b.ret([v]);
  const values = b.finish().names!.values;
  t.is(values.length, n + 1);
  const wrong = values.findIndex((name, id) => name !== ((id - 1) % 3 === 0 ? `s${id - 1}` : undefined));
  t.is(wrong, -1);
});

test("names: a list at the function's size with every entry present (undefined where none), the first name sticking, whatever order ids are named in", (t) => {
  const scratch = new LBuilderScratch();
  for (const size of [40, 3, 5000, 100, 4096]) {
    const b = new LFunctionBuilder("h", ["i64"], ["i64"], false, scratch);
    let x = b.args[0]!;
    for (let i = 1; i < size; i++) x = b.binary("iadd", x, b.args[0]!);
    b.nameValue(x, "last");
    b.nameValue(x, "again");
    b.nameValue(0 as never, "first");
    b.ret([x]);
    const values = b.finish().names!.values;
    t.is(values.length, size);
    t.is(Object.keys(values).length, size, "no holes: readers that skip holes see every id");
    t.deepEqual([values[0], values[size - 1], values.filter((v) => v !== undefined).length], ["first", "last", 2]);
  }
});

test("a long function's lists copied out of the scratch stay its own: the next function built in the scratch changes none of them", (t) => {
  const scratch = new LBuilderScratch();
  const long = (k: number, blocks: number): LFunction => {
    const b = new LFunctionBuilder(`l${k}`, ["i64"], ["i64"], false, scratch);
    let x = b.args[0]!;
    for (let i = 0; i < 5000; i++) {
      x = b.binary("iadd", x, b.iconst("i64", k));
      b.nameValue(x, `x${i}`);
    }
    for (let i = 0; i < blocks; i++) {
      const next = b.newBlock();
      b.jump(next);
      b.switchTo(next);
    }
    b.ret([x]);
    return b.finish();
  };
  const first = long(1, 4100);
  const before = JSON.stringify([text(first), first.names, first.valueTypes, first.blocks.length]);
  const second = long(2, 3);
  t.true(JSON.stringify([text(first), first.names, first.valueTypes, first.blocks.length]) === before, "the first function is as it was");
  t.deepEqual([first.blocks[0]!.insts.length, first.valueTypes.length, first.names!.values.length, first.blocks.length], [10000, 10001, 10001, 4101]);
  t.deepEqual([second.blocks[0]!.insts.length, second.valueTypes.length, second.blocks.length], [10000, 10001, 4]);
  t.not(first.blocks[0]!.insts, second.blocks[0]!.insts);
});

test("a block filled in three goes, one of them a long run, keeps every instruction in order, and an origin set mid-run counts the run", (t) => {
  const scratch = new LBuilderScratch();
  const b = new LFunctionBuilder("g", ["i64"], ["i64"], false, scratch);
  const x = b.args[0]!;
  const other = b.newBlock();
  const first = b.iconst("i64", 1);
  b.switchTo(other);
  b.iconst("i64", 2);
  b.ret([x]);
  b.switchTo(0 as never);
  let y = first;
  for (let i = 0; i < 4200; i++) y = b.binary("iadd", y, x);
  b.setOrigin({ text: "late" });
  const late = b.iconst("i64", 3);
  b.setOrigin(undefined);
  const mid = b.newBlock();
  b.switchTo(mid);
  b.iconst("i64", 4);
  b.switchTo(0 as never);
  b.binary("iadd", y, late);
  b.jump(mid);
  b.switchTo(mid);
  b.ret([y]);
  const f = b.finish();
  const ops = f.blocks[0]!.insts.map((i) => (i.op === "iconst" ? `c${i.value}` : i.op));
  t.deepEqual([ops.length, ops[0], ops[1], ops[4200], ops[4201], ops[4202]], [4203, "c1", "binary", "binary", "c3", "binary"]);
  t.deepEqual(f.blocks.map((blk) => blk.insts.length), [4203, 1, 1]);
  // The origin row of block 0: -1 for the 4,201 instructions before the origin was set, then its index, then -1 after.
  const row = f.origins!.at[0]!;
  t.deepEqual([row.length, row[4200], row[4201], row[4202], row[4203]], [4204, -1, 0, -1, -1]);
  // The next function in the scratch leaves this one's long list as it was.
  const g = new LFunctionBuilder("h", [], [], false, scratch);
  for (let i = 0; i < 10; i++) g.iconst("i64", 9);
  g.ret([]);
  g.finish();
  t.is(f.blocks[0]!.insts.length, 4203);
  t.is((f.blocks[0]!.insts[0] as { value: bigint }).value, 1n);
});

test("the scratch keeps its lists for the next function but lets go of a long function's blocks and instructions", (t) => {
  const scratch = new LBuilderScratch();
  const b = new LFunctionBuilder("long", ["i64"], ["i64"], false, scratch);
  let x = b.args[0]!;
  for (let i = 0; i < 5000; i++) x = b.binary("iadd", x, x);
  for (let i = 0; i < 4100; i++) {
    const next = b.newBlock();
    b.jump(next);
    b.switchTo(next);
  }
  b.ret([x]);
  const fn = b.finish();
  t.deepEqual([fn.blocks.length, fn.blocks[0]!.insts.length], [4101, 5000]);
  t.true(scratch.blocks.length >= 4101 && scratch.types.length >= 5001, "the lists are kept at their size");
  t.is(scratch.blocks[0] as unknown, undefined, "no block of the finished function");
  t.is(scratch.run[0] as unknown, undefined, "no instruction of the finished function");
});
