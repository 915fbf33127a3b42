import test from "ava";
import { DenseMemo, PENDING, Recursion } from "./range-memo.js";

test("memoized recursion: each key derived once, a cycle gets the unknown answer", (t) => {
  const rec = new Recursion(48), memo = new DenseMemo<number, number | null>(4);
  const calls: number[] = [];
  // k depends on k + 1; 3 depends on 1 (a cycle 1 -> 2 -> 3 -> 1).
  const derive = (k: number): number | null => {
    calls.push(k);
    const next = k === 3 ? 1 : k + 1;
    const r = rec.memoized(memo, next, null, derive);
    return r === null ? k : r + 10;
  };
  t.is(rec.memoized(memo, 0, null, derive), 33);
  t.is(rec.memoized(memo, 0, null, derive), 33);
  t.deepEqual(calls, [0, 1, 2, 3]);
  t.is(memo.get(3), 3, "3 met 1 under way: unknown, so 3 is itself");
});

test("memoized recursion: past the depth limit the unknown answer, not stored (a shallower path derives it)", (t) => {
  const rec = new Recursion(2), memo = new Map<number, number | null | typeof PENDING>();
  const derive = (k: number): number | null => (k === 0 ? 0 : rec.memoized(memo, k - 1, null, derive));
  t.is(rec.memoized(memo, 3, null, derive), null, "3 -> 2 -> (depth 2) 1 cut");
  t.false(memo.has(1), "the cut is not stored");
  t.is(memo.get(3), null);
  t.is(rec.memoized(memo, 1, null, derive), 0, "asked from the top, 1 is derived");
});
