import test from "ava";
import { parseLIR } from "@fzy/lir";
import { canonicalConstants, intConstants } from "./optimize-int-constants.js";
import { MFunction } from "./optimize-ir.js";

const fn = (text: string) => new MFunction(parseLIR(`module "m"\nfunction %f(i32) -> i32 {\n${text}}\n`).functions[0]!);

test("the integer constants of the live blocks, as written, and nothing of the function before", (t) => {
  const big = fn(`block0(v0: i32):
    v1: i32 = iconst 7
    v2: i8 = iconst 255
    v3: i32 = iadd v0, v1
    v4: i32 = iconst 9
    v5: i32 = iconst 11
    v6: i32 = iconst 12
    jump block1
block1:
    v7: i32 = iconst -3
    return v3
block2:
    v8: i32 = iconst 5
    return v8
`);
  big.blocks[2]!.dead = true;
  const c = intConstants(big);
  t.is(c.get(1 as never), 7n);
  t.is(c.get(2 as never), 255n, "not made canonical");
  t.is(c.get(7 as never), -3n);
  t.false(c.has(3 as never), "an operation is no constant");
  t.false(c.has(8 as never), "a dead block's constant is not counted");
  // A smaller function next: the first table's entries must not answer for it.
  const small = intConstants(fn(`block0(v0: i32):
    v1: i32 = iadd v0, v0
    return v1
`));
  t.false(small.has(1 as never));
  t.is(small.get(4 as never), undefined, "a value past the function");
  t.false(small.has(0 as never));
});

test("the canonical table holds each constant in its type's canonical form, beside the one as written", (t) => {
  const f = fn(`block0(v0: i32):
    v1: i8 = iconst 255
    v2: i32 = iconst 7
    return v2
`);
  const written = intConstants(f), canon = canonicalConstants(f);
  t.is(canon.get(1 as never), -1n);
  t.is(canon.get(2 as never), 7n);
  t.is(written.get(1 as never), 255n, "the other table is untouched");
});

test("the table as written answers from the entry block and the blocks named first as the whole table would", (t) => {
  const f = fn(`block0(v0: i32):
    v1: i32 = iconst 7
    v2: i32 = iadd v0, v1
    jump block1
block1:
    v3: i32 = iconst 5
    v4: i32 = iadd v2, v3
    jump block2
block2:
    v5: i32 = iconst 6
    return v4
`);
  const c = intConstants(f);
  t.is(c.get(1 as never), 7n);
  t.false(c.has(0 as never), "a parameter of the entry block");
  t.false(c.has(2 as never), "an operation of the entry block");
  c.readBlock(1 as never);
  t.is(c.get(3 as never), 5n);
  t.false(c.has(4 as never));
  t.is(c.get(5 as never), 6n, "a block not read first: read at the question");
});

test("a constant moved into the entry block after it was read is still found", (t) => {
  const f = fn(`block0(v0: i32):
    v1: i32 = iadd v0, v0
    jump block1
block1:
    v2: i32 = iconst 3
    return v2
`);
  const c = intConstants(f);
  t.false(c.has(1 as never));
  // As licm hoists: the constant leaves its block for the entry block.
  f.blocks[0]!.insts.push(f.blocks[1]!.insts.pop()!);
  t.is(c.get(2 as never), 3n);
});

test("a constant added after the fill answers undefined, also when the rest is read later", (t) => {
  const f = fn(`block0(v0: i32):
    jump block1
block1:
    v1: i32 = iadd v0, v0
    return v1
`);
  const c = canonicalConstants(f);
  const made = f.fresh("i32");
  f.blocks[1]!.insts.push({ op: "iconst", dst: made, type: "i32", value: 4n });
  t.false(c.has(1 as never), "read from the other blocks");
  t.is(c.get(made), undefined);
});
