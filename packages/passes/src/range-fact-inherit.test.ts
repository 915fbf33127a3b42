import test from "ava";
import { type BlockId, computeDominatorsOfGraph, type ValueId } from "@fzy/ir";
import { InheritedFacts, type OwnFacts } from "./range-fact-inherit.js";
import type { Iv } from "./range-lattice.js";
import { prng } from "./range-random.js";

/** The answer as a walk up the dominators gives it, asked alone. */
function walk(own: readonly (OwnFacts | undefined)[], idom: (b: BlockId) => BlockId | null, v: ValueId, b: BlockId): Iv | undefined {
  for (let q: BlockId | null = b; q !== null; q = idom(q)) {
    const o = own[q];
    if (o && o.fy && o.y === v) return o.fy;
    if (o && o.fx && o.x === v) return o.fx;
  }
  return undefined;
}

test("the fact a block inherits is the nearest dominator's, whatever was asked before (random graphs, facts and question orders)", (t) => {
  let answered = 0;
  for (let seed = 1; seed <= 60; seed++) {
    const r = prng(seed), n = 2 + r(40), nv = 1 + r(6);
    // Edges forward from every block to one to three later ones, and some back: every block reachable from 0.
    const succs = Array.from({ length: n }, (_, b) => b + 1 < n ? [b + 1, ...Array.from({ length: r(3) }, () => r(n))] : []);
    const dom = computeDominatorsOfGraph<BlockId>(succs as BlockId[][]);
    const iv = (): Iv | undefined => (r(4) === 0 ? undefined : { lo: -r(10), hi: r(10) });
    const own = Array.from({ length: n }, (): OwnFacts | undefined => {
      if (r(3) === 0) return undefined;
      const x = r(nv) as ValueId;
      return { x, fx: iv(), y: r(3) === 0 ? x : (r(nv) as ValueId), fy: iv() };
    });
    const facts = new InheritedFacts(own, dom);
    const questions = Array.from({ length: 3 * n * nv }, () => [r(nv) as ValueId, r(n) as BlockId] as const);
    for (const [v, b] of questions) {
      const want = walk(own, (q) => dom.idom(q), v, b);
      if (want) answered++;
      t.is(facts.of(v, b), want, `seed ${seed}: value ${v} in block ${b}`);
    }
  }
  t.true(answered > 100, `${answered} questions had a fact`);
});

test("a chain of 100,000 dominators: owners at every tenth block answer the blocks below them, without recursion", (t) => {
  const n = 100_000;
  const succs = Array.from({ length: n }, (_, b) => (b + 1 < n ? [b + 1] : []));
  const dom = computeDominatorsOfGraph<BlockId>(succs as BlockId[][]);
  const own: (OwnFacts | undefined)[] = Array.from({ length: n }, (_, b) => (b % 10 === 0 ? { x: 1 as ValueId, fx: { lo: b, hi: b }, y: 2 as ValueId, fy: undefined } : undefined));
  const facts = new InheritedFacts(own, dom);
  for (let b = n - 1; b >= 0; b -= 7) t.deepEqual(facts.of(1 as ValueId, b as BlockId), { lo: b - (b % 10), hi: b - (b % 10) });
  t.is(facts.of(2 as ValueId, (n - 1) as BlockId), undefined, "y has no fact there");
});

test("an unreachable block has its own facts only", (t) => {
  const dom = computeDominatorsOfGraph<BlockId>([[1], [], [1]] as BlockId[][]); // block 2 is unreachable
  const own: (OwnFacts | undefined)[] = [{ x: 5 as ValueId, fx: { lo: 0, hi: 1 }, y: 5 as ValueId, fy: undefined }, undefined, { x: 6 as ValueId, fx: { lo: 2, hi: 3 }, y: 5 as ValueId, fy: { lo: 4, hi: 5 } }];
  const facts = new InheritedFacts(own, dom);
  t.deepEqual([facts.of(5 as ValueId, 1 as BlockId), facts.of(5 as ValueId, 2 as BlockId), facts.of(6 as ValueId, 2 as BlockId), facts.of(6 as ValueId, 1 as BlockId)],
    [{ lo: 0, hi: 1 }, { lo: 4, hi: 5 }, { lo: 2, hi: 3 }, undefined]);
  t.deepEqual([facts.of(5 as ValueId, 2 as BlockId), facts.of(6 as ValueId, 2 as BlockId)], [walk(own, (q) => dom.idom(q), 5 as ValueId, 2 as BlockId), walk(own, (q) => dom.idom(q), 6 as ValueId, 2 as BlockId)]);
});
