import test from "ava";
import type { LValue } from "@fzy/lir";
import { CopyMap } from "./optimize-unroll-copy.js";

/** A small deterministic generator (the same inputs on every run). */
function generator(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 8) % n;
  };
}

test("one CopyMap read across copies answers as a Map made per copy, when every copy sets the same values", (t) => {
  const pick = generator(7);
  for (let round = 0; round < 200; round++) {
    const n = 1 + pick(60);
    // The values every copy maps (below n, as an unrolling's are), and the copies, each mapping them anew.
    const keys = [...new Set(Array.from({ length: pick(n) + 1 }, () => pick(n)))];
    const map = new CopyMap(n);
    for (let copy = 0; copy < 1 + pick(5); copy++) {
      const want = new Map<number, number>();
      for (const k of keys) {
        const to = pick(3 * n); // (a copy's values may be newer than the unrolling: at or past n)
        want.set(k, to);
        map.set(k as LValue, to as LValue);
      }
      for (let v = 0; v < 3 * n; v++) t.is(map.val(v as LValue) as number, want.get(v) ?? v);
    }
  }
});
