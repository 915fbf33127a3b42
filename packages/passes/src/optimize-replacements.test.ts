import test from "ava";
import { type LFunction, type LInst, type LTerm, type LValue, parseLIR, printLIR, verifyLIR } from "@fzy/lir";
import { decide, type MatrixInput } from "./eligibility.js";
import { optimizeFunction } from "./optimize-function.js";
import { MFunction, Replacements } from "./optimize-ir.js";

const ask = (_s: string, i: Omit<MatrixInput, "mode">) => decide({ ...i, mode: "on" });

/** v0 -> v1 (v1 = v0 + v0), returning v2 = v1 + v0: one block whose instruction and terminator read replaceable values. */
function oneBlock(): LFunction {
  const add = (dst: number, a: number, b: number): LInst => ({ op: "binary", kind: "iadd", dst: dst as LValue, a: a as LValue, b: b as LValue });
  const term: LTerm = { op: "return", values: [2 as LValue] };
  return { name: "f", params: ["i32"], results: ["i32"], exported: true, slots: [], blocks: [{ params: [0 as LValue], insts: [add(1, 0, 0), add(2, 1, 0), add(3, 1, 1)], term, cold: false }], valueTypes: ["i32", "i32", "i32", "i32"] };
}

test("after a fold walk resolved every instruction an apply renames terminators only, until the next replacement", (t) => {
  const m = new MFunction(oneBlock());
  const r = new Replacements();
  r.replace(2 as LValue, 3 as LValue);
  r.resolvedInstructions();
  r.apply(m);
  t.deepEqual(m.blocks[0]!.term, { op: "return", values: [3] });
  t.is((m.blocks[0]!.insts[1] as { a: number }).a, 1, "no instruction renamed (the walk had done it)");
  r.replace(1 as LValue, 0 as LValue);
  r.apply(m);
  t.is((m.blocks[0]!.insts[1] as { a: number }).a, 0, "a later replacement renames instructions again");
  r.resolvedInstructions();
  r.instructionsAdded();
  r.replace(3 as LValue, 0 as LValue);
  r.apply(m);
  t.deepEqual(m.blocks[0]!.term, { op: "return", values: [0] });
});

// The fold merges v3 into v2 and leaves the branch reading v3; the select composed from the branch reads it too.
test("a select composed from a branch whose condition was replaced reads the replacement", (t) => {
  const m = parseLIR(`module "m"
function %f(i32) -> i32 export {
block0(v0: i32):
    v1: i32 = iconst 4
    v2: bool = icmp slt v0, v1
    v3: bool = icmp slt v0, v1
    brif v3, block1, block2
block1:
    v4: i32 = iconst 10
    jump block3(v4)
block2:
    v5: i32 = iconst 20
    jump block3(v5)
block3(v6: i32):
    return v6
}
`);
  const fn = optimizeFunction(m.functions[0]!, { fold: true, compose: true }, ask, { addData: () => "t" });
  verifyLIR({ ...m, functions: [fn] });
  const text = printLIR({ ...m, functions: [fn] });
  t.regex(text, /select v\d+, /);
  t.is(fn.blocks.length, 1);
});
