/**
 * Reuse across the map operations of one block (families `maphash`,
 * map-hash-memo.ts, and `mapslot`, map-slot-reuse.ts), read off the lowered
 * form: a str key's hash is one byte loop per block however many operations
 * use it, never carried into another block; a set starts from the position
 * its get found only when nothing between them can change the map. The
 * answers are checked against the interpreter by parity (module
 * map_key_reuse, every mode and each family off).
 */
import test from "ava";
import { parseModule, verifyModule } from "@fzy/ir";
import { printLIR } from "@fzy/lir";
import { lowerModule } from "./lower-module.js";

/** A function whose map operations on key %k are `body` (lines of IR), around helper `spin`. */
function source(body: string): string {
  return `module t

fn spin(%x: i32) -> i32 {
entry:
  %z = const.i32 0
  %done = icmp.sle %x, %z
  br %done, base, step
base:
  ret %z
step:
  %o = const.i32 1
  %x1 = sub %x, %o
  %r = call @spin, %x1
  ret %r
}

export fn kernel(%n: i32) -> i32 {
entry:
  %lit = str.lit "ab"
  %k = opaque %lit
  %lit2 = str.lit "cd"
  %k2 = opaque %lit2
  %m = map.new {str: i32}
  %zero = const.i32 0
  %one = const.i32 1
${body}
}
`;
}

/** The byte loads (one per hash loop, two per key compare loop) and position tests of the lowered kernel. */
function shape(body: string, fastPaths: { maphash?: boolean; mapslot?: boolean } = {}): { byteLoads: number; reused: number } {
  const m = parseModule(source(body));
  verifyModule(m);
  const text = printLIR(lowerModule(m, { backend: "llvm", mode: "on", fastPaths }).module);
  const kernel = text.slice(text.indexOf("kernel"));
  return { byteLoads: kernel.match(/: i8 = load /g)?.length ?? 0, reused: kernel.match(/icmp sge/g)?.length ?? 0 };
}

const COUNT = `  %old = map.get %m, %k, %zero
  %new = add %old, %one
  map.set %m, %k, %new
  %r = map.get %m, %k, %zero
  ret %r`;

test("one block: the key is hashed once for three operations; maphash off hashes it per operation", (t) => {
  // 3 probes compare keys (2 loads each); hashes: 1 reused, else 3.
  t.is(shape(COUNT).byteLoads, 1 + 6);
  t.is(shape(COUNT, { maphash: false }).byteLoads, 3 + 6);
});

test("a hash is not carried into another block", (t) => {
  const split = `  %old = map.get %m, %k, %zero
  jump next
next:
  %new = add %old, %one
  map.set %m, %k, %new
  ret %new`;
  t.is(shape(split).byteLoads, 2 + 4);
  t.is(shape(split, { maphash: false }).byteLoads, 2 + 4);
});

test("a set starts from its get's position; mapslot off probes again", (t) => {
  t.is(shape(COUNT).reused, 1);
  t.is(shape(COUNT, { mapslot: false }).reused, 0);
  const readBetween = `  %old = map.get %m, %k, %zero
  %h = map.has %m, %k2
  %l = map.len %m
  %new = add %old, %l
  map.set %m, %k, %new
  ret %new`;
  t.is(shape(readBetween).reused, 1);
});

test("no position reuse across a call, a write of the map, another key or another block", (t) => {
  const between = (mid: string) => `  %old = map.get %m, %k, %zero
${mid}
  map.set %m, %k, %old
  ret %old`;
  t.is(shape(between("  %c = call @spin, %n")).reused, 0);
  t.is(shape(between("  map.set %m, %k2, %one")).reused, 0);
  t.is(shape(between("  map.remove %m, %k2")).reused, 0);
  t.is(shape(between("  jump next\nnext:")).reused, 0);
  const otherKey = `  %old = map.get %m, %k2, %zero
  map.set %m, %k, %old
  ret %old`;
  t.is(shape(otherKey).reused, 0);
});
