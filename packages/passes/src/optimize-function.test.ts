import test from "ava";
import { type LFunction, type LInst, parseLIR, printLIR, verifyLIR } from "@fzy/lir";
import { decide, type MatrixInput, OPTIMIZE_MAX_INSTS } from "./eligibility.js";
import { optimizeFunction } from "./optimize-function.js";
import { foldBinary, foldCompare, foldConvert } from "./optimize-constants.js";
import { wideChunks } from "./lower-literal-bytes.js";

const ask = (_s: string, i: Omit<MatrixInput, "mode">) => decide({ ...i, mode: "on" });

function optimize(text: string, o = { fold: true, compose: true }): { fn: LFunction; text: string; tables: Uint8Array[] } {
  const m = parseLIR(text);
  const tables: Uint8Array[] = [];
  const fn = optimizeFunction(m.functions[0]!, o, ask, { addData: (bytes) => { tables.push(bytes); return `t${tables.length - 1}`; } });
  const data = tables.map((bytes, k) => ({ name: `t${k}`, bytes, align: 4, relocs: [], writable: false }));
  const out = { ...m, functions: [fn], data: [...m.data, ...data] };
  verifyLIR(out);
  return { fn, text: printLIR(out), tables };
}

const insts = (f: LFunction): LInst[] => f.blocks.flatMap((b) => b.insts);

test("integer folding wraps, truncates and refuses what would trap", (t) => {
  t.is(foldBinary("iadd", "i8", 127n, 1n), -128n);
  t.is(foldBinary("sdiv", "i32", -7n, 2n), -3n);
  t.is(foldBinary("srem", "i32", -7n, 2n), -1n);
  t.is(foldBinary("sdiv", "i32", 1n, 0n), undefined);
  t.is(foldBinary("sdiv", "i32", -2147483648n, -1n), undefined);
  t.is(foldBinary("srem", "i8", -128n, -1n), undefined);
  t.is(foldBinary("udiv", "i8", -1n, 2n), 127n);
  t.is(foldBinary("urem", "i32", 5n, 0n), undefined);
  t.is(foldBinary("ishl", "i32", 1n, 31n), -2147483648n);
  t.is(foldBinary("ishl", "i32", 1n, 32n), undefined);
  t.is(foldBinary("ushr", "i8", -1n, 4n), 15n);
  t.is(foldBinary("sshr", "i8", -128n, 7n), -1n);
  t.is(foldBinary("fadd", "f64", 1n, 2n), undefined);
  t.true(foldCompare("ult", "i8", 1n, -1n));
  t.false(foldCompare("slt", "i8", 1n, -1n));
  t.is(foldConvert("uext", "i8", "i32", -1n), 255n);
  t.is(foldConvert("sext", "i8", "i32", -1n), -1n);
  t.is(foldConvert("trunc", "i32", "i8", 511n), -1n);
  t.is(foldConvert("uext", "bool", "i32", 1n), 1n);
  t.is(foldConvert("sitofp", "i32", "f64", 1n), undefined);
});

test("constants fold, equal operations are numbered once, and what nothing reads goes", (t) => {
  const { fn } = optimize(`module "m"
function %f(i32) -> i32 export {
block0(v0: i32):
    v1: i32 = iconst 7
    v2: i32 = iconst 5
    v3: i32 = iadd v1, v2
    v4: i32 = iadd v0, v3
    v5: i32 = iadd v3, v0
    v6: i32 = imul v4, v5
    v7: i32 = iconst 12
    v8: i32 = isub v6, v6
    v9: i32 = iadd v6, v8
    v10: i32 = sdiv v9, v8
    return v9
}
`);
  const all = insts(fn);
  t.deepEqual(all.map((i) => i.op === "binary" ? i.kind : i.op), ["iconst", "iadd", "imul"], "12 once; v0+12 once (commuted); v6-v6 is 0; v6+0 is v6; the unused division is gone");
  t.is(all.filter((i) => i.op === "iconst").map((i) => (i as { value: bigint }).value).join(), "12");
});

test("a division by a constant zero stays (the lowering's check is what runs first)", (t) => {
  const { fn } = optimize(`module "m"
function %f(i32) -> i32 export {
block0(v0: i32):
    v1: i32 = iconst 0
    v2: i32 = sdiv v0, v1
    return v2
}
`);
  t.true(insts(fn).some((i) => i.op === "binary" && i.kind === "sdiv"));
});

test("loads, stores, calls and opaque are never merged", (t) => {
  const { fn } = optimize(`module "m"
extern %g(i64) -> i64
function %f(ptr) -> i64 export {
block0(v0: ptr):
    v1: i64 = load v0+0
    v2: i64 = load v0+0
    v3: i64 = opaque v1
    v4: i64 = opaque v1
    v5: i64 = call %g(v3)
    v6: i64 = call %g(v4)
    v7: i64 = iadd v2, v5
    v8: i64 = iadd v7, v6
    return v8
}
`);
  const ops = insts(fn).map((i) => i.op);
  t.is(ops.filter((o) => o === "load").length, 2);
  t.is(ops.filter((o) => o === "opaque").length, 2);
  t.is(ops.filter((o) => o === "call").length, 2);
});

test("a branch on a constant becomes a jump and the dead arm goes; a chain of jumps becomes one block", (t) => {
  const { fn } = optimize(`module "m"
function %f(i32) -> i32 export {
block0(v0: i32):
    v1: bool = iconst 1
    brif v1, block1, block2
block1:
    jump block3(v0)
block2:
    v2: i32 = iconst 9
    jump block3(v2)
block3(v3: i32):
    return v3
}
`);
  t.is(fn.blocks.length, 1);
  t.deepEqual(fn.blocks[0]!.term, { op: "return", values: [0] });
});

test("a match whose result feeds a match on it is threaded into one table load", (t) => {
  const { fn, tables } = optimize(`module "m"
function %f(i32) -> i32 export {
block0(v0: i32):
    br_table v0, block3, [block1, block2]
block1:
    v1: i32 = iconst 1
    jump block4(v1)
block2:
    v2: i32 = iconst 0
    jump block4(v2)
block3:
    v3: i32 = iconst 2
    jump block4(v3)
block4(v4: i32):
    br_table v4, block7, [block5, block6]
block5:
    v5: i32 = iconst 100
    jump block8(v5)
block6:
    v6: i32 = iconst 200
    jump block8(v6)
block7:
    v7: i32 = iconst 300
    jump block8(v7)
block8(v8: i32):
    return v8
}
`);
  t.false(fn.blocks.some((b) => b.term.op === "br_table"));
  t.is(tables.length, 1);
  // Index 0 -> class 1 -> 200, index 1 -> class 0 -> 100; the default (class 2 -> 300) is the select's other arm.
  t.deepEqual([...new Int32Array(tables[0]!.buffer, tables[0]!.byteOffset, 2)], [200, 100]);
  t.true(insts(fn).some((i) => i.op === "iconst" && i.value === 300n));
  const off = optimize(`module "m"
function %f(i32) -> i32 export {
block0(v0: i32):
    br_table v0, block1, [block1, block2]
block1:
    v1: i32 = iconst 1
    jump block3(v1)
block2:
    v2: i32 = iconst 0
    jump block3(v2)
block3(v3: i32):
    return v3
}
`, { fold: true, compose: false });
  t.true(off.fn.blocks.some((b) => b.term.op === "br_table"), "compose off keeps the dispatch");
});

test("a switch on a constant becomes a jump to its case (or the default), and one an edge fixes is threaded past", (t) => {
  const onConstant = (c: string) => optimize(`module "m"
function %f(i8) -> i32 export {
block0(v0: i8):
    v1: i8 = iconst ${c}
    switch v1, block3, [-1: block1, 40: block2]
block1:
    v2: i32 = iconst 10
    return v2
block2:
    v3: i32 = iconst 20
    return v3
block3:
    v4: i32 = iconst 30
    return v4
}
`).fn;
  // 255 is -1 as an i8: the constant is compared as the signed value the cases are.
  for (const [c, want] of [["255", 10n], ["40", 20n], ["7", 30n]] as const) {
    const fn = onConstant(c);
    t.false(fn.blocks.some((b) => b.term.op === "switch"), c);
    t.deepEqual(insts(fn).filter((i) => i.op === "iconst").map((i) => (i as { value: bigint }).value), [want], c);
  }
  const threaded = optimize(`module "m"
function %f(i32) -> i32 export {
block0(v0: i32):
    v1: i32 = iconst 1000
    v2: i32 = iconst 0
    v3: bool = icmp ne v0, v2
    brif v3, block1(v1), block1(v0)
block1(v4: i32):
    switch v4, block3, [7: block2, 1000: block4]
block2:
    return v0
block3:
    v5: i32 = iconst 3
    return v5
block4:
    v6: i32 = iconst 4
    return v6
}
`);
  // The edge passing 1000 goes straight to block4; the other still switches.
  t.regex(threaded.text, /brif v\d+, block\d+, block\d+\(v0\)/);
  t.is(threaded.fn.blocks.filter((b) => b.term.op === "switch").length, 1, threaded.text);
});

test("a remainder whose dividend is below twice the divisor becomes compare and subtract", (t) => {
  const src = (mask: number) => `module "m"
function %f(i32, i32) -> i32 export {
block0(v0: i32, v1: i32):
    v2: i32 = iconst 251
    v3: i32 = urem v0, v2
    v4: i32 = iconst ${mask}
    v5: i32 = band v1, v4
    v6: i32 = iadd v3, v5
    v7: i32 = urem v6, v2
    return v7
}
`;
  const small = insts(optimize(src(250)).fn).filter((i) => i.op === "binary" && i.kind === "urem").length;
  const edge = insts(optimize(src(251)).fn).filter((i) => i.op === "binary" && i.kind === "urem").length;
  const large = insts(optimize(src(252)).fn).filter((i) => i.op === "binary" && i.kind === "urem").length;
  t.is(small, 1, "250 + 250 < 502: the second remainder is a compare and subtract");
  t.is(edge, 1, "250 + 251 = 501 < 502");
  t.is(large, 2, "250 + 252 = 502 may need a second subtraction: the remainder stays");
});

test("wide chunks cover every byte once or with one overlapping tail, never past the end", (t) => {
  for (let n = 1; n <= 40; n++) {
    const seen = new Uint8Array(n);
    for (const { at, width } of wideChunks(n)) {
      t.true(at >= 0 && at + width <= n, `n=${n}`);
      for (let k = at; k < at + width; k++) seen[k] = 1;
    }
    t.true(seen.every((x) => x === 1), `n=${n}`);
    t.true(wideChunks(n).length <= Math.ceil(n / 8) + 1);
  }
});

test("the optimizer runs up to its size bound; a larger function is left as emitted", (t) => {
  const at = (insts: number) => decide({ kind: "function-values", mode: "on", enabled: true, escape: "none", mutability: "mutated", constant: false, insts });
  t.is(at(OPTIMIZE_MAX_INSTS).form, "folded");
  t.is(at(OPTIMIZE_MAX_INSTS + 1).rule, "function-too-large");
  t.is(at(OPTIMIZE_MAX_INSTS + 1).form, "as-emitted");
  t.is(decide({ kind: "function-values", mode: "on", enabled: false, escape: "none", mutability: "mutated", constant: false, insts: 10 }).form, "as-emitted");
});

// Float constants and addresses are numbered by their bits and operands: equal ones merge, and only those.
test("float constants merge by value and type (0 and -0 apart, every NaN one), addresses by slot, offset and symbol", (t) => {
  const { fn } = optimize(`module "m"
extern %g()
extern %use(f64, f64, f64, f32, f64, f64, ptr, ptr, ptr, ptr, ptr, f64)
function %f() export {
    ss0 = slot 8, align 8
    ss1 = slot 8, align 8
block0:
    v0: f64 = fconst 1.5
    v1: f64 = fconst 1.5
    v2: f64 = fconst -0
    v3: f32 = fconst 1.5
    v4: f64 = fconst NaN
    v5: f64 = fconst 0
    v6: ptr = stack_addr ss0+0
    v7: ptr = stack_addr ss0+0
    v8: ptr = stack_addr ss1+0
    v9: ptr = func_addr %g
    v10: ptr = func_addr %g
    v11: f64 = fconst NaN
    call %use(v0, v1, v2, v3, v4, v11, v6, v7, v8, v9, v10, v5)
    return
}
`);
  const all = insts(fn);
  t.is(all.filter((i) => i.op === "fconst").length, 5, "1.5 (f64), -0, 1.5 (f32), NaN, 0: the second 1.5 and NaN merge");
  t.is(all.filter((i) => i.op === "stack_addr").length, 2, "ss0+0 once, ss1+0");
  t.is(all.filter((i) => i.op === "func_addr").length, 1);
  const use = all.find((i) => i.op === "call");
  const a = use?.op === "call" ? use.args : [];
  t.true(a[0] === a[1] && a[0] !== a[2] && a[0] !== a[3] && a[4] === a[5] && a[6] === a[7] && a[6] !== a[8] && a[9] === a[10] && a[11] !== a[2]);
});

// Integer constants are numbered by type and both 32-bit halves of their value.
test("integer constants merge by type and full 64-bit value, not by their low half", (t) => {
  const { fn } = optimize(`module "m"
extern %use(i64, i64, i64, i32, i64)
function %f() export {
block0:
    v0: i64 = iconst 4294967297
    v1: i64 = iconst 4294967297
    v2: i64 = iconst 1
    v3: i32 = iconst 1
    v4: i64 = iconst -4294967295
    call %use(v0, v1, v2, v3, v4)
    return
}
`);
  t.is(insts(fn).filter((i) => i.op === "iconst").length, 4, "2^32+1 once; 1 (i64), 1 (i32) and 1-2^32 apart");
  const use = insts(fn).find((i) => i.op === "call");
  const a = use?.op === "call" ? use.args : [];
  t.true(a[0] === a[1] && a[0] !== a[2] && a[2] !== a[3] && a[4] !== a[2] && a[4] !== a[0]);
});

test("a function the optimizer leaves as it is comes back as its input, one it changes as a new function", (t) => {
  const o = { fold: true, compose: true };
  const kept = parseLIR(`module "m"
function %f(i32) -> i32 export {
block0(v0: i32):
    v1: i32 = iconst 3
    v2: i32 = iadd v0, v1
    return v2
}
`).functions[0]!;
  t.is(optimizeFunction(kept, o, ask, { addData: () => "t" }), kept);
  const folded = parseLIR(`module "m"
function %f(i32) -> i32 export {
block0(v0: i32):
    v1: i32 = iconst 0
    v2: i32 = iadd v0, v1
    return v2
}
`).functions[0]!;
  const out = optimizeFunction(folded, o, ask, { addData: () => "t" });
  t.not(out, folded);
  t.is(out.blocks[0]!.insts.length, 0);
});

test("with every pass on, a function no pass changes comes back as its input (branches, a join, a loop), left as it was", (t) => {
  const all = { fold: true, compose: true, licm: true, unroll: true };
  const sink = { addData: () => "t" };
  const shapes = [
    `block0(v0: i32):
    v1: i32 = iconst 3
    v2: i32 = iadd v0, v1
    return v2`,
    `block0(v0: i32):
    v1: i32 = iconst 3
    v2: bool = icmp slt v0, v1
    brif v2, block1, block2
block1:
    v3: i32 = iadd v0, v1
    v4: i32 = opaque v3
    jump block3(v4)
block2:
    v5: i32 = imul v0, v0
    jump block3(v5)
block3(v6: i32):
    return v6`,
    `block0(v0: i32):
    v1: i32 = iconst 1
    jump block1(v0)
block1(v2: i32):
    v3: i32 = isub v2, v1
    v4: bool = icmp sgt v3, v1
    brif v4, block1(v3), block2
block2:
    return v3`,
  ];
  for (const body of shapes) {
    const fn = parseLIR(`module "m"\nfunction %f(i32) -> i32 export {\n${body}\n}\n`).functions[0]!;
    const text = printLIR({ name: "m", functions: [fn], externs: [], data: [] });
    t.is(optimizeFunction(fn, all, ask, sink), fn, body);
    t.is(printLIR({ name: "m", functions: [fn], externs: [], data: [] }), text, "and the input is as it was");
  }
});
