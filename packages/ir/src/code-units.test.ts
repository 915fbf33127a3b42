import test from "ava";
import { CodeUnitWriter } from "./code-units.js";

/** A string of `n` code units cycling through every value (surrogate halves and 0 included). */
const units = (n: number, from = 0): number[] => Array.from({ length: n }, (_, k) => (from + k * 7919) & 0xffff);

test("code units: what is written, in order, across chunk boundaries (the buffer holds 4,096)", (t) => {
  const w = new CodeUnitWriter();
  for (const n of [0, 1, 4095, 4096, 4097, 8192, 10_000]) {
    const us = units(n, n);
    w.begin();
    w.piece("<");
    us.forEach((c) => w.unit(c));
    w.piece(">");
    const s = w.end();
    t.is(s.length, n + 2, `length at ${n}`);
    t.is(s, "<" + us.map((c) => String.fromCharCode(c)).join("") + ">", `text at ${n}`);
  }
});

test("code units: pieces keep their place between units; begin drops what was not taken", (t) => {
  const w = new CodeUnitWriter();
  w.begin();
  w.unit(0x61);
  w.piece("left over");
  w.begin();
  w.unit(0x61);
  w.piece("bc");
  w.unit(0x64);
  t.is(w.end(), "abcd");
  t.is(w.end(), "", "end takes the string: the next is empty");
});
