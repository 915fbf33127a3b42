/** expand-array-globals.ts: reads of array globals become array literals; other modules pass through untouched. */
import test from "ava";
import { Interpreter, parseModule, printModule, verifyModule } from "@fzy/ir";
import { expandArrayGlobals } from "./expand-array-globals.js";

const TEXT = `module m

global T: [i8; 3] = [255, 2, 3]

global K: i32 = 4

export fn kernel(%n: i32) -> i8 {
entry:
  %a = global.get @T
  %a_g0 = const.i32 0
  %v = const.i8 9
  array.set %a, %a_g0, %v
  %b = global.get @T
  %x = array.get %b, %a_g0
  ret %x
}
`;

test("expand array globals: each read becomes consts and an array.lit, with fresh names, and means the same", (t) => {
  const m = parseModule(TEXT);
  const x = expandArrayGlobals(m);
  verifyModule(x);
  const text = printModule(x);
  t.regex(text, /%a_g0_1 = const\.i8 255\n  %a_g1 = const\.i8 2\n  %a_g2 = const\.i8 3\n  %a = array\.lit \[i8; 3\], %a_g0_1, %a_g1, %a_g2\n/);
  t.regex(text, /%b = array\.lit \[i8; 3\], %b_g0, %b_g1, %b_g2\n/);
  t.is(new Interpreter(x).call("kernel", [0]), new Interpreter(m).call("kernel", [0]));
  t.is(new Interpreter(m).call("kernel", [0]), -1);
});

test("expand array globals: a module without array globals is returned as it is", (t) => {
  const m = parseModule("module m\n\nglobal K: i32 = 4\n\nexport fn kernel() -> i32 {\nentry:\n  %k = global.get @K\n  ret %k\n}\n");
  t.is(expandArrayGlobals(m), m);
});

const MUTABLE = `module m

global mut T: [i16; 2] = [-1, 7]

global NAME: str = "hé"

export fn kernel(%n: i32) -> i32 {
entry:
  %a = global.get @T
  %i = const.i32 1
  %v = trunc.i16 %n
  array.set %a, %i, %v
  global.set @T, %a
  %z = const.i32 0
  array.set %a, %i, %v
  %b = global.get @T
  %x = array.get %b, %i
  %y = array.get %b, %z
  %s = global.get @NAME
  %l = str.len %s
  %xy = add %x, %y
  %r = sext.i32 %xy
  %r1 = add %r, %l
  ret %r1
}
`;

test("expand array globals: a mutable array global becomes a mutable global per element, read into an array.lit and written element by element", (t) => {
  const m = parseModule(MUTABLE);
  const x = expandArrayGlobals(m);
  t.deepEqual(x.globals!.map((g) => [g.name, g.mutable, g.init.kind === "int" ? g.init.value : g.init.kind]), [
    ["T", true, "array"], ["T[0]", true, -1n], ["T[1]", true, 7n], ["NAME", false, "str"],
  ]);
  const text = printModule(x);
  t.regex(text, /%a_g0 = global\.get @T\[0\]\n  %a_g1 = global\.get @T\[1\]\n  %a = array\.lit \[i16; 2\], %a_g0, %a_g1\n/);
  t.regex(text, /%a_s0_i = const\.i32 0\n  %a_s0 = array\.get %a, %a_s0_i\n  global\.set @T\[0\], %a_s0\n  %a_s1_i = const\.i32 1\n  %a_s1 = array\.get %a, %a_s1_i\n  global\.set @T\[1\], %a_s1\n/);
  // An immutable str global reads as the literal of its text.
  t.regex(text, /%s = str\.lit "hé"\n/);
  t.false(/global\.get @(T|NAME)\n/.test(text));
  for (const n of [5, -3]) t.is(new Interpreter(x).call("kernel", [n]), new Interpreter(m).call("kernel", [n]));
  t.is(new Interpreter(m).call("kernel", [5]), 5 - 1 + 3);
});

test("expand array globals: functions and blocks that read or write none of them are kept as they are (the same objects)", (t) => {
  const m = parseModule(`module m

global T: [i32; 2] = [5, 6]

fn plain(%n: i32) -> i32 {
entry:
  ret %n
}

export fn kernel(%n: i32) -> i32 {
entry:
  %z = const.i32 0
  %c = icmp.slt %n, %z
  br %c, neg, pos
neg:
  %a = global.get @T
  %x = array.get %a, %z
  ret %x
pos:
  ret %n
}
`);
  const x = expandArrayGlobals(m);
  verifyModule(x);
  t.is(x.functions[0], m.functions[0], "a function without such a read is not copied");
  const [before, after] = [m.functions[1]!, x.functions[1]!];
  t.not(after, before);
  t.is(after.blocks[0], before.blocks[0]);
  t.not(after.blocks[1], before.blocks[1], "the block with the read is rewritten");
  t.is(after.blocks[2], before.blocks[2]);
  t.deepEqual(after.values.slice(before.values.length).map((v) => v.name), ["a_g0", "a_g1"]);
  for (const n of [-1, 3]) t.is(new Interpreter(x).call("kernel", [n]), new Interpreter(m).call("kernel", [n]));
});
