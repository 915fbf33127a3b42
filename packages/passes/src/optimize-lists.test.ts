import test from "ava";
import { identity, prependInPlace, sameList } from "./optimize-lists.js";

test("prependInPlace puts the lead first and keeps the list's identity", (t) => {
  const list = [3, 4, 5];
  const same = list;
  prependInPlace(list, [1, 2]);
  t.is(list, same);
  t.deepEqual(list, [1, 2, 3, 4, 5]);
  prependInPlace(list, []);
  t.deepEqual(list, [1, 2, 3, 4, 5]);
  const empty: number[] = [];
  prependInPlace(empty, [7]);
  t.deepEqual(empty, [7]);
});

test("sameList and identity compare entries, not objects", (t) => {
  t.true(sameList([1, 2], [1, 2]));
  t.false(sameList([1, 2], [1, 2, 3]));
  t.false(sameList([1, 2], [2, 1]));
  t.true(identity(Int32Array.of(0, 1, 2, 9), 3));
  t.false(identity(Int32Array.of(0, 2, 1), 3));
});
