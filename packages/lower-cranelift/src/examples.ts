/**
 * Small hand-built lowered modules, one per printer feature. The golden
 * tests print them and pass every golden through the strict checker; the
 * conformance suite runs them natively. Each documents the result its
 * `kernel(n)` computes so tests can derive the expected value themselves.
 */
import { LFunctionBuilder, runtimeFn, type LBlockId, type LData, type LModule, type LValue } from "@fzy/lir";

/** A named example module. */
export interface Example {
  readonly name: string;
  /** What the example exercises (becomes the golden's header). */
  readonly summary: string;
  readonly build: () => LModule;
}

const utf8 = (s: string) => new TextEncoder().encode(s);
const none: readonly LValue[] = [];
const to = (block: LBlockId, args: readonly LValue[] = none) => ({ block, args });

/** `kernel(n) = sum of i*i for i in 0..n`, wrapping in i32; (i, acc) are loop-header block parameters. */
export function countingLoop(): LModule {
  const f = new LFunctionBuilder("kernel", ["i32"], ["i32"], true);
  const [n] = f.args;
  const header = f.newBlock(["i32", "i32"]);
  const body = f.newBlock();
  const exit = f.newBlock(["i32"]);
  f.jump(header, [f.iconst("i32", 0), f.iconst("i32", 0)]);
  f.switchTo(header);
  const [i, acc] = f.blockParams(header);
  f.brif(f.icmp("slt", i!, n!), to(body), to(exit, [acc!]));
  f.switchTo(body);
  const acc2 = f.binary("iadd", acc!, f.binary("imul", i!, i!));
  f.jump(header, [f.binary("iadd", i!, f.iconst("i32", 1)), acc2]);
  f.switchTo(exit);
  f.ret([f.blockParams(exit)[0]!]);
  return { name: "counting_loop", functions: [f.finish()], externs: [], data: [] };
}

/** The value `countingLoop`'s kernel returns for `n`. */
export function countingLoopResult(n: number): number {
  let acc = 0;
  for (let i = 0; i < n; i++) acc = (acc + Math.imul(i, i)) | 0;
  return acc;
}

/**
 * `kernel(x)`: a dense match on 0..3 through br_table (0 and 2 share an arm);
 * the default is an impossible, cold panic. Arms meet in a join block.
 * 0 -> 100, 1 -> 7, 2 -> 102, 3 -> 9.
 */
export function denseMatch(): LModule {
  const f = new LFunctionBuilder("kernel", ["i32"], ["i32"], true);
  const [x] = f.args;
  const [a, b, c] = [f.newBlock(), f.newBlock(), f.newBlock()];
  const join = f.newBlock(["i32"]);
  const impossible = f.newBlock([], true);
  f.brTable(x!, to(impossible), [to(a), to(b), to(a), to(c)]);
  f.switchTo(a);
  f.jump(join, [f.binary("iadd", x!, f.iconst("i32", 100))]);
  f.switchTo(b);
  f.jump(join, [f.iconst("i32", 7)]);
  f.switchTo(c);
  f.jump(join, [f.binary("imul", x!, x!)]);
  f.switchTo(join);
  f.ret([f.blockParams(join)[0]!]);
  f.switchTo(impossible);
  f.call("fz_panic_unreachable", [], []);
  f.trap();
  return { name: "dense_match", functions: [f.finish()], externs: [runtimeFn("fz_panic_unreachable")], data: [] };
}

/**
 * `kernel(_) = position of "needle" in a literal haystack` (18) through the
 * pure runtime helper `fz_view_find`; `fz_str_len` is listed but never
 * called, so it is not declared.
 */
export function stringLiteral(): LModule {
  const hay: LData = { name: "str_hay", bytes: utf8('say "hi" \\ to the needle\n\u00e9\0'), align: 1, relocs: [], writable: false };
  const needle: LData = { name: "str_needle", bytes: utf8("needle"), align: 1, relocs: [], writable: false };
  const f = new LFunctionBuilder("kernel", ["i32"], ["i32"], true);
  const h = f.symbolAddr(hay.name), nd = f.symbolAddr(needle.name);
  const [at] = f.call("fz_view_find", [h, f.iconst("i64", hay.bytes.length), nd, f.iconst("i64", needle.bytes.length)], ["i64"]);
  f.ret([f.convert("trunc", at!, "i32")]);
  return { name: "string_literal", functions: [f.finish()], externs: [runtimeFn("fz_view_find"), runtimeFn("fz_str_len")], data: [hay, needle] };
}

/**
 * `kernel(i) = [1, 2, 5, 10, 17, 26, 37, 50][i]` (k*k + 1) from a stack-slot
 * array, bounds-checked: the failing side is a cold call to the noreturn
 * `fz_panic_bounds(index, len)`, then `trap`.
 */
export function boundsPanic(): LModule {
  const f = new LFunctionBuilder("kernel", ["i32"], ["i32"], true);
  const [i] = f.args;
  const slot = f.newSlot(32, 4);
  const base = f.stackAddr(slot);
  for (let k = 0; k < 8; k++) f.store(base, f.iconst("i32", k * k + 1), k * 4);
  const idx = f.convert("sext", i!, "i64");
  const len = f.iconst("i64", 8);
  const ok = f.newBlock();
  const fail = f.newBlock([], true);
  f.brif(f.icmp("ult", idx, len), to(ok), to(fail));
  f.switchTo(fail);
  f.call("fz_panic_bounds", [idx, len], []);
  f.trap();
  f.switchTo(ok);
  const at = f.ptrAdd(base, f.binary("imul", idx, f.iconst("i64", 4)));
  f.ret([f.load("i32", at)]);
  return { name: "bounds_panic", functions: [f.finish()], externs: [runtimeFn("fz_panic_bounds")], data: [] };
}

/**
 * `kernel(x) = max(x, 7) + (is_small(x) ? 1 : 0)`: a select, and a bool
 * crossing a call as an i8 result that is widened with uextend.
 */
export function selectMax(): LModule {
  const g = new LFunctionBuilder("is_small", ["i32"], ["bool"], false);
  g.ret([g.icmp("ult", g.args[0]!, g.iconst("i32", 10))]);
  const f = new LFunctionBuilder("kernel", ["i32"], ["i32"], true);
  const [x] = f.args;
  const seven = f.iconst("i32", 7);
  const max = f.select(f.icmp("sgt", x!, seven), x!, seven);
  const [small] = f.call("is_small", [x!], ["bool"]);
  f.ret([f.binary("iadd", max, f.convert("uext", small!, "i32"))]);
  return { name: "select_max", functions: [g.finish(), f.finish()], externs: [], data: [] };
}

/**
 * `kernel(n)`: fill a 16 x i64 stack array with k*3 in a loop (stride 8),
 * then return the element n & 15 read through `opaque`, truncated:
 * (n & 15) * 3.
 */
export function stackArray(): LModule {
  const f = new LFunctionBuilder("kernel", ["i32"], ["i32"], true);
  const [n] = f.args;
  const slot = f.newSlot(128, 8);
  const fill = f.newBlock(["i64"]);
  const done = f.newBlock();
  f.jump(fill, [f.iconst("i64", 0)]);
  f.switchTo(fill);
  const [k] = f.blockParams(fill);
  const base = f.stackAddr(slot);
  const at = f.ptrAdd(base, f.binary("ishl", k!, f.iconst("i64", 3)));
  f.store(at, f.binary("imul", k!, f.iconst("i64", 3)));
  const k1 = f.binary("iadd", k!, f.iconst("i64", 1));
  f.brif(f.icmp("ult", k1, f.iconst("i64", 16)), to(fill, [k1]), to(done));
  f.switchTo(done);
  const idx = f.convert("uext", f.binary("band", n!, f.iconst("i32", 15)), "i64");
  const elem = f.load("i64", f.ptrAdd(f.stackAddr(slot, 0), f.binary("imul", idx, f.iconst("i64", 8))));
  f.ret([f.convert("trunc", f.opaque(elem), "i32")]);
  return { name: "stack_array", functions: [f.finish()], externs: [], data: [] };
}

/**
 * `again(n)` loops back to its own first block while n < 100, adding 7;
 * `kernel(n) = again(n)`, the first n + 7k that is at least 100. The entry block of `again` is a branch target, so
 * the printer gives it a fresh entry block.
 */
export function entryLoop(): LModule {
  const g = new LFunctionBuilder("again", ["i32"], ["i32"], false);
  const [n] = g.args;
  const out = g.newBlock();
  g.brif(g.icmp("slt", n!, g.iconst("i32", 100)), to(0 as LBlockId, [g.binary("iadd", n!, g.iconst("i32", 7))]), to(out));
  g.switchTo(out);
  g.ret([n!]);
  const f = new LFunctionBuilder("kernel", ["i32"], ["i32"], true);
  f.ret(f.call("again", [f.args[0]!], ["i32"]));
  return { name: "entry_loop", functions: [g.finish(), f.finish()], externs: [], data: [] };
}

/**
 * Floats and conversions: `kernel(n) = fptosi_sat(sitofp(n) * 2.5) + (x != x
 * ? 1 : 0)`, the bits of the f64 through bitcast, an ordered and an
 * unordered comparison, and a relocated pointer table in writable data.
 */
export function floatOps(): LModule {
  const table: LData = { name: "tbl", bytes: new Uint8Array(16), align: 8, relocs: [{ offset: 8, symbol: "str_x", addend: 1 }], writable: true };
  const str: LData = { name: "str_x", bytes: utf8("xy"), align: 1, relocs: [], writable: false };
  const f = new LFunctionBuilder("kernel", ["i32"], ["i32"], true);
  const x = f.binary("fmul", f.convert("sitofp", f.args[0]!, "f64"), f.fconst(2.5));
  const bits = f.convert("bitcast", x, "i64");
  const back = f.convert("bitcast", bits, "f64");
  const nan = f.fcmp("ne", back, back);
  const lt = f.fcmp("lt", back, f.fconst(-0));
  const flag = f.binary("bor", nan, lt);
  const tp = f.symbolAddr("tbl");
  const p = f.load("ptr", tp, 8, true);
  const byte = f.load("i8", f.convert("int_to_ptr", f.convert("ptr_to_int", p, "i64"), "ptr"));
  const r = f.binary("iadd", f.convert("fptosi_sat", x, "i32"), f.convert("uext", flag, "i32"));
  f.ret([f.binary("iadd", r, f.convert("sext", byte, "i32"))]);
  return { name: "float_ops", functions: [f.finish()], externs: [], data: [table, str] };
}

/** Every example, in golden order. */
export const EXAMPLES: readonly Example[] = [
  { name: "counting-loop", summary: "a loop whose header carries (i, acc) as block parameters", build: countingLoop },
  { name: "dense-match", summary: "a dense match through br_table with a cold, impossible default", build: denseMatch },
  { name: "string-literal", summary: "data objects for string literals and a runtime call", build: stringLiteral },
  { name: "bounds-panic", summary: "a stack-slot array with a bounds check calling a noreturn panic on a cold path", build: boundsPanic },
  { name: "select", summary: "a select, and a bool crossing a call", build: selectMax },
  { name: "stack-array", summary: "a stack-slot array filled in a loop, read through opaque", build: stackArray },
  { name: "entry-loop", summary: "a branch back to the first block, which gets a fresh entry block", build: entryLoop },
  { name: "float-ops", summary: "f64 constants, conversions, comparisons, bitcasts and a relocated data object", build: floatOps },
];
