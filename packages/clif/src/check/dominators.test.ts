/**
 * The checker's dominator tree: `dominates` answers from the tree's
 * preorder numbering as a walk up the immediate dominators would, on
 * random graphs with loops and unreachable blocks, and on a chain as deep
 * as it is long.
 */
import test from "ava";
import { DominatorTree } from "./dominators.js";

/** Whether `a` dominates `b` by definition: every path from the entry to b passes a (b unreachable: no). */
function dominatesByPaths(succs: readonly (readonly number[])[], a: number, b: number): boolean {
  const reach = (skip: number): boolean[] => {
    const seen = new Array<boolean>(succs.length).fill(false);
    if (skip === 0) return seen;
    const stack = [0];
    seen[0] = true;
    while (stack.length) for (const s of succs[stack.pop()!]!) if (s !== skip && !seen[s]) { seen[s] = true; stack.push(s); }
    return seen;
  };
  const all = reach(-1);
  if (!all[a] || !all[b]) return false;
  return a === b || !reach(a)[b];
}

/** A deterministic pseudo-random graph of n blocks, about two edges each, backward edges included. */
function randomGraph(n: number, seed: number): number[][] {
  let x = seed;
  const next = () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 8) % n;
  return Array.from({ length: n }, (_, b) => (b === n - 1 ? [] : [next(), next()].filter((s) => s !== 0)));
}

test("dominates agrees with every path from the entry, on random graphs", (t) => {
  for (let seed = 1; seed <= 40; seed++) {
    const succs = randomGraph(2 + (seed % 23), seed);
    const dom = new DominatorTree(succs);
    for (let a = 0; a < succs.length; a++) {
      for (let b = 0; b < succs.length; b++) t.is(dom.dominates(a, b), dominatesByPaths(succs, a, b), `seed ${seed}: ${a} dominates ${b}`);
    }
  }
});

test("a chain of 100,000 blocks: each block dominates those after it, none before", (t) => {
  const n = 100_000;
  const dom = new DominatorTree(Array.from({ length: n }, (_, b) => (b + 1 < n ? [b + 1] : [])));
  t.true(dom.dominates(0, n - 1));
  t.true(dom.dominates(n - 2, n - 1));
  t.false(dom.dominates(n - 1, n - 2));
  t.true(dom.dominates(n - 1, n - 1));
});
