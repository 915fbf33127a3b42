/**
 * The builder cannot mislead: values belong to their function, finished
 * builders refuse changes, calls are typed by their callee, condition codes
 * are typed, enum cases go by variant name, numbers that are not integers are
 * FzErrors, and every public method says what it means.
 */
import test from "ava";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { FzError, I32, I64, ModuleBuilder, printModule, type ValueId, verifyModule } from "./index.js";

function twoFunctions() {
  const mb = new ModuleBuilder("m");
  const f = mb.function("f", [["a", I32]], I32);
  const g = mb.function("g", [["b", I32]], I32);
  f.at(f.block("entry"));
  g.at(g.block("entry"));
  return { mb, f, g };
}

test("a value of another function is refused at the call, naming both functions", (t) => {
  const { f, g } = twoFunctions();
  const one = f.i32(1);
  const e = t.throws(() => f.add(g.param(0), one), { instanceOf: FzError })!;
  t.is(e.code, "undefined");
  t.is(e.format(), "in function f, block entry, instruction 1: error[undefined]: a value of function g is used in function f: a value belongs to the function that made it");
  t.throws(() => g.ret(one), { message: /a value of function f is used in function g/ });
  t.throws(() => f.ret(0 as ValueId), { message: /function f has no value 0/ });
});

test("a finished builder refuses changes, and its values are refused elsewhere", (t) => {
  const { mb, f, g } = twoFunctions();
  const kept = f.add(f.param(0), f.i32(2));
  f.ret(kept);
  g.ret(g.param(0));
  mb.finish();
  t.throws(() => f.i32(3), { message: "function f is finished (its module was built): a finished builder cannot change" });
  t.throws(() => mb.function("h", [], null), { message: /module m is finished/ });
  const next = new ModuleBuilder("n");
  const h = next.function("h", [["x", I32]], I32);
  h.at(h.block("entry"));
  t.throws(() => h.ret(kept), { message: "a value of function f of module m (already finished) is used in function h: a value belongs to the function that made it" });
});

test("call is typed by its callee; a call by name to a callee without a result says what to use", (t) => {
  const mb = new ModuleBuilder("m");
  const log = mb.import("log", [I32], null);
  const twice = mb.function("twice", [["x", I32]], I32);
  twice.at(twice.block("entry")).ret(twice.add(twice.param(0), twice.param(0)));
  const k = mb.function("k", [["n", I32]], I32, { exported: true });
  k.at(k.block("entry"));
  const v: ValueId = k.call(twice, [k.param(0)], "v");
  const nothing: void = k.call(log, [v]);
  t.is(nothing, undefined);
  t.throws(() => k.call("log", [v]), { message: "@log returns nothing: call it with callVoid, or pass its builder or import handle to call" });
  k.callVoid("log", [k.call("twice", [v])]);
  k.ret(v);
  const m = mb.finish();
  verifyModule(m);
  t.regex(printModule(m), /%v = call @twice, %n\n {2}call @log, %v\n/);
});

test("condition codes are typed", (t) => {
  const { f } = twoFunctions();
  // @ts-expect-error "lt" is a float condition code, not an integer one
  t.throws(() => f.icmp("lt", f.param(0), f.param(0)), { instanceOf: FzError, message: /icmp needs a condition code/ });
  t.notThrows(() => f.icmp("ult", f.param(0), f.param(0)));
});

test("enum switch cases by variant name build the same module as by index, and an unknown variant is named", (t) => {
  const build = (byName: boolean) => {
    const mb = new ModuleBuilder("m");
    mb.enum("E", ["A", ["B", I32]]);
    const f = mb.function("f", [["n", I32]], I32, { exported: true });
    const [entry, a, b] = ["entry", "a", "b"].map((x) => f.block(x));
    f.at(entry);
    const e = f.enumNew("E", "B", f.param(0));
    f.switch(e, byName ? [{ variant: "B", target: b }, { variant: "A", target: a }] : [{ value: 1n, target: b }, { value: 0, target: a }], null);
    f.at(a).ret(f.i32(0));
    f.at(b).ret(f.enumPayload(e, "B"));
    return printModule(mb.finish());
  };
  t.is(build(true), build(false));
  t.regex(build(true), /switch %t0 \[B -> b, A -> a\]/);
  const mb = new ModuleBuilder("m");
  mb.enum("E", ["A"]);
  const f = mb.function("f", [], null);
  const entry = f.block("entry");
  f.at(entry);
  t.throws(() => f.switch(f.enumNew("E", "A"), [{ variant: "Z", target: entry }], null), { message: "enum E has no variant Z" });
  t.throws(() => f.switch(f.i32(1), [{ variant: "A", target: entry }], null), { message: /only an enum switch has variants/ });
});

test("iconst of a fraction or an unsafe number is a clear FzError, not a RangeError", (t) => {
  const { f } = twoFunctions();
  t.throws(() => f.iconst(I32, 1.5), { instanceOf: FzError, code: "type", message: "iconst needs an integer, got 1.5" });
  t.throws(() => f.iconst(I64, 2 ** 60), { instanceOf: FzError, message: /beyond 2\^53: pass a bigint/ });
  t.throws(() => f.iconst(I32, NaN), { instanceOf: FzError });
  t.throws(() => f.iconst(I32, 2n ** 40n), { instanceOf: FzError, message: /does not fit i32/ });
});

test("array and constant helpers: constArray and arrayOf print as one literal", (t) => {
  const mb = new ModuleBuilder("m");
  const f = mb.function("f", [], I32, { exported: true });
  f.at(f.block("entry"));
  const a = f.constArray(I32, [7, -1, 2n], "a");
  const b = f.arrayOf([f.i64(5), f.i64(6)], "b");
  f.arrayGet(b, f.i32(0));
  f.ret(f.arrayGet(a, f.i32(1)));
  const text = printModule(mb.finish());
  t.regex(text, /%a = array\.lit \[i32; 3\], %t0, %t1, %t2\n/);
  t.regex(text, /%b = array\.lit \[i64; 2\], %t3, %t4\n/);
  t.throws(() => new ModuleBuilder("x").function("g", [], null).arrayOf([]), { message: /arrayOf needs at least one element/ });
});

test("every public builder method has a doc comment", (t) => {
  const undocumented: string[] = [];
  for (const file of ["builder.d.ts", "function-builder.d.ts"]) {
    const lines = readFileSync(fileURLToPath(new URL(`./${file}`, import.meta.url)), "utf8").split("\n");
    lines.forEach((line, i) => {
      const m = /^ {4}(?!private\b)(\w+)(<[^(]*>)?\(/.exec(line) ?? /^export declare class (\w+)/.exec(line);
      if (m && !lines[i - 1]!.trim().endsWith("*/")) undocumented.push(`${file}: ${m[1]}`);
    });
  }
  t.deepEqual(undocumented, []);
});
