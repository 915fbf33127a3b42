import test from "ava";
import { PlaceMap } from "./source-places.js";

test("a place is found by its file, line and column, whatever object spells it; places that differ in any part are apart", (t) => {
  const m = new PlaceMap<string>();
  const places: [string, number, number][] = [
    ["a.fz", 3, 7], ["b.fz", 3, 7], ["a.fz", 7, 3], ["a.fz", 3, 0],
    // Columns of 20 bits and more are keyed apart from the numeric keys they would meet: (1, 2^20) and (2, 0).
    ["a.fz", 2, 0], ["a.fz", 1, 2 ** 20], ["a.fz", 1, 2 ** 20 - 1], ["a.fz", 0xffffffff, 0xffffffff], ["a.fz", 0xffffffff, 0xfffffffe],
  ];
  for (const [file, line, col] of places) {
    t.is(m.get({ file, line, col }), undefined, `${file}:${line}:${col} before`);
    m.set({ file, line, col }, `${file}:${line}:${col}`);
  }
  for (const [file, line, col] of places) t.is(m.get({ file, line, col }), `${file}:${line}:${col}`);
  t.is(m.get({ file: "c.fz", line: 3, col: 7 }), undefined);
});
