/**
 * verifyLIR on written cases: a well-formed module passes, and each broken
 * variant (one invariant of the verifier's header broken at a time) is
 * rejected with the function, block and instruction named.
 */
import test from "ava";
import { FzError } from "@fzy/ir";
import { parseLIR, verifyLIR } from "./index.js";

/** A well-formed module; the broken cases below each change one line of it. */
const GOOD = `module "m"

extern %fz_panic_bounds(i64, i64) noreturn

data @text align 1 bytes "hello, world"
data @table align 8 zeroes 16 relocs [0: @text+0, 8: @text+7]

function %kernel(i32) -> i32 export {
    ss0 = slot 32, align 4
block0(v0: i32):
    v1: i64 = sext v0
    v2: i64 = iconst 8
    v3: bool = icmp ult v1, v2
    brif v3, block1, block2
block1:
    v4: ptr = stack_addr ss0+0
    v5: i64 = iconst 4
    v6: i64 = imul v1, v5
    v7: ptr = ptr_add v4, v6
    store v0, v7+0
    v8: i32 = load v7+0
    jump block3(v8)
block2 cold:
    call %fz_panic_bounds(v1, v2)
    trap
block3(v9: i32):
    v10: i32 = call %twice(v9)
    return v10
}

function %twice(i32) -> i32 {
block0(v0: i32):
    v1: i32 = iadd v0, v0
    return v1
}
`;

test("the well-formed module passes", (t) => {
  t.notThrows(() => verifyLIR(parseLIR(GOOD)));
});

test("a load with a non-empty range of its type passes", (t) => {
  t.notThrows(() => verifyLIR(parseLIR(GOOD.replace("    v8: i32 = load v7+0", "    v8: i32 = load v7+0 range [0, 3)"))));
  t.notThrows(() => verifyLIR(parseLIR(GOOD.replace("    v8: i32 = load v7+0", "    v8: i32 = load v7+0 range [1, 4294967296)"))));
});

test("a switch with increasing signed cases of its type passes", (t) => {
  const text = GOOD.replace("    brif v3, block1, block2", "    switch v0, block2, [-2147483648: block1, -5: block3(v0), 7: block1, 2147483647: block2]");
  t.notThrows(() => verifyLIR(parseLIR(text)));
});

/** Replace one exact line of GOOD (it must be there) and return the verifier's one-line error. */
function broken(t: import("ava").ExecutionContext, from: string, to: string): string {
  t.true(GOOD.includes(from), `the case edits a line of the good module: ${from}`);
  const m = parseLIR(GOOD.replace(from, to));
  const e = t.throws(() => verifyLIR(m), { instanceOf: FzError });
  return e!.format();
}

const CASES: readonly [string, string, string, string][] = [
  ["operand types differ", "    v6: i64 = imul v1, v5", "    v6: i64 = imul v1, v0",
    "in function kernel, block block1, instruction 2 (v6: i64 = imul v1, v0): error[type]: operands v1 (i64) and v0 (i32) differ in type"],
  ["wrong result type", "    v1: i64 = sext v0", "    v1: i32 = sext v0",
    "in function kernel, block block0, instruction 0 (v1: i32 = sext v0): error[type]: sext cannot convert i32 to i32"],
  ["value defined twice", "    v5: i64 = iconst 4", "    v5: i64 = iconst 4\n    v1: i64 = iconst 5",
    "in function kernel, block block1, instruction 2 (v1: i64 = iconst 5): error[duplicate]: v1 is defined twice (first in block0)"],
  ["use not dominated", "    call %fz_panic_bounds(v1, v2)", "    call %fz_panic_bounds(v6, v2)",
    "in function kernel, block block2, instruction 0 (call %fz_panic_bounds(v6, v2)): error[undefined]: v6 is used where its definition (block1) does not dominate"],
  ["use before definition in a block", "    v6: i64 = imul v1, v5", "    v6: i64 = imul v1, v6",
    "in function kernel, block block1, instruction 2 (v6: i64 = imul v1, v6): error[undefined]: v6 is used where its definition (block1) does not dominate"],
  ["use of a value never defined", "    return v10", "    return v42",
    "in function kernel, block block3, instruction 1 (return v42): error[undefined]: v42 is used but never defined"],
  ["edge argument count", "    jump block3(v8)", "    jump block3",
    "in function kernel, block block1, instruction 6 (jump block3): error[type]: edge to block3 passes (), the block takes (i32)"],
  ["edge argument type", "    jump block3(v8)", "    jump block3(v7)",
    "in function kernel, block block1, instruction 6 (jump block3(v7)): error[type]: edge to block3 passes (ptr), the block takes (i32)"],
  ["branch to a missing block", "    brif v3, block1, block2", "    brif v3, block1, block9",
    "in function kernel, block block0, instruction 3 (brif v3, block1, block9): error[cfg]: branch to block9, which does not exist"],
  ["brif on an integer", "    brif v3, block1, block2", "    brif v1, block1, block2",
    "in function kernel, block block0, instruction 3 (brif v1, block1, block2): error[type]: brif condition v1 must be bool, is i64"],
  ["unknown data object", "    v4: ptr = stack_addr ss0+0", "    v4: ptr = symbol_addr @txt",
    "in function kernel, block block1, instruction 0 (v4: ptr = symbol_addr @txt): error[type]: data object @txt does not exist"],
  ["unknown callee", "    v10: i32 = call %twice(v9)", "    v10: i32 = call %thrice(v9)",
    "in function kernel, block block3, instruction 0 (v10: i32 = call %thrice(v9)): error[type]: callee %thrice is neither a function nor an extern of the module"],
  ["call argument type", "    v10: i32 = call %twice(v9)", "    v10: i32 = call %twice(v1)",
    "in function kernel, block block3, instruction 0 (v10: i32 = call %twice(v1)): error[type]: argument 0 v1 of %twice must be i32, is i64"],
  ["stack slot out of range", "    v4: ptr = stack_addr ss0+0", "    v4: ptr = stack_addr ss1+0",
    "in function kernel, block block1, instruction 0 (v4: ptr = stack_addr ss1+0): error[type]: stack slot ss1 does not exist"],
  ["stack offset out of range", "    v4: ptr = stack_addr ss0+0", "    v4: ptr = stack_addr ss0+33",
    "in function kernel, block block1, instruction 0 (v4: ptr = stack_addr ss0+33): error[type]: offset 33 is outside ss0 (32 bytes)"],
  ["noreturn call not followed by trap", "    call %fz_panic_bounds(v1, v2)\n    trap", "    call %fz_panic_bounds(v1, v2)\n    return v0",
    "in function kernel, block block2, instruction 1 (return v0): error[cfg]: the block calls noreturn %fz_panic_bounds last, so it must end in trap"],
  ["bool stored to memory", "    store v0, v7+0", "    store v3, v7+0",
    "in function kernel, block block1, instruction 4 (store v3, v7+0): error[type]: stored value v3 is bool; a bool never goes to memory"],
  ["return type", "    return v10", "    return v1",
    "in function kernel, block block3, instruction 1 (return v1): error[type]: return gives (i64), the function returns (i32)"],
  ["constant out of range", "    v2: i64 = iconst 8", "    v2: i64 = iconst 18446744073709551616",
    "in function kernel, block block0, instruction 1 (v2: i64 = iconst 18446744073709551616): error[type]: constant 18446744073709551616 does not fit i64"],
  ["entry parameters", "block0(v0: i32):\n    v1: i64 = sext", "block0(v0: i64):\n    v1: i64 = sext",
    "in function kernel: error[type]: the entry block's parameters (i64) differ from the function's (i32)"],
  ["relocation outside its object", "relocs [0: @text+0, 8: @text+7]", "relocs [0: @text+0, 9: @text+7]",
    "error[type]: lowered module: data object @table, relocation at 9 leaves its 16 bytes"],
  ["relocation to an unknown symbol", "relocs [0: @text+0, 8: @text+7]", "relocs [0: @text+0, 8: @txt+7]",
    "error[undefined]: lowered module: data object @table, relocation at 8 names @txt, which the module does not define"],
  ["empty load range", "    v8: i32 = load v7+0", "    v8: i32 = load v7+0 range [3, 3)",
    "in function kernel, block block1, instruction 5 (v8: i32 = load v7+0 range [3, 3)): error[type]: load range [3, 3) is not a non-empty interval of i32 (0 <= lo < hi <= 4294967296)"],
  ["load range past its type", "    v8: i32 = load v7+0", "    v8: i32 = load v7+0 range [0, 4294967297)",
    "in function kernel, block block1, instruction 5 (v8: i32 = load v7+0 range [0, 4294967297)): error[type]: load range [0, 4294967297) is not a non-empty interval of i32 (0 <= lo < hi <= 4294967296)"],
  ["load range of the whole type", "    v8: i32 = load v7+0", "    v8: i32 = load v7+0 range [0, 4294967296)",
    "in function kernel, block block1, instruction 5 (v8: i32 = load v7+0 range [0, 4294967296)): error[type]: load range [0, 4294967296) is the whole of i32: it states nothing"],
  ["switch on a bool", "    brif v3, block1, block2", "    switch v3, block2, [-5: block1, 7: block1]",
    "in function kernel, block block0, instruction 3 (switch v3, block2, [-5: block1, 7: block1]): error[type]: switch value v3 must be an integer, is bool"],
  ["switch cases out of order", "    brif v3, block1, block2", "    switch v0, block2, [7: block1, -5: block1]",
    "in function kernel, block block0, instruction 3 (switch v0, block2, [7: block1, -5: block1]): error[type]: switch cases are not strictly increasing: -5 after 7"],
  ["switch case twice", "    brif v3, block1, block2", "    switch v0, block2, [7: block1, 7: block2]",
    "in function kernel, block block0, instruction 3 (switch v0, block2, [7: block1, 7: block2]): error[type]: switch cases are not strictly increasing: 7 after 7"],
  ["switch case outside its type", "    brif v3, block1, block2", "    switch v0, block2, [-5: block1, 4294967295: block1]",
    "in function kernel, block block0, instruction 3 (switch v0, block2, [-5: block1, 4294967295: block1]): error[type]: switch case 4294967295 is not a signed i32"],
  ["switch edge arguments", "    brif v3, block1, block2", "    switch v0, block2, [-5: block3(v1)]",
    "in function kernel, block block0, instruction 3 (switch v0, block2, [-5: block3(v1)]): error[type]: edge to block3 passes (i64), the block takes (i32)"],
  ["function defined twice", "function %twice(i32) -> i32 {", "function %kernel(i32) -> i32 {",
    "error[duplicate]: lowered module: function %kernel is defined twice"],
];

for (const [name, from, to, message] of CASES) {
  test(`rejected: ${name}`, (t) => {
    t.is(broken(t, from, to), message);
  });
}

test("a use in an unreachable block is not a dominance error, but must still be defined", (t) => {
  const text = GOOD.replace("    v10: i32 = call %twice(v9)\n    return v10\n}", "    v10: i32 = call %twice(v9)\n    return v10\nblock4:\n    return v8\n}");
  t.notThrows(() => verifyLIR(parseLIR(text)));
  const undefinedUse = text.replace("block4:\n    return v8", "block4:\n    return v77");
  t.throws(() => verifyLIR(parseLIR(undefinedUse)), { message: "v77 is used but never defined" });
});

test("names and origins: accepted when they fit, a malformed source location is rejected (F9)", (t) => {
  const named = GOOD.replace("    ss0 = slot 32, align 4\nblock0(v0: i32):", '    ss0 = slot 32, align 4\n    origin 0 text "%x = add %a, %b" loc "f.fz":3:0\nblock0 "entry"(v0 "n": i32):')
    .replace("    v2: i64 = iconst 8", "    v2 \"eight\": i64 = iconst 8 !0");
  t.notThrows(() => verifyLIR(parseLIR(named)));
  const e = t.throws(() => verifyLIR(parseLIR(named.replace('loc "f.fz":3:0', 'loc "f.fz":0:0'))), { instanceOf: FzError });
  t.regex(e!.message, /origin 0 has a malformed source location/);
});
