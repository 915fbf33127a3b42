/**
 * A module changed in place between two lowerings lowers as a fresh parse of
 * its new text does: nothing the first lowering learned about a function
 * (which string buffers escape, which strings are immortal, which maps are
 * local, which functions allocate in the arena) is answered again for the
 * same function object once its blocks changed. lower() lowers the caller's
 * own `Func` objects when no pass rewrites them, so an answer kept by
 * function identity would be the old body's: a stored string not copied, a
 * buffer on the stack that the caller reads after the return.
 */
import test from "ava";
import { type Block, type Func, type Module, parseModule, printModule, type ValueInfo } from "@fzy/ir";
import { lower } from "./lower.js";

/** `before` and `after`: the same module but for the body of function `name`. */
interface Edit {
  readonly before: string;
  readonly after: string;
  readonly name: string;
}

/** Give `func` the blocks and values of `to`, in its own lists: the function object and its lists stay, their contents change. */
function replaceBody(func: Func, to: Func): void {
  (func.blocks as Block[]).splice(0, func.blocks.length, ...to.blocks);
  (func.values as ValueInfo[]).splice(0, func.values.length, ...to.values);
}

function check(title: string, edit: Edit): void {
  for (const backend of ["llvm", "cranelift"] as const) {
    test(`${title}, ${backend}`, (t) => {
      const m: Module = parseModule(edit.before), fresh = parseModule(edit.after);
      const expected = lower(fresh, backend).text;
      // Lowered just before its edit: the last function any lowering asked about is this one.
      const first = lower(m, backend).text;
      replaceBody(m.functions.find((f) => f.name === edit.name)!, fresh.functions.find((f) => f.name === edit.name)!);
      t.is(printModule(m), printModule(fresh));
      t.not(first, expected, "the edit changes the output");
      t.is(lower(m, backend).text, expected);
    });
  }
}

const concatReturning = (returned: string) => `module t
export fn f(%a: str, %b: str) -> str {
entry:
  %s = str.concat %a, %b
  %n = str.len %s
  ret ${returned}
}
`;

check("a string buffer that comes to escape through a return is no stack buffer", {
  name: "f", before: concatReturning("%a"), after: concatReturning("%s"),
});

const literalArray = (stored: string) => `module t
export fn f(%a: str, %i: i32) -> i32 {
entry:
  %x = str.lit "x"
  %y = str.lit "y"
  %names = array.lit [str; 2], %x, %y
  array.set %names, %i, ${stored}
  %e = array.get %names, %i
  %n = str.len %e
  ret %n
}
`;

check("an element read from an array that comes to hold a stored string is copied", {
  name: "f", before: literalArray("%y"), after: literalArray("%a"),
});

const keyRead = (use: string) => `module t
export fn f(%z: i32) -> i32 {
entry:
  %m = map.new {str: i32}
  %k = map.key_at %m, %z
  %n = str.len %k
  %o = ${use}
  ret %n
}
`;

check("a key read from a map that comes to escape is copied", {
  name: "f", before: keyRead("map.len %m"), after: keyRead("opaque %m"),
});
