/** The module's source-location table: one `@XXXX` number per place (file, line, column), in order of first use. */
import test from "ava";
import { SourceLocTable } from "./readers.js";

test("a place gets one number however many objects spell it, numbered in order of first use; the header lists each once", (t) => {
  // (Which places are apart is the PlaceMap's, lir/src/source-places.test.ts.)
  const table = new SourceLocTable();
  const at = (file: string, line: number, col: number) => table.srcloc({ file, line, col });
  t.is(at("a.fz", 3, 7), "@0001");
  t.is(at("a.fz", 3, 7), "@0001");
  t.is(at("b.fz", 3, 7), "@0002");
  t.is(at("a.fz", 7, 3), "@0003");
  t.is(at("b.fz", 3, 7), "@0002");
  t.deepEqual(table.header(), ['; srcloc @0001 "a.fz":3:7', '; srcloc @0002 "b.fz":3:7', '; srcloc @0003 "a.fz":7:3']);
  t.is(table.locs.length, 3);
});

test("numbers past 0xffff print with more digits, as Cranelift prints them", (t) => {
  const table = new SourceLocTable();
  let last = "";
  for (let line = 1; line <= 0x10000; line++) last = table.srcloc({ file: "big.fz", line, col: 1 });
  t.is(last, "@10000");
});
