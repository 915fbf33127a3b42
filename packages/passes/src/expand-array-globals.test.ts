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
