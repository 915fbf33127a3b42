/**
 * Function references (SPEC.md "Function references") through the text
 * form, the builder, the typing rule and the interpreter: `fn(...) -> R`
 * types round-trip, `func.ref` gives a value of the callee's signature for a
 * function or an import, `call.indirect` is checked against the reference's
 * type, and the interpreter calls through references on its explicit call
 * stack (deep indirect recursion does not grow the JS stack).
 */
import test from "ava";
import { FzError, fnType, I32, I64, IFuncRef, interpret, Interpreter, ModuleBuilder, parseModule, printModule, typeToString } from "./index.js";

const TEXT = `module r

import fn host_twice(i64) -> i64

struct Box { f: fn(i64) -> i64 }

fn down(%k: i64, %self: fn(i64, fn(i64, fn(i64) -> i64) -> i64) -> i64) -> i64 {
entry:
  ret %k
}

fn count(%k: i64) -> i64 {
entry:
  %z = const.i64 0
  %done = icmp.sle %k, %z
  br %done, out, more
out:
  ret %z
more:
  %one = const.i64 1
  %k1 = sub %k, %one
  %me = func.ref @count
  %r = call.indirect %me, %k1
  %r1 = add %r, %one
  ret %r1
}

export fn kernel(%n: i64) -> i64 {
entry:
  %h = func.ref @host_twice
  %b = struct.new Box, %h
  %f = struct.get %b, f
  %x = call.indirect %f, %n
  %c = func.ref @count
  %y = call.indirect %c, %x
  ret %y
}
`;

test("function references: the text round-trips, nested fn types included", (t) => {
  const m = parseModule(TEXT);
  t.is(printModule(parseModule(printModule(m))), printModule(m));
  t.is(typeToString(m.functions[0]!.params[1]!.type), "fn(i64, fn(i64, fn(i64) -> i64) -> i64) -> i64");
});

test("function references: calls go through imports and module functions alike, deep recursion included", (t) => {
  const m = parseModule(TEXT);
  const it = new Interpreter(m, { imports: { host_twice: (x) => 2n * (x as bigint) } });
  t.is(it.call("kernel", [21n]), 42n);
  // count recurses through a reference 60000 deep (far past what the JS stack takes): the explicit stack holds it.
  t.is(it.call("kernel", [30000n]), 60000n);
  t.throws(() => interpret(m, "kernel", [1n], { maxDepth: 1000, imports: { host_twice: () => 5000n } }), { message: /stack overflow/ });
});

test("function references: the builder makes them and the interpreter shows them as @name", (t) => {
  const mb = new ModuleBuilder("b");
  const inc = mb.function("inc", [["x", I32]], I32);
  inc.at(inc.block("entry"));
  inc.ret(inc.add(inc.param(0), inc.iconst(I32, 1)));
  const get = mb.function("get", [], fnType([I32], I32), { exported: true });
  get.at(get.block("entry"));
  get.ret(get.funcRef("inc"));
  const use = mb.function("use", [["n", I32]], I32, { exported: true });
  use.at(use.block("entry"));
  use.ret(use.callIndirect(use.call("get", []), [use.param(0)])!);
  const m = mb.finish();
  const it = new Interpreter(m);
  t.true(it.call("get", []) instanceof IFuncRef);
  t.is(it.call("use", [41]), 42);
});

const refused: [string, string, RegExp][] = [
  ["func.ref of an unknown function", "fn f() {\nentry:\n  %r = func.ref @nope\n  ret\n}", /func.ref of unknown function @nope/],
  ["call.indirect through a non-reference", "fn f(%a: i32) {\nentry:\n  call.indirect %a\n  ret\n}", /needs a function reference first, got i32/],
  ["call.indirect with the wrong argument count", "fn g(%a: i32) {\nentry:\n  ret\n}\nfn f() {\nentry:\n  %r = func.ref @g\n  call.indirect %r\n  ret\n}", /fn\(i32\) takes 1 argument\(s\), got 0/],
  ["call.indirect with the wrong argument type", "fn g(%a: i32) {\nentry:\n  ret\n}\nfn f(%b: i64) {\nentry:\n  %r = func.ref @g\n  call.indirect %r, %b\n  ret\n}", /argument 1 of fn\(i32\) must be i32, got i64/],
  ["a value named for a result-less call", "fn g() {\nentry:\n  ret\n}\nfn f() {\nentry:\n  %r = func.ref @g\n  %x = call.indirect %r\n  ret\n}", /gives no value to name %x/],
];
for (const [what, body, msg] of refused) {
  test(`function references: refuses ${what}`, (t) => {
    const e = t.throws(() => parseModule(`module m\n${body}\n`), { instanceOf: FzError });
    t.regex(e!.message, msg);
  });
}

test("function references: a reference of another signature does not pass for the declared one", (t) => {
  const e = t.throws(() => parseModule("module m\nfn g(%a: i32) -> i64 {\nentry:\n  %z = const.i64 0\n  ret %z\n}\nfn f(%h: fn(i32) -> i32) {\nentry:\n  ret\n}\nfn k() {\nentry:\n  %r = func.ref @g\n  call @f, %r\n  ret\n}\n"), { instanceOf: FzError });
  t.regex(e!.message, /argument 1 of @f must be fn\(i32\) -> i32, got fn\(i32\) -> i64/);
  t.is(typeToString(fnType([I64], null)), "fn(i64)");
});
