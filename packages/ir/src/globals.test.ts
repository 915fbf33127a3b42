/**
 * Module globals (SPEC.md "Globals") through the text form, the builder, the
 * verifier and the interpreter: the text round-trips, every malformed global
 * or global instruction is refused with a type or parse error, and a
 * mutable global is one cell per program run that calls share.
 */
import test from "ava";
import { arrayType, BOOL, dynArrayType, FzError, I16, I32, I64, Interpreter, type Module, ModuleBuilder, parseModule, printModule, STR, verifyModuleAll } from "./index.js";

const TEXT = `module g

global mut count: i64 = -5

global mut on: bool = true

global mut x: f64 = 0.5

global SMALL: i16 = -32768

global NAME: str = "h\\u{e9}\\n"

export fn kernel(%n: i32) -> i64 {
entry:
  %c = global.get @count
  %w = sext.i64 %n
  %d = add %c, %w
  global.set @count, %d
  %o = global.get @on
  %no = not %o
  global.set @on, %no
  %s = global.get @SMALL
  %s64 = sext.i64 %s
  %name = global.get @NAME
  %len = str.len %name
  %l64 = sext.i64 %len
  %r0 = add %d, %s64
  %r = add %r0, %l64
  ret %r
}
`;

test("globals: print(parse(x)) is a fixpoint and keeps each global's kind, type and initializer", (t) => {
  const m = parseModule(TEXT);
  t.is(printModule(parseModule(printModule(m))), printModule(m));
  t.deepEqual(m.globals!.map((g) => [g.name, g.mutable, g.init.kind]), [
    ["count", true, "int"], ["on", true, "bool"], ["x", true, "f64"], ["SMALL", false, "int"], ["NAME", false, "str"],
  ]);
  t.deepEqual(m.globals![4]!.init, { kind: "str", value: "hé\n" });
});

test("globals: a mutable global is one cell shared by the calls of one run; a new run starts from the initializer", (t) => {
  const m = parseModule(TEXT);
  const it = new Interpreter(m);
  // count: -5 + 10 = 5, then 5 + 10 = 15; SMALL = -32768; NAME is 4 bytes.
  t.is(it.call("kernel", [10]), 5n - 32768n + 4n);
  t.is(it.call("kernel", [10]), 15n - 32768n + 4n);
  t.is(new Interpreter(m).call("kernel", [10]), 5n - 32768n + 4n);
});

test("globals: the builder makes the same module as the text", (t) => {
  const mb = new ModuleBuilder("b");
  mb.global("count", I64, -5n, { mutable: true });
  const f = mb.function("kernel", [["n", I32]], I64, { exported: true });
  f.at(f.block("entry"));
  const d = f.add(f.globalGet("count", "c"), f.convert("sext", f.param(0), I64), "d");
  f.globalSet("count", d);
  f.ret(d);
  const m = mb.finish();
  t.is(printModule(m), "module b\n\nglobal mut count: i64 = -5\n\nexport fn kernel(%n: i32) -> i64 {\nentry:\n  %c = global.get @count\n  %t0 = sext.i64 %n\n  %d = add %c, %t0\n  global.set @count, %d\n  ret %d\n}\n");
  t.is(new Interpreter(m).call("kernel", [3]), -2n);
});

const refusedByBuilder: [string, (mb: ModuleBuilder) => void, RegExp][] = [
  ["a str global starting with an integer", (mb) => mb.global("s", STR, 1n, { mutable: true }), /a str global cannot start with a int literal/],
  ["an array global starting with a scalar", (mb) => mb.global("a", arrayType(I32, 2), 0n), /a \[i32; 2\] global cannot start with a int literal/],
  ["a mutable array global of the wrong length", (mb) => mb.global("a", arrayType(I32, 2), { kind: "array", elems: [{ kind: "int", value: 1n }] }, { mutable: true }), /\[i32; 2\] needs 2 element\(s\), got 1/],
  ["a dynamic array global", (mb) => mb.global("a", dynArrayType(I32), { kind: "array", elems: [] }), /a \[i32\] global cannot start with an array/],
  ["an array global of str", (mb) => mb.global("a", arrayType(STR, 1), { kind: "array", elems: [{ kind: "int", value: 1n }] }), /elements are int, bool, f64 or f32, not str/],
  // As with `const`, an initializer may be spelled unsigned (65535 is -1 in i16), but no wider.
  ["an initializer that does not fit", (mb) => mb.global("h", I16, 65536n), /65536 does not fit i16/],
  ["an initializer of another kind", (mb) => mb.global("b", BOOL, 1n), /a bool global cannot start with a int literal/],
  ["a name taken by a function", (mb) => { mb.function("f", [], null); mb.global("f", I32, 0n); }, /defined twice/],
];
for (const [what, make, msg] of refusedByBuilder) {
  test(`globals: the builder refuses ${what}`, (t) => {
    const e = t.throws(() => make(new ModuleBuilder("m")), { instanceOf: FzError });
    t.regex(e!.message, msg);
  });
}

const refusedText: [string, string, RegExp][] = [
  ["global.set of an immutable global", "global K: i32 = 1\nfn f(%a: i32) {\nentry:\n  global.set @K, %a\n  ret\n}", /global.set of immutable global @K/],
  ["global.get of an unknown global", "fn f() -> i32 {\nentry:\n  %v = global.get @nope\n  ret %v\n}", /unknown global @nope/],
  ["global.set of the wrong type", "global mut g: i64 = 1\nfn f(%a: i32) {\nentry:\n  global.set @g, %a\n  ret\n}", /global.set of i32 into global @g: i64/],
  ["a global without an initializer", "global mut g: i64\nfn f() {\nentry:\n  ret\n}", /expected '=' and an initial value/],
  ["a float literal for an integer global", "global g: i32 = 1.5\nfn f() {\nentry:\n  ret\n}", /a i32 global cannot start with a f64 literal/],
  ["an array global of the wrong length", "global a: [i32; 3] = [1, 2]\nfn f() {\nentry:\n  ret\n}", /\[i32; 3\] needs 3 element\(s\), got 2/],
  ["an array element that does not fit", "global a: [i8; 2] = [1, 256]\nfn f() {\nentry:\n  ret\n}", /global @a\[1\]: initializer 256 does not fit i8/],
  ["an array global that is not a list of literals", "global a: [i32; 1] = [%x]\nfn f() {\nentry:\n  ret\n}", /expected a literal array element/],
  ["a mutable function global starting with a literal", "global mut g: fn() = 0\nfn f() {\nentry:\n  ret\n}", /a fn\(\) global cannot start with a int literal/],
  ["global.set of a reference of another signature", "global mut g: fn() = @f\nfn f() {\nentry:\n  ret\n}\nfn h(%x: i32) {\nentry:\n  %r = func.ref @h\n  global.set @g, %r\n  ret\n}", /global.set of fn\(i32\) into global @g: fn\(\)/],
  ["a function for an integer global", "global g: i32 = @f\nfn f() {\nentry:\n  ret\n}", /a i32 global cannot start with a function reference/],
];
for (const [what, body, msg] of refusedText) {
  test(`globals: the text form refuses ${what}`, (t) => {
    const e = t.throws(() => parseModule(`module m\n${body}\n`), { instanceOf: FzError });
    t.regex(e!.message, msg);
  });
}

// The text form resolves globals before functions, so the verifier checks what a function global names.
const refusedByVerifier: [string, string, RegExp][] = [
  ["a function global of another signature", "global g: fn(i32) -> i32 = @f\nfn f() {\nentry:\n  ret\n}", /initializer @f is fn\(\), not fn\(i32\) -> i32/],
  ["a function global naming no function", "global g: fn() = @nope\nfn f() {\nentry:\n  ret\n}", /initializer @nope is no function or import/],
];
for (const [what, body, msg] of refusedByVerifier) {
  test(`globals: the verifier refuses ${what}`, (t) => {
    const errors = verifyModuleAll(parseModule(`module m\n${body}\n`)).map((e) => `${e.code}: ${e.message}`);
    t.true(errors.some((e) => e.startsWith("type: ") && msg.test(e)), errors.join("\n"));
  });
}

test("globals: a function global prints back as written and reads as a reference the interpreter can call", (t) => {
  const text = "module r\n\nglobal G: fn(i32) -> i32 = @dbl\n\nfn dbl(%x: i32) -> i32 {\nentry:\n  %r = add %x, %x\n  ret %r\n}\n\nexport fn kernel(%n: i32) -> i32 {\nentry:\n  %f = global.get @G\n  %r = call.indirect %f, %n\n  ret %r\n}\n";
  const m = parseModule(text);
  t.is(printModule(m), text);
  t.deepEqual(m.globals![0]!.init, { kind: "func", name: "dbl" });
  t.is(new Interpreter(m).call("kernel", [21]), 42);
});

test("globals: an array global prints back as written, and each read is a new array of its elements", (t) => {
  const text = "module r\n\nglobal T: [f32; 3] = [0.1, -2.0, 3.5]\n\nglobal B: [i8; 2] = [255, true]\n";
  t.regex(t.throws(() => parseModule(text), { instanceOf: FzError })!.message, /global @B\[1\]: a i8 global cannot start with a bool literal/);
  const ok = "module r\n\nglobal T: [i8; 3] = [255, -1, 7]\n\nexport fn kernel(%n: i32) -> i8 {\nentry:\n  %a = global.get @T\n  %z = const.i32 0\n  %w = trunc.i8 %n\n  array.set %a, %z, %w\n  %b = global.get @T\n  %x = array.get %b, %z\n  %y = array.get %a, %z\n  %r = add %x, %y\n  ret %r\n}\n";
  const m = parseModule(ok);
  t.is(printModule(m), ok);
  // The write went into the first read's array only: -1 (from the global) + 5.
  t.is(new Interpreter(m).call("kernel", [5]), 4);
  const f = parseModule("module r\n\nglobal T: [f32; 1] = [0.1]\n\nexport fn kernel(%n: i32) -> f32 {\nentry:\n  %a = global.get @T\n  %x = array.get %a, %n\n  ret %x\n}\n");
  t.is(new Interpreter(f).call("kernel", [0]), Math.fround(0.1));
});

test("globals: the verifier checks globals of a module built by hand", (t) => {
  const m = parseModule(TEXT);
  const bad: Module = { ...m, globals: [...m.globals!, { name: "kernel", type: STR, mutable: true, init: { kind: "int", value: 1n } }] };
  const errors = verifyModuleAll(bad).map((e) => `${e.code}: ${e.message}`);
  t.true(errors.some((e) => /^duplicate: .*kernel: the name is defined twice/.test(e)), errors.join("\n"));
  t.true(errors.some((e) => /^type: .*a str global cannot start with a int literal/.test(e)), errors.join("\n"));
  t.deepEqual(verifyModuleAll(m), []);
});

test("globals: a mutable str global holds the last string written, read by every call of one run", (t) => {
  const text = "module s\n\nglobal mut last: str = \"start\"\n\nexport fn kernel(%n: i32) -> i32 {\nentry:\n  %old = global.get @last\n  %k = str.from_int %n\n  %new = str.concat %old, %k\n  global.set @last, %new\n  %len = str.len %new\n  ret %len\n}\n";
  const m = parseModule(text);
  t.is(printModule(m), text);
  t.deepEqual(verifyModuleAll(m), []);
  const it = new Interpreter(m);
  t.is(it.call("kernel", [12]), 7); // "start12"
  t.is(it.call("kernel", [345]), 10); // "start12345"
  t.is(new Interpreter(m).call("kernel", [1]), 6);
});

test("globals: a mutable array global reads as a copy of its current elements and global.set copies an array in", (t) => {
  const text = "module a\n\nglobal mut T: [i32; 3] = [1, 2, 3]\n\nexport fn kernel(%n: i32) -> i32 {\nentry:\n  %a = global.get @T\n  %i = const.i32 1\n  array.set %a, %i, %n\n  %b = global.get @T\n  %before = array.get %b, %i\n  global.set @T, %a\n  %z = const.i32 0\n  array.set %a, %i, %z\n  %c = global.get @T\n  %after = array.get %c, %i\n  %r = add %before, %after\n  ret %r\n}\n";
  const m = parseModule(text);
  t.is(printModule(m), text);
  t.deepEqual(verifyModuleAll(m), []);
  // Before the set the global still holds 2; after it, n (the later array.set on %a changed %a only).
  const it = new Interpreter(m);
  t.is(it.call("kernel", [40]), 42);
  t.is(it.call("kernel", [7]), 40 + 7); // the second call's first read sees the first call's write
});

test("globals: a mutable function global is re-pointed by global.set and called through call.indirect", (t) => {
  const text = "module f\n\nglobal mut op: fn(i32) -> i32 = @inc\n\nfn inc(%x: i32) -> i32 {\nentry:\n  %one = const.i32 1\n  %r = add %x, %one\n  ret %r\n}\n\nfn dbl(%x: i32) -> i32 {\nentry:\n  %r = add %x, %x\n  ret %r\n}\n\nexport fn kernel(%n: i32) -> i32 {\nentry:\n  %f = global.get @op\n  %r = call.indirect %f, %n\n  %d = func.ref @dbl\n  global.set @op, %d\n  ret %r\n}\n";
  const m = parseModule(text);
  t.is(printModule(m), text);
  t.deepEqual(verifyModuleAll(m), []);
  const it = new Interpreter(m);
  t.is(it.call("kernel", [10]), 11);
  t.is(it.call("kernel", [10]), 20);
});
