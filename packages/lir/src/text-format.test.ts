/**
 * The `.lir` text form: a module built with the builder (every opcode, every
 * flag, data with relocations and odd bytes, special floats) prints, parses
 * back to the same structure and prints identically; malformed text is a
 * parse error at its line and column.
 */
import test from "ava";
import { FzError } from "@fzy/ir";
import { LFunctionBuilder, type LBlockId, type LModule, parseLIR, printInst, printLIR, printTerm, runtimeFn, verifyLIR } from "./index.js";

/** A module that uses every instruction, terminator, flag and data feature once. */
function everything(): LModule {
  const g = new LFunctionBuilder("helper", ["bool", "f64"], ["bool"], false);
  g.ret([g.args[0]!]);
  const f = new LFunctionBuilder("kernel", ["i32", "ptr"], ["i32"], true);
  const [x, p] = f.args;
  const slot = f.newSlot(32, 8);
  const loop = f.newBlock(["i32", "i64"]);
  const body = f.newBlock();
  const cold = f.newBlock([], true);
  const exit = f.newBlock(["i32"]);
  const sa = f.stackAddr(slot, 8);
  f.store(sa, f.iconst("i64", -9223372036854775808n), -8);
  const fl = [0.1, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e300, 5e-324].map((v) => f.fconst(v));
  const sum = f.binary("fadd", fl[0]!, f.binary("fdiv", fl[1]!, fl[5]!));
  const lt = f.fcmp("lt", sum, fl[6]!);
  const [r] = f.call("helper", [lt, fl[2]!], ["bool"]);
  const flag = f.binary("bxor", r!, f.iconst("bool", 1));
  const wide = f.convert("uext", flag, "i64");
  f.jump(loop, [f.convert("fptosi_sat", fl[3]!, "i32"), f.convert("bitcast", fl[4]!, "i64")]);
  f.switchTo(loop);
  const [i, acc] = f.blockParams(loop);
  const cmp = f.icmp("ult", i!, x!);
  const sel = f.select(cmp, i!, f.opaque(x!));
  f.brif(f.icmp("sge", sel, x!), { block: body, args: [] }, { block: exit, args: [i!] });
  f.switchTo(body);
  const addr = f.ptrAdd(f.symbolAddr("table"), f.binary("iadd", acc!, wide));
  const ld = f.load("i8", addr, 3, true);
  f.store(p!, f.convert("sext", ld, "i32"), 4);
  f.store(p!, f.convert("trunc", f.loadInRange("i64", addr, 8, { lo: 1n, hi: 1n << 64n }), "i32"), 0);
  const handle = f.convert("int_to_ptr", f.convert("ptr_to_int", p!, "i64"), "ptr");
  f.store(handle, f.load("f64", handle, -16));
  const idx = f.convert("trunc", f.binary("ushr", acc!, f.iconst("i64", 1)), "i32");
  f.brTable(idx, { block: cold, args: [] }, [{ block: loop, args: [idx, acc!] }, { block: exit, args: [x!] }, { block: 0 as LBlockId, args: [x!, p!] }]);
  f.switchTo(cold);
  f.call("fz_view_find", [p!, acc!, p!, f.convert("ptr_to_int", f.ptrAdd(p!, acc!), "i64")], ["i64"]);
  f.fcmp("ne", f.convert("sitofp", x!, "f64"), fl[0]!);
  f.call("fz_panic_bounds", [acc!, acc!], []);
  f.trap();
  f.switchTo(exit);
  f.ret([f.blockParams(exit)[0]!]);
  return {
    name: "every thing \"quoted\" é",
    functions: [g.finish(), f.finish()],
    externs: [runtimeFn("fz_panic_bounds"), runtimeFn("fz_view_find"), { name: "odd_name", params: [], results: [], noreturn: true, pure: true }],
    data: [
      { name: "table", bytes: new Uint8Array([0, 1, 0x22, 0x5c, 0x7f, 0xff, 65, 10, 0, 0, 0, 0, 0, 0, 0, 0]), align: 8, relocs: [{ offset: 8, symbol: "text", addend: -3 }], writable: true },
      { name: "text", bytes: new Uint8Array(0), align: 1, relocs: [], writable: false },
      { name: "zero 16", bytes: new Uint8Array(16), align: 16, relocs: [{ offset: 8, symbol: "kernel", addend: 0 }, { offset: 0, symbol: "table", addend: 7 }], writable: false },
    ],
  };
}

test("every field round-trips: parse(print(m)) equals m, and print is stable", (t) => {
  const m = everything();
  const text = printLIR(m);
  const back = parseLIR(text, "everything.lir");
  t.deepEqual(back, m);
  t.is(printLIR(back), text);
  t.true(back.functions[1]!.blocks[0]!.insts.some((i) => i.op === "fconst" && Object.is(i.value, -0)));
});

test("the module written as text is well formed", (t) => {
  t.notThrows(() => verifyLIR(parseLIR(printLIR(everything()))));
});

test("the text spells types, flags, offsets and data as documented", (t) => {
  const text = printLIR(everything());
  for (const line of [
    "module \"every thing \\\"quoted\\\" \\c3\\a9\"",
    "extern %fz_panic_bounds(i64, i64) noreturn",
    "extern %odd_name() noreturn pure",
    "data @table align 8 writable bytes \"\\00\\01\\\"\\\\\\7f\\ffA\\0a\\00\\00\\00\\00\\00\\00\\00\\00\" relocs [8: @text-3]",
    "data @text align 1 bytes \"\"",
    "data @\"zero 16\" align 16 zeroes 16 relocs [8: @kernel+0, 0: @table+7]",
    "function %kernel(i32, ptr) -> i32 export {",
    "    ss0 = slot 32, align 8",
    "block3 cold:",
    "    v8: f64 = fconst -0.0",
    "    v9: f64 = fconst NaN",
    "    v11: f64 = fconst -Infinity",
    "    v12: f64 = fconst 1e+300",
  ]) t.true(text.includes(line + "\n"), line);
  t.regex(text, /v\d+: i8 = load readonly v\d+\+3\n/);
  t.regex(text, /v\d+: i64 = load v\d+\+8 range \[1, 18446744073709551616\)\n/);
  t.regex(text, /br_table v\d+, block3, \[block1\(v\d+, v3\), block4\(v0\), block0\(v0, v1\)\]\n/);
});

test("a switch round-trips: signed cases, edge arguments, the default first", (t) => {
  const f = new LFunctionBuilder("pick", ["i8"], ["i8"], true);
  const [x] = f.args;
  const one = f.newBlock(), join = f.newBlock(["i8"]);
  f.switchOn(x!, { block: join, args: [x!] }, [-128n, -1n, 5n, 127n], [{ block: one, args: [] }, { block: join, args: [x!] }, { block: one, args: [] }, { block: join, args: [f.iconst("i8", 3n)] }]);
  f.switchTo(one);
  f.jump(join, [f.iconst("i8", 1n)]);
  f.switchTo(join);
  f.ret([f.blockParams(join)[0]!]);
  const m: LModule = { name: "m", functions: [f.finish()], externs: [], data: [] };
  const text = printLIR(m);
  t.regex(text, /\n {4}switch v0, block2\(v0\), \[-128: block1, -1: block2\(v0\), 5: block1, 127: block2\(v2\)\]\n/);
  const back = parseLIR(text);
  t.deepEqual(back, m);
  t.is(printLIR(back), text);
  t.notThrows(() => verifyLIR(back));
  t.is(parseError(t, text.replace("5: block1", "5 block1")), "bad.lir:6:61: error[parse]: expected ':', found 'block1'");
});

/** Parse `text` and return the error's `line:column: message`. */
function parseError(t: import("ava").ExecutionContext, text: string): string {
  const e = t.throws(() => parseLIR(text, "bad.lir"), { instanceOf: FzError });
  t.is(e?.code, "parse");
  return e!.format();
}

const HEAD = "module \"m\"\nfunction %f(i32) -> i32 {\nblock0(v0: i32):\n";

test("parse errors carry file, line and column", (t) => {
  t.is(parseError(t, "modul \"m\""), "bad.lir:1:1: error[parse]: expected 'module', found 'modul'");
  t.is(parseError(t, HEAD + "    v1: i32 = iadd v0\n    return v1\n}\n"), "bad.lir:5:5: error[parse]: expected ',', found 'return'");
  t.is(parseError(t, HEAD + "    v1: i32 = frob v0\n    return v1\n}\n"), "bad.lir:4:15: error[parse]: unknown opcode 'frob'");
  t.is(parseError(t, HEAD + "    v1: u32 = iconst 1\n"), "bad.lir:4:9: error[parse]: unknown type 'u32'");
  t.is(parseError(t, HEAD + "    return v0\nblock2:\n    trap\n}\n"), "bad.lir:5:1: error[parse]: expected block1 (blocks are numbered in order), found 'block2'");
  t.is(parseError(t, HEAD + "    v2: i32 = iconst 1\n    return v2\n}\n"), "bad.lir:2:25: error[parse]: value v1 of function %f is never defined (value ids are dense)");
  t.is(parseError(t, "module \"m\"\ndata @d align 1 bytes \"a\u00e9\"\n"), "bad.lir:2:25: error[parse]: a string holds printable ASCII only; escape other bytes as \\hh");
  t.is(parseError(t, "module \"m\"\ndata @d align 1 bytes \"ab\n"), "bad.lir:2:23: error[parse]: unterminated string");
  t.is(parseError(t, HEAD + "    v1: f64 = iconst 1\n"), "bad.lir:4:15: error[parse]: iconst cannot define a f64");
  t.is(parseError(t, HEAD + "    v1: i32 = icmp lt v0, v0\n"), "bad.lir:4:20: error[parse]: unknown icmp condition 'lt'");
  t.is(parseError(t, HEAD + "    return v0\n"), "bad.lir:5:1: error[parse]: expected block1 or '}', found end of input");
  t.is(parseError(t, "module \"m\"\n  # x\n"), "bad.lir:2:3: error[parse]: unexpected character '#'");
  t.is(parseError(t, HEAD + "    v1: i32 = load v0+0 range [0, 3]\n"), "bad.lir:4:36: error[parse]: expected ')' (a range is half-open), found ']'");
  t.is(parseError(t, HEAD + "    v1: i32 = load v0+0 range [-1, 3)\n"), "bad.lir:4:32: error[parse]: the low end of a range must be a non-negative integer, found '-1'");
  t.is(parseError(t, HEAD + "    v1: i32 = iadd v0, x0\n"), "bad.lir:4:24: error[parse]: expected a value (vN), found 'x0'");
  t.is(parseError(t, HEAD + "    v1: i32 = iadd v0, v\n"), "bad.lir:4:24: error[parse]: expected a value (vN), found 'v'");
  t.is(parseError(t, HEAD + "    v1: i32 = iadd v0, v1x\n"), "bad.lir:4:24: error[parse]: expected a value (vN), found 'v1x'");
  t.is(parseError(t, HEAD + "    jump block\n}\n"), "bad.lir:4:10: error[parse]: expected a block (blockN), found 'block'");
  t.is(parseError(t, HEAD + "    jump blocks1\n}\n"), "bad.lir:4:10: error[parse]: expected a block (blockN), found 'blocks1'");
  t.is(parseError(t, HEAD + "    v99999999999999999999: i32 = iconst 1\n"), "bad.lir:4:5: error[parse]: value id v100000000000000000000 is over the limit of v16777216");
});

test("hostile text: every prefix and every one-character deletion of a module is parsed or rejected with an FzError, and so is verification", (t) => {
  const text = printLIR(everything());
  const variants: string[] = [];
  for (let i = 0; i < text.length; i += 3) variants.push(text.slice(0, i), text.slice(0, i) + text.slice(i + 1));
  let parsed = 0;
  for (const v of variants) {
    try {
      const m = parseLIR(v);
      parsed++;
      verifyLIR(m);
    } catch (e) {
      if (!(e instanceof FzError)) t.fail(`not an FzError (${String(e)}) for:\n${v}`);
    }
  }
  t.true(parsed > 0 && parsed < variants.length);
});

test("hostile text: huge sizes and ids are limits, not crashes", (t) => {
  t.throws(() => parseLIR("module \"m\"\ndata @d align 1 zeroes 99999999999\n"), { instanceOf: FzError, message: /over the limit/ });
  t.throws(() => parseLIR(HEAD + "    v99999999999: i32 = iconst 1\n"), { instanceOf: FzError, message: /over the limit/ });
});

test("number operations and f32 round-trip and verify; ill-typed ones are refused", (t) => {
  const f = new LFunctionBuilder("nums", ["i32", "i64", "f64", "f32"], ["f32"], true);
  const [x, y, d, s] = f.args as [never, never, never, never];
  for (const k of ["popcnt", "clz", "ctz", "bswap", "iabs"] as const) f.unary(k, x);
  for (const k of ["sqrt", "fabs", "floor", "ceil", "ftrunc", "nearest"] as const) f.unary(k, d);
  for (const k of ["rotl", "rotr", "smin", "smax", "umin", "umax"] as const) f.binary(k, y, y);
  for (const k of ["fmin", "fmax", "fcopysign"] as const) f.binary(k, s, s);
  f.convert("uitofp", y, "f32");
  f.convert("fptoui_sat", s, "i32");
  const wide = f.convert("fpromote", s, "f64");
  const third = f.fconst(1 / 3, "f32");
  f.ret([f.binary("fadd", f.convert("fdemote", wide, "f32"), third)]);
  const m: LModule = { name: "nums", functions: [f.finish()], externs: [], data: [] };
  const text = printLIR(m);
  t.deepEqual(parseLIR(text), m);
  t.notThrows(() => verifyLIR(m));
  t.true(text.includes("v") && text.includes(": f32 = fconst"));
  const one = (line: string) => () => verifyLIR(parseLIR(`module "b"\nfunction %g(i8, f64) export {\nblock0(v0: i8, v1: f64):\n    ${line}\n    return\n}\n`));
  const bad = (line: string) => t.throws(one(line), { instanceOf: FzError }, line);
  t.notThrows(one("v2: i8 = iabs v0"));
  t.notThrows(one("v2: f32 = fdemote v1"));
  bad("v2: i8 = popcnt v0"); // narrow bit counts are widened by the lowering
  bad("v2: i8 = rotl v0, v0");
  bad("v2: f32 = uitofp v0");
  bad("v2: f64 = fpromote v1");
  bad("v2: f32 = fconst 0.1"); // not exact in binary32
});

test("a block of 200,000 instructions prints (one line each) and reads back", (t) => {
  const f = new LFunctionBuilder("big", ["i32"], ["i32"], true);
  let v = f.args[0]!;
  for (let i = 0; i < 200_000; i++) v = f.binary("iadd", v, f.args[0]!);
  f.ret([v]);
  const m: LModule = { name: "big", functions: [f.finish()], externs: [], data: [] };
  const text = printLIR(m);
  // module, blank, function, block0, the instructions, return, `}`, and the empty piece after the final newline.
  t.is(text.split("\n").length, 4 + 200_000 + 3);
  t.is(parseLIR(text).functions[0]!.blocks[0]!.insts.length, 200_000);
});

test("printInst and printTerm spell each line as printLIR writes it", (t) => {
  const m = everything();
  const lines = printLIR(m).split("\n");
  let checked = 0;
  let from = 0;
  for (const f of m.functions) {
    from = lines.findIndex((l, i) => i >= from && l.startsWith("function "));
    f.blocks.forEach((b, bi) => {
      const at = lines.findIndex((l, i) => i > from && (l.startsWith(`block${bi}:`) || l.startsWith(`block${bi}(`) || l.startsWith(`block${bi} `)));
      const body = lines.slice(at + 1, at + 2 + b.insts.length).map((l) => l.replace(/ !\d+$/, ""));
      b.insts.forEach((inst, i) => { t.is(body[i], `    ${printInst(f, inst)}`); checked++; });
      t.is(body[b.insts.length], `    ${printTerm(b.term)}`);
    });
    from++;
  }
  t.true(checked > 10);
});

test("long data with every byte value round-trips, its escapes across the decoder's chunks", (t) => {
  // 70,000 bytes, about a third escaped: the decoded text crosses the 4,096-character chunks at escapes and plain bytes alike.
  const bytes = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 7) & 0xff);
  const m: LModule = { name: "m", functions: [], externs: [], data: [{ name: "blob", bytes, align: 1, relocs: [], writable: false }] };
  const text = printLIR(m);
  const back = parseLIR(text);
  t.deepEqual(back.data[0]!.bytes, bytes);
  t.is(printLIR(back), text);
});

test("a bad escape or a raw byte far into a long string is an error at its column", (t) => {
  const head = "module \"m\"\ndata @d align 1 bytes \"";
  const long = "\\01ab".repeat(2000); // 10,000 characters of text, 6,000 decoded
  t.is(parseError(t, `${head}${long}\\zz"\n`), `bad.lir:2:${24 + long.length}: error[parse]: bad escape in string (expected \\\\, \\" or two hex digits)`);
  t.is(parseError(t, `${head}${long}\\4"\n`), `bad.lir:2:${24 + long.length}: error[parse]: bad escape in string (expected \\\\, \\" or two hex digits)`);
  t.is(parseError(t, `${head}${long}é"\n`), `bad.lir:2:${24 + long.length}: error[parse]: a string holds printable ASCII only; escape other bytes as \\hh`);
  t.is(parseError(t, `${head}${long}`), "bad.lir:2:23: error[parse]: unterminated string");
});
