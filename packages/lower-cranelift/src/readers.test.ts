/** The module's source-location table: one `@XXXX` number per place (file, line, column), in order of first use. */
import test from "ava";
import { SourceLocTable } from "./readers.js";

test("a place gets one number however many objects spell it, and places that differ in any part get their own", (t) => {
  const table = new SourceLocTable();
  const at = (file: string, line: number, col: number) => table.srcloc({ file, line, col });
  t.is(at("a.fz", 3, 7), "@0001");
  t.is(at("a.fz", 3, 7), "@0001");
  t.is(at("b.fz", 3, 7), "@0002");
  t.is(at("a.fz", 7, 3), "@0003");
  t.is(at("a.fz", 3, 0), "@0004");
  // Columns of 20 bits and more are keyed apart from the numeric keys they would meet: (1, 2^20) and (2, 0).
  t.is(at("a.fz", 2, 0), "@0005");
  t.is(at("a.fz", 1, 2 ** 20), "@0006");
  t.is(at("a.fz", 1, 2 ** 20 - 1), "@0007");
  t.is(at("a.fz", 0xffffffff, 0xffffffff), "@0008");
  t.is(at("a.fz", 0xffffffff, 0xfffffffe), "@0009");
  t.is(at("a.fz", 1, 2 ** 20), "@0006");
  t.deepEqual(table.header().slice(0, 2), ['; srcloc @0001 "a.fz":3:7', '; srcloc @0002 "b.fz":3:7']);
  t.is(table.locs.length, 9);
});

test("numbers past 0xffff print with more digits, as Cranelift prints them", (t) => {
  const table = new SourceLocTable();
  let last = "";
  for (let line = 1; line <= 0x10000; line++) last = table.srcloc({ file: "big.fz", line, col: 1 });
  t.is(last, "@10000");
});
