/**
 * The rounds of the liveness fixpoint against a plain round-robin: the same
 * visits that change something, in the same order, on seeded random graphs;
 * and on a chain written last to first, visits linear in its length (a
 * round-robin's are quadratic).
 */
import test from "ava";
import type { BlockId } from "@fzy/ir";
import { runRounds } from "./rc-rounds.js";

/** Visits every block in decreasing order, round after round, until a round changes nothing. */
function roundRobin(n: number, visit: (b: number, first: boolean) => boolean): void {
  for (let changed = true, first = true; changed; first = false) {
    changed = false;
    for (let b = n - 1; b >= 0; b--) if (visit(b, first)) changed = true;
  }
}

/**
 * A backward data flow shaped like the liveness: out(b) is the union of the
 * successors' in-sets, read as the liveness reads them (what joined since the
 * last visit), in(b) = gen(b) ∪ (out(b) \ kill(b)). Logs each visit that adds
 * something to either set, with what it added; returns whether in(b) grew.
 */
function flowVisit(succs: readonly (readonly BlockId[])[], gen: readonly number[][], kill: readonly number[][], log: string[]) {
  const ins = succs.map(() => [] as number[]), outs = succs.map(() => [] as number[]);
  const read = succs.map((ss) => ss.map(() => 0));
  return (b: number, first: boolean): boolean => {
    const out = outs[b]!, inn = ins[b]!, outSize = out.length, inSize = inn.length;
    succs[b]!.forEach((s, j) => {
      const from = ins[s]!;
      for (let k = read[b]![j]!; k < from.length; k++) if (!out.includes(from[k]!)) out.push(from[k]!);
      read[b]![j] = from.length;
    });
    if (first) for (const x of gen[b]!) if (!inn.includes(x)) inn.push(x);
    for (const x of out) if (!kill[b]!.includes(x) && !inn.includes(x)) inn.push(x);
    if (out.length !== outSize || inn.length !== inSize) log.push(`${b}: out ${out.slice(outSize).join(",")} in ${inn.slice(inSize).join(",")}`);
    return inn.length !== inSize;
  };
}

test("the visits that change something and their order equal a round-robin's on 2,000 random graphs", (t) => {
  let s = 0x5eed;
  const below = (k: number) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 8) % k;
  };
  let changes = 0;
  for (let i = 0; i < 2000; i++) {
    const n = 1 + below(i % 2 ? 8 : 40);
    const succs = Array.from({ length: n }, () => Array.from({ length: below(4) }, () => below(n) as BlockId));
    const gen = Array.from({ length: n }, () => (below(3) === 0 ? [below(20)] : []));
    const kill = Array.from({ length: n }, () => (below(3) === 0 ? [below(20)] : []));
    const want: string[] = [], got: string[] = [];
    roundRobin(n, flowVisit(succs, gen, kill, want));
    runRounds(succs, flowVisit(succs, gen, kill, got));
    t.deepEqual(got, want, `graph ${i}`);
    changes += want.length;
  }
  t.true(changes > 10000, `only ${changes} changes: the graphs no longer make the sets travel`);
});

test("a chain of n blocks written last to first, a set travelling along it, costs visits linear in n", (t) => {
  const visits = (n: number) => {
    // Block b jumps to block b - 1; block 0 starts the set.
    const succs = Array.from({ length: n }, (_, b) => (b > 0 ? [(b - 1) as BlockId] : []));
    const gen = Array.from({ length: n }, (_, b) => (b === 0 ? [7] : []));
    const log: string[] = [];
    const visit = flowVisit(succs, gen, succs.map(() => []), log);
    let count = 0;
    runRounds(succs, (b, first) => (count++, visit(b, first)));
    t.is(log.length, n, "every block's sets grew once");
    return count;
  };
  const small = visits(500), large = visits(2000);
  t.true(large <= 6 * small, `${small} visits for 500 blocks, ${large} for 2,000`);
});
