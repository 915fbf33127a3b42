import test from "ava";
import { ModuleIndex, parseModule, verifyModule } from "@fzy/ir";
import { analyzeEscapes } from "./escape-analysis.js";

/** The escape verdict of each named value of function `fn` in `source`. */
function escapes(source: string, fn = "kernel") {
  const m = parseModule(source);
  verifyModule(m);
  const f = m.functions.find((x) => x.name === fn)!;
  const out = analyzeEscapes(new ModuleIndex(m), f);
  return (name: string) => {
    const v = f.values.findIndex((x) => x.name === name);
    if (v < 0) throw new Error(`no value ${name}`);
    return out[v];
  };
}

const HEADER = [
  "module t",
  "import fn sink(i32) -> i32",
  "import fn sinkArr([i32; 4]) -> i32",
  "fn first(%a: [i32; 4]) -> i32 {", "entry:", "  %z = const.i32 0", "  %x = array.get %a, %z", "  ret %x", "}",
].join("\n");

const kernel = (body: string[], result = "i32") => `${HEADER}\nexport fn kernel(%n: i32) -> ${result} {\n  var $keep: [i32; 4]\nentry:\n  %z = const.i32 0\n${body.map((l) => `  ${l}`).join("\n")}\n}\n`;

test("an array only read and written in place does not escape", (t) => {
  const e = escapes(kernel(["%a = array.new [i32; 4], %z", "array.set %a, %n, %n", "%x = array.get %a, %z", "%l = array.len %a", "ret %x"]));
  t.is(e("a"), "none");
  t.is(e("n"), "memory", "the stored value escapes into the array");
});

test("passed to a module function: calls; returned: calls", (t) => {
  const e = escapes(kernel(["%a = array.new [i32; 4], %z", "%x = call @first, %a", "ret %x"]));
  t.is(e("a"), "calls");
  const r = escapes(kernel(["%a = array.new [i32; 4], %z", "ret %a"], "[i32; 4]"));
  t.is(r("a"), "calls");
});

test("copied into a variable, a select or another object: memory", (t) => {
  const e = escapes(kernel([
    "%a = array.new [i32; 4], %z", "set $keep, %a",
    "%b = array.new [i32; 4], %z", "%c = array.new [i32; 4], %n", "%p = icmp.slt %n, %z", "%s = select %p, %b, %c",
    "%x = array.get %s, %z", "ret %x",
  ]));
  t.is(e("a"), "memory");
  t.is(e("b"), "memory");
  t.is(e("c"), "memory");
  t.is(e("s"), "none", "the select's result itself is only read");
});

test("passed to an import: import, the worst, even when also passed to a module function", (t) => {
  const e = escapes(kernel(["%a = array.new [i32; 4], %z", "%x = call @first, %a", "%y = call @sinkArr, %a", "%w = call @sink, %n", "ret %x"]));
  t.is(e("a"), "import");
  t.is(e("n"), "import");
  t.is(e("z"), "memory", "an operand of array.new is stored in it");
});

test("a string through a select stays a view", (t) => {
  const e = escapes(kernel(['%s = str.lit "ab"', '%u = str.lit "cd"', "%p = icmp.slt %n, %z", "%v = select %p, %s, %u", "%l = str.len %v", "ret %l"]));
  t.is(e("s"), "none");
  t.is(e("u"), "none");
});
