import test from "ava";
import { computeDominatorsOfGraph } from "@fzy/ir";
import { blocksInLoops, isAcyclic } from "./loop-analysis.js";

/** Reference: x is in a loop iff x is reachable from the entry and reaches itself over at least one edge. */
function reference(succs: number[][]): Set<number> {
  const reach = (from: number): Set<number> => {
    const seen = new Set<number>();
    const work = [...succs[from]!];
    while (work.length) {
      const x = work.pop()!;
      if (seen.has(x)) continue;
      seen.add(x);
      work.push(...succs[x]!);
    }
    return seen;
  };
  const live = reach(0);
  live.add(0);
  return new Set([...live].filter((x) => reach(x).has(x)));
}

const sorted = (s: Set<number>) => [...s].sort((a, b) => a - b);

test("a while loop, a self loop and straight-line code", (t) => {
  // 0 -> 1 (header) -> 2 (body) -> 1; 1 -> 3 -> 3 (self) ; 3 -> 4
  t.deepEqual(sorted(blocksInLoops([[1], [2, 3], [1], [3, 4], []])), [1, 2, 3]);
  t.deepEqual(sorted(blocksInLoops([[1], [2], []])), []);
});

test("one block: in a loop exactly when it branches to itself", (t) => {
  t.deepEqual(sorted(blocksInLoops([[]])), []);
  t.deepEqual(sorted(blocksInLoops([[0]])), [0]);
  t.deepEqual(sorted(blocksInLoops([[0, 0]])), [0]);
  t.deepEqual(sorted(blocksInLoops([[3]])), [], "an edge out of the graph is ignored");
});

test("unreachable cycles are not reported", (t) => {
  t.deepEqual(sorted(blocksInLoops([[], [2], [1]])), []);
});

test("an irreducible cycle (two entries) is a loop", (t) => {
  t.deepEqual(sorted(blocksInLoops([[1, 2], [2], [1]])), [1, 2]);
});

test("agrees with the definition on random graphs", (t) => {
  let seed = 12345;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
  for (let g = 0; g < 300; g++) {
    const n = 1 + rnd(12);
    const succs = Array.from({ length: n }, () => Array.from({ length: rnd(3) }, () => rnd(n)));
    t.deepEqual(sorted(blocksInLoops(succs)), sorted(reference(succs)), JSON.stringify(succs));
  }
});

test("deep loop nests are linear and need no recursion", (t) => {
  // 20000 nested loops: block i enters i+1, and block i+1 ends with a back edge to i.
  const n = 40000;
  const succs: number[][] = Array.from({ length: n }, (_, i) => (i + 1 < n ? [i + 1] : []));
  for (let i = 1; i < n / 2; i++) succs[n - i]!.push(i);
  const start = Date.now();
  const r = blocksInLoops(succs);
  t.true(Date.now() - start < 2000);
  t.is(r.size, n - 1);
  t.false(r.has(0));
});

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
