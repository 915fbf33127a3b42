/**
 * Small hand-built lowered modules, one per printer feature: the golden tests
 * print them, the conformance suite verifies and runs them natively. Each is
 * built with the lowered builder, so value and block ids are stable, and
 * each documents the semantics its native test checks.
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
const noArgs: readonly LValue[] = [];

/**
 * `kernel(n) = sum of i*i for i in 0..n`, wrapping in i32. The loop header
 * carries (i, acc) as block parameters.
 */
export function countingLoop(): LModule {
  const f = new LFunctionBuilder("kernel", ["i32"], ["i32"], true);
  const [n] = f.args;
  const header = f.newBlock(["i32", "i32"]);
  const body = f.newBlock();
  const exit = f.newBlock(["i32"]);
  f.jump(header, [f.iconst("i32", 0), f.iconst("i32", 0)]);
  f.switchTo(header);
  const [i, acc] = f.blockParams(header);
  f.brif(f.icmp("slt", i!, n!), { block: body, args: noArgs }, { block: exit, args: [acc!] });
  f.switchTo(body);
  const acc2 = f.binary("iadd", acc!, f.binary("imul", i!, i!));
  f.jump(header, [f.binary("iadd", i!, f.iconst("i32", 1)), acc2]);
  f.switchTo(exit);
  f.ret([f.blockParams(exit)[0]!]);
  return { name: "counting_loop", functions: [f.finish()], externs: [], data: [] };
}

/**
 * A dense match on 0..3 through a jump table; 0 and 2 share an arm, and the
 * default is an impossible, cold panic. The arms meet in a join block.
 */
export function denseMatch(): LModule {
  const f = new LFunctionBuilder("classify", ["i32"], ["i32"], true);
  const [x] = f.args;
  const [a, b, c] = [f.newBlock(), f.newBlock(), f.newBlock()];
  const join = f.newBlock(["i32"]);
  const impossible = f.newBlock([], true);
  const to = (block: LBlockId) => ({ block, args: noArgs });
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
 * `kernel(_) = position of "needle" in the haystack literal`, through the pure
 * runtime helper `fz_view_find`. The haystack has bytes that need escaping.
 * `fz_str_len` is listed but never called, so it is not declared.
 */
export function stringLiteral(): LModule {
  const hay: LData = { name: "str_hay", bytes: utf8('say "hi" \\ to the needle\n\u00e9\0'), align: 1, relocs: [], writable: false };
  const needle: LData = { name: "str_needle", bytes: utf8("needle"), align: 1, relocs: [], writable: false };
  const f = new LFunctionBuilder("kernel", ["i32"], ["i32"], true);
  const h = f.symbolAddr(hay.name), nd = f.symbolAddr(needle.name);
  const [at] = f.call("fz_view_find", [h, f.iconst("i64", hay.bytes.length), nd, f.iconst("i64", needle.bytes.length)], ["i64"]);
  f.ret([f.convert("trunc", at!, "i32")]);
  return {
    name: "string_literal",
    functions: [f.finish()],
    externs: [runtimeFn("fz_view_find"), runtimeFn("fz_str_len")],
    data: [hay, needle],
  };
}

/**
 * `kernel(i) = [1, 2, 5, 10, 17, 26, 37, 50][i]` (k*k + 1) from a stack array,
 * with a bounds check whose failing side is a cold call to the noreturn
 * `fz_panic_bounds(index, len)`.
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
  f.brif(f.icmp("ult", idx, len), { block: ok, args: noArgs }, { block: fail, args: noArgs });
  f.switchTo(fail);
  f.call("fz_panic_bounds", [idx, len], []);
  f.trap();
  f.switchTo(ok);
  const at = f.ptrAdd(base, f.binary("imul", idx, f.iconst("i64", 4)));
  f.ret([f.load("i32", at)]);
  return { name: "bounds_panic", functions: [f.finish()], externs: [runtimeFn("fz_panic_bounds")], data: [] };
}

/**
 * Edges that need splitting: a brif whose arms both reach `join` with
 * different arguments, and a br_table reaching `tail` several times with
 * differing and repeated arguments, and a brif whose arms carry the same
 * arguments to `tail` (one phi row per edge, no split). `grow` loops back to
 * its own entry block, which therefore needs a prologue.
 */
export function edgeSplit(): LModule {
  const g = new LFunctionBuilder("grow", ["i32"], ["i32"], false);
  const [n] = g.args;
  const done = g.newBlock();
  const doubled = g.binary("iadd", g.binary("imul", n!, g.iconst("i32", 2)), g.iconst("i32", 1));
  g.brif(g.icmp("sgt", n!, g.iconst("i32", 1000)), { block: done, args: noArgs }, { block: 0 as LBlockId, args: [doubled] });
  g.switchTo(done);
  g.ret([n!]);

  const f = new LFunctionBuilder("kernel", ["i32"], ["i32"], true);
  const [x] = f.args;
  const join = f.newBlock(["i32"]);
  const tail = f.newBlock(["i32"]);
  const other = f.newBlock();
  f.brif(f.icmp("sgt", x!, f.iconst("i32", 0)), { block: join, args: [x!] }, { block: join, args: [f.binary("isub", f.iconst("i32", 0), x!)] });
  f.switchTo(join);
  const [y] = f.blockParams(join);
  const one = f.iconst("i32", 1), two = f.iconst("i32", 2);
  f.brTable(f.binary("band", y!, f.iconst("i32", 3)), { block: tail, args: [y!] }, [
    { block: tail, args: [one] },
    { block: tail, args: [two] },
    { block: tail, args: [one] },
    { block: other, args: noArgs },
  ]);
  f.switchTo(other);
  f.brif(f.icmp("eq", y!, x!), { block: tail, args: [two] }, { block: tail, args: [two] });
  f.switchTo(tail);
  const [r] = f.call("grow", [f.blockParams(tail)[0]!], ["i32"]);
  f.ret([r!]);
  return { name: "edge_split", functions: [g.finish(), f.finish()], externs: [], data: [] };
}

/**
 * `kernel(a) = max(a, 7) + pick(a < 10, 1, 0)`: selects, and bools crossing a
 * call as parameter and result.
 */
export function selectMax(): LModule {
  const s = new LFunctionBuilder("is_small", ["i32"], ["bool"], false);
  s.ret([s.icmp("ult", s.args[0]!, s.iconst("i32", 10))]);

  const p = new LFunctionBuilder("pick", ["bool", "i32", "i32"], ["i32"], false);
  const [c, yes, no] = p.args;
  p.ret([p.select(c!, yes!, no!)]);

  const f = new LFunctionBuilder("kernel", ["i32"], ["i32"], true);
  const [a] = f.args;
  const seven = f.iconst("i32", 7);
  const max = f.select(f.icmp("sgt", a!, seven), a!, seven);
  const [small] = f.call("is_small", [a!], ["bool"]);
  const [bonus] = f.call("pick", [small!, f.iconst("i32", 1), f.iconst("i32", 0)], ["i32"]);
  f.ret([f.binary("iadd", max, bonus!)]);
  return { name: "select_max", functions: [s.finish(), p.finish(), f.finish()], externs: [], data: [] };
}

/**
 * A stack array of four i64 filled through an interior address (stack_addr
 * with an offset) and summed back with loads at fixed offsets.
 */
export function stackArray(): LModule {
  const f = new LFunctionBuilder("kernel", ["i32"], ["i32"], true);
  const [x] = f.args;
  const slot = f.newSlot(32, 8);
  const wide = f.convert("sext", x!, "i64");
  const upper = f.stackAddr(slot, 16);
  f.store(f.stackAddr(slot), wide);
  f.store(f.stackAddr(slot), f.binary("iadd", wide, wide), 8);
  f.store(upper, f.binary("ishl", wide, f.iconst("i64", 2)));
  f.store(upper, f.iconst("i64", -1), 8);
  const base = f.stackAddr(slot);
  let sum = f.load("i64", base);
  for (let k = 1; k < 4; k++) sum = f.binary("iadd", sum, f.load("i64", base, k * 8));
  f.ret([f.convert("trunc", sum, "i32")]);
  return { name: "stack_array", functions: [f.finish()], externs: [], data: [] };
}

/**
 * Float operations: exact constants (0.1, -0.0, infinity, NaN), `ne` true on
 * NaN, saturating float-to-int, bit reinterpretation, and an opaque identity.
 */
export function floatOps(): LModule {
  const f = new LFunctionBuilder("kernel", ["i32"], ["i32"], true);
  const [x] = f.args;
  const d = f.opaque(f.convert("sitofp", x!, "f64"));
  const scaled = f.binary("fmul", d, f.fconst(0.1));
  const nan = f.fconst(Number.NaN);
  const isNan = f.fcmp("ne", nan, nan);
  const clamped = f.select(f.fcmp("lt", scaled, f.fconst(-0)), f.fconst(Number.POSITIVE_INFINITY), scaled);
  const asInt = f.convert("fptosi_sat", f.binary("fdiv", clamped, f.fconst(3)), "i32");
  const bits = f.convert("bitcast", scaled, "i64");
  const low = f.convert("trunc", f.binary("ushr", bits, f.iconst("i64", 60)), "i32");
  f.ret([f.binary("iadd", f.binary("iadd", asInt, low), f.convert("uext", isNan, "i32"))]);
  return { name: "float_ops", functions: [f.finish()], externs: [], data: [] };
}

/**
 * Constant data with relocations (a table of two views into a text object,
 * one with an addend), a writable counter, and a runtime handle stored as an
 * integer: `kernel(_)` interns the second view, keeps the handle in a runtime
 * array and returns its length through `fz_str_len`.
 */
export function dataRelocs(): LModule {
  const text: LData = { name: "text", bytes: utf8("alpha beta"), align: 1, relocs: [], writable: false };
  const table = new Uint8Array(32);
  table[8] = 5; // view 0: "alpha", length 5 at offset 8
  table[24] = 4; // view 1: "beta", length 4 at offset 24
  const views: LData = {
    name: "views", bytes: table, align: 8, writable: false,
    relocs: [{ offset: 16, symbol: "text", addend: 6 }, { offset: 0, symbol: "text", addend: 0 }],
  };
  const counter: LData = { name: "counter", bytes: new Uint8Array(8), align: 8, relocs: [], writable: true };
  const f = new LFunctionBuilder("kernel", ["i32"], ["i32"], true);
  const t = f.symbolAddr("views");
  const s = f.call("fz_str_intern", [f.load("ptr", t, 16, true), f.load("i64", t, 24, true)], ["ptr"])[0]!;
  const arr = f.call("fz_array_new", [f.iconst("i64", 1)], ["ptr"])[0]!;
  f.call("fz_array_set", [arr, f.iconst("i64", 0), f.convert("ptr_to_int", s, "i64")], []);
  const back = f.convert("int_to_ptr", f.call("fz_array_get", [arr, f.iconst("i64", 0)], ["i64"])[0]!, "ptr");
  const len = f.call("fz_str_len", [back], ["i64"])[0]!;
  const c = f.symbolAddr("counter");
  f.store(c, f.binary("iadd", f.load("i64", c), len));
  f.ret([f.convert("trunc", len, "i32")]);
  return {
    name: "data_relocs",
    functions: [f.finish()],
    externs: ["fz_str_intern", "fz_array_new", "fz_array_set", "fz_array_get", "fz_str_len"].map(runtimeFn),
    data: [text, views, counter],
  };
}

/** Every example, in golden order. */
export const EXAMPLES: readonly Example[] = [
  { name: "counting-loop", summary: "a counting loop: the header's block parameters (i, acc) become phis", build: countingLoop },
  { name: "dense-match", summary: "a dense match as a switch, shared arms, a cold default that panics", build: denseMatch },
  { name: "string-literal", summary: "string literals as private constants and a call to a pure runtime helper", build: stringLiteral },
  { name: "bounds-panic", summary: "a bounds check branching to a cold noreturn panic; a stack array", build: boundsPanic },
  { name: "edge-split", summary: "edges split for phis, and an entry block that is a loop header (prologue)", build: edgeSplit },
  { name: "select", summary: "selects, and bools crossing calls as parameter and result (zeroext)", build: selectMax },
  { name: "stack-array", summary: "a stack slot as an alloca, stored and loaded at fixed offsets", build: stackArray },
  { name: "float-ops", summary: "exact float constants, ordered and unordered compares, saturating conversion, opaque", build: floatOps },
  { name: "data-relocs", summary: "data with relocations, a writable global, handles through integers", build: dataRelocs },
];
