import test from "ava";
import { type LBlockId, type LFunction, type LInst, type LTerm, type LValue, parseLIR, printLIR, verifyLIR } from "@fzy/lir";
import { decide, type MatrixInput } from "./eligibility.js";
import { optimizeFunction } from "./optimize-function.js";
import { findLoops, hasCycle } from "./optimize-licm.js";
import { MFunction } from "./optimize-ir.js";
import { loopsByHeader } from "./loop-nest.js";
import { blocksInLoops } from "./loop-analysis.js";

const askOn = (enabled: boolean) => (_s: string, i: Omit<MatrixInput, "mode">) => decide({ ...i, enabled: i.kind === "loop-invariant" ? enabled : i.enabled, mode: "on" });
const noTables = { addData: (): string => { throw new Error("no tables here"); } };

function licm(text: string, enabled = true): LFunction {
  const m = parseLIR(text);
  const fn = optimizeFunction(m.functions[0]!, { fold: false, compose: false, licm: true }, askOn(enabled), noTables);
  verifyLIR({ ...m, functions: [fn] });
  return fn;
}

/** The instructions of block `b` as their operation names (`iadd`, `load`, ...). */
const ops = (f: LFunction, b: number): string[] => f.blocks[b]!.insts.map((i: LInst) => (i.op === "binary" ? i.kind : i.op === "convert" ? i.kind : i.op));

/** A counted loop over `i < n` whose body uses `x * 3`, `x / d`, a load of `p` in the header and one in the body. */
const LOOP = `module "m"
function %f(i32, i32, ptr, i32) -> i32 export {
block0(v0: i32, v1: i32, v2: ptr, v3: i32):
    v4: i32 = iconst 0
    v5: i32 = iconst 1
    v6: i32 = iconst 3
    v7: i32 = iconst -1
    jump block1(v4, v4)
block1(v8: i32, v9: i32):
    v10: i32 = load readonly v2+0
    v11: bool = icmp slt v8, v0
    brif v11, block2, block3
block2:
    v12: i32 = imul v1, v6
    v13: i32 = iadd v12, v12
    v14: i32 = sdiv v1, v3
    v15: i32 = sdiv v1, v6
    v16: i32 = sdiv v1, v7
    v17: i32 = load readonly v2+4
    v18: i32 = iadd v9, v13
    v19: i32 = iadd v18, v14
    v20: i32 = iadd v19, v15
    v21: i32 = iadd v20, v16
    v22: i32 = iadd v21, v17
    v23: i32 = iadd v22, v10
    v24: i32 = iadd v8, v5
    jump block1(v24, v23)
block3:
    return v9
}
`;

test("invariant pure operations and a header load move to the preheader; guarded and varying ones stay", (t) => {
  const f = licm(LOOP);
  // Entry: the multiply, its double, the division by the constant 3 and the header's load.
  t.deepEqual(ops(f, 0).filter((o) => o !== "iconst"), ["load", "imul", "iadd", "sdiv"]);
  // The division by a parameter (guarded in a real lowering), by -1 (may trap on MIN) and the body's load stay.
  t.deepEqual(ops(f, 2), ["sdiv", "sdiv", "load", "iadd", "iadd", "iadd", "iadd", "iadd", "iadd", "iadd"]);
  t.deepEqual(ops(f, 1), ["icmp"]);
});

test("the licm switch off leaves the loop as it was", (t) => {
  const f = licm(LOOP, false);
  t.is(printLIR({ name: "m", functions: [f], externs: [], data: [] }), printLIR({ name: "m", functions: [parseLIR(LOOP).functions[0]!], externs: [], data: [] }));
});

test("a header load after a call stays (the call may not return), and nothing leaves a cold block", (t) => {
  const f = licm(`module "m"
extern %g()
function %f(i32, ptr) -> i32 export {
block0(v0: i32, v1: ptr):
    v2: i32 = iconst 0
    v3: i32 = iconst 1
    jump block1(v2)
block1(v4: i32):
    call %g()
    v5: i32 = load readonly v1+0
    v6: bool = icmp slt v4, v5
    brif v6, block2, block4
block2:
    v7: i32 = iadd v4, v3
    v8: bool = icmp eq v7, v0
    brif v8, block3, block1(v7)
block3 cold:
    v9: i32 = imul v0, v0
    jump block1(v9)
block4:
    return v4
}
`);
  t.deepEqual(ops(f, 0).filter((o) => o !== "iconst"), []);
  t.deepEqual(ops(f, 1), ["call", "load", "icmp"]);
});

/** Two nested counted loops (headers block1 and block3): v1*v1 is invariant in both, v4*v4 in the inner one only. */
const NEST = `module "m"
function %f(i32, i32) -> i32 export {
block0(v0: i32, v1: i32):
    v2: i32 = iconst 0
    v3: i32 = iconst 1
    jump block1(v2, v2)
block1(v4: i32, v5: i32):
    v6: bool = icmp slt v4, v0
    brif v6, block2, block6
block2:
    v7: i32 = imul v4, v4
    jump block3(v2, v5)
block3(v8: i32, v9: i32):
    v10: bool = icmp slt v8, v0
    brif v10, block4, block5
block4:
    v11: i32 = imul v1, v1
    v12: i32 = iadd v9, v11
    v13: i32 = iadd v12, v7
    v14: i32 = iadd v8, v3
    jump block3(v14, v13)
block5:
    v15: i32 = iadd v4, v3
    jump block1(v15, v9)
block6:
    return v5
}
`;

/** LICM on the first function of `text` with the loops at the headers in `refused` refused by the matrix; the questions asked. */
function licmRefusing(text: string, refused: readonly number[]): { f: LFunction; asked: string[] } {
  const m = parseLIR(text), asked: string[] = [];
  const ask = (s: string, i: Omit<MatrixInput, "mode">) => {
    const off = i.kind === "loop-invariant" && refused.some((h) => s.startsWith(`loop at block ${h} `));
    if (i.kind === "loop-invariant") asked.push(`${s.split(" of ")[0]}: ${i.insts}`);
    return decide({ ...i, enabled: off ? false : i.enabled, mode: "on" });
  };
  const f = optimizeFunction(m.functions[0]!, { fold: false, compose: false, licm: true }, ask, noTables);
  verifyLIR({ ...m, functions: [f] });
  return { f, asked };
}

test("a value hoisted out of an inner loop moves on out of the outer one when it is invariant there too", (t) => {
  const f = licm(NEST);
  t.deepEqual(ops(f, 0).filter((o) => o !== "iconst"), ["imul"], "v1*v1 is invariant in both loops");
  t.deepEqual(ops(f, 2), ["imul"], "v4*v4 varies with the outer loop: it stays in the inner preheader");
  t.deepEqual(ops(f, 4), ["iadd", "iadd", "iadd"]);
});

test("an inner loop the matrix refuses: the outer loop's scan visits its blocks again and hoists what is invariant there", (t) => {
  const kept = licmRefusing(NEST, []);
  t.deepEqual(kept.asked, ["loop at block 3: 1", "loop at block 1: 1"], "the outer loop asks about v1*v1 again, now in the inner preheader");
  const { f, asked } = licmRefusing(NEST, [3]);
  t.deepEqual(asked, ["loop at block 3: 1", "loop at block 1: 1"], "the outer loop finds v1*v1 in the inner body");
  t.deepEqual(ops(f, 0).filter((o) => o !== "iconst"), ["imul"], "v1*v1 leaves both loops from the inner body");
  t.deepEqual(ops(f, 2), ["imul"], "v4*v4 stays where it was (refused in the inner loop, varying in the outer one)");
  t.deepEqual(ops(f, 4), ["iadd", "iadd", "iadd"]);
});

test("an inner loop without a preheader: the enclosing loop hoists out of it", (t) => {
  const { f, asked } = licmRefusing(`module "m"
function %f(i32, i32) -> i32 export {
block0(v0: i32, v1: i32):
    v2: i32 = iconst 0
    v3: i32 = iconst 1
    jump block1(v2)
block1(v4: i32):
    v5: bool = icmp slt v4, v0
    brif v5, block2, block5
block2:
    v6: bool = icmp slt v4, v3
    brif v6, block3(v2), block3(v3)
block3(v7: i32):
    v8: i32 = imul v1, v1
    v9: i32 = iadd v7, v8
    v10: bool = icmp slt v9, v0
    brif v10, block3(v9), block4
block4:
    v11: i32 = iadd v4, v3
    jump block1(v11)
block5:
    return v4
}
`, []);
  t.deepEqual(asked, ["loop at block 1: 1"]);
  t.deepEqual(ops(f, 0).filter((o) => o !== "iconst"), ["imul"]);
  t.deepEqual(ops(f, 3), ["iadd", "icmp"]);
});

test("a loop whose header has two entries from outside is left alone (no preheader)", (t) => {
  const f = licm(`module "m"
function %f(i32, i32) -> i32 export {
block0(v0: i32, v1: i32):
    v2: i32 = iconst 0
    v3: i32 = iconst 1
    v4: bool = icmp slt v0, v2
    brif v4, block1(v2), block1(v3)
block1(v5: i32):
    v6: i32 = imul v1, v1
    v7: i32 = iadd v5, v6
    v8: bool = icmp slt v7, v0
    brif v8, block1(v7), block2
block2:
    return v5
}
`);
  t.deepEqual(ops(f, 1), ["imul", "iadd", "icmp"]);
});

test("the cycle check that lets LICM skip the dominator tree agrees with the loop blocks on random graphs", (t) => {
  // hasCycle must be true whenever a cycle is reachable from block 0 (else loops would go unhoisted), and false otherwise.
  let seed = 99;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
  let cyclic = 0;
  for (let g = 0; g < 400; g++) {
    const n = 1 + rnd(10);
    const succs = Array.from({ length: n }, () => Array.from({ length: rnd(3) }, () => rnd(n)));
    const want = blocksInLoops(succs).size > 0;
    if (want) cyclic++;
    t.is(hasCycle(succs), want, JSON.stringify(succs));
  }
  t.true(cyclic > 50 && cyclic < 350, "both answers are exercised");
  t.false(hasCycle([]));
  t.false(hasCycle([[1, 2], [3], [3], []]), "a diamond");
  t.true(hasCycle([[1], [2], [1]]));
  t.false(hasCycle([[], [2], [1]]), "an unreachable cycle");
});

test("findLoops's loops are those whose back edges a search of the successor lists meets, on random graphs", (t) => {
  // The headers come from the nest alone: every one must be a loop loopsByHeader finds from the edges, and no other.
  let seed = 7;
  const rnd = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0), (seed >>> 8) % n);
  const edge = (b: number) => ({ block: b as LBlockId, args: [] });
  let loops = 0;
  for (let g = 0; g < 400; g++) {
    const n = 1 + rnd(12);
    const blocks = Array.from({ length: n }, () => {
      const to = Array.from({ length: rnd(4) }, () => rnd(n));
      const term: LTerm = to.length === 0 ? { op: "return", values: [] }
        : to.length === 1 ? { op: "jump", target: edge(to[0]!) }
        : to.length === 2 ? { op: "brif", cond: 0 as LValue, then: edge(to[0]!), else: edge(to[1]!) }
        : { op: "br_table", index: 0 as LValue, default: edge(to[0]!), targets: to.slice(1).map(edge) };
      return { params: [], insts: [], term, cold: false };
    });
    const m = new MFunction({ name: "f", params: [], results: [], exported: false, slots: [], blocks, valueTypes: ["i32"] } as unknown as LFunction);
    const forest = findLoops(m);
    const got = forest ? [...forest.loops.keys()].sort((a, b) => a - b) : [];
    const want = forest ? [...loopsByHeader(m.successors(), forest.dom, forest.nest).keys()].sort((a, b) => a - b) : [];
    loops += got.length;
    t.deepEqual(got, want, JSON.stringify(blocks.map((b) => b.term)));
    for (const h of got) t.deepEqual([...forest!.loops.get(h)!].sort(), [...forest!.nest.body(h)].sort());
  }
  t.true(loops > 100, `loops are exercised (${loops})`);
});
