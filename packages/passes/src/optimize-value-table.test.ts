import test from "ava";
import { ValueTable } from "./optimize-value-table.js";

/** A deterministic pseudo-random sequence (xorshift32). */
function rng(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

// Scopes opened and closed as a dominator-tree walk would, checked against a Map of string keys after every step.
test("scoped adds and scopes closed last in, first out agree with a map", (t) => {
  const rand = rng(12345);
  const table = new ValueTable(600);
  const ref = new Map<string, number>();
  const scopes: { mark: number; keys: string[] }[] = [{ mark: table.mark, keys: [] }];
  let live = 0, mismatches = 0;
  const small = () => Math.floor(rand() * 6) - 1; // few distinct keys, so collisions and repeats are common
  for (let step = 0; step < 5000; step++) {
    const r = rand();
    if (r < 0.15 && scopes.length < 40) scopes.push({ mark: table.mark, keys: [] });
    else if (r < 0.3 && scopes.length > 1) {
      const scope = scopes.pop()!;
      table.undoTo(scope.mark);
      for (const key of scope.keys) { ref.delete(key); live--; }
    } else if (live < 600) {
      const k = [small(), small(), small(), small()] as const;
      const key = k.join(",");
      const got = table.get(k[0], k[1], k[2], k[3]);
      if (got !== (ref.get(key) ?? -1)) mismatches++;
      if (got < 0) {
        table.add(k[0], k[1], k[2], k[3], step);
        scopes[scopes.length - 1]!.keys.push(key);
        ref.set(key, step);
        live++;
      }
    }
  }
  t.is(mismatches, 0);
  t.true(ref.size > 0);
});

test("a full table of distinct keys finds each of them", (t) => {
  const table = new ValueTable(1000);
  for (let i = 0; i < 1000; i++) table.add(i % 7, i, -1, i % 3, i);
  let found = 0;
  for (let i = 0; i < 1000; i++) if (table.get(i % 7, i, -1, i % 3) === i) found++;
  t.is(found, 1000);
  t.is(table.get(0, 1000, -1, 0), -1);
});

test("a reset table is empty, whether it kept its storage or grew it", (t) => {
  const table = new ValueTable(100);
  for (let k = 0; k < 100; k++) table.add(k, k + 1, k + 2, k + 3, k);
  t.is(table.get(5, 6, 7, 8), 5);
  table.reset(10); // smaller: storage kept, stale keys left behind
  t.is(table.get(5, 6, 7, 8), -1);
  table.add(5, 6, 7, 8, 42);
  t.is(table.get(5, 6, 7, 8), 42);
  table.reset(5000); // larger: new storage
  t.is(table.get(5, 6, 7, 8), -1);
  table.add(1, 2, 3, 4, 7);
  t.is(table.get(1, 2, 3, 4), 7);
});
