/**
 * The interpreter's semantics, one table of cases per construct (SPEC.md,
 * "Semantics" and "Traps"): each case builds a small module, runs it and
 * expects a value or a trap with its exact message. The last test checks
 * that every opcode of the table is exercised by at least one case, so a new
 * opcode cannot land without a semantic test.
 */
import test from "ava";
import {
  BOOL, dynArrayType, F32, F64, type FunctionBuilder, I16, I32, I64, I8, type Imm, instType, interpret, type InterpretOptions, type Module,
  Interpreter, mapType, MAX_ARRAY_ELEMENTS, ModuleBuilder, type Opcode, OPCODES, STR, Trap, type TrapKind, type Type, type ValueId,
} from "./index.js";

class TrapExpected {
  constructor(readonly kind: TrapKind, readonly message: string) {}
}
const trapOf = (kind: TrapKind, message: string) => new TrapExpected(kind, message);

interface Case {
  readonly title: string;
  readonly module: () => Module;
  readonly args: readonly unknown[];
  readonly expect: unknown;
  readonly options?: InterpretOptions;
}
const cases: Case[] = [];
const show = (v: unknown): string => {
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v !== "string") return String(v);
  // Titles are whitespace-normalized, so spell every non-ASCII or space-like char.
  return `"${[...v].map((c) => (/[!-~]/.test(c) ? c : `\\u{${c.codePointAt(0)!.toString(16)}}`)).join("")}"`;
};

/** Register a case running `fn f` of a module. */
function run(title: string, module: () => Module, args: readonly unknown[], expect: unknown, options?: InterpretOptions): void {
  cases.push({ title, module, args, expect, ...(options ? { options } : {}) });
}

/** A case for one instruction: `fn f(%p0: T0, ...) { %r = op %p0, ...; ret %r }`. */
function op(opcode: Opcode, params: readonly Type[], args: readonly unknown[], expect: unknown, extra: { type?: Type; imm?: Imm } = {}): void {
  const suffix = extra.imm?.kind === "cc" ? `.${extra.imm.cc}` : extra.type ? `.${extra.type.kind === "int" ? `i${extra.type.bits}` : extra.type.kind}` : "";
  const title = `${opcode}${suffix} ${args.map(show).join(", ")} (${params.map((t) => (t.kind === "int" ? `i${t.bits}` : t.kind)).join(", ")})`;
  run(title, () => {
    const mb = new ModuleBuilder("t");
    const typed = instType(mb.index(), [], opcode, params, extra.type ?? null, extra.imm ?? { kind: "none" });
    if (!typed.ok) throw new Error(typed.reason);
    const f = mb.function("f", params.map((t, i) => [`p${i}`, t] as const), typed.type, { exported: true });
    f.at(f.block("entry"));
    f.ret(f.emit(opcode, params.map((_, i) => f.param(i)), extra));
    return mb.finish();
  }, args, expect);
}
const bin = (o: Opcode, t: Type, a: unknown, b: unknown, expect: unknown) => op(o, [t, t], [a, b], expect);
const cc = (o: "icmp" | "fcmp", code: string, t: Type, a: unknown, b: unknown, expect: unknown) => op(o, [t, t], [a, b], expect, { imm: { kind: "cc", cc: code } });
const conv = (o: Opcode, from: Type, to: Type, a: unknown, expect: unknown) => op(o, [from], [a], expect, { type: to });

const MAX32 = 2147483647, MIN32 = -2147483648;
const MAX64 = (1n << 63n) - 1n, MIN64 = -(1n << 63n);
const DIV0 = trapOf("div_zero", "attempt to divide by zero");
const REM0 = trapOf("rem_zero", "attempt to calculate the remainder with a divisor of zero");
const DIVO = trapOf("div_overflow", "attempt to divide with overflow");
const REMO = trapOf("rem_overflow", "attempt to calculate the remainder with overflow");

// Constants (a literal may use the unsigned spelling; it wraps to the width).
for (const [t, v, e] of [[I32, -5n, -5], [I8, 255n, -1], [I16, 0x8000n, -32768], [I64, 0xffff_ffff_ffff_ffffn, -1n]] as const) {
  op("const", [], [], e, { type: t, imm: { kind: "int", value: v } });
}
op("const", [], [], true, { type: BOOL, imm: { kind: "bool", value: true } });
op("const", [], [], 1.5, { type: F64, imm: { kind: "f64", value: 1.5 } });
op("str.lit", [], [], "a,b\n", { imm: { kind: "str", value: "a,b\n" } });
op("opaque", [I32], [42], 42);
op("opaque", [STR], ["x"], "x");

// Wrapping arithmetic at every width.
bin("add", I32, MAX32, 1, MIN32);
bin("add", I8, 127, 1, -128);
bin("add", I16, 32767, 1, -32768);
bin("add", I64, MAX64, 1n, MIN64);
bin("sub", I32, MIN32, 1, MAX32);
bin("sub", I8, -128, 1, 127);
bin("sub", I64, MIN64, 1n, MAX64);
bin("mul", I32, 65536, 65536, 0);
bin("mul", I32, MAX32, 2, -2);
bin("mul", I32, 123456789, 987654321, Number(BigInt.asIntN(32, 123456789n * 987654321n)));
bin("mul", I8, 100, 3, 44);
bin("mul", I16, 300, 300, 24464);
bin("mul", I64, 0x123456789n, 0x987654321n, BigInt.asIntN(64, 0x123456789n * 0x987654321n));
bin("mul", I64, 1n << 62n, 4n, 0n);
op("neg", [I32], [MIN32], MIN32);
op("neg", [I8], [-128], -128);
op("neg", [I64], [MIN64], MIN64);
op("neg", [F64], [1.5], -1.5);

// Division truncates toward zero; the remainder has the dividend's sign.
for (const [a, b, q, r] of [[7, 2, 3, 1], [-7, 2, -3, -1], [7, -2, -3, 1], [-7, -2, 3, -1], [-4, 2, -2, 0]] as const) {
  bin("sdiv", I32, a, b, q);
  bin("srem", I32, a, b, r);
  bin("sdiv", I64, BigInt(a), BigInt(b), BigInt(q));
  bin("srem", I64, BigInt(a), BigInt(b), BigInt(r));
}
bin("sdiv", I8, -128, 2, -64);
bin("srem", I16, -32768, 7, -32768 % 7);
bin("sdiv", I32, 5, 0, DIV0);
bin("srem", I32, 5, 0, REM0);
bin("sdiv", I32, MIN32, -1, DIVO);
bin("srem", I32, MIN32, -1, REMO);
bin("sdiv", I8, -128, -1, DIVO);
bin("srem", I16, -32768, -1, REMO);
bin("sdiv", I64, MIN64, -1n, DIVO);
bin("srem", I64, MIN64, -1n, REMO);
bin("sdiv", I64, 1n, 0n, DIV0);
bin("udiv", I32, -1, 2, MAX32);
bin("udiv", I8, -1, 2, 127);
bin("udiv", I8, -2, 1, -2);
bin("udiv", I64, -1n, 2n, MAX64);
bin("udiv", I32, 1, 0, DIV0);
bin("urem", I32, -1, 10, 5);
bin("urem", I8, -1, 10, 5);
bin("urem", I64, -1n, 10n, 5n);
bin("urem", I64, 1n, 0n, REM0);

// Bitwise operations, on integers and bools.
bin("and", I32, 0b1100, 0b1010, 0b1000);
bin("and", BOOL, true, false, false);
bin("or", I8, -128, 1, -127);
bin("or", BOOL, false, true, true);
bin("xor", I64, -1n, 1n, -2n);
bin("xor", BOOL, true, true, false);
op("not", [I32], [0], -1);
op("not", [I8], [127], -128);
op("not", [I64], [0n], -1n);
op("not", [BOOL], [true], false);

// Shift amounts are taken modulo the width.
bin("shl", I32, 1, 33, 2);
bin("shl", I32, 1, 31, MIN32);
bin("shl", I32, 1, -1, MIN32);
bin("shl", I8, 1, 9, 2);
bin("shl", I8, 1, 7, -128);
bin("shl", I16, 1, 17, 2);
bin("shl", I64, 1n, 65n, 2n);
bin("lshr", I32, -1, 28, 15);
bin("lshr", I32, -1, 32, -1);
bin("lshr", I8, -128, 1, 64);
bin("lshr", I8, -1, 9, 127);
bin("lshr", I16, -1, 20, 4095);
bin("lshr", I64, -1n, 60n, 15n);
bin("ashr", I32, -8, 1, -4);
bin("ashr", I32, -8, 33, -4);
bin("ashr", I8, -128, 7, -1);
bin("ashr", I64, -8n, 65n, -4n);

// Floating point (IEEE, no traps).
bin("fadd", F64, 0.1, 0.2, 0.30000000000000004);
bin("fsub", F64, 1, 3, -2);
bin("fmul", F64, 1e308, 10, Infinity);
bin("fdiv", F64, 1, 0, Infinity);
bin("fdiv", F64, 0, 0, NaN);

// Comparisons: signedness is in the condition code.
for (const [code, e] of [["eq", false], ["ne", true], ["slt", true], ["sle", true], ["sgt", false], ["sge", false],
  ["ult", false], ["ule", false], ["ugt", true], ["uge", true]] as const) {
  cc("icmp", code, I32, -1, 1, e);
  cc("icmp", code, I8, -1, 1, e);
  cc("icmp", code, I64, -1n, 1n, e);
}
cc("icmp", "ult", I16, 1, -32768, true);
cc("icmp", "eq", BOOL, true, true, true);
cc("icmp", "ne", BOOL, true, false, true);
for (const code of ["eq", "lt", "le", "gt", "ge"]) cc("fcmp", code, F64, NaN, 1, false);
cc("fcmp", "ne", F64, NaN, NaN, true);
cc("fcmp", "lt", F64, 1, 2, true);
cc("fcmp", "eq", F64, 0, -0, true);
op("select", [BOOL, I32, I32], [true, 1, 2], 1);
op("select", [BOOL, STR, STR], [false, "a", "b"], "b");

// Conversions.
conv("sext", I8, I32, -1, -1);
conv("sext", I32, I64, -1, -1n);
conv("sext", I16, I64, -32768, -32768n);
conv("zext", I8, I32, -1, 255);
conv("zext", I16, I32, -1, 65535);
conv("zext", I32, I64, -1, 4294967295n);
conv("zext", BOOL, I32, true, 1);
conv("zext", BOOL, I64, false, 0n);
conv("trunc", I32, I8, 300, 44);
conv("trunc", I32, I16, 0x12345, 0x2345);
conv("trunc", I64, I32, 0x1_8000_0000n, MIN32);
conv("trunc", I64, I8, -1n, -1);
conv("sitofp", I32, F64, -3, -3);
conv("sitofp", I64, F64, (1n << 53n) + 1n, 2 ** 53); // round to nearest, ties to even
conv("fptosi", F64, I32, NaN, 0);
conv("fptosi", F64, I32, 1e10, MAX32);
conv("fptosi", F64, I32, -1e10, MIN32);
conv("fptosi", F64, I32, -3.9, -3);
conv("fptosi", F64, I8, 300, 127);
conv("fptosi", F64, I64, 1e30, MAX64);
conv("fptosi", F64, I64, -Infinity, MIN64);
conv("fptosi", F64, I64, NaN, 0n);
conv("fptosi", F64, I64, -2.5, -2n);

// Strings: lengths in UTF-8 bytes, Rust's whitespace set, Rust's replace.
for (const [s, n] of [["", 0], ["abc", 3], ["héllo", 6], ["日本", 6], ["😀", 4], ["a\u0085", 3]] as const) op("str.len", [STR], [s], n);
for (const [s, e] of [
  ["\t\n x \r", "x"], ["\u3000x\u3000", "x"], ["\u0085x\u0085", "x"], ["\u00a0x\u00a0", "x"],
  ["\u2028\u2029\u202f\u205f\u1680\u2000\u200ax", "x"], ["\ufeffx\ufeff", "\ufeffx\ufeff"], ["\u200bx", "\u200bx"],
  ["\u001cx", "\u001cx"], ["   ", ""],
] as const) op("str.trim", [STR], [s], e);
for (const [s, from, to, e] of [
  ["a,b,c", ",", "|", "a|b|c"], ["aaa", "aa", "b", "ba"], ["ab", "", "x", "xaxbx"], ["", "", "x", "x"],
  ["😀é", "", "-", "-😀-é-"], ["abc", "z", "y", "abc"], ["", "a", "b", ""],
] as const) op("str.replace", [STR, STR, STR], [s, from, to], e);
for (const [o, a, b, e] of [
  ["str.eq", "é", "é", true], ["str.eq", "a", "A", false], ["str.contains", "alpha|beta", "beta", true],
  ["str.contains", "abc", "", true], ["str.contains", "", "a", false], ["str.starts_with", "alpha", "alp", true],
  ["str.starts_with", "alpha", "", true], ["str.starts_with", "a", "ab", false], ["str.ends_with", "gamma", "mma", true],
  ["str.ends_with", "", "", true], ["str.ends_with", "x😀", "😀", true], ["str.concat", "日", "本", "日本"],
] as const) bin(o, STR, a, b, e);

// String operations (SPEC.md "String operations"): Rust's results and panic messages.
const sliceTrap = (m: string) => trapOf("bounds", m);
const euros = "€".repeat(100);
for (const [s, from, to, e] of [
  ["aé🦀z", 1, 3, "é"], ["aé🦀z", 3, 8, "🦀z"], ["abc", 0, 0, ""], ["abc", 3, 3, ""],
  ["aé", 2, 3, sliceTrap("byte index 2 is not a char boundary; it is inside 'é' (bytes 1..3) of `aé`")],
  ["a🦀", 0, 4, sliceTrap("byte index 4 is not a char boundary; it is inside '🦀' (bytes 1..5) of `a🦀`")],
  ["abc", 2, 1, sliceTrap("begin <= end (2 <= 1) when slicing `abc`")],
  ["abc", 0, 4, sliceTrap("byte index 4 is out of bounds of `abc`")],
  ["abc", 5, 4, sliceTrap("byte index 5 is out of bounds of `abc`")],
  ["abc", -1, 2, sliceTrap("byte index -1 is out of bounds of `abc`")],
  ["x".repeat(300), 0, 301, sliceTrap(`byte index 301 is out of bounds of \`${"x".repeat(256)}\`[...]`)],
  [euros, 0, 1, sliceTrap(`byte index 1 is not a char boundary; it is inside '€' (bytes 0..3) of \`${"€".repeat(85)}\`[...]`)],
] as const) op("str.slice", [STR, I32, I32], [s, from, to], e);
for (const [s, n, e] of [["héllo", "l", 3], ["abc", "", 0], ["abc", "d", -1], ["🦀🦀x", "x", 8], ["", "", 0]] as const) {
  op("str.find", [STR, STR], [s, n], e);
}
for (const [s, i, e] of [
  ["é", 0, 0xc3], ["é", 1, 0xa9], ["ab", 2, trapOf("bounds", "index out of bounds: the len is 2 but the index is 2")],
  ["ab", -1, trapOf("bounds", "index out of bounds: the len is 2 but the index is -1")],
] as const) op("str.byte_at", [STR, I32], [s, i], e);
for (const [s, sep, e] of [
  ["a,,b,", ",", ["a", "", "b", ""]], ["ab", "", ["", "a", "b", ""]], ["", "x", [""]], ["", "", ["", ""]], ["a→b→", "→", ["a", "b", ""]],
] as const) op("str.split", [STR, STR], [s, sep], e);
for (const [parts, sep, e] of [[["a", "b"], ", ", "a, b"], [[], "-", ""], [["x"], "-", "x"], [["", ""], "é", "é"]] as const) {
  op("str.join", [dynArrayType(STR), STR], [parts, sep], e);
}
for (const [t, x, e] of [[I8, -128, "-128"], [I16, 32767, "32767"], [I32, 0, "0"], [I64, MIN64, "-9223372036854775808"]] as const) {
  op("str.from_int", [t], [x], e);
}
for (const [s, v, err] of [
  ["", 0n, 1], ["+", 0n, 2], ["-", 0n, 2], ["-0", 0n, 0], ["+17", 17n, 0], ["9223372036854775807", MAX64, 0],
  ["-9223372036854775808", MIN64, 0], ["9223372036854775808", 0n, 3], ["-9223372036854775809", 0n, 4], [" 1", 0n, 2],
  ["1_000", 0n, 2], ["99999999999999999999x", 0n, 3], ["1x9", 0n, 2], ["٣", 0n, 2],
] as const) {
  op("str.parse_int", [STR], [s], v);
  op("str.parse_error", [STR], [s], err);
}

/** Build a module whose function `f` has signature `params -> result`, with `body` filling it in. */
function fn(params: readonly Type[], result: Type | null, body: (f: FunctionBuilder, mb: ModuleBuilder) => void, decls?: (mb: ModuleBuilder) => void): () => Module {
  return () => {
    const mb = new ModuleBuilder("t");
    decls?.(mb);
    const f = mb.function("f", params.map((t, i) => [`p${i}`, t] as const), result, { exported: true });
    body(f, mb);
    return mb.finish();
  };
}

// Variables, calls and control flow.
run("get/set: a loop summing 1..n in variables", fn([I32], I32, (f) => {
  const i = f.var("i", I32), acc = f.var("acc", I32);
  const [entry, head, body, done] = ["entry", "head", "body", "done"].map((b) => f.block(b));
  f.at(entry); f.set(i, f.iconst(I32, 1)); f.set(acc, f.iconst(I32, 0)); f.jump(head);
  f.at(head); const iv = f.get(i); f.br(f.icmp("sle", iv, f.param(0)), body, done);
  f.at(body); f.set(acc, f.add(f.get(acc), iv)); f.set(i, f.add(iv, f.iconst(I32, 1))); f.jump(head);
  f.at(done); f.ret(f.get(acc));
}), [100], 5050);
const factorial = () => fn([I64], I64, (f) => {
  const [entry, base, rec] = ["entry", "base", "rec"].map((b) => f.block(b));
  f.at(entry); const one = f.iconst(I64, 1); f.br(f.icmp("sle", f.param(0), one), base, rec);
  f.at(base); f.ret(one);
  f.at(rec); f.ret(f.mul(f.param(0), f.call("f", [f.sub(f.param(0), one)])!));
});
run("call: recursion (20! in i64)", factorial(), [20n], 2432902008176640000n);
run("call: recursion deeper than maxDepth traps", factorial(), [100n], trapOf("stack", "stack overflow: call depth exceeds 50"), { maxDepth: 50 });
run("call: an import through options.imports", fn([I32], I32, (f) => { f.at(f.block("entry")); f.ret(f.call("twice", [f.param(0)])); }, (mb) => mb.import("twice", [I32], I32)),
  [21], 42, { imports: { twice: (x) => (x as number) * 2 } });
run("call: a missing import traps", fn([I32], null, (f) => { f.at(f.block("entry")); f.callVoid("log", [f.param(0)]); f.ret(); }, (mb) => mb.import("log", [I32], null)),
  [1], trapOf("import", "call of import @log, which the host did not provide"));
run("switch on an integer: case and default", fn([I32], I32, (f) => {
  const [entry, a, d] = ["entry", "a", "d"].map((b) => f.block(b));
  f.at(entry); f.switch(f.param(0), [{ value: 255n, target: a }], d);
  f.at(a); f.ret(f.iconst(I32, 1));
  f.at(d); f.ret(f.iconst(I32, 2));
}), [255], 1);
run("unreachable traps", fn([], I32, (f) => { f.at(f.block("entry")); f.unreachable(); }), [], trapOf("unreachable", "entered unreachable code"));
run("fuel: an endless loop runs out", fn([], null, (f) => { const l = f.block("entry"); f.at(l); f.jump(l); }), [],
  trapOf("fuel", "out of fuel: the instruction budget is spent"), { fuel: 1000 });

// Arrays: bounds checks and reference semantics.
const arr8 = (body: (f: FunctionBuilder, a: ValueId) => void) => fn([I32], I32, (f) => {
  f.at(f.block("entry"));
  const a = f.arrayLit({ kind: "array", elem: I32, len: 8 }, [1, 2, 3, 4, 5, 6, 7, 8].map((x) => f.iconst(I32, x)));
  body(f, a);
});
run("array.get in bounds", arr8((f, a) => f.ret(f.arrayGet(a, f.param(0)))), [7], 8);
run("array.get past the end traps", arr8((f, a) => f.ret(f.arrayGet(a, f.param(0)))), [9], trapOf("bounds", "index out of bounds: the len is 8 but the index is 9"));
run("array.get at -1 traps", arr8((f, a) => f.ret(f.arrayGet(a, f.param(0)))), [-1], trapOf("bounds", "index out of bounds: the len is 8 but the index is -1"));
run("array.set is seen through every reference", arr8((f, a) => {
  const alias = f.opaque(a); f.arraySet(alias, f.param(0), f.iconst(I32, 40)); f.ret(f.arrayGet(a, f.param(0)));
}), [3], 40);
run("array.set out of bounds traps", arr8((f, a) => { f.arraySet(a, f.param(0), f.iconst(I32, 0)); f.ret(f.iconst(I32, 0)); }), [8],
  trapOf("bounds", "index out of bounds: the len is 8 but the index is 8"));
run("array.new, array.push, array.len", fn([I32], I32, (f) => {
  f.at(f.block("entry"));
  const fixed = f.arrayNew({ kind: "array", elem: I32, len: 5 }, f.param(0));
  const dyn = f.arrayNew({ kind: "dynarray", elem: I32 });
  f.arrayPush(dyn, f.arrayGet(fixed, f.iconst(I32, 4)));
  f.arrayPush(dyn, f.arrayLen(fixed));
  f.ret(f.add(f.arrayLen(dyn), f.add(f.arrayGet(dyn, f.iconst(I32, 0)), f.arrayGet(dyn, f.iconst(I32, 1)))));
}), [10], 17);

// The interpreter's memory limits: a trap of kind `memory` with one readable message, not the host's crash.
const OVER = MAX_ARRAY_ELEMENTS + 1;
const bigArray = () => fn([I32], I32, (f) => {
  const [entry, big, small] = ["entry", "big", "small"].map((b) => f.block(b));
  f.at(entry); f.br(f.icmp("sgt", f.param(0), f.iconst(I32, 0)), big, small);
  f.at(big); f.ret(f.arrayLen(f.arrayNew({ kind: "array", elem: I32, len: OVER }, f.param(0))));
  f.at(small); f.ret(f.iconst(I32, 7));
});
run("array.new past the interpreter's limit traps with kind memory", bigArray(), [1],
  trapOf("memory", `memory allocation failed: an array of ${OVER} elements is over the interpreter's limit of ${MAX_ARRAY_ELEMENTS}`));
run("array.new past the limit traps only when it runs", bigArray(), [0], 7);
run("str.concat past the host's longest string traps with kind memory", fn([I32], I32, (f) => {
  const s = f.var("s", STR), i = f.var("i", I32);
  const [entry, head, body, done] = ["entry", "head", "body", "done"].map((b) => f.block(b));
  f.at(entry); f.set(s, f.emit("str.lit", [], { imm: { kind: "str", value: "ab" } })!); f.set(i, f.iconst(I32, 0)); f.jump(head);
  f.at(head); const iv = f.get(i); f.br(f.icmp("slt", iv, f.param(0)), body, done);
  f.at(body); const sv = f.get(s); f.set(s, f.emit("str.concat", [sv, sv])!); f.set(i, f.add(iv, f.iconst(I32, 1))); f.jump(head);
  f.at(done); f.ret(f.emit("str.len", [f.get(s)])!);
}), [40], trapOf("memory", "memory allocation failed: a string longer than the interpreter can hold"));

// Maps: get with a default, insertion order, removal closing the gap, reference semantics.
const MAP_I32 = mapType(I32, I32);
/** Keys 30, 10, 20 set to 3, 1, 2; `body` continues with the map. */
const map3 = (body: (f: FunctionBuilder, m: ValueId) => void) => fn([I32], I32, (f) => {
  f.at(f.block("entry"));
  const m = f.mapNew(MAP_I32);
  for (const k of [30, 10, 20]) f.mapSet(m, f.iconst(I32, k), f.iconst(I32, k / 10));
  body(f, m);
});
run("map.get of a present key, and of an absent one gives the default", map3((f, m) => {
  f.ret(f.add(f.mul(f.mapGet(m, f.param(0), f.iconst(I32, -1)), f.iconst(I32, 100)), f.mapGet(m, f.iconst(I32, 11), f.iconst(I32, 7))));
}), [20], 207);
run("map.key_at follows insertion order; an update keeps the place", map3((f, m) => {
  f.mapSet(m, f.iconst(I32, 30), f.iconst(I32, 9));
  f.ret(f.add(f.mul(f.mapKeyAt(m, f.param(0)), f.iconst(I32, 100)), f.mapValueAt(m, f.param(0))));
}), [0], 3009);
run("map.remove closes the gap, and a removed key set again goes last", map3((f, m) => {
  f.mapRemove(m, f.iconst(I32, 30));
  f.mapRemove(m, f.iconst(I32, 99));
  f.mapSet(m, f.iconst(I32, 30), f.iconst(I32, 5));
  const has = f.convert("zext", f.mapHas(m, f.iconst(I32, 10)), I32);
  f.ret(f.add(f.mul(f.mapLen(m), f.iconst(I32, 1000)), f.add(f.mul(has, f.iconst(I32, 100)), f.mapKeyAt(m, f.param(0)))));
}), [2], 3130);
run("map.has of an absent key is false", map3((f, m) => f.ret(f.convert("zext", f.mapHas(m, f.param(0)), I32))), [40], 0);
run("map.set is seen through every reference", map3((f, m) => {
  f.mapSet(f.opaque(m), f.param(0), f.iconst(I32, 77));
  f.ret(f.mapGet(m, f.param(0), f.iconst(I32, 0)));
}), [12], 77);
run("str keys compare by their bytes", fn([I32], I32, (f) => {
  f.at(f.block("entry"));
  const m = f.mapNew(mapType(STR, I32));
  f.mapSet(m, f.strConcat(f.str("a"), f.str("b")), f.param(0));
  f.ret(f.mapGet(m, f.str("ab"), f.iconst(I32, -1)));
}), [5], 5);
run("map.key_at past the end traps like array.get", map3((f, m) => f.ret(f.mapKeyAt(m, f.param(0)))), [3],
  trapOf("bounds", "index out of bounds: the len is 3 but the index is 3"));
run("map.value_at at -1 traps", map3((f, m) => f.ret(f.mapValueAt(m, f.param(0)))), [-1],
  trapOf("bounds", "index out of bounds: the len is 3 but the index is -1"));

// Structs: mutable objects shared by reference.
run("struct.new, struct.set through an alias, struct.get", fn([I32], I32, (f) => {
  f.at(f.block("entry"));
  const p = f.structNew("Pair", [f.param(0), f.iconst(I32, 2)]);
  f.structSet(f.opaque(p), "right", f.iconst(I32, 5));
  f.ret(f.mul(f.structGet(p, "left"), f.structGet(p, "right")));
}, (mb) => mb.struct("Pair", [["left", I32], ["right", I32]])), [3], 15);

// Enums: tag, payload, switch, and the payload trap.
const optModule = (variant: "Some" | "None", read: "tag" | "payload" | "switch") => fn([I32], I32, (f) => {
  const entry = f.block("entry"); f.at(entry);
  const o = variant === "Some" ? f.enumNew("Opt", "Some", f.param(0)) : f.enumNew("Opt", "None");
  if (read === "tag") return f.ret(f.enumTag(o));
  if (read === "payload") return f.ret(f.enumPayload(o, "Some"));
  const [some, none] = [f.block("some"), f.block("none")];
  f.switch(o, [{ value: 1n, target: some }, { value: 0n, target: none }], null);
  f.at(some); f.ret(f.enumPayload(o, "Some"));
  f.at(none); f.ret(f.iconst(I32, -1));
}, (mb) => mb.enum("Opt", ["None", ["Some", I32]]));
run("enum.tag of Opt.Some is 1", optModule("Some", "tag"), [5], 1);
run("enum.payload of the right variant", optModule("Some", "payload"), [5], 5);
run("enum.payload of another variant traps", optModule("None", "payload"), [5], trapOf("payload", "enum payload read from the wrong variant"));
run("switch on an enum without default", optModule("None", "switch"), [5], -1);

// Globals and function references (SPEC.md "Globals", "Function references").
run("global.set then global.get sees the write; an immutable global reads its initializer", () => {
  const mb = new ModuleBuilder("t");
  mb.global("g", I32, 5n, { mutable: true });
  mb.global("K", I32, 100n);
  const f = mb.function("f", [["p", I32]], I32, { exported: true });
  f.at(f.block("entry"));
  f.globalSet("g", f.add(f.globalGet("g"), f.param(0)));
  f.ret(f.add(f.globalGet("g"), f.globalGet("K")));
  return mb.finish();
}, [7], 112);
run("call.indirect calls the function func.ref names", () => {
  const mb = new ModuleBuilder("t");
  const dbl = mb.function("dbl", [["x", I32]], I32);
  dbl.at(dbl.block("entry"));
  dbl.ret(dbl.add(dbl.param(0), dbl.param(0)));
  const f = mb.function("f", [["p", I32]], I32, { exported: true });
  f.at(f.block("entry"));
  f.ret(f.callIndirect(f.funcRef("dbl"), [f.param(0)])!);
  return mb.finish();
}, [21], 42);
// Numbers (SPEC.md, "Numbers"): the expected values are Rust's (u32::count_ones, i8::rotate_left, f64::round_ties_even, ...).
const un = (o: Opcode, t: Type, a: unknown, expect: unknown) => op(o, [t], [a], expect);
un("popcnt", I32, -1, 32); un("popcnt", I8, -128, 1); un("popcnt", I64, -1n, 64n);
un("clz", I32, 0, 32); un("clz", I32, 1, 31); un("clz", I8, 1, 7); un("clz", I16, -1, 0); un("clz", I64, 1n, 63n);
un("ctz", I16, 0, 16); un("ctz", I32, 8, 3); un("ctz", I32, MIN32, 31); un("ctz", I64, 0n, 64n);
un("bswap", I32, 0x12345678, 0x78563412); un("bswap", I16, 0x1234, 0x3412); un("bswap", I16, -2, -257); un("bswap", I8, 5, 5);
un("bswap", I64, 0x0102030405060708n, 0x0807060504030201n);
un("iabs", I32, MIN32, MIN32); un("iabs", I32, -5, 5); un("iabs", I8, -128, -128); un("iabs", I64, -7n, 7n);
bin("rotl", I8, -127, 1, 3); bin("rotr", I8, 1, 1, -128); bin("rotl", I32, 1, 33, 2); bin("rotr", I32, 1, 0, 1);
bin("rotl", I64, MIN64, 1n, 1n); bin("rotl", I16, -32767, 4, 24); bin("rotr", I64, 1n, -1n, 2n);
bin("smin", I32, -1, 1, -1); bin("umin", I32, -1, 1, 1); bin("umax", I8, -1, 1, -1); bin("smax", I64, MIN64, 0n, 0n);
un("sqrt", F64, 2, Math.SQRT2); un("sqrt", F64, -1, NaN); un("sqrt", F64, -0, -0);
un("fabs", F64, -0, 0); un("fabs", F64, -Infinity, Infinity);
un("floor", F64, -0.5, -1); un("ceil", F64, -0.5, -0); un("ceil", F64, 0.25, 1); un("ftrunc", F64, -1.7, -1); un("ftrunc", F64, -0.3, -0);
un("nearest", F64, 2.5, 2); un("nearest", F64, 3.5, 4); un("nearest", F64, -0.5, -0); un("nearest", F64, -1.5, -2);
un("nearest", F64, 0.49999999999999994, 0); un("nearest", F64, 4503599627370497, 4503599627370497); un("nearest", F64, NaN, NaN);
bin("fmin", F64, NaN, 1, NaN); bin("fmin", F64, -0, 0, -0); bin("fmax", F64, -0, 0, 0); bin("fmax", F64, 1, NaN, NaN); bin("fmax", F64, 1, 2, 2);
bin("fcopysign", F64, 3, -0, -3); bin("fcopysign", F64, -2, 1, 2); bin("fcopysign", F64, Infinity, -1, -Infinity);
conv("uitofp", I32, F64, -1, 4294967295); conv("uitofp", I8, F64, -1, 255); conv("uitofp", I64, F64, -1n, 18446744073709551616);
conv("uitofp", I64, F64, 9007199254740993n, 9007199254740992); // ties to even
conv("fptoui", F64, I8, 300, -1); conv("fptoui", F64, I8, -5, 0); conv("fptoui", F64, I32, NaN, 0); conv("fptoui", F64, I32, 4294967295.5, -1);
conv("fptoui", F64, I16, 65535.9, -1); conv("fptoui", F64, I64, 1e20, -1n); conv("fptoui", F64, I64, 9223372036854775808, MIN64);
conv("fptoui", F64, I32, -0.9, 0); conv("fptoui", F64, I16, 200.99, 200);
// f32: every result rounded to binary32 (Rust's f32).
conv("fptrunc", F64, F32, 0.1, Math.fround(0.1)); conv("fptrunc", F64, F32, 1e40, Infinity); conv("fpext", F32, F64, Math.fround(0.1), 0.10000000149011612);
bin("fadd", F32, Math.fround(0.1), Math.fround(0.2), Math.fround(Math.fround(0.1) + Math.fround(0.2))); bin("fdiv", F32, 1, 3, 0.3333333432674408);
bin("fmul", F32, 16777216, 1.0000001, 16777218); un("sqrt", F32, 2, 1.4142135381698608); un("nearest", F32, 2.5, 2);
conv("sitofp", I64, F32, 16777217n, 16777216); conv("sitofp", I64, F32, (1n << 60n) + (1n << 36n) + 1n, 1152921642045800448); // just above a tie: up (through a double it would tie and go down)
conv("uitofp", I64, F32, -1n, 18446744073709551616); un("neg", F32, Math.fround(0.1), -Math.fround(0.1)); un("neg", F32, 0, -0); conv("sitofp", I32, F32, 16777219, 16777220); conv("fptosi", F32, I8, 300, 127); conv("fptoui", F32, I16, -1, 0);
const ADDO = trapOf("add_overflow", "attempt to add with overflow");
const SUBO = trapOf("sub_overflow", "attempt to subtract with overflow");
const MULO = trapOf("mul_overflow", "attempt to multiply with overflow");
bin("sadd.checked", I32, MAX32, 1, ADDO); bin("sadd.checked", I8, 100, 27, 127); bin("ssub.checked", I8, -128, 1, SUBO);
bin("smul.checked", I64, 1n << 32n, 1n << 31n, MULO); bin("smul.checked", I64, -(1n << 32n), 1n << 31n, MIN64); bin("smul.checked", I64, -1n, MIN64, MULO);
bin("uadd.checked", I8, -1, 1, ADDO); bin("usub.checked", I32, 0, 1, SUBO); bin("umul.checked", I16, 256, 256, MULO); bin("umul.checked", I16, 255, 257, -1);
bin("sadd.overflows", I32, MAX32, 1, true); bin("sadd.overflows", I32, MAX32, -1, false); bin("smul.overflows", I64, -1n, MIN64, true);
bin("smul.overflows", I64, MIN64, 1n, false); bin("umul.overflows", I64, -1n, 2n, true); bin("usub.overflows", I8, 1, 2, true);
bin("uadd.overflows", I16, -1, 0, false); bin("ssub.overflows", I32, 0, MIN32, true);

for (const c of cases) {
  test(c.title, (t) => {
    const go = () => interpret(c.module(), "f", c.args, c.options);
    if (c.expect instanceof TrapExpected) {
      const e = t.throws(go, { instanceOf: Trap, message: c.expect.message });
      t.is(e?.kind, c.expect.kind);
      t.is(e?.code, "trap");
    } else {
      t.deepEqual(go(), c.expect);
    }
  });
}

test("every opcode has a semantic case", (t) => {
  const covered = new Set<string>();
  for (const c of cases) for (const f of c.module().functions) for (const b of f.blocks) for (const i of b.insts) covered.add(i.op);
  const missing = (Object.keys(OPCODES) as Opcode[]).filter((o) => !covered.has(o));
  t.deepEqual(missing, []);
});

test("every trap kind of SPEC.md's table has a case", (t) => {
  const kinds = new Set(cases.map((c) => (c.expect instanceof TrapExpected ? c.expect.kind : null)));
  for (const k of ["bounds", "div_zero", "rem_zero", "div_overflow", "rem_overflow", "unreachable", "payload", "add_overflow", "sub_overflow", "mul_overflow"] as const) t.true(kinds.has(k), k);
});

test("recursion 20000 deep runs on the explicit stack", (t) => {
  t.is(interpret(factorial()(), "f", [20000n]), 0n); // 20000! wraps to 0 in i64
});

test("a trap is located at the innermost instruction", (t) => {
  const m = fn([I32], I32, (f) => {
    f.at(f.block("entry"));
    f.ret(f.call("g", [f.param(0)]));
  }, (mb) => {
    const g = mb.function("g", [["x", I32]], I32);
    g.at(g.block("body"));
    const one = g.iconst(I32, 1);
    g.ret(g.sdiv(one, g.param(0)));
  })();
  const e = t.throws(() => interpret(m, "f", [0]), { instanceOf: Trap });
  t.like(e?.location, { kind: "ir", func: "g", block: "body", inst: 1, text: "%t1 = sdiv %t0, %x" });
  t.regex(e!.format(), /^in function g, block body, instruction 1\b.*error\[trap\]: attempt to divide by zero$/);
});

test("an Interpreter is reusable and imports see i64 as bigint", (t) => {
  const seen: unknown[] = [];
  const m = fn([I64], I64, (f) => { f.at(f.block("entry")); f.callVoid("log", [f.param(0)]); f.ret(f.param(0)); }, (mb) => mb.import("log", [I64], null))();
  const it = new Interpreter(m, { imports: { log: (x) => { seen.push(x); } } });
  t.is(it.call("f", [5]), 5n);
  t.is(it.call("f", [-1n]), -1n);
  t.deepEqual(seen, [5n, -1n]);
  t.throws(() => it.call("f", []), { code: "option" });
  t.throws(() => it.call("nope", []), { code: "undefined" });
});

test("an import returning the wrong type traps", (t) => {
  const m = fn([], I32, (f) => { f.at(f.block("entry")); f.ret(f.call("get", [])); }, (mb) => mb.import("get", [], I32))();
  t.throws(() => interpret(m, "f", [], { imports: { get: () => "x" } }), { instanceOf: Trap, message: 'result of import @get: "x" is not a i32' });
});

test("interpret refuses a module that does not verify", (t) => {
  const m = fn([], I32, (f) => { f.at(f.block("entry")); f.ret(f.iconst(I32, 1)); f.at(f.block("dead")); f.ret(f.iconst(I32, 2)); })();
  t.throws(() => interpret(m, "f", []), { code: "cfg" });
});
