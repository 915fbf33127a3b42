/** The facts' encoding of a function: rows, edges, the forward test, readers, and reuse of one encoder. */
import test from "ava";
import { type LFunction, type LValue, parseLIR } from "@fzy/lir";
import { FactsEncoder, readersOf, Row } from "./facts-code.js";
import { FactsScratch } from "./facts-scratch.js";

const LOOP = parseLIR(`module "m"
function %f(i32) -> i32 export {
block0(v0: i32):
    v1: i32 = iconst 0
    v2: i32 = iconst 1
    jump block1(v1)
block1(v3: i32):
    v4: i32 = iadd v3, v2
    v5: bool = icmp slt v4, v0
    brif v5, block1(v4), block2
block2:
    return v3
}
`).functions[0]!;

const STRAIGHT = parseLIR(`module "m"
function %g(i64, i64) -> i64 export {
block0(v0: i64, v1: i64):
    v2: i64 = imul v0, v1
    v3: i32 = trunc v2
    v4: i64 = uext v3
    return v4
}
`).functions[0]!;

/** A sink that records constants. */
function sink(nv: number) {
  const constants: [LValue, bigint][] = [];
  return { ptrBase: new Int32Array(nv).fill(-1), symbols: undefined, constant: (v: LValue, c: bigint) => { constants.push([v, c]); }, constants };
}

/** The code of `fn` as plain arrays, comparable with deepEqual. */
function snapshot(enc: FactsEncoder, fn: LFunction) {
  const code = enc.encode(fn, sink(fn.valueTypes.length));
  const rows = Array.from({ length: code.rowCount }, (_, r) => [code.kind[r], code.dst[r], code.a[r], code.b[r], code.x[r]]);
  const n = code.blockCount;
  return {
    rows, forward: code.forward, blockStart: [...code.blockStart.subarray(0, n + 1)], edgeStart: [...code.edgeStart.subarray(0, n + 1)],
    edgeTo: [...code.edgeTo.subarray(0, code.edgeStart[n]!)], args: [...code.args.subarray(0, code.argStart[code.edgeStart[n]!]!)],
  };
}

test("rows follow the instructions, edges the terminators, and a back edge makes the code not forward", (t) => {
  const s = snapshot(new FactsEncoder(), LOOP);
  t.deepEqual(s.rows, [[Row.Const, 1, 0, 0, 0], [Row.Const, 2, 0, 0, 0], [Row.Binary, 4, 3, 2, 0], [Row.Compare, 5, 0, 0, 0]]);
  t.deepEqual(s.blockStart, [0, 2, 4, 4]);
  t.deepEqual(s.edgeStart, [0, 1, 3, 3]);
  t.deepEqual(s.edgeTo, [1, 1, 2]);
  t.deepEqual(s.args, [1, 4]);
  t.false(s.forward);
  t.true(snapshot(new FactsEncoder(), STRAIGHT).forward);
});

test("the readers of a value are the blocks whose intervals or edges read it", (t) => {
  const enc = new FactsEncoder(), code = enc.encode(LOOP, sink(LOOP.valueTypes.length));
  const r = readersOf(code, LOOP.valueTypes.length, new FactsScratch());
  const of = (v: number) => [...r.blocks.subarray(r.start[v]!, r.start[v + 1]!)];
  t.deepEqual(of(3), [1], "the add in block1");
  t.deepEqual(of(4), [1], "block1's edge back to itself");
  t.deepEqual(of(1), [0], "block0's edge");
  t.deepEqual(of(0), [], "only a comparison reads v0: no interval depends on it");
});

test("one encoder reused across functions encodes each as a fresh one does", (t) => {
  const reused = new FactsEncoder();
  snapshot(reused, LOOP);
  t.deepEqual(snapshot(reused, STRAIGHT), snapshot(new FactsEncoder(), STRAIGHT));
  t.deepEqual(snapshot(reused, LOOP), snapshot(new FactsEncoder(), LOOP));
});

const TABLE = parseLIR(`module "m"
function %h(i32, i32) -> i32 export {
block0(v0: i32, v1: i32):
    v2: i32 = iconst 3
    br_table v0, block3(v1), [block1(v2, v1), block2(v0), block1(v1, v2)]
block1(v3: i32, v4: i32):
    v5: i32 = iadd v3, v4
    return v5
block2(v6: i32):
    return v6
block3(v7: i32):
    return v7
}
`).functions[0]!;

test("a table's default edge comes first, then its targets in order, each with its arguments; parameters by block", (t) => {
  const enc = new FactsEncoder();
  const s = snapshot(enc, TABLE);
  t.deepEqual(s.rows, [[Row.Const, 2, 0, 0, 0], [Row.Binary, 5, 3, 4, 0]]);
  t.deepEqual(s.blockStart, [0, 1, 2, 2, 2]);
  t.deepEqual(s.edgeStart, [0, 4, 4, 4, 4]);
  t.deepEqual(s.edgeTo, [3, 1, 2, 1]);
  t.deepEqual(s.args, [1, 2, 1, 0, 1, 2]);
  t.deepEqual([...enc.paramStart.subarray(0, 5)], [0, 2, 4, 5, 6]);
  t.deepEqual([...enc.params.subarray(0, 6)], [0, 1, 3, 4, 6, 7]);
  t.true(s.forward);
});

/** A table of `n` edges into one block, each passing its own three values: more edges and arguments than values. */
function wideTable(n: number): LFunction {
  const targets = Array.from({ length: n }, (_, i) => `block1(v${i % 3}, v${(i + 1) % 3}, v${(i + 2) % 3})`);
  return parseLIR(`module "m"
function %w(i32, i32, i32) -> i32 export {
block0(v0: i32, v1: i32, v2: i32):
    br_table v0, block1(v0, v1, v2), [${targets.join(", ")}]
block1(v3: i32, v4: i32, v5: i32):
    return v3
}
`).functions[0]!;
}

test("edges and arguments grow past what a reused encoder held, in order", (t) => {
  const enc = new FactsEncoder();
  snapshot(enc, TABLE);
  const s = snapshot(enc, wideTable(300));
  t.is(s.edgeTo.length, 301);
  t.true(s.edgeTo.every((to) => to === 1));
  t.deepEqual(s.args.slice(0, 6), [0, 1, 2, 0, 1, 2]);
  t.deepEqual(s.args.slice(-3), [299 % 3, 300 % 3, 301 % 3]);
  t.is(s.args.length, 903);
  t.deepEqual(s, snapshot(new FactsEncoder(), wideTable(300)));
});

test("with the last changes of a first round, readers mark the blocks that read a value after its change, or are not made", (t) => {
  const code = new FactsEncoder().encode(LOOP, sink(LOOP.valueTypes.length));
  const nv = LOOP.valueTypes.length;
  const changes = (set: [number, number][]) => {
    const position = new Int32Array(nv).fill(-1);
    for (const [v, p] of set) position[v] = p;
    return { position, stale: new Int32Array(1) };
  };
  // v3 set by block0's edge (position 1) is read by block1, visited after it; v4 set by a row of block1 (position 2)
  // is read by block1's own edge, which runs after the row: nothing is stale.
  const none = changes([[1, 0], [2, 0], [3, 1], [4, 2]]);
  t.is(readersOf(code, nv, new FactsScratch(), none), undefined);
  t.is(none.stale[0], 0);
  // v3 set by block1's edge (position 3) is read by block1's add, which ran before the edge: block1 is stale.
  const late = changes([[3, 3]]);
  const r = readersOf(code, nv, new FactsScratch(), late);
  t.not(r, undefined);
  t.is(late.stale[0], 0b010);
  t.deepEqual([...r!.blocks.subarray(r!.start[3]!, r!.start[4]!)], [1]);
});
