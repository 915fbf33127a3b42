/**
 * What the body resolver shares between the functions of one module: a
 * value's ValueInfo is one object per name and type, and never stands for
 * a value of another name or type.
 */
import test from "ava";
import { parseModule } from "./resolve-syntax.js";
import { printModule } from "./printer.js";

const TEXT = `module share

fn a(%n: i32) -> i32 {
entry:
  %one = const.i32 1
  %x = add %n, %one
  ret %x
}

fn b(%n: i32) -> i64 {
entry:
  %one = const.i32 1
  %y = add %n, %one
  %x = sext.i64 %y
  %t0 = const.i64 2
  %z = mul %x, %t0
  ret %z
}
`;

test("values of one name and type share their ValueInfo across functions; another type gets its own", (t) => {
  const m = parseModule(TEXT);
  const [a, b] = m.functions as [typeof m.functions[0], typeof m.functions[0]];
  const named = (f: typeof a, name: string) => f.values.find((v) => v.name === name)!;
  t.is(named(a, "n"), named(b, "n"));
  t.is(named(a, "one"), named(b, "one"));
  t.not(named(a, "x"), named(b, "x"));
  t.is(named(a, "x").type.kind, "int");
  t.deepEqual(named(b, "x").type, { kind: "int", bits: 64 });
  t.deepEqual(named(a, "x").type, { kind: "int", bits: 32 });
  t.is(printModule(parseModule(printModule(m))), printModule(m));
});

test("a name whose type alternates from function to function shares one ValueInfo per type", (t) => {
  const fn = (name: string, type: string) => `fn ${name}(%n: ${type}) -> ${type} {\nentry:\n  %x = add %n, %n\n  ret %x\n}\n`;
  const m = parseModule(`module alternate\n${fn("a", "i32")}${fn("b", "i64")}${fn("c", "i32")}${fn("d", "i64")}`);
  const x = m.functions.map((f) => f.values.find((v) => v.name === "x")!);
  t.is(x[0], x[2]);
  t.is(x[1], x[3]);
  t.not(x[0], x[1]);
  t.deepEqual(x.map((v) => v.type), [{ kind: "int", bits: 32 }, { kind: "int", bits: 64 }, { kind: "int", bits: 32 }, { kind: "int", bits: 64 }]);
});
