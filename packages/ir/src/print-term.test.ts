/**
 * printTerm names an enum switch's cases by variant, from the module's
 * enums; the other terminators need no enum, so they do not read the
 * module's list (the lowering annotates every terminator: building a table
 * of every enum for each made `--annotate` quadratic, 1,000 enums times
 * 100,000 terminators on corpus x100).
 */
import test from "ava";
import { type Module, parseModule, printTerm } from "./index.js";

const TEXT = `module m

enum E { A, B(i32), C }

fn f(%e: E, %x: i32) -> i32 {
entry:
  switch %e [A -> a, C -> c] default b
a:
  %z = const.i32 0
  %c = icmp.slt %x, %z
  br %c, b, c
b:
  jump c
c:
  ret %x
}
`;

test("only a switch reads the module's enums, once, and names its cases by variant", (t) => {
  const m = parseModule(TEXT);
  let reads = 0;
  const counted = { ...m, get enums() { reads++; return m.enums; } } as Module;
  const f = m.functions[0]!;
  const texts = f.blocks.map((b) => printTerm(f, b.term, counted));
  t.deepEqual(texts, ["switch %e [A -> a, C -> c] default b", "br %c, b, c", "jump c", "ret %x"]);
  t.is(reads, 1);
});
