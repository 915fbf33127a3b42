/**
 * The range solver's visiting order (range-order.ts) on random graphs and
 * on loops one after another: a permutation of the reachable blocks, the
 * entry first, each block after its immediate dominator, each natural
 * loop's blocks together with its header first, the blocks outside every
 * loop in reverse postorder, and in reducible graphs only back edges going
 * to a block at or before their source.
 */
import test from "ava";
import { type BlockId, computeDominatorsOfGraph, type DominatorTree } from "@fzy/ir";
import { LoopNest } from "./loop-nest.js";
import { prng } from "./range-random.js";
import { loopContiguousOrder } from "./range-order.js";

function check(t: import("ava").ExecutionContext, succs: BlockId[][]): void {
  const dom = computeDominatorsOfGraph(succs) as DominatorTree<BlockId>;
  const { blocks: order, position } = loopContiguousOrder(dom), g = JSON.stringify(succs);
  t.deepEqual([...order].sort((a, b) => a - b), [...dom.rpo].sort((a, b) => a - b), `${g}: the reachable blocks`);
  t.is(order[0], 0 as BlockId, g);
  order.forEach((b, i) => t.is(position[b], i, g));
  for (let b = 0; b < succs.length; b++) if (!dom.isReachable(b as BlockId)) t.is(position[b], -1, g);
  for (const b of order) if (b !== 0) t.true(position[dom.idom(b)!]! < position[b]!, `${g}: ${b} after its immediate dominator`);
  const nest = new LoopNest<BlockId>(dom, succs.length);
  for (const h of order) {
    if (!nest.isHeader(h)) continue;
    const at = [...nest.body(h)].map((b) => position[b]!).sort((a, b) => a - b);
    t.is(at[0], position[h], `${g}: loop ${h} starts at its header`);
    t.is(at[at.length - 1]! - at[0]!, at.length - 1, `${g}: loop ${h} together`);
  }
  const outside = dom.rpo.filter((b) => nest.innermost(b) === undefined);
  t.deepEqual(outside.map((b) => position[b]!), outside.map((b) => position[b]!).sort((a, b) => a - b), `${g}: outside loops in reverse postorder`);
  const retreating = (index: readonly number[]) => order.flatMap((u) => succs[u]!.filter((v) => index[v]! <= index[u]!).map((v) => [u, v] as const));
  if (retreating(dom.rpoIndex).every(([u, v]) => dom.dominates(v, u))) {
    for (const [u, v] of retreating(position)) t.true(dom.dominates(v, u), `${g}: ${u} -> ${v} goes back, so it is a back edge`);
  }
}

test("range order: random graphs (permutation, dominators first, loops together, back edges only going back)", (t) => {
  for (let seed = 1; seed <= 300; seed++) {
    const r = prng(seed), n = 1 + r(14);
    const succs = Array.from({ length: n }, (_, b) => Array.from({ length: r(3) }, () => (r(3) === 0 ? r(n) : Math.min(n - 1, b + 1 + r(3))) as BlockId));
    check(t, succs);
  }
});

test("range order: loops one after another, each body right after its header (reverse postorder puts it after the exit)", (t) => {
  // p_k -> h_k; h_k -> b_k (taken first), p_{k+1}; b_k -> h_k: blocks p0 h0 b0 p1 h1 b1 ... p3 as 0..9.
  const n = 3, succs: BlockId[][] = [];
  for (let k = 0; k < n; k++) succs.push([3 * k + 1] as BlockId[], [3 * k + 2, 3 * k + 3] as BlockId[], [3 * k + 1] as BlockId[]);
  succs.push([]);
  check(t, succs);
  const dom = computeDominatorsOfGraph(succs) as DominatorTree<BlockId>;
  t.deepEqual([...loopContiguousOrder(dom).blocks], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  t.not(dom.rpo.indexOf(2 as BlockId), 2, "reverse postorder alone puts the first body later");
  const straight = [[1], [2], []] as BlockId[][], sdom = computeDominatorsOfGraph(straight) as DominatorTree<BlockId>;
  t.is(loopContiguousOrder(sdom).blocks, sdom.rpo, "no loop: reverse postorder itself");
});
