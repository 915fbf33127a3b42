import test from "ava";
import { parseModule } from "@fzy/ir";
import { mayRecurse } from "./may-recurse.js";

/** The names mayRecurse marks in `text`. */
function marked(text: string): string[] {
  const m = parseModule(text);
  const rec = mayRecurse(m);
  return m.functions.filter((_, f) => rec[f] === 1).map((f) => f.name);
}

const fn = (name: string, body: readonly string[]) => [`fn ${name}(%x: i32) -> i32 {`, "entry:", ...body, "}"].join("\n");
const calls = (g: string) => [`  %r = call @${g}, %x`, "  ret %r"];
const leaf = ["  ret %x"];
const module = (...fns: string[]) => ["module m", ...fns, ""].join("\n");

test("a function that calls itself, and the members of a cycle of calls, may recurse; a chain does not", (t) => {
  t.deepEqual(marked(module(fn("self", calls("self")), fn("leaf", leaf))), ["self"]);
  t.deepEqual(marked(module(fn("a", calls("b")), fn("b", calls("c")), fn("c", calls("a")), fn("out", calls("a")))), ["a", "b", "c"]);
  t.deepEqual(marked(module(fn("a", calls("b")), fn("b", calls("c")), fn("c", leaf))), []);
});

test("an indirect call reaches every function of its type whose address is taken, by func.ref or by a global's initial value", (t) => {
  const indirect = (name: string, ref: string) => fn(name, [`  %f = func.ref @${ref}`, "  %r = call.indirect %f, %x", "  ret %r"]);
  // f calls through a pointer to g, and g calls f: both recurse.
  t.deepEqual(marked(module(indirect("f", "g"), fn("g", calls("f")))), ["f", "g"]);
  // f calls through a pointer to leaf, which calls nothing: no cycle.
  t.deepEqual(marked(module(indirect("f", "leaf"), fn("leaf", leaf))), []);
  // h's address is taken only by a global; an indirect call may reach it, and h calls the caller back.
  const viaGlobal = module("global G: fn(i32) -> i32 = @h", fn("caller", ["  %f = global.get @G", "  %r = call.indirect %f, %x", "  ret %r"]), fn("h", calls("caller")));
  t.deepEqual(marked(viaGlobal), ["caller", "h"]);
  // Only functions of the call's type: two's address is taken and it calls f back, but f calls a fn(i32) -> i32.
  const two = ["fn two(%x: i32, %y: i32) -> i32 {", "entry:", "  %r = call @f, %x", "  ret %r", "}"].join("\n");
  const other = fn("f", ["  %t = func.ref @two", "  %f = func.ref @leaf", "  %r = call.indirect %f, %x", "  ret %r"]);
  t.deepEqual(marked(module(other, two, fn("leaf", leaf))), []);
});
