/**
 * Run lines through the executor, on a filetest written here: each
 * expected value is computed by hand from Cranelift's semantics, and the
 * executor must reproduce it, for the flag, wide, conversion, bit, atomic,
 * alias, tail-call and vector constructs; a wrong expectation fails, and a
 * function the executor cannot translate is reported as not run.
 */
import test from "ava";
import { checkFile } from "../check/index.js";
import { runCommands } from "./runner.js";

const FILETEST = `test run
target x86_64

function %flags(i8, i8) -> i8, i8 {
block0(v0: i8, v1: i8):
    v2, v3 = sadd_overflow v0, v1
    return v2, v3
}
; run: %flags(100, 27) == [127, 0]
; run: %flags(100, 28) == [-128, 1]

function %wide(i64, i64) -> i64 {
block0(v0: i64, v1: i64):
    v2 = iconcat v0, v1
    v3 = iconst.i64 3
    v4 = uextend.i128 v3
    v5 = udiv v2, v4
    v6, v7 = isplit v5
    return v7
}
; run: %wide(0, 3) == 1
; run: %wide(0, 6) == 2

function %conv(f64) -> i32, i8 {
block0(v0: f64):
    v1 = fcvt_to_sint_sat.i32 v0
    v2 = fcvt_to_uint_sat.i8 v0
    return v1, v2
}
; run: %conv(0x1.0p40) == [2147483647, -1]
; run: %conv(-0x1.8p1) == [-3, 0]
; run: %conv(NaN) == [0, 0]

function %bits(i32) -> i32 {
block0(v0: i32):
    v1 = bitrev v0
    v2 = clz v1
    v3 = umulhi v1, v1
    v4 = iadd v2, v3
    return v4
}
; run: %bits(1) == 0x40000000
; run: %bits(2) == 0x10000001

function %atomics(i32) -> i32, i32 {
    ss0 = explicit_slot 4, align = 4
block0(v0: i32):
    v1 = stack_addr.i64 ss0
    v2 = iconst.i32 5
    store v2, v1
    v3 = atomic_rmw.i32 umax v1, v0
    v4 = atomic_load.i32 v1
    return v3, v4
}
; run: %atomics(3) == [5, 5]
; run: %atomics(9) == [5, 9]

function %callee(i32) -> i32 tail {
block0(v0: i32):
    v1 = ineg v0
    return v1
}

function %alias_tail(i32) -> i32 tail {
    fn0 = %callee(i32) -> i32 tail
block0(v0: i32):
    v1 -> v0
    return_call fn0(v1)
}
; run: %alias_tail(7) == -7

function %vec(i32x4, i32x4) -> i32x4, i8 {
block0(v0: i32x4, v1: i32x4):
    v2 = iadd v0, v1
    v3 = icmp sgt v2, v0
    v4 = vall_true v3
    v5 = bitcast.i8x16 little v2
    v6 = bitcast.i8x16 little v0
    v7 = shuffle v5, v6, [16 17 18 19 0 1 2 3 20 21 22 23 4 5 6 7]
    v8 = bitcast.i32x4 little v7
    return v8, v4
}
; run: %vec([1 2 3 4], [10 20 30 40]) == [[1 11 2 22], 1]
; run: %vec([1 2 3 4], [10 -20 30 40]) == [[1 11 2 -18], 0]

function %vfloat(f32x4) -> i8 {
block0(v0: f32x4):
    v1 = vany_true v0
    return v1
}
; run: %vfloat([0.0 -0.0 0.0 0.0]) == 1
; run: %vfloat([0.0 0.0 0.0 0.0]) == 0
; run: %vfloat([0.0 0.0 0.0 0.0]) == 1

function %half(f16) -> f16 {
block0(v0: f16):
    return v0
}
; run: %half(0x1.0) == 0x1.0
`;

test("run lines of a written filetest: every expected value reproduced, a wrong one fails, f16 not run", (t) => {
  const report = checkFile(FILETEST);
  t.deepEqual(report.errors, []);
  const outcomes = runCommands(FILETEST, report);
  const summary = outcomes.map((o) => `${"cmd" in o ? o.cmd.line : o.line} ${o.kind}`);
  const failing = outcomes.filter((o) => o.kind !== "pass").map((o) => ("cmd" in o ? o.cmd.line : o.line));
  t.is(outcomes.length, 18, summary.join("\n"));
  const lineOf = (text: string) => FILETEST.split("\n").indexOf(text) + 1;
  t.deepEqual(failing, [lineOf("; run: %vfloat([0.0 0.0 0.0 0.0]) == 1"), lineOf("; run: %half(0x1.0) == 0x1.0")], summary.join("\n"));
  const half = outcomes.find((o) => o.kind === "not-run");
  t.regex(half && "why" in half ? half.why : "", /does not run f16/);
});
