/**
 * The language of Cranelift 0.135 as the checker reads it: filetest files,
 * every calling convention, attributes, aliases, user names, the scalar and
 * vector instructions with their typing rules (each construct written here
 * as a small function, accepted, and a mutated copy refused), the five bugs
 * of the earlier checker, errors collected with columns, and "not covered"
 * kept apart from errors.
 */
import test from "ava";
import { aliasTarget, checkCLIF, checkFile, parseCLIF } from "./index.js";

/** A function `%f` with signature `sig` and body `body` (block0 onwards). */
const fn = (sig: string, body: string, pre = "") => `function %f${sig} {\n${pre}${body}\n}\n`;

test("a whole filetest: headers, several functions, default and explicit conventions, run and print comments", (t) => {
  const text = `test interpret
test run
set enable_llvm_abi_extensions=true
set opt_level=speed
target x86_64
target aarch64

function %add(i64, i64) -> i64 {
block0(v0: i64, v1: i64):
    v2 = iadd v0, v1
    return v2
}
; run: %add(1, 2) == 3
; print: %add(0, -1)

function %neg(i8 sext) -> i8 sext fast {
block0(v0: i8):
    v1 = ineg v0
    return v1
}
; run: %neg(1) == -1
`;
  const r = checkFile(text);
  t.deepEqual(r.errors, []);
  t.deepEqual(r.file.headers, ["test interpret", "test run", "set enable_llvm_abi_extensions=true", "set opt_level=speed", "target x86_64", "target aarch64"]);
  t.is(r.file.functions[0]!.sig.cc, "system_v", "the default convention of x86_64 and aarch64 Linux");
  t.is(r.file.functions[1]!.sig.cc, "fast");
  t.deepEqual(r.file.functions[0]!.runs.map((c) => [c.kind, c.line]), [["run", 13], ["print", 14]]);
  t.deepEqual(r.file.functions[1]!.runs.map((c) => c.text), ["run: %neg(1) == -1"]);
});

test("every calling convention of 0.135 is accepted", (t) => {
  for (const cc of ["fast", "cold", "tail", "system_v", "windows_fastcall", "apple_aarch64", "probestack", "winch", "patchable", "preserve_all"]) {
    t.deepEqual(checkCLIF(fn(`(i32) -> i32 ${cc}`, "block0(v0: i32):\n    return v0")), [], cc);
  }
});

test("attributes, value aliases, user function names, tail calls", (t) => {
  const text = `function u0:1(i64 vmctx, i32 uext, i64 sret) -> i32 sext system_v {
    sig0 = (i32 sext) -> i8 uext tail
    fn0 = colocated u0:2 sig0
block0(v0: i64, v1: i32, v2: i64):
    v3 -> v1
    v4 = call fn0(v3)
    v5 = sextend.i32 v4
    return v5
}

function u0:2(i32 sext) -> i8 uext tail {
    fn0 = %g(i32) -> i8 tail
block0(v0: i32):
    return_call fn0(v0)
}
`;
  t.deepEqual(checkCLIF(text), []);
});

test("aliasTarget follows a chain of value aliases, stops on a cycle, and leaves a plain value as it is", (t) => {
  const text = fn("(i32) -> i32", "block0(v0: i32):\n    v2 -> v1\n    v1 -> v0\n    v5 -> v6\n    v6 -> v5\n    return v2");
  const [f] = parseCLIF(text).functions;
  t.is(aliasTarget(f!, 2), 0);
  t.is(aliasTarget(f!, 1), 0);
  t.is(aliasTarget(f!, 0), 0);
  t.true([5, 6].includes(aliasTarget(f!, 5)));
  t.deepEqual(checkCLIF(text), []);
  t.true(checkCLIF(text.replace("return v2", "return v5")).some((e) => /undefined value v[56]/.test(e.message)));
});

/** [construct, valid function, the same with one mutation that Cranelift refuses, what the error says]. */
const CONSTRUCTS: [string, string, string, RegExp][] = [
  ["integer arithmetic at i128", fn("(i128, i128) -> i128", "block0(v0: i128, v1: i128):\n    v2 = imul v0, v1\n    v3 = udiv v2, v1\n    return v3"),
    fn("(i128, i64) -> i128", "block0(v0: i128, v1: i64):\n    v2 = imul v0, v1\n    return v2"), /operands differ in type/],
  ["overflow flags", fn("(i32, i32) -> i32, i8", "block0(v0: i32, v1: i32):\n    v2, v3 = uadd_overflow v0, v1\n    return v2, v3"),
    fn("(i32, i32) -> i32, i8", "block0(v0: i32, v1: i32):\n    v2 = uadd_overflow v0, v1\n    return v2, v2"), /produces 2 values, 1 named/],
  ["carry in and out", fn("(i64, i64, i8) -> i64, i8", "block0(v0: i64, v1: i64, v2: i8):\n    v3, v4 = uadd_overflow_cin v0, v1, v2\n    return v3, v4"),
    fn("(i64, i64, i64) -> i64, i8", "block0(v0: i64, v1: i64, v2: i64):\n    v3, v4 = uadd_overflow_cin v0, v1, v2\n    return v3, v4"), /v2 is i64, expected i8 \(the carry\)/],
  ["bit operations", fn("(i16) -> i16", "block0(v0: i16):\n    v1 = bnot v0\n    v2 = rotl v1, v0\n    v3 = clz v2\n    v4 = bswap v3\n    v5 = popcnt v4\n    return v5"),
    fn("(i8) -> i8", "block0(v0: i8):\n    v1 = bswap v0\n    return v1"), /v0 is i8, expected an integer of 16 to 128 bits/],
  ["bitwise ops on floats", fn("(f64, f64) -> f64", "block0(v0: f64, v1: f64):\n    v2 = band v0, v1\n    v3 = bor v2, v1\n    v4 = bxor v3, v0\n    return v4"),
    fn("(f64, f32) -> f64", "block0(v0: f64, v1: f32):\n    v2 = band v0, v1\n    return v2"), /operands differ in type/],
  ["float rounding and sign", fn("(f32, f32) -> f32", "block0(v0: f32, v1: f32):\n    v2 = floor v0\n    v3 = fcopysign v2, v1\n    v4 = fma v3, v0, v1\n    v5 = nearest v4\n    return v5"),
    fn("(f32, i32) -> f32", "block0(v0: f32, v1: i32):\n    v2 = fcopysign v0, v1\n    return v2"), /v1 is i32, expected a float/],
  ["float conversions", fn("(f32) -> i64", "block0(v0: f32):\n    v1 = fpromote.f64 v0\n    v2 = fcvt_to_sint.i64 v1\n    return v2"),
    fn("(f64) -> f32", "block0(v0: f64):\n    v1 = fpromote.f32 v0\n    return v1"), /the result must be wider/],
  ["float constants of every width", fn("() -> f64", "block0:\n    v0 = f16const 0x1.0p1\n    v1 = f32const -0x1.8p-3\n    v2 = f128const +NaN:0x1\n    v3 = f64const -sNaN:0x1\n    return v3"),
    fn("() -> f64", "block0:\n    v0 = f32const 0x1.0p200\n    v1 = f64const 0x1.0p0\n    return v1"), /too large for f32/],
  ["select variants and bmask", fn("(i8, i64, i64) -> i32", "block0(v0: i8, v1: i64, v2: i64):\n    v3 = select_spectre_guard v0, v1, v2\n    v4 = bmask.i32 v3\n    return v4"),
    fn("(i8, i64, i32) -> i64", "block0(v0: i8, v1: i64, v2: i32):\n    v3 = select v0, v1, v2\n    return v3"), /operands differ in type/],
  ["iconcat and isplit", fn("(i64, i64) -> i64", "block0(v0: i64, v1: i64):\n    v2 = iconcat v0, v1\n    v3, v4 = isplit v2\n    return v4"),
    fn("(i64, i32) -> i128", "block0(v0: i64, v1: i32):\n    v2 = iconcat v0, v1\n    return v2"), /operands differ in type/],
  ["atomics", fn("(i64, i32) -> i32", "block0(v0: i64, v1: i32):\n    v2 = atomic_rmw.i32 little xchg v0, v1\n    v3 = atomic_cas v0, v2, v1\n    atomic_store v3, v0\n    fence\n    v4 = atomic_load.i32 v0\n    return v4"),
    fn("(i64, i32) -> i32", "block0(v0: i64, v1: i32):\n    v2 = atomic_rmw.i32 xchange v0, v1\n    return v2"), /unknown memory flag 'xchange'/],
  ["call_indirect with a suffix, func_addr, pinned register", fn("(i64) -> i64", "block0(v0: i64):\n    v1 = func_addr.i64 fn0\n    v2 = call_indirect.i64 sig0, v1(v0)\n    set_pinned_reg v2\n    v3 = get_pinned_reg.i64\n    return v3", "    sig0 = (i64) -> i64\n    fn0 = %g sig0\n"),
    fn("(i64) -> i64", "block0(v0: i64):\n    v1 = func_addr.i64 fn0\n    v2 = call_indirect.i64 sig0, v1(v1, v0)\n    return v2", "    sig0 = (i64) -> i64\n    fn0 = %g sig0\n"), /passes 2 arguments/],
  ["vectors", fn("(i32x4, i32) -> i32", "block0(v0: i32x4, v1: i32):\n    v2 = splat.i32x4 v1\n    v3 = iadd v0, v2\n    v4 = icmp eq v3, v0\n    v5 = insertlane v3, v1, 3\n    v6 = extractlane v5, 3\n    v7 = vany_true v4\n    return v6"),
    fn("(i32x4) -> i32", "block0(v0: i32x4):\n    v1 = extractlane v0, 4\n    return v1"), /lane 4 is out of range for i32x4/],
  ["vector constants, shuffles and widening", fn("(i8x16) -> i16x8", "block0(v0: i8x16):\n    v1 = vconst.i8x16 [0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15]\n    v2 = shuffle v0, v1, [0 16 1 17 2 18 3 19 4 20 5 21 6 22 7 23]\n    v3 = swiden_low v2\n    return v3"),
    fn("(i8x16) -> i16x8", "block0(v0: i8x16):\n    v1 = swiden_low v0\n    v2 = swiden_low v1\n    return v2"), /value 0 v2 is i32x4, the function returns i16x8/],
  ["traps and conditional traps", fn("(i32, i32) -> i32", "block0(v0: i32, v1: i32):\n    v2 = uadd_overflow_trap v0, v1, user1\n    trapz v2, int_divz\n    return v2"),
    fn("(i8, i8) -> i8", "block0(v0: i8, v1: i8):\n    v2 = uadd_overflow_trap v0, v1, user1\n    return v2"), /expected i32 or i64/],
];

for (const [name, valid, invalid, message] of CONSTRUCTS) {
  test(`construct: ${name}`, (t) => {
    t.deepEqual(checkCLIF(valid), [], "the written function is accepted");
    const errors = checkCLIF(invalid);
    t.true(errors.some((e) => message.test(e.message)), `mutated copy: ${JSON.stringify(errors)}`);
  });
}

test("bug 1: a type suffix on call_indirect is accepted", (t) => {
  t.deepEqual(checkCLIF(fn("(i64) -> i64", "block0(v0: i64):\n    v1 = call_indirect.i64 sig0, v0(v0)\n    return v1", "    sig0 = (i64) -> i64\n")), []);
});

test("bug 2: a declaration with an inline signature creates the next sigN", (t) => {
  const text = fn("(i64) -> i64", "block0(v0: i64):\n    v1 = call_indirect sig1, v0(v0)\n    return v1", "    sig0 = (i32) -> i32\n    fn0 = %g(i64) -> i64\n");
  t.deepEqual(checkCLIF(text), []);
  const wrong = fn("(i64) -> i64", "block0(v0: i64):\n    v1 = call_indirect sig2, v0(v0)\n    return v1", "    sig0 = (i32) -> i32\n    fn0 = %g(i64) -> i64\n");
  t.true(checkCLIF(wrong).some((e) => /sig2 is not declared/.test(e.message)));
});

test("bug 3: band, bor and bxor on f64 are accepted", (t) => {
  t.deepEqual(checkCLIF(fn("(f64, f64) -> f64", "block0(v0: f64, v1: f64):\n    v2 = band v0, v1\n    v3 = bor v0, v2\n    v4 = bxor v3, v1\n    return v4")), []);
});

test("bug 4: f64const sNaN:0x1 without a sign is refused (the reader lexes it as a word); with a sign it is accepted", (t) => {
  const errors = checkCLIF(fn("() -> f64", "block0:\n    v0 = f64const sNaN:0x1\n    return v0"));
  t.is(errors.length, 1);
  t.is(errors[0]!.line, 3);
  t.deepEqual(checkCLIF(fn("() -> f64", "block0:\n    v0 = f64const +sNaN:0x1\n    return v0")), []);
});

test("bug 5: a hex float without a radix point is refused", (t) => {
  const errors = checkCLIF(fn("() -> f64", "block0:\n    v0 = f64const 0x1p3\n    return v0"));
  t.regex(errors[0]?.message ?? "", /needs a radix point/);
  t.is(errors[0]?.col, 19);
  t.deepEqual(checkCLIF(fn("() -> f64", "block0:\n    v0 = f64const 0x1.0p3\n    return v0")), []);
});

test("a result attribute is not taken for a calling convention", (t) => {
  t.deepEqual(checkCLIF(fn("(i8) -> i8 uext", "block0(v0: i8):\n    return v0")), []);
  t.deepEqual(checkCLIF(fn("(i8) -> i8 uext system_v", "block0(v0: i8):\n    return v0")), []);
  t.regex(checkCLIF(fn("(i8) -> i8 uextend", "block0(v0: i8):\n    return v0"))[0]?.message ?? "", /unknown calling convention 'uextend'/);
});

test("three independent errors are all reported, each with its line and column", (t) => {
  const text = `function %a(i32) -> i32 {
block0(v0: i32):
    v1 = iconst.i8 300
    return v0
}

function %b(i64) -> i64 {
block0(v0: i64):
    v1 = iadd v0, v9
    return v1
}

function %c() -> f64 {
block0:
    v0 = f64const 1.5
    return v0
}
`;
  const errors = checkCLIF(text);
  t.deepEqual(errors.map((e) => [e.line, e.col]), [[3, 20], [9, 19], [15, 19]]);
  t.regex(errors[0]!.message, /does not fit in i8/);
  t.regex(errors[1]!.message, /undefined value v9/);
  t.regex(errors[2]!.message, /must be hexadecimal/);
});

test("valid CLIF outside the checker is reported as not covered, never as an error", (t) => {
  const r = checkFile(fn("(i64) -> i64", "block0(v0: i64):\n    v1 = tls_value.i64 gv0\n    return v1", "    gv0 = symbol colocated tls %t\n"));
  t.deepEqual(r.errors, []);
  t.deepEqual(r.notCovered[0]!.map((n) => n.what), ["thread-local symbol", "instruction tls_value"]);
});

test("invalid forms stay refused", (t) => {
  const bad: [string, RegExp][] = [
    [fn("(i32) -> i32", "block0(v0: i32):\n    v1 = iconst.i128 1\n    return v0"), /iconst makes i8, i16, i32 or i64/],
    [fn("(i32) -> i32 sysv", "block0(v0: i32):\n    return v0"), /unknown calling convention 'sysv'/],
    [fn("(i32 zext) -> i32", "block0(v0: i32):\n    return v0"), /unknown attribute 'zext'/],
    [fn("(i32) -> i32", "block0(v0: i32):\n    v1 = sextend.i16 v0\n    return v0"), /the result must be wider/],
    [fn("(i32) -> i32", "block0(v0: i32):\n    v1 = fneg v0\n    return v0"), /expected a float/],
    [fn("(f64) -> f64", "block0(v0: f64):\n    v1 = clz v0\n    return v1"), /expected a scalar integer/],
    [fn("(i64) -> i64", "block0(v0: i64):\n    v1 = load.i64 little big v0\n    return v1"), /both big and little/],
    [fn("(i32x4) -> i32x4", "block0(v0: i32x4):\n    v1 = sdiv v0, v0\n    return v1"), /expected a scalar integer/],
    [fn("(i32) -> i32", "block0(v0: i32):\n    v2 -> v7\n    return v2"), /undefined value v7/],
  ];
  for (const [text, message] of bad) {
    const errors = checkCLIF(text);
    t.true(errors.some((e) => message.test(e.message)), `${message}: ${JSON.stringify(errors)}`);
  }
});
