/**
 * Dominator trees on small graphs with known answers: a diamond, a loop, an
 * irreducible region (two entries into a cycle), unreachable nodes, a chain
 * deep enough to break a recursive traversal, and a function built with the
 * builder.
 */
import test from "ava";
import { computeDominators, computeDominatorsOfGraph, I32, ModuleBuilder, predecessors, reversePostorder } from "./index.js";

const idoms = (succs: number[][]) => {
  const d = computeDominatorsOfGraph(succs);
  return succs.map((_, b) => d.idom(b));
};

test("diamond: the join's idom is the branch", (t) => {
  // 0 -> 1, 2; 1 -> 3; 2 -> 3
  t.deepEqual(idoms([[1, 2], [3], [3], []]), [null, 0, 0, 0]);
});

test("loop: header dominates body and exit", (t) => {
  // 0 -> 1; 1 -> 2, 3; 2 -> 1
  const d = computeDominatorsOfGraph<number>([[1], [2, 3], [1], []]);
  t.deepEqual([0, 1, 2, 3].map((b) => d.idom(b)), [null, 0, 1, 1]);
  t.true(d.dominates(1, 2));
  t.false(d.dominates(2, 1));
  t.true(d.dominates(2, 2));
  t.false(d.strictlyDominates(2, 2));
  t.deepEqual(d.rpo, [0, 1, 2, 3].filter((b) => d.rpoIndex[b]! >= 0).sort((a, b) => d.rpoIndex[a]! - d.rpoIndex[b]!));
});

test("irreducible cycle: both cycle nodes are dominated only by the entry", (t) => {
  // 0 -> 1, 2; 1 -> 2; 2 -> 1, 3
  t.deepEqual(idoms([[1, 2], [2], [1, 3], []]), [null, 0, 0, 2]);
});

test("unreachable nodes dominate nothing and have no idom", (t) => {
  // 0 -> 1; 2 -> 1 (2 unreachable)
  const d = computeDominatorsOfGraph<number>([[1], [], [1]]);
  t.is(d.idom(2), null);
  t.false(d.isReachable(2));
  t.false(d.dominates(2, 1));
  t.false(d.dominates(0, 2));
  t.is(d.idom(1), 0);
  t.deepEqual(d.preds[1], [0, 2]);
});

test("a 200000-block chain needs no recursion", (t) => {
  const n = 200_000;
  const succs = Array.from({ length: n }, (_, i) => (i + 1 < n ? [i + 1] : []));
  const d = computeDominatorsOfGraph(succs);
  t.is(d.idom(n - 1), n - 2);
  t.true(d.dominates(0, n - 1));
  t.is(d.rpo.length, n);
});

test("functions: predecessors, reverse postorder and dominators of a built CFG", (t) => {
  const mb = new ModuleBuilder("t");
  const f = mb.function("f", [["p", I32]], I32);
  const entry = f.block("entry"), a = f.block("a"), b = f.block("b"), join = f.block("join");
  f.at(entry); f.br(f.icmp("eq", f.param(0), f.param(0)), a, b);
  f.at(a); f.jump(join);
  f.at(b); f.jump(join);
  f.at(join); f.ret(f.param(0));
  const func = mb.finish().functions[0]!;
  t.deepEqual(predecessors(func), [[], [0], [0], [1, 2]]);
  const rpo = reversePostorder(func);
  t.is(rpo[0], entry);
  t.is(rpo[3], join);
  t.is(computeDominators(func).idom(join), entry);
});
