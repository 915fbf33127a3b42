import test from "ava";
import { Adjacency } from "./range-adjacency.js";

test("adjacency rows hold each row's items in the order given, empty rows included", (t) => {
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let round = 0; round < 50; round++) {
    const n = 1 + Math.floor(next() * 20), m = Math.floor(next() * 60);
    const edges = Array.from({ length: m }, () => [Math.floor(next() * n), Math.floor(next() * 100)] as const);
    const a = new Adjacency(n, (add) => { for (const [f, x] of edges) add(f, x); });
    t.is(a.start.length, n + 1);
    for (let r = 0; r < n; r++) {
      t.deepEqual(a.items.slice(a.start[r], a.start[r + 1]), edges.filter(([f]) => f === r).map(([, x]) => x), `row ${r}`);
    }
  }
  const none = new Adjacency(3, () => {});
  t.deepEqual(none.start, [0, 0, 0, 0]);
});
