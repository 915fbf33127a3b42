/**
 * The strict checker: valid CLIF in the forms Cranelift 0.135 documents is
 * accepted; each rejected case names the exact problem and its line.
 */
import test from "ava";
import { assertCLIF, checkCLIF, CLIFCheckError } from "./index.js";

/** Wraps a body in a `kernel(i32) -> i32` function; the body starts on line 2. */
const fn = (body: string, sig = "(i32) -> i32 system_v") => `function %kernel${sig} {\n${body}\n}\n`;

test("accepts the general forms", (t) => {
  const text = `; a comment line
function %pair(i64, i64) -> i64, i64 system_v {
block0(v0: i64, v1: i64):
    return v1, v0 ; swapped
}

function %kernel(i32) -> i32 system_v {
    ss0 = explicit_slot 16
    ss1 = explicit_slot 24, align = 16
    gv0 = symbol %data
    gv1 = symbol colocated %data+16
    sig0 = (i64, i64) -> i64, i64 system_v
    sig1 = (i32) system_v
    fn0 = colocated %pair sig0
    fn1 = %ext(i64, i64) -> i64 system_v
    fn2 = %ext2 sig1

block0(v0: i32):
    v1 = iconst.i64 0xffff_ffff
    v2 = iconst.i64 -1_000
    v3 = iconst.i8 255
    v4 = f64const 0x1.8p1
    v5 = stack_addr.i64 ss1+8
    store notrap aligned v1, v5
    v6 = load.i64 notrap aligned readonly v5+0
    v7 = uload8.i32 notrap aligned v5
    istore16 v0, v5+2
    v8 = symbol_value.i64 gv1
    v9, v10 = call fn0(v6, v8)
    v11 = func_addr.i64 fn0
    v12, v13 = call_indirect sig0, v11(v9, v10)
    v14 = call fn1(v12, v13)
    call fn2(v0)
    v15 = ishl.i32 v0, v3
    v16 = sdiv v15, v0
    v17 = select v3, v16, v0
    trapz v17, user7
    v18 = fcmp uno v4, v4
    v19 = icmp.i32 sge v17, v0
    v20 = bitcast.i64 v4
    v21 = fcvt_to_sint_sat.i16 v4
    v22 = sextend.i32 v21
    brif v19, block1(v22), block2
block1(v23: i32) cold:
    br_table v23, block2, [block3(v23, v18), block2]
block2:
    trap int_divz
block3(v24: i32, v25: i8):
    v26 = atomic_load.i32 v5
    v27 = iadd.i32 v24, v26
    return v27
}
`;
  t.deepEqual(checkCLIF(text, { dataSymbols: ["data"] }), []);
  const { file, types } = assertCLIF(text);
  t.is(file.functions.length, 2);
  t.is(file.functions[1]!.blocks[0]!.insts.length, 25);
  t.is(types[1]!.get(18), "i8", "fcmp gives i8");
  t.is(types[1]!.get(21), "i16");
});

const rejected: [string, string, number, RegExp][] = [
  ["operand defined later in the text", fn("block0(v0: i32):\n    jump block2\nblock1:\n    v2 = iadd v1, v1\n    return v2\nblock2:\n    v1 = iconst.i32 1\n    jump block1"), 5, /type variable required for polymorphic opcode iadd: v1 is not yet defined/],
  ["iadd_imm", fn("block0(v0: i32):\n    v1 = iadd_imm v0, 1\n    return v1"), 3, /'iadd_imm' was removed in Cranelift 0\.133/],
  ["icmp_imm", fn("block0(v0: i32):\n    v1 = icmp_imm eq v0, 1\n    return v0"), 3, /'icmp_imm' was removed/],
  ["stack_load", fn("    ss0 = explicit_slot 4\nblock0(v0: i32):\n    v1 = stack_load.i32 ss0\n    return v1"), 4, /'stack_load' was removed in Cranelift 0\.134/],
  ["global_value", fn("    gv0 = symbol %d\nblock0(v0: i32):\n    v1 = global_value.i64 gv0\n    return v0"), 4, /'global_value' was removed/],
  ["brz", fn("block0(v0: i32):\n    brz v0, block1\n    jump block1\nblock1:\n    return v0"), 3, /'brz' no longer exists: use brif/],
  ["b1", fn("block0(v0: i32):\n    jump block1\nblock1(v1: b1):\n    return v0"), 4, /boolean type 'b1' no longer exists/],
  ["sysv", fn("block0(v0: i32):\n    return v0", "(i32) -> i32 sysv"), 1, /unknown calling convention 'sysv'/],
  ["parenthesized results", fn("block0(v0: i32):\n    return v0", "(i32) -> (i32) system_v"), 1, /without parentheses/],
  ["dotted name", "function %a.b(i32) -> i32 system_v {\nblock0(v0: i32):\n    return v0\n}\n", 1, /invalid name '%a\.b'/],
  ["constant out of range", fn("block0(v0: i32):\n    v1 = iconst.i8 256\n    return v0"), 3, /constant 256 does not fit in i8/],
  ["decimal float", fn("block0(v0: i32):\n    v1 = f64const 1.5\n    return v0"), 3, /must be hexadecimal/],
  ["value defined twice", fn("block0(v0: i32):\n    v1 = iconst.i32 1\n    v1 = iconst.i32 2\n    return v1"), 4, /v1 is defined twice \(first on line 3\)/],
  ["block defined twice", fn("block0(v0: i32):\n    jump block1\nblock1:\n    return v0\nblock1:\n    return v0"), 6, /block1 is defined twice \(first on line 4\)/],
  ["use before definition", fn("block0(v0: i32):\n    v1 = iadd v0, v2\n    v2 = iconst.i32 2\n    return v1"), 3, /v2 is used before its definition on line 4/],
  ["definition does not dominate", fn("block0(v0: i32):\n    brif v0, block1, block2\nblock1:\n    v1 = iconst.i32 1\n    jump block2\nblock2:\n    return v1"), 8, /v1 is used in block2 but its definition in block1 \(line 5\) does not dominate it/],
  ["undefined value", fn("block0(v0: i32):\n    return v9"), 3, /use of undefined value v9/],
  ["edge argument count", fn("block0(v0: i32):\n    jump block1\nblock1(v1: i32):\n    return v1"), 3, /block1 takes 1 arguments, the edge passes 0/],
  ["edge argument type", fn("block0(v0: i32):\n    v1 = iconst.i64 1\n    brif v0, block1(v1), block1(v0)\nblock1(v2: i32):\n    return v2"), 4, /argument v1 to block1 is i64, its parameter v2 is i32/],
  ["br_table index not i32", fn("block0(v0: i32):\n    v1 = iconst.i8 0\n    br_table v1, block1, [block1]\nblock1:\n    return v0"), 4, /v1 is i8, expected i32 \(a br_table index must be i32\)/],
  ["icmp gives i8", fn("block0(v0: i32):\n    v1 = icmp eq v0, v0\n    return v1"), 4, /value 0 v1 is i8, the function returns i32/],
  ["load address not an address type", fn("block0(v0: i32):\n    v1 = ireduce.i8 v0\n    v2 = load.i32 notrap aligned v1\n    return v2"), 4, /v1 is i8, expected an i64 \(or i32\) address/],
  ["iadd operand types", fn("block0(v0: i32):\n    v1 = iconst.i64 1\n    v2 = iadd v0, v1\n    return v0"), 4, /operands differ in type: v0 is i32, v1 is i64/],
  ["suffix disagrees", fn("block0(v0: i32):\n    v1 = iadd.i64 v0, v0\n    return v0"), 3, /the suffix \.i64 disagrees with the operand type i32/],
  ["extend to the same width", fn("block0(v0: i32):\n    v1 = uextend.i32 v0\n    return v1"), 3, /uextend\.i32 of an i32: the result must be wider/],
  ["ireduce to a wider type", fn("block0(v0: i32):\n    v1 = ireduce.i64 v0\n    return v0"), 3, /ireduce\.i64 of an i32: the result must be narrower/],
  ["call argument type", fn("    sig0 = (i64) system_v\n    fn0 = %f sig0\nblock0(v0: i32):\n    call fn0(v0)\n    return v0"), 5, /argument 0 v0 is i32, the signature wants i64/],
  ["call argument count", fn("    sig0 = (i64) system_v\n    fn0 = %f sig0\nblock0(v0: i32):\n    call fn0()\n    return v0"), 5, /passes 0 arguments, the signature \(i64\) takes 1/],
  ["call result count", fn("    sig0 = () system_v\n    fn0 = %f sig0\nblock0(v0: i32):\n    v1 = call fn0()\n    return v0"), 5, /call produces 0 values, 1 named/],
  ["entry parameters", fn("block0(v0: i64):\n    v1 = ireduce.i32 v0\n    return v1"), 2, /entry block parameters \(i64\) must match the signature \(i32\) -> i32/],
  ["no terminator", fn("block0(v0: i32):\n    v1 = iadd v0, v0"), 3, /block0 does not end in a terminator/],
  ["terminator in the middle", fn("block0(v0: i32):\n    return v0\n    v1 = iadd v0, v0\n    return v1"), 3, /terminator 'return' in the middle of block0/],
  ["branch to the entry block", fn("block0(v0: i32):\n    brif v0, block0(v0), block1\nblock1:\n    return v0"), 3, /block0 is the entry block: no instruction may branch to it/],
  ["cold entry", fn("block0(v0: i32) cold:\n    return v0"), 2, /the entry block block0 must not be cold/],
  ["undefined block", fn("block0(v0: i32):\n    jump block7"), 3, /block7 is not a block of %kernel/],
  ["undeclared fn", fn("block0(v0: i32):\n    call fn0(v0)\n    return v0"), 3, /fn0 is not declared/],
  ["unknown instruction", fn("block0(v0: i32):\n    v1 = inegate v0\n    return v1"), 3, /unknown instruction 'inegate'/],
  ["instruction without its type", fn("block0(v0: i32):\n    v1 = iconst 1\n    return v0"), 3, /iconst needs its result type, as in iconst\.i64/],
  ["unknown memory flag", fn("block0(v0: i32):\n    v1 = iconst.i64 0\n    v2 = load.i32 heap v1\n    return v2"), 4, /unknown memory flag 'heap'/],
  ["user0 trap code", fn("block0(v0: i32):\n    trap user0"), 3, /unknown trap code 'user0'/],
  ["stack_addr outside the slot", fn("    ss0 = explicit_slot 8\nblock0(v0: i32):\n    v1 = stack_addr.i64 ss0+9\n    return v0"), 4, /offset 9 is outside ss0 \(8 bytes\)/],
  ["block header without a colon", fn("block0(v0: i32)\n    return v0"), 2, /expected ':' after the block header/],
  ["colocated callee not in the text", fn("    fn0 = colocated %gone(i32) system_v\nblock0(v0: i32):\n    return v0"), 2, /colocated %gone is not defined in this text/],
];

for (const [name, text, line, message] of rejected) {
  test(`rejects: ${name}`, (t) => {
    const errors = checkCLIF(text);
    t.true(errors.length > 0, "expected an error");
    const hit = errors.find((e) => message.test(e.message));
    t.truthy(hit, `no error matching ${message}; got ${JSON.stringify(errors)}`);
    t.is(hit?.line, line);
  });
}

test("rejects one external name with two signatures across functions", (t) => {
  const text = `function %a() system_v {
    fn0 = %fz_x(i64) system_v
block0:
    return
}

function %b() system_v {
    fn0 = %fz_x(i32) system_v
block0:
    return
}
`;
  const errors = checkCLIF(text);
  t.deepEqual(errors, [{ line: 8, col: 0, message: "external %fz_x is declared as (i32) here and as (i64) on line 2" }]);
});

test("rejects a symbol that is not a data object when the data is given", (t) => {
  const errors = checkCLIF(fn("    gv0 = symbol colocated %nope\nblock0(v0: i32):\n    return v0"), { dataSymbols: ["yes"] });
  t.deepEqual(errors, [{ line: 2, col: 0, message: "gv0: %nope is not a data object or function of the module" }]);
});

test("assertCLIF throws with every error and its line", (t) => {
  const e = t.throws(() => assertCLIF(fn("block0(v0: i32):\n    v1 = iadd v0, v9\n    return v1\n    return v0")), { instanceOf: CLIFCheckError });
  t.regex(e!.message, /line 3: use of undefined value v9\nline 4: terminator 'return' in the middle of block0/);
});

test("accepts a source location (@XXXX) before an instruction, and only there", (t) => {
  t.deepEqual(checkCLIF(fn("block0(v0: i32):\n    @0001 v1 = iadd v0, v0\n    @ffffffff return v1")), []);
  const errors = checkCLIF(fn("@0002 block0(v0: i32):\n    @12345abcd v1 = iadd v0, v0\n    @00g1 return v0\n    @0004")).map((e) => `${e.line}:${e.col} ${e.message}`);
  t.true(errors.includes("2:1 a source location (@XXXX) may only precede an instruction"), errors.join("\n"));
  t.true(errors.includes("3:5 invalid source location '@12345abcd' (1 to 8 hexadecimal digits)"), errors.join("\n"));
  t.true(errors.includes("4:5 invalid source location '@00g1' (1 to 8 hexadecimal digits)"), errors.join("\n"));
  t.true(errors.includes("5:5 a source location (@XXXX) must be followed by an instruction"), errors.join("\n"));
});
