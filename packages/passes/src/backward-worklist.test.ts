/**
 * The backward worklist against a plain round-robin: on seeded random graphs
 * (exits, loops that never exit, blocks nothing reaches) the same least
 * fixpoint of a backward flow, every block visited at least once.
 */
import test from "ava";
import type { BlockId } from "@fzy/ir";
import { runBackward } from "./backward-worklist.js";

/** A seeded random graph of up to `max` blocks: each block 0-3 successors anywhere. */
function randomGraph(seed: number, max: number): BlockId[][] {
  let s = seed >>> 0;
  const below = (k: number) => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 8) % k;
  const n = 1 + below(max);
  return Array.from({ length: n }, () => Array.from({ length: below(4) }, () => below(n) as BlockId));
}

/** in(b) = gen(b) ∪ ⋃ in(s) over b's successors, with gen(b) = {b mod 7} unless b kills (b mod 5 = 0: nothing flows through b). */
function flow(succs: readonly (readonly BlockId[])[]) {
  const ins = succs.map(() => new Set<number>());
  const visit = (b: number): boolean => {
    const inn = ins[b]!, size = inn.size;
    inn.add(b % 7);
    if (b % 5 !== 0) for (const x of succs[b]!) for (const v of ins[x]!) inn.add(v);
    return inn.size !== size;
  };
  return { ins, visit };
}

test("the fixpoint of a backward flow equals a round-robin's on 2,000 random graphs, every block visited", (t) => {
  for (let i = 0; i < 2000; i++) {
    const succs = randomGraph(0xb0c + i, i % 2 ? 12 : 60);
    const want = flow(succs);
    for (let changed = true; changed;) {
      changed = false;
      for (let b = succs.length - 1; b >= 0; b--) if (want.visit(b)) changed = true;
    }
    const got = flow(succs), seen = new Set<number>();
    const visits = runBackward(succs, (b) => (seen.add(b), got.visit(b)));
    t.is(seen.size, succs.length, `graph ${i}: a block never visited`);
    t.true(visits >= succs.length, `graph ${i}: ${visits} visits`);
    succs.forEach((_, b) => t.deepEqual([...got.ins[b]!].sort(), [...want.ins[b]!].sort(), `graph ${i} block ${b}`));
  }
});
