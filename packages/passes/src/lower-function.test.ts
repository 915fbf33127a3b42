import test from "ava";
import { computeDominatorsOfGraph } from "@fzy/ir";
import { blocksInLoops } from "./loop-analysis.js";
import { isAcyclic } from "./lower-function.js";

const acyclicOf = (succs: number[][]) => isAcyclic(computeDominatorsOfGraph(succs));

test("isAcyclic: straight-line and diamond graphs have no cycle; a back edge, a self loop and an irreducible cycle do", (t) => {
  t.true(acyclicOf([[1], [2], []]));
  t.true(acyclicOf([[1, 2], [3], [3], []]));
  t.false(acyclicOf([[1], [2, 3], [1], []]), "while loop");
  t.false(acyclicOf([[1], [1, 2], []]), "self loop");
  t.false(acyclicOf([[1, 2], [2], [1]]), "irreducible");
  t.true(acyclicOf([[], [2], [1]]), "a cycle off the entry's reach is not the function's");
});

test("isAcyclic agrees with blocksInLoops (no block in a loop) on random graphs", (t) => {
  let seed = 777;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
  let cyclic = 0;
  for (let g = 0; g < 400; g++) {
    const n = 1 + rnd(9);
    // Mostly forward edges, so both answers occur often.
    const succs = Array.from({ length: n }, (_, b) => Array.from({ length: rnd(3) }, () => (rnd(5) === 0 ? rnd(n) : Math.min(n - 1, b + 1 + rnd(3)))));
    const want = blocksInLoops(succs).size === 0;
    if (!want) cyclic++;
    t.is(acyclicOf(succs), want, JSON.stringify(succs));
  }
  t.true(cyclic > 40 && cyclic < 360, `both kinds of graph were drawn (${cyclic} cyclic of 400)`);
});
