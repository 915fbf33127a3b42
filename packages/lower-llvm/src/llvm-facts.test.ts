import test from "ava";
import { parseLIR } from "@fzy/lir";
import { printLLVM } from "./module.js";
import { DataRanges } from "./facts-loads.js";
import { LlvmFacts } from "./llvm-facts.js";

/** The LLVM line defining `%vN` in the printed module. */
function line(text: string, v: number): string {
  const l = text.split("\n").find((x) => x.trimStart().startsWith(`%v${v} =`));
  if (!l) throw new Error(`no %v${v} in\n${text}`);
  return l.trim();
}

const LOOP = `module "m"
data @tab align 4 bytes "\\03\\00\\00\\00\\07\\00\\00\\00\\05\\00\\00\\00"
data @buf align 4 writable bytes "\\03\\00\\00\\00"
function %kernel(i32) -> i32 export {
block0(v0: i32):
    v1: i32 = iconst 0
    v2: i32 = iconst 1
    v3: i32 = iconst 251
    v4: ptr = symbol_addr @tab
    v5: i64 = iconst 4
    v6: i32 = iconst 2
    v7: ptr = symbol_addr @buf
    jump block1(v1, v1, v2)
block1(v8: i32, v9: i32, v10: i32):
    v11: bool = icmp slt v8, v0
    brif v11, block2, block3
block2:
    v12: i32 = urem v8, v6
    v13: i64 = uext v12
    v14: i64 = imul v13, v5
    v15: ptr = ptr_add v4, v14
    v16: i32 = load readonly v15+0
    v17: i32 = iadd v9, v16
    v18: i32 = urem v17, v3
    v19: i32 = iadd v8, v2
    v20: i32 = imul v10, v6
    v21: i32 = isub v18, v16
    v22: i32 = isub v16, v2
    v23: i32 = load v7+0
    v24: i32 = iadd v23, v2
    v25: i32 = iadd v0, v2
    jump block1(v19, v18, v20)
block3:
    return v9
}
`;

const text = printLLVM(parseLIR(LOOP));

test("a checksum step bounded by its remainder is nuw nsw; a counter and a doubling value are not", (t) => {
  t.is(line(text, 17), "%v17 = add nuw nsw i32 %v9, %v16", "acc < 251 and the table's values < 8");
  t.is(line(text, 19), "%v19 = add i32 %v8, 1", "the counter grows without bound");
  t.is(line(text, 20), "%v20 = mul i32 %v10, 2", "doubling in a loop is widened to the whole type");
  t.is(line(text, 25), "%v25 = add i32 %v0, 1", "a parameter is any value");
  t.is(line(text, 14), "%v14 = mul nuw nsw i64 %v13, 4");
});

test("a block that branches to itself sees what its own edge passes: a counter there grows, a remainder stays bounded", (t) => {
  // The counter's parameter is set by block1's own edge after block1 read it: block1 must be visited again.
  const selfLoop = printLLVM(parseLIR(`module "m"
function %f(i32) -> i32 export {
block0(v0: i32):
    v1: i32 = iconst 0
    v2: i32 = iconst 1
    v3: i32 = iconst 10
    jump block1(v1, v1)
block1(v4: i32, v5: i32):
    v6: i32 = iadd v4, v2
    v7: i32 = urem v6, v3
    v8: i32 = iadd v5, v7
    v9: i32 = urem v8, v3
    v10: bool = icmp slt v6, v0
    brif v10, block1(v6, v9), block2
block2:
    return v5
}
`));
  t.is(line(selfLoop, 6), "%v6 = add i32 %v4, 1");
  t.is(line(selfLoop, 8), "%v8 = add nuw nsw i32 %v5, %v7", "both below 10");
});

test("without loops one pass gives every fact: a chain of bounded sums across blocks", (t) => {
  const chain = printLLVM(parseLIR(`module "m"
function %f(i32) -> i32 export {
block0(v0: i32):
    v1: i32 = iconst 100
    v2: i32 = urem v0, v1
    v3: bool = icmp slt v0, v1
    brif v3, block1, block2(v2)
block1:
    v4: i32 = iadd v2, v2
    jump block2(v4)
block2(v5: i32):
    v6: i32 = iadd v5, v5
    v7: i32 = imul v0, v5
    return v6
}
`));
  t.is(line(chain, 4), "%v4 = add nuw nsw i32 %v2, %v2");
  t.is(line(chain, 6), "%v6 = add nuw nsw i32 %v5, %v5", "v5 is at most 198 on either edge");
  t.is(line(chain, 7), "%v7 = mul i32 %v0, %v5");
});

test("sub is nsw for two non-negative operands and nuw only when the first is at least the second", (t) => {
  t.is(line(text, 21), "%v21 = sub nsw i32 %v18, %v16");
  t.is(line(text, 22), "%v22 = sub nuw nsw i32 %v16, 1");
});

test("a load from a read-only table carries the range of the table's values; writable data none", (t) => {
  const load = line(text, 16);
  const node = /!range (!\d+), !noundef (!\d+)$/.exec(load);
  t.truthy(node, load);
  t.true(text.includes(`${node![1]} = !{i32 3, i32 8}`), "values 3, 7 and 5: [3, 8)");
  t.true(text.includes(`${node![2]} = !{}`));
  t.false(line(text, 23).includes("!range"));
  t.is(line(text, 24), "%v24 = add i32 %v23, 1");
});

test("parameters and results are noundef", (t) => {
  t.true(text.includes("define noundef i32 @kernel(i32 noundef %v0)"), text);
});

test("a range reaching the top of the type wraps in the node, as LangRef writes it", (t) => {
  const m = parseLIR(`module "m"
data @t align 1 bytes "\\80\\ff"
function %f() -> i8 export {
block0:
    v0: ptr = symbol_addr @t
    v1: i8 = load readonly v0+0
    v2: i8 = load readonly v0+1
    v3: i8 = iadd v1, v2
    return v3
}
`);
  const out = printLLVM(m);
  t.true(out.includes("!{i8 -128, i8 -127}"), out);
  t.true(out.includes("!{i8 -1, i8 0}"), out);
  t.is(line(out, 3), "%v3 = add i8 %v1, %v2", "128 + 255 wraps");
});

test("a load's own range is printed, narrowed by a read-only table's values, used for nuw/nsw, and dropped with facts off", (t) => {
  const m = parseLIR(`module "m"
data @t align 4 bytes "\\02\\00\\00\\00\\09\\00\\00\\00"
function %f(ptr) -> i32 export {
block0(v0: ptr):
    v1: i32 = load v0+0 range [0, 5)
    v2: ptr = symbol_addr @t
    v3: i32 = load readonly v2+4 range [3, 20)
    v4: i32 = iconst 7
    v5: i32 = imul v1, v4
    v6: i32 = iadd v5, v3
    return v6
}
`);
  const out = printLLVM(m);
  const nodeOf = (v: number) => /!range (!\d+)/.exec(line(out, v))?.[1];
  t.true(out.includes(`\n${nodeOf(1)} = !{i32 0, i32 5}\n`), out);
  t.true(out.includes(`\n${nodeOf(3)} = !{i32 9, i32 10}\n`), "the table holds 9 at offset 4, inside [3, 20)");
  t.is(line(out, 5), "%v5 = mul nuw nsw i32 %v1, 7", "at most 4 * 7");
  t.is(line(out, 6), "%v6 = add nuw nsw i32 %v5, %v3");
  const off = printLLVM(m, { facts: false });
  t.false(off.includes("!range"), off);
  t.is(line(off, 5), "%v5 = mul i32 %v1, 7");
});

test("a load's range asked for out of code order is the one asked for in order", (t) => {
  const m = parseLIR(`module "m"
data @t align 4 bytes "\\03\\00\\00\\00\\07\\00\\00\\00"
function %f() -> i32 export {
block0:
    v0: ptr = symbol_addr @t
    v1: i32 = load readonly v0+0
    v2: i32 = load readonly v0+4
    v3: i32 = iadd v1, v2
    return v3
}
`);
  const fn = m.functions[0]!;
  const loads = fn.blocks[0]!.insts.filter((i) => i.op === "load");
  const ranges = () => new DataRanges(new Map(m.data.map((d) => [d.name, d])));
  const inOrder = new LlvmFacts(fn, ranges());
  const forward = loads.map((i) => inOrder.loadRange(i));
  const outOfOrder = new LlvmFacts(fn, ranges());
  const backward = [...loads].reverse().map((i) => outOfOrder.loadRange(i)).reverse();
  t.deepEqual(forward, [[3n, 3n], [7n, 7n]]);
  t.deepEqual(backward, forward);
});

test("a function that asks only about loads gets their ranges without solving its ranges", (t) => {
  const m = parseLIR(`module "m"
data @t align 4 bytes "\\03\\00\\00\\00\\07\\00\\00\\00"
function %f(i32) -> i32 export {
block0(v0: i32):
    v1: ptr = symbol_addr @t
    v2: i32 = load readonly v1+4
    v3: i32 = bxor v2, v0
    jump block1(v3)
block1(v4: i32):
    v5: bool = icmp slt v4, v0
    brif v5, block1(v4), block2
block2:
    return v4
}
`);
  const proto = LlvmFacts.prototype as unknown as { solve(): boolean };
  const solve = proto.solve;
  let solved = 0;
  proto.solve = function (this: unknown) {
    solved++;
    return solve.call(this);
  };
  try {
    const out = printLLVM(m);
    t.regex(line(out, 2), /!range !\d+, !noundef !\d+$/);
    t.is(solved, 0, "no flag to decide: nothing solved");
    const fn = m.functions[0]!;
    // The load reads 7 and v0 is any value: v2 + v0 may wrap either way.
    const sum = { op: "binary", kind: "iadd", dst: 3, a: 2, b: 0 } as const;
    t.is(new LlvmFacts(fn, new DataRanges(new Map(m.data.map((d) => [d.name, d])))).wrapFlags(sum as Parameters<LlvmFacts["wrapFlags"]>[0]), "");
    t.is(solved, 1, "a question about a flag solves them");
  } finally {
    proto.solve = solve;
  }
});
