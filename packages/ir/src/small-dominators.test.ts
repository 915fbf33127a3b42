/**
 * SmallDominators against DominatorTree on the same graphs, one object
 * reused across graphs of changing sizes (so that a stale entry of an
 * earlier, larger graph would show): the same reverse postorder,
 * predecessors, children, idoms, reachability and dominance for every pair.
 */
import test from "ava";
import { type BlockId, computeDominatorsOfGraph, type DominatorTree, I32, ModuleBuilder } from "./index.js";
import { SMALL_GRAPH_BLOCKS, SmallDominators } from "./small-dominators.js";

/** Fill `d` with the graph `succs`, edge by edge. */
function fill(d: SmallDominators, succs: readonly (readonly number[])[]): SmallDominators {
  d.begin(succs.length);
  succs.forEach((ss, b) => ss.forEach((s) => d.edge(b, s)));
  d.finish();
  return d;
}

/** Everything a caller can ask, as plain data. */
function answers(d: Pick<DominatorTree<BlockId>, "rpo" | "predCount" | "pred" | "childCount" | "child" | "idom" | "isReachable" | "dominates" | "strictlyDominates">, n: number) {
  const ids = Array.from({ length: n }, (_, b) => b as BlockId);
  return {
    rpo: [...d.rpo],
    preds: ids.map((b) => Array.from({ length: d.predCount(b) }, (_, i) => d.pred(b, i))),
    children: ids.map((b) => Array.from({ length: d.childCount(b) }, (_, i) => d.child(b, i))),
    idom: ids.map((b) => d.idom(b)),
    reachable: ids.map((b) => d.isReachable(b)),
    dominates: ids.map((a) => ids.map((b) => d.dominates(a, b))),
    strictly: ids.map((a) => ids.map((b) => d.strictlyDominates(a, b))),
  };
}

test("random graphs of changing sizes (unreachable parts, self loops, back edges to the entry, duplicate edges): the same answers as DominatorTree", (t) => {
  let seed = 777;
  const rnd = (k: number) => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return (seed >>> 8) % k; };
  const d = new SmallDominators();
  for (let g = 0; g < 600; g++) {
    const n = 1 + rnd(g % 3 === 0 ? SMALL_GRAPH_BLOCKS - 1 : 12);
    const succs = Array.from({ length: n }, () => Array.from({ length: rnd(4) }, () => rnd(n)));
    const tree = computeDominatorsOfGraph(succs as BlockId[][]);
    t.deepEqual(answers(fill(d, succs), n), answers(tree, n), JSON.stringify(succs));
  }
});

test("ofFunction: the successors of a function's terminators, in their order", (t) => {
  const mb = new ModuleBuilder("m");
  const f = mb.function("f", [["x", I32]], I32);
  const [entry, a, b, c, join] = ["entry", "a", "b", "c", "join"].map((n) => f.block(n));
  f.at(entry!);
  f.switch(f.param(0), [{ value: 1n, target: b! }, { value: 2n, target: a! }], c!);
  for (const x of [a!, b!, c!]) { f.at(x); f.jump(join!); }
  f.at(join!);
  f.ret(f.param(0));
  const func = mb.finish().functions[0]!;
  const d = new SmallDominators().ofFunction(func);
  t.deepEqual([...d.rpo], [0, 3, 1, 2, 4].map((i) => i as BlockId), "cases first, then the default, visited in that order");
  t.is(d.idom(4 as BlockId), 0 as BlockId);
  t.deepEqual([0, 1, 2].map((i) => d.pred(4 as BlockId, i)), [1, 2, 3].map((b) => b as BlockId));
  t.is(d.predCount(4 as BlockId), 3);
});

test("begin refuses a graph that is not small", (t) => {
  const d = new SmallDominators();
  t.throws(() => d.begin(SMALL_GRAPH_BLOCKS), { instanceOf: RangeError });
  t.throws(() => d.begin(0), { instanceOf: RangeError });
});
