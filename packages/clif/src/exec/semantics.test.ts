/**
 * Cranelift semantics as the executor implements them, each written
 * directly as CLIF text (a `kernel(i32) -> i32` the harness calls with
 * argv[1]) and checked on its printed output: wrapping arithmetic at i8,
 * i32 and i64, shift amounts modulo the width, signed division and
 * remainder signs and edge cases, unsigned division, extends and reduce,
 * select, br_table's unsigned default, narrow memory access, saturating
 * conversion, multiple results and indirect calls, and traps.
 */
import test from "ava";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildCLIFExecutable, clifEngine, invocationHarness, runExecutable } from "./index.js";

const dir = mkdtempSync(join(tmpdir(), "fzclif-semantics-"));
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
let serial = 0;
const KERNEL = { params: ["i32" as const], results: ["i32" as const] };

/** Builds `clif` with a harness calling kernel(arg) for each argument; call i runs with `exe i`. */
function buildKernel(clif: string, args: readonly number[]): string {
  const exe = join(dir, `k${serial++}`);
  const calls = args.map((a) => ({ fn: "kernel", sig: KERNEL, args: [BigInt.asUintN(32, BigInt(a))] }));
  buildCLIFExecutable(clif, [], exe, { harness: invocationHarness(calls) });
  return exe;
}

/** The decimal i32 a harness line `I ok HEX` reports. */
function result(stdout: string): string {
  const m = /^\d+ ok ([0-9a-f]+)\n$/.exec(stdout);
  return m ? BigInt.asIntN(32, BigInt(`0x${m[1]}`)).toString() : `unexpected output ${JSON.stringify(stdout)}`;
}

/** A `kernel(i32) -> i32` whose body starts at `block0(v0: i32):`. */
function kernel(body: string, preamble = "", extra = ""): string {
  return `${extra}function %kernel(i32) -> i32 system_v {\n${preamble}\nblock0(v0: i32):\n${body}\n}\n`;
}

/** Builds `clif` once and runs it with each argument, expecting the printed results. */
function runs(title: string, clif: string, cases: readonly [number, string][]): void {
  test(title, (t) => {
    const exe = buildKernel(clif, cases.map(([arg]) => arg));
    cases.forEach(([arg, out], i) => {
      const r = runExecutable(exe, [String(i)]);
      t.is(result(r.stdout), out, `kernel(${arg}): ${r.stderr}`);
      t.is(r.status, 0);
    });
  });
}

/** Builds `clif` and expects kernel(arg) to die of a trap (SIGILL under the executor and Cranelift alike). */
function traps(title: string, clif: string, arg: number): void {
  test(title, (t) => {
    const exe = buildKernel(clif, [arg]);
    const r = runExecutable(exe, ["0"]);
    t.is(r.stdout, "");
    t.is(r.signal, "SIGILL", `status ${r.status}`);
  });
}

runs("iadd wraps at i8", kernel("    v1 = ireduce.i8 v0\n    v2 = iconst.i8 100\n    v3 = iadd v1, v2\n    v4 = sextend.i32 v3\n    return v4"), [[100, "-56"], [27, "127"], [28, "-128"]]);
runs("iadd, isub and imul wrap at i32", kernel("    v1 = iconst.i32 0x7fff_ffff\n    v2 = iadd v0, v1\n    v3 = imul v2, v2\n    v4 = isub v3, v0\n    return v4"), [[1, "-1"], [0, "1"]]);
runs("iadd wraps at i64", kernel(
  "    v1 = sextend.i64 v0\n    v2 = iconst.i64 0x7fff_ffff_ffff_ffff\n    v3 = iadd v1, v2\n    v4 = iconst.i64 32\n    v5 = ushr v3, v4\n    v6 = ireduce.i32 v5\n    return v6",
), [[1, "-2147483648"], [0, "2147483647"], [-1, "2147483647"]]);
runs("imul of narrow values wraps without overflowing C's int", kernel("    v1 = ireduce.i16 v0\n    v2 = imul v1, v1\n    v3 = uextend.i32 v2\n    return v3"), [[65535, "1"], [300, "24464"]]);
runs("ishl takes the amount modulo the width (i32)", kernel("    v1 = iconst.i32 1\n    v2 = ishl v1, v0\n    return v2"), [[33, "2"], [31, "-2147483648"], [64, "1"]]);
runs("shifts take the amount modulo the width at i8 and i64, amount of another type", kernel(
  "    v1 = iconst.i8 1\n    v2 = ishl v1, v0\n    v3 = sextend.i32 v2\n    v4 = iconst.i64 -16\n    v5 = sshr v4, v0\n    v6 = ireduce.i32 v5\n    v7 = iadd v3, v6\n    return v7",
), [[9, "1"], [66, "0"], [7, "-129"]]);
runs("ushr is logical, sshr arithmetic", kernel("    v1 = iconst.i32 28\n    v2 = ushr v0, v1\n    v3 = sshr v0, v1\n    v4 = iconst.i32 100\n    v5 = imul v2, v4\n    v6 = iadd v5, v3\n    return v6"), [[-1, "1499"], [0x70000000, "707"]]);
runs("sdiv truncates toward zero", kernel("    v1 = iconst.i32 2\n    v2 = sdiv v0, v1\n    return v2"), [[-7, "-3"], [7, "3"], [-1, "0"]]);
runs("srem has the dividend's sign", kernel("    v1 = iconst.i32 -2\n    v2 = srem v0, v1\n    return v2"), [[-7, "-1"], [7, "1"], [-8, "0"]]);
runs("srem of MIN by -1 is 0", kernel("    v1 = iconst.i32 -1\n    v2 = srem v0, v1\n    return v2"), [[-2147483648, "0"], [5, "0"]]);
traps("sdiv of MIN by -1 traps", kernel("    v1 = iconst.i32 -1\n    v2 = sdiv v0, v1\n    return v2"), -2147483648);
traps("sdiv by zero traps", kernel("    v1 = iconst.i32 0\n    v2 = sdiv v0, v1\n    return v2"), 5);
traps("urem by zero traps", kernel("    v1 = iconst.i32 0\n    v2 = urem v0, v1\n    return v2"), 5);
runs("udiv and urem are unsigned", kernel("    v1 = iconst.i32 3\n    v2 = udiv v0, v1\n    v3 = urem v0, v1\n    v4 = isub v2, v3\n    return v4"), [[-1, "1431655765"], [10, "2"]]);
runs("uextend, sextend and ireduce", kernel(
  "    v1 = ireduce.i8 v0\n    v2 = uextend.i32 v1\n    v3 = sextend.i32 v1\n    v4 = iconst.i32 1000\n    v5 = imul v2, v4\n    v6 = iadd v5, v3\n    return v6",
), [[200, "199944"], [0x17f, "127127"], [-1, "254999"]]);
runs("select picks by a non-zero condition", kernel("    v1 = iconst.i32 10\n    v2 = iconst.i32 20\n    v3 = select v0, v1, v2\n    return v3"), [[0, "20"], [1, "10"], [-5, "10"]]);
runs("icmp gives 0 or 1 in an i8", kernel("    v1 = iconst.i32 0\n    v2 = icmp slt v0, v1\n    v3 = icmp ult v0, v1\n    v4 = iadd v2, v3\n    v5 = uextend.i32 v4\n    return v5"), [[-3, "1"], [3, "0"]]);
runs("br_table takes the default for an out-of-range index, negative ones included", kernel(
  "    br_table v0, block9, [block1, block2(v0), block1]\nblock1:\n    v1 = iconst.i32 11\n    return v1\nblock2(v2: i32):\n    v3 = iconst.i32 20\n    v4 = iadd v2, v3\n    return v4\nblock9:\n    v9 = iconst.i32 99\n    return v9",
), [[0, "11"], [1, "21"], [2, "11"], [3, "99"], [-1, "99"]]);
runs("block parameters are a parallel copy", kernel(
  "    v1 = iconst.i32 1\n    v2 = iconst.i32 0\n    jump block1(v1, v0, v2)\nblock1(v3: i32, v4: i32, v5: i32):\n    brif v4, block2, block3(v3)\nblock2:\n    v6 = iconst.i32 1\n    v7 = isub v4, v6\n    jump block1(v5, v7, v3)\nblock3(v8: i32):\n    return v8",
), [[0, "1"], [1, "0"], [2, "1"], [5, "0"]]);
runs("narrow loads and stores on a stack slot", kernel(
  "    v1 = stack_addr.i64 ss0\n    store notrap aligned v0, v1\n    istore8 v0, v1+4\n    v2 = sload8.i32 notrap aligned v1+4\n    v3 = uload16.i32 notrap aligned v1\n    v4 = iadd v2, v3\n    return v4",
  "    ss0 = explicit_slot 8, align = 4",
), [[0x1234ff, "13566"], [0x7f, "254"]]);
runs("fcvt_to_sint_sat saturates and maps NaN to 0", kernel(
  "    v1 = fcvt_from_sint.f64 v0\n    v2 = f64const 0x1.0p40\n    v3 = fmul v1, v2\n    v4 = fcvt_to_sint_sat.i32 v3\n    v5 = fsub v3, v3\n    v6 = f64const +Inf\n    v7 = fmul v5, v6\n    v8 = fcvt_to_sint_sat.i32 v7\n    v9 = iadd v4, v8\n    return v9",
), [[1, "2147483647"], [-1, "-2147483648"], [0, "0"]]);
runs("multiple results, func_addr and call_indirect", kernel(
  "    v1 = func_addr.i64 fn0\n    v2 = sextend.i64 v0\n    v3, v4 = call_indirect sig0, v1(v2, v2)\n    v5 = isub v3, v4\n    v6 = ireduce.i32 v5\n    return v6",
  "    sig0 = (i64, i64) -> i64, i64 system_v\n    fn0 = colocated %pair sig0",
  "function %pair(i64, i64) -> i64, i64 system_v {\nblock0(v0: i64, v1: i64):\n    v2 = iconst.i64 3\n    v3 = imul v0, v2\n    return v3, v1\n}\n\n",
), [[5, "10"], [-2, "-4"]]);
traps("trapnz traps on non-zero", kernel("    trapnz v0, user9\n    return v0"), 1);
runs("trapnz passes on zero", kernel("    trapnz v0, user9\n    return v0"), [[0, "0"]]);

test("an unknown instruction is rejected with its line", (t) => {
  const e = t.throws(() => buildCLIFExecutable(kernel("    v1 = inegate v0\n    return v1"), [], join(dir, "bad")));
  t.regex(e!.message, /line 4: unknown instruction 'inegate'/);
});

test("valid CLIF the executor cannot translate is an error naming the type, never a guess", (t) => {
  const e = t.throws(() => buildCLIFExecutable(kernel("    v1 = f16const 0x1.0\n    v2 = bitcast.i16 v1\n    v3 = uextend.i32 v2\n    return v3"), [], join(dir, "bad1")));
  t.regex(e!.message, /the executor does not run f16 values/);
});

test("invalid CLIF is rejected before anything is compiled", (t) => {
  const e = t.throws(() => buildCLIFExecutable(kernel("    v1 = iconst.i64 1\n    return v1"), [], join(dir, "bad2")));
  t.regex(e!.message, /line 5: return: value 0 v1 is i64, the function returns i32/);
});

test("the engine is the executor unless FZ_CLIF_TOOL is set", (t) => {
  t.is(clifEngine({}), "executor");
  t.is(clifEngine({ FZ_CLIF_TOOL: "/opt/clif-tool" }), "cranelift");
});
