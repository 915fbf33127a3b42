import test from "ava";
import { computeDominatorsOfGraph, type DominatorTree } from "@fzy/ir";
import type { LBlockId } from "@fzy/lir";
import { LoopNest, loopsByHeader } from "./loop-nest.js";

type Succs = LBlockId[][];

/** Reference: one explicit body set per header, by a backward search from each back edge (Aho, Sethi, Ullman 10.4). */
function naturalLoops(succs: Succs, dom: DominatorTree<LBlockId>): Map<LBlockId, Set<LBlockId>> {
  const loops = new Map<LBlockId, Set<LBlockId>>();
  for (const t of dom.rpo) {
    for (const h of succs[t]!) {
      if (!dom.dominates(h, t)) continue;
      let body = loops.get(h);
      if (!body) loops.set(h, (body = new Set([h])));
      const work = [t];
      while (work.length > 0) {
        const b = work.pop()!;
        if (body.has(b)) continue;
        body.add(b);
        for (const p of dom.preds[b]!) if (dom.isReachable(p)) work.push(p);
      }
    }
  }
  return loops;
}

/** The nest of `succs` against the reference: headers in the same order, the same bodies (by `has`, `size` and iteration), nesting consistent. */
function check(t: import("ava").ExecutionContext, succs: Succs): void {
  const dom = computeDominatorsOfGraph(succs);
  const nest = new LoopNest(dom, succs.length);
  const got = loopsByHeader(succs, dom, nest), want = naturalLoops(succs, dom);
  const g = JSON.stringify(succs);
  t.deepEqual([...got.keys()], [...want.keys()], g);
  for (const [h, body] of want) {
    const view = got.get(h)!;
    t.is(view.size, body.size, g);
    t.deepEqual([...view].sort((a, b) => a - b), [...body].sort((a, b) => a - b), g);
    for (let b = 0; b < succs.length; b++) t.is(view.has(b as LBlockId), body.has(b as LBlockId), `${g} ${h} ${b}`);
    t.is([...view][0], h, "the header comes first");
    // The parent is the smallest other loop around the header; own blocks are the body minus the children's.
    const around = [...want].filter(([o, ob]) => o !== h && ob.has(h)).sort((a, b) => a[1].size - b[1].size);
    t.is(nest.parent(h), around[0]?.[0], g);
    const inner = new Set(nest.children(h).flatMap((c) => [...want.get(c)!]));
    t.deepEqual([...nest.own(h)], [...body].filter((b) => !inner.has(b)).sort((a, b) => dom.rpoIndex[a]! - dom.rpoIndex[b]!), g);
  }
  for (let b = 0; b < succs.length; b++) {
    const around = [...want].filter(([, ob]) => ob.has(b as LBlockId)).sort((x, y) => x[1].size - y[1].size);
    t.is(nest.innermost(b as LBlockId), around[0]?.[0], `${g} innermost of ${b}`);
  }
}

test("random graphs (reducible or not, with unreachable parts and self loops): the natural loops of the textbook search", (t) => {
  let seed = 4242;
  const rnd = (k: number) => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return (seed >>> 8) % k; };
  for (let g = 0; g < 600; g++) {
    const n = 1 + rnd(24);
    check(t, Array.from({ length: n }, () => Array.from({ length: rnd(4) }, () => rnd(n) as LBlockId)));
  }
});

test("a nest of 3 loops, each with a body block and an exit: parents, children and own blocks", (t) => {
  // 0 -> 1(h1) -> 2(h2) -> 3(h3) -> 4 -> 3 | 5 -> 2 | 6 -> 1 | 7
  const succs = [[1], [2, 7], [3, 6], [4, 5], [3], [2], [1], []] as Succs;
  check(t, succs);
  const nest = new LoopNest(computeDominatorsOfGraph(succs), succs.length);
  t.deepEqual([nest.parent(1 as LBlockId), nest.parent(2 as LBlockId), nest.parent(3 as LBlockId)], [undefined, 1, 2]);
  t.deepEqual(nest.own(2 as LBlockId), [2, 5]);
  t.deepEqual(nest.children(1 as LBlockId), [2]);
  t.is(nest.innermost(7 as LBlockId), undefined);
});

test("a 3000-deep nest: linear work (a quadratic body set per header took seconds)", (t) => {
  // Block i (1..n-1) heads loop i, whose latch is block i + 1 (back edge i + 1 -> i); block 1 also exits to block n + 1.
  const n = 3000, succs: Succs = [[1 as LBlockId]];
  for (let i = 1; i <= n; i++) succs.push([...(i < n ? [i + 1] : []), i > 1 ? i - 1 : n + 1] as LBlockId[]);
  succs.push([]);
  const dom = computeDominatorsOfGraph(succs);
  const nest = new LoopNest(dom, succs.length);
  const loops = loopsByHeader(succs, dom, nest);
  t.is(loops.size, n - 1);
  t.is(loops.get(1 as LBlockId)!.size, n);
  t.is(nest.parent(1 as LBlockId), undefined);
  t.is(nest.innermost(n as LBlockId), (n - 1) as LBlockId);
  t.is(nest.parent((n - 1) as LBlockId), (n - 2) as LBlockId);
});
