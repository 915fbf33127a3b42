/**
 * Printer behaviour beyond the goldens (filetests/lir, whose runner lives in
 * conformance): determinism, immediates as the
 * reader spells them, identities for ptr/int casts, unused call results,
 * data objects, and the lowering bugs the printer refuses to spell.
 */
import test from "ava";
import { readdirSync, readFileSync } from "node:fs";
import { LFunctionBuilder, parseLIR, runtimeFn, type LModule } from "@fzy/lir";
import { checkCLIF, checkFile, parseF64, parseIntImmediate, runCommands } from "@fzy/clif";
import { ClifLimitError, ClifModuleWriter, f64Immediate, MAX_BLOCKS, printCLIF } from "./index.js";
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

/**
 * kernel(x: type) = the index of the case x equals, -1 otherwise: a sparse
 * switch on x over `cases` (increasing), each target a block that returns
 * its index, passed as the edge's argument to one shared block for odd
 * indices (so edges with arguments are printed too).
 */
function switchFunction(type: "i8" | "i32" | "i64", cases: readonly bigint[], name = "kernel"): LFunctionBuilder {
  const f = new LFunctionBuilder(name, [type], ["i32"], true);
  const other = f.newBlock();
  const shared = f.newBlock(["i32"]);
  const arms = cases.map(() => f.newBlock());
  const odd = f.blockParams(shared)[0]!;
  f.switchOn(f.args[0]!, { block: other, args: [] }, cases, cases.map((_, k) => (k % 2 ? { block: shared, args: [f.iconst("i32", BigInt(k))] } : { block: arms[k]!, args: [] })));
  f.switchTo(other);
  f.ret([f.iconst("i32", -1n)]);
  f.switchTo(shared);
  f.ret([odd]);
  cases.forEach((_, k) => {
    f.switchTo(arms[k]!);
    f.ret([f.iconst("i32", BigInt(k))]);
  });
  return f;
}

test("a sparse switch prints as a balanced compare tree (x < the middle case goes left), chains of three or fewer, a block per compare", (t) => {
  const text = printCLIF(one(switchFunction("i32", [-7n, 3n, 40n, 41n, 900n]))).text;
  const body = text.slice(text.indexOf("block0"), text.indexOf("\n\nblock7"));
  t.is(body, [
    "block0(v0: i32):",
    "    v2 = iconst.i32 1",
    "    v3 = iconst.i32 3",
    "    v10 = iconst.i32 40",
    "    v11 = icmp slt v0, v10",
    "    brif v11, block9, block10",
    "",
    "block9:",
    "    v12 = iconst.i32 -7",
    "    v13 = icmp eq v0, v12",
    "    brif v13, block3, block11",
    "",
    "block11:",
    "    v14 = iconst.i32 3",
    "    v15 = icmp eq v0, v14",
    "    brif v15, block2(v2), block1",
    "",
    "block10:",
    "    v16 = iconst.i32 40",
    "    v17 = icmp eq v0, v16",
    "    brif v17, block5, block12",
    "",
    "block12:",
    "    v18 = iconst.i32 41",
    "    v19 = icmp eq v0, v18",
    "    brif v19, block2(v3), block13",
    "",
    "block13:",
    "    v20 = iconst.i32 900",
    "    v21 = icmp eq v0, v20",
    "    brif v21, block7, block1",
  ].join("\n"));
  t.deepEqual(checkCLIF(text), []);
});
test("through the CLIF executor, every case of a printed switch reaches its target and the values around them the default", (t) => {
  const bits = { i8: 8n, i32: 32n, i64: 64n } as const;
  const spread = (n: number, step: bigint, from: bigint) => Array.from({ length: n }, (_, k) => from + BigInt(k * k) * step);
  const sets: ["i8" | "i32" | "i64", bigint[]][] = [
    ["i32", []], ["i32", [5n]], ["i32", [1n, 2n]], ["i8", [-128n, -1n, 0n, 127n]], ["i32", spread(9, 7n, -300n)],
    ["i64", [-(2n ** 63n), -(2n ** 40n), -3n, 0n, 2n ** 33n, 2n ** 33n + 1n, 2n ** 63n - 1n]], ["i32", spread(41, 3n, -2000n)],
  ];
  // Each function's run lines follow it (a run line belongs to the function before it).
  let text = "", runs = 0;
  sets.forEach(([type, cases], i) => {
    text += printCLIF(one(switchFunction(type, cases, `kernel${i}`))).text;
    const min = -(2n ** (bits[type] - 1n)), max = 2n ** (bits[type] - 1n) - 1n;
    const probes = new Set<bigint>([0n, min, max]);
    for (const c of cases) for (const d of [-1n, 0n, 1n]) if (c + d >= min && c + d <= max) probes.add(c + d);
    for (const x of probes) text += `; run: %kernel${i}(${x}) == ${cases.indexOf(x)}\n`;
    runs += probes.size;
  });
  const report = checkFile(text);
  t.deepEqual(report.errors, []);
  const outcomes = runCommands(text, report);
  t.is(outcomes.length, runs);
  t.deepEqual(outcomes.filter((o) => o.kind !== "pass").map((o) => ("cmd" in o ? `${o.cmd.text}: ${o.output}` : `${o.text}: ${o.why}`)), []);
});

test("a function CLIF text cannot number (cranelift-reader's blocks stop below 100,000) is a ClifLimitError naming it", (t) => {
  /** A chain of `n` blocks (the entry and n - 1 more), the last ending in a switch on the argument over `cases` cases. */
  const chain = (n: number, cases: number): LModule => {
    const f = new LFunctionBuilder("big", ["i32"], ["i32"], true);
    for (let k = 1; k < n; k++) {
      const b = f.newBlock();
      f.jump(b);
      f.switchTo(b);
    }
    if (cases > 0) {
      const done = f.newBlock();
      f.switchOn(f.args[0]!, { block: done, args: [] }, Array.from({ length: cases }, (_, k) => BigInt(k * 10)), Array.from({ length: cases }, () => ({ block: done, args: [] })));
      f.switchTo(done);
    }
    f.ret([f.args[0]!]);
    return one(f);
  };
  // (A fresh entry block would take the number blocks.length.)
  t.notThrows(() => printCLIF(chain(MAX_BLOCKS - 1, 0)));
  const over = t.throws(() => printCLIF(chain(MAX_BLOCKS, 0)), { instanceOf: ClifLimitError, message: /function big needs more than 100,000 blocks in CLIF/ });
  t.is(over?.func, "big");
  // 20 cases: 7 splits (two fresh blocks each) and 8 chains of 2 or 3 (one fresh block per compare after the first),
  // 26 fresh blocks numbered from blocks.length + 1; the chain of n blocks has n + 1 with the switch's target.
  t.notThrows(() => printCLIF(chain(MAX_BLOCKS - 28, 20)));
  t.throws(() => printCLIF(chain(MAX_BLOCKS - 27, 20)), { instanceOf: ClifLimitError });
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
