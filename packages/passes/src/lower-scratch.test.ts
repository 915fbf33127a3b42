import test from "ava";
import { DenseTable, LoweringScratch, releaseLoweringScratch, takeLoweringScratch } from "./lower-scratch.js";

test("DenseTable: get, set and has by id; emptied forgets exactly what was written; ids past the last written read as unset", (t) => {
  const d = new DenseTable<number, string>().emptied();
  t.false(d.has(2));
  d.set(2, "a");
  d.set(2, "b");
  d.set(0, "c");
  t.is(d.get(2), "b");
  t.true(d.has(0));
  t.is(d.get(3), undefined);
  d.emptied();
  for (let k = 0; k < 10; k++) t.false(d.has(k), `id ${k} after emptied`);
  d.set(9, "z");
  t.is(d.get(9), "z");
});

test("LoweringScratch hands out the same tables, emptied", (t) => {
  const s = new LoweringScratch();
  const m = s.panicBlocks();
  m.set("fz_panic", 3 as never);
  const again = s.panicBlocks();
  t.is(again, m, "one table per module");
  t.is(again.size, 0, "emptied for the next function");
  const c = s.constInt();
  c.set(1 as never, 5n);
  t.is(s.constInt().get(1 as never), undefined);
});

test("DenseTable: a table emptied at its size forgets the ids of each function in turn (its list of writes reused)", (t) => {
  const d = new DenseTable<number, string>().emptied();
  d.set(0, "a");
  d.set(1, "b");
  d.set(2, "c");
  d.emptied();
  d.set(3, "d");
  d.set(3, "e");
  t.is(d.get(3), "e");
  t.false(d.has(0));
  d.emptied();
  for (let k = 0; k < 4; k++) t.false(d.has(k), `id ${k} after the second emptied`);
  d.set(1, "f");
  d.set(2, "g");
  d.emptied();
  for (let k = 0; k < 4; k++) t.false(d.has(k), `id ${k} after the third emptied`);
});

test("DenseTable: growing past its end keeps what was written, and emptied forgets ids on both sides of the growth", (t) => {
  const d = new DenseTable<number, string>().emptied();
  d.set(2, "a");
  d.set(1000, "b");
  d.set(5, "c");
  t.deepEqual([d.get(2), d.get(1000), d.get(5), d.get(3), d.get(5000)], ["a", "b", "c", undefined, undefined]);
  d.emptied();
  t.deepEqual([d.has(2), d.has(1000), d.has(5)], [false, false, false]);
});

test("takeLoweringScratch hands the scratch released last to one taker only, and a new one to the next", (t) => {
  const s = takeLoweringScratch();
  releaseLoweringScratch(s);
  t.is(takeLoweringScratch(), s);
  t.not(takeLoweringScratch(), s);
});
