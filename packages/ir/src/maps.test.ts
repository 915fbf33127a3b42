/**
 * Maps in the text format and the typing rule (SPEC.md "Maps"): the type
 * `{K: V}` and the eight instructions parse and print back unchanged, the
 * interpreter's values print in insertion order, and every ill-typed use is
 * an FzError naming the problem. The semantics are in interpreter.test.ts.
 */
import test from "ava";
import { FzError, type FzErrorCode, interpret, parseModule, printModule } from "./index.js";

const module = (lines: readonly string[], decls: readonly string[] = []) =>
  ["module m", ...decls, "", "export fn f(%n: i32) -> i32 {", "entry:", ...lines.map((l) => `  ${l}`), "}", ""].join("\n");

const EVERY_OP = module([
  "%m = map.new {str: {i32: [f64]}}",
  "%w = str.lit \"w\"",
  "%d = map.new {i32: [f64]}",
  "map.set %m, %w, %d",
  "%g = map.get %m, %w, %d",
  "%h = map.has %g, %n",
  "map.remove %g, %n",
  "%len = map.len %m",
  "%k = map.key_at %m, %n",
  "%v = map.value_at %m, %n",
  "ret %len",
]);

test("every map instruction and a nested map type print back as parsed", (t) => {
  const printed = printModule(parseModule(EVERY_OP));
  t.is(printed, EVERY_OP);
  t.is(printModule(parseModule(printed)), printed);
});

test("a map with enum keys runs, and enum keys compare by variant", (t) => {
  const src = module([
    "%m = map.new {Color: i32}",
    "%r = enum.new Color.Red",
    "%r2 = enum.new Color.Red",
    "%one = const.i32 1",
    "map.set %m, %r, %one",
    "%two = const.i32 2",
    "map.set %m, %r2, %two",
    "%len = map.len %m",
    "%v = map.get %m, %r, %n",
    "%s = add %len, %v",
    "ret %s",
  ], ["", "enum Color { Red, Blue }"]);
  t.is(interpret(parseModule(src), "f", [9]), 3);
});

interface Bad {
  readonly name: string;
  readonly lines: readonly string[];
  readonly code: FzErrorCode;
  readonly message: RegExp;
  readonly decls?: readonly string[];
}

const BAD: readonly Bad[] = [
  { name: "f64 keys", lines: ["%m = map.new {f64: i32}", "ret %n"], code: "type", message: /map key type f64 is not an integer, bool, str or payload-free enum/ },
  { name: "array keys", lines: ["%m = map.new {[i32]: i32}", "ret %n"], code: "type", message: /map key type \[i32\]/ },
  {
    name: "keys of an enum with payloads", lines: ["%m = map.new {Opt: i32}", "ret %n"], code: "type", message: /map key type Opt/,
    decls: ["", "enum Opt { None, Some(i32) }"],
  },
  { name: "map.new of an array type", lines: ["%m = map.new [i32]", "ret %n"], code: "type", message: /map.new needs a map type \{K: V\}, got \[i32\]/ },
  { name: "map.new without a type", lines: ["%m = map.new %n", "ret %n"], code: "parse", message: /a map type \{K: V\}/ },
  { name: "a key of the wrong type", lines: ["%m = map.new {i64: i32}", "%h = map.has %m, %n", "ret %n"], code: "type", message: /map.has key must be i64, got i32/ },
  {
    name: "a default of the wrong type", lines: ["%m = map.new {i32: bool}", "%g = map.get %m, %n, %n", "ret %n"], code: "type",
    message: /map.get default must be bool, got i32/,
  },
  {
    name: "a value of the wrong type", lines: ["%m = map.new {i32: i64}", "map.set %m, %n, %n", "ret %n"], code: "type",
    message: /map.set value must be i64, got i32/,
  },
  { name: "map.len of an array", lines: ["%a = array.new [i32]", "%l = map.len %a", "ret %l"], code: "type", message: /map.len needs a map, got \[i32\]/ },
  {
    name: "an i64 place", lines: ["%m = map.new {i32: i32}", "%w = sext.i64 %n", "%k = map.key_at %m, %w", "ret %k"], code: "type",
    message: /map.key_at index must be i32, got i64/,
  },
  { name: "an unclosed map type", lines: ["%m = map.new {i32: i32", "ret %n"], code: "parse", message: /expected '\}'/ },
];

for (const c of BAD) {
  test(`ill-typed map use is an FzError: ${c.name}`, (t) => {
    const e = t.throws(() => parseModule(module(c.lines, c.decls)), { instanceOf: FzError });
    t.is(e?.code, c.code);
    t.regex(e!.message, c.message);
  });
}
