/**
 * Printer behaviour beyond the goldens (filetests/lir, whose runner lives in
 * conformance): determinism, immediates as the
 * reader spells them, identities for ptr/int casts, unused call results,
 * data objects, and the lowering bugs the printer refuses to spell.
 */
import test from "ava";
import { readdirSync, readFileSync } from "node:fs";
import { LFunctionBuilder, parseLIR, runtimeFn, type LModule } from "@fzy/lir";
import { checkCLIF, parseF64, parseIntImmediate } from "@fzy/clif";
import { ClifModuleWriter, f64Immediate, printCLIF } from "./index.js";
import { intImmediate } from "./spelling.js";

const FIXTURES = new URL("../../../filetests/lir/", import.meta.url);
/** A shared printer fixture, filetests/lir/NAME.lir. */
const fixture = (name: string): LModule => parseLIR(readFileSync(new URL(`${name}.lir`, FIXTURES), "utf8"), `${name}.lir`);
const NAMES = readdirSync(FIXTURES).filter((f) => f.endsWith(".lir")).map((f) => f.slice(0, -4)).sort();

const one = (f: LFunctionBuilder, extra: Partial<LModule> = {}): LModule => ({ name: "m", functions: [f.finish()], externs: [], data: [], ...extra });

test("printing is deterministic", (t) => {
  t.true(NAMES.length >= 10);
  for (const name of NAMES) t.is(printCLIF(fixture(name)).text, printCLIF(fixture(name)).text, name);
});

test("f64 immediates use Cranelift's format and read back to the same bits", (t) => {
  const cases: [number, string][] = [
    [1, "0x1.0000000000000p0"], [2.5, "0x1.4000000000000p1"], [0.1, "0x1.999999999999ap-4"], [-3, "-0x1.8000000000000p1"],
    [0, "0.0"], [-0, "-0.0"], [Infinity, "+Inf"], [-Infinity, "-Inf"], [NaN, "+NaN"],
    [5e-324, "0x0.0000000000001p-1022"], [Number.MAX_VALUE, "0x1.fffffffffffffp1023"],
  ];
  const bitsOf = (x: number) => { const v = new DataView(new ArrayBuffer(8)); v.setFloat64(0, x); return v.getBigUint64(0); };
  for (const [x, text] of cases) {
    t.is(f64Immediate(x), text);
    t.is(parseF64(text), bitsOf(x), text);
  }
  t.is(typeof parseF64("1.5"), "string", "decimal floats other than 0.0 are rejected");
});

test("integer immediates are signed and range-checked like the reader", (t) => {
  t.is(intImmediate("i8", 255n), "-1");
  t.is(intImmediate("i32", 0xffff_ffffn), "-1");
  t.is(intImmediate("i64", -(1n << 63n)), "-9223372036854775808");
  t.throws(() => intImmediate("i8", 256n), { message: /does not fit i8/ });
  t.throws(() => intImmediate("bool", 2n), { message: /not 0 or 1/ });
  t.is(parseIntImmediate("255", 8), -1n);
  t.is(parseIntImmediate("-128", 8), -128n);
  t.regex(parseIntImmediate("256", 8) as string, /does not fit in i8/);
  t.regex(parseIntImmediate("-129", 8) as string, /does not fit in i8/);
  t.is(parseIntImmediate("0xffff_ffff", 32), -1n);
});

test("ptr/int casts print no instruction: the result is the source's name", (t) => {
  const f = new LFunctionBuilder("k", ["ptr"], ["i64"], true);
  f.ret([f.convert("ptr_to_int", f.convert("int_to_ptr", f.convert("ptr_to_int", f.args[0]!, "i64"), "ptr"), "i64")]);
  const text = printCLIF(one(f)).text;
  t.regex(text, /block0\(v0: i64\):\n {4}return v0\n/);
  t.deepEqual(checkCLIF(text), []);
});

test("ignored call results get fresh values, since CLIF names every result", (t) => {
  const f = new LFunctionBuilder("k", ["i64"], [], true);
  f.call("fz_array_len", [f.convert("int_to_ptr", f.args[0]!, "ptr")], []);
  f.ret();
  const text = printCLIF(one(f, { externs: [runtimeFn("fz_array_len")] })).text;
  t.regex(text, /v2 = call fn0\(v0\)/);
  t.deepEqual(checkCLIF(text), []);
});

test("data objects come back as the lowered form's LData, with sorted relocations", (t) => {
  const f = new LFunctionBuilder("k", [], ["i64"], true);
  f.ret([f.convert("ptr_to_int", f.symbolAddr("t"), "i64")]);
  const out = printCLIF(one(f, {
    data: [
      { name: "t", bytes: new Uint8Array(16), align: 8, writable: true, relocs: [{ offset: 8, symbol: "s", addend: 0 }, { offset: 0, symbol: "s", addend: 1 }] },
      { name: "s", bytes: new Uint8Array([104, 105]), align: 1, writable: false, relocs: [] },
    ],
  }));
  t.deepEqual(out.data, [
    { name: "t", bytes: new Uint8Array(16), align: 8, relocs: [{ offset: 0, symbol: "s", addend: 1 }, { offset: 8, symbol: "s", addend: 0 }], writable: true },
    { name: "s", bytes: new Uint8Array([104, 105]), align: 1, relocs: [], writable: false },
  ]);
  t.deepEqual(out.exported, ["k"]);
});

test("the printer refuses what CLIF cannot spell", (t) => {
  const bad = new LFunctionBuilder("a$b", [], [], true);
  bad.ret();
  t.throws(() => printCLIF(one(bad)), { message: /'a\$b' is not \[A-Za-z0-9_\]\+/ });
  const tbl = new LFunctionBuilder("k", ["i64"], [], true);
  const b1 = tbl.newBlock();
  tbl.brTable(tbl.args[0]!, { block: b1, args: [] }, []);
  tbl.switchTo(b1);
  tbl.ret();
  t.throws(() => printCLIF(one(tbl)), { message: /br_table index in k is i64, must be i32/ });
  const call = new LFunctionBuilder("k", [], [], true);
  call.call("nowhere", [], []);
  call.ret();
  t.throws(() => printCLIF(one(call)), { message: /neither a function nor an extern/ });
  const ext = new LFunctionBuilder("k", ["bool"], ["i8"], true);
  ext.ret([ext.convert("uext", ext.args[0]!, "i8")]);
  t.throws(() => printCLIF(one(ext)), { message: /uext from bool to i8 .*not a widening/ });
});

test("the module writer, given the externs and data objects after it starts, prints what printCLIF prints", (t) => {
  for (const name of NAMES) {
    const m = fixture(name);
    const externs: LModule["externs"][number][] = [], data: LModule["data"][number][] = [];
    const w = new ClifModuleWriter({ name: m.name, functions: m.functions, externs, data });
    externs.push(...m.externs);
    data.push(...m.data);
    m.functions.forEach((fn, k) => w.add(fn, k));
    t.deepEqual(w.finish(m), printCLIF(m), name);
  }
});

test("an extern named like a data object registered before it is refused", (t) => {
  const m = fixture(NAMES.find((n) => fixture(n).data.length > 0)!);
  const d = m.data[0]!;
  const externs: LModule["externs"][number][] = [];
  const w = new ClifModuleWriter({ name: m.name, functions: m.functions, externs, data: m.data });
  externs.push({ name: d.name, params: [], results: [], noreturn: false, pure: false });
  t.throws(() => w.add(m.functions[0]!, 0), { message: `lower-cranelift: symbol '${d.name}' is defined twice in module ${m.name}` });
});

test("a sparse switch, which CLIF cannot spell (the matrix gives Cranelift branch trees), is an internal error", (t) => {
  const f = new LFunctionBuilder("f", ["i32"], ["i32"], true);
  const done = f.newBlock();
  f.switchOn(f.args[0]!, { block: done, args: [] }, [3n, 1000n], [{ block: done, args: [] }, { block: done, args: [] }]);
  f.switchTo(done);
  f.ret([f.args[0]!]);
  t.throws(() => printCLIF(one(f)), { message: /f has a sparse switch, which Cranelift cannot spell/ });
});

test("a ptr/int cast renames its value in its own function only", (t) => {
  const cast = (name: string) => {
    const f = new LFunctionBuilder(name, ["ptr"], ["i64"], true);
    f.ret([f.convert("ptr_to_int", f.args[0]!, "i64")]);
    return f.finish();
  };
  const plain = new LFunctionBuilder("b", ["i64"], ["i64"], true);
  plain.ret([plain.binary("iadd", plain.args[0]!, plain.args[0]!)]);
  const text = printCLIF({ name: "m", functions: [cast("a"), plain.finish(), cast("c")], externs: [], data: [] }).text;
  t.regex(text, /%b\(i64\) -> i64 system_v \{\nblock0\(v0: i64\):\n {4}v1 = iadd v0, v0\n {4}return v1\n/);
  t.is(text.split("return v0\n").length, 3, "both casts print as their source");
  t.deepEqual(checkCLIF(text), []);
});
