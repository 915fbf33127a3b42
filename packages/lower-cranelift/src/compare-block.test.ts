/**
 * A CompareBlock prints from its fields exactly what its instructions and
 * terminator print as ordinary objects: names, origins, edge arguments and
 * aliased operands included.
 */
import test from "ava";
import { CompareBlock, type LBlock, type LFunction, LFunctionBuilder, type LModule } from "@fzy/lir";
import { checkCLIF } from "@fzy/clif";
import { printCLIF } from "./index.js";

/** A compare tree on an argument seen through a ptr/int cast, with names, a label, an origin outside the tree and an edge with arguments. */
function build(withOrigin: boolean): LFunction {
  const b = new LFunctionBuilder("f", ["i64"], ["i64"], true);
  if (withOrigin) b.setOrigin({ text: "the entry" });
  const x = b.convert("ptr_to_int", b.convert("int_to_ptr", b.args[0]!, "ptr"), "i64");
  b.setOrigin(undefined);
  const test1 = b.newBlock(), test2 = b.newBlock(), join = b.newBlock(["i64"]), other = b.newBlock();
  b.jump(test1);
  b.switchTo(test1);
  b.nameBlock(test1, "first_test");
  b.compareBranch("slt", x, "i64", -3n, { block: test2, args: [] }, { block: other, args: [] });
  b.nameValue(b.valueCount - 1 as never, "below");
  b.switchTo(test2);
  b.compareBranch("eq", x, "i64", 1n << 40n, { block: join, args: [x] }, { block: other, args: [] });
  b.nameValue(b.valueCount - 2 as never, "big");
  b.switchTo(other);
  b.jump(join, [b.iconst("i64", 0)]);
  b.switchTo(join);
  b.ret(b.blockParams(join));
  return b.finish();
}

/** The function with every block an ordinary object. */
const plain = (f: LFunction): LFunction => ({ ...f, blocks: f.blocks.map((blk: LBlock) => ({ params: blk.params, insts: blk.insts, term: blk.term, cold: blk.cold })) });
const one = (f: LFunction): LModule => ({ name: "m", functions: [f], externs: [], data: [] });

for (const withOrigin of [false, true]) {
  test(`a compare block prints as its instructions do (${withOrigin ? "with" : "without"} origins)`, (t) => {
    const f = build(withOrigin);
    t.is(f.blocks.filter((blk) => blk instanceof CompareBlock).length, 2);
    const text = printCLIF(one(f)).text;
    t.is(text, printCLIF(one(plain(f))).text);
    t.regex(text, /v\d+ = iconst\.i64 -3\n {4}v\d+ = icmp slt v0, v\d+ ; below\n/);
    t.regex(text, /brif v\d+, block3\(v0\), block4/);
    t.deepEqual(checkCLIF(text), []);
  });
}
