/**
 * LFunctionBuilder.compareBranch: a block holding only the compare and its
 * branch is kept as a CompareBlock whose instructions, terminator and value
 * ids are those iconst, icmp and brif would have made; any other block gets
 * the three appended as usual.
 */
import test from "ava";
import { LFunctionBuilder } from "./builder.js";
import { CompareBlock, instCount } from "./compare-block.js";
import { printLIR } from "./text-printer.js";
import type { LBlock, LFunction, LIntCC } from "./types.js";

type Emit = (b: LFunctionBuilder, cc: LIntCC, value: bigint, then: number, els: number) => void;
const compact: Emit = (b, cc, value, then, els) => b.compareBranch(cc, b.args[0]!, "i32", value, { block: then as never, args: [] }, { block: els as never, args: [] });
const generic: Emit = (b, cc, value, then, els) => b.brif(b.icmp(cc, b.args[0]!, b.iconst("i32", value)), { block: then as never, args: [] }, { block: els as never, args: [] });

/** A two-level compare tree on the argument, each compare emitted by `emit`; the leaves return their number. */
function tree(emit: Emit): LFunction {
  const b = new LFunctionBuilder("t", ["i32"], ["i32"], true);
  const lo = b.newBlock(), hi = b.newBlock(), leaves = [b.newBlock(), b.newBlock(), b.newBlock(), b.newBlock()];
  emit(b, "slt", 10n, lo, hi);
  b.switchTo(lo);
  emit(b, "eq", -5n, leaves[0]!, leaves[1]!);
  b.switchTo(hi);
  emit(b, "eq", 20n, leaves[2]!, leaves[3]!);
  leaves.forEach((leaf, k) => {
    b.switchTo(leaf);
    b.ret([b.iconst("i32", k)]);
  });
  return b.finish();
}

/** A block as a plain object of its four fields. */
const plain = (blk: LBlock) => ({ params: blk.params, insts: blk.insts, term: blk.term, cold: blk.cold });

test("a compare block holds what iconst, icmp and brif make, with the same value ids", (t) => {
  const a = tree(compact), b = tree(generic);
  t.deepEqual(a.blocks.map((blk) => blk instanceof CompareBlock), [false, true, true, false, false, false, false]);
  t.deepEqual(a.blocks.map(plain), b.blocks.map(plain));
  t.deepEqual(a.valueTypes, b.valueTypes);
  t.is(printLIR({ name: "m", functions: [a], externs: [], data: [] }), printLIR({ name: "m", functions: [b], externs: [], data: [] }));
});

test("a compare block makes equal, fresh objects at every read", (t) => {
  const blk = tree(compact).blocks[1]!;
  t.deepEqual(blk.insts, blk.insts);
  t.not(blk.term, blk.term);
  t.deepEqual(blk.term, { op: "brif", cond: 4, then: { block: 3, args: [] }, else: { block: 4, args: [] } });
});

test("a block with an origin, or with instructions already, gets the three instructions appended", (t) => {
  const b = new LFunctionBuilder("o", ["i32"], ["i32"], true);
  const withOrigin = b.newBlock(), withInst = b.newBlock(), done = b.newBlock();
  b.compareBranch("eq", b.args[0]!, "i32", 1n, { block: withOrigin, args: [] }, { block: done, args: [] });
  b.switchTo(withOrigin);
  b.setOrigin({ text: "case 1" });
  b.compareBranch("eq", b.args[0]!, "i32", 2n, { block: withInst, args: [] }, { block: done, args: [] });
  b.setOrigin(undefined);
  b.switchTo(withInst);
  const y = b.binary("iadd", b.args[0]!, b.args[0]!);
  b.compareBranch("eq", y, "i32", 3n, { block: done, args: [] }, { block: done, args: [] });
  b.switchTo(done);
  b.ret([b.args[0]!]);
  const f = b.finish();
  t.deepEqual(f.blocks.map((blk) => blk instanceof CompareBlock), [false, false, false, false]);
  t.deepEqual(f.blocks[2]!.insts.map((i) => i.op), ["binary", "iconst", "icmp"]);
  t.deepEqual(f.origins?.at[1], [0, 0, 0]);
});

test("a compare block is terminated: nothing more goes in it", (t) => {
  const b = new LFunctionBuilder("x", ["i32"], ["i32"], true);
  const next = b.newBlock();
  b.switchTo(next);
  b.compareBranch("eq", b.args[0]!, "i32", 1n, { block: next, args: [] }, { block: next, args: [] });
  t.true(b.terminated);
  t.throws(() => b.iconst("i32", 1), { message: /already terminated/ });
  t.throws(() => b.ret([]), { message: /already terminated/ });
});

test("a block made without parameters and never terminated is still refused at finish", (t) => {
  const b = new LFunctionBuilder("u", [], [], true);
  b.jump(b.newBlock());
  t.throws(() => b.finish(), { message: /block1 of u has no terminator/ });
});

test("instCount counts a block's instructions, compare blocks without reading insts", (t) => {
  const a = tree(compact), b = tree(generic);
  t.deepEqual(a.blocks.map(instCount), b.blocks.map((blk) => blk.insts.length));
  t.deepEqual(a.blocks.map(instCount), [2, 2, 2, 1, 1, 1, 1]);
});
