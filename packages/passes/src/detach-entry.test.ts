import test from "ava";
import { parseModule } from "@fzy/ir";
import { detachEntryBlocks, entryIsTarget } from "./detach-entry.js";

const LOOPING = `module m
export fn kernel(%n: i32) -> i32 {
entry:
  %z = const.i32 0
  %c = icmp.eq %n, %z
  br %c, done, entry
done:
  switch %n [1 -> entry, 2 -> done] default done
}
export fn plain(%n: i32) -> i32 {
b0:
  jump b1
b1:
  ret %n
}
`;

test("detach entry: a function whose entry block is branched to gets a fresh one; every block one later, the same instructions", (t) => {
  const m = parseModule(LOOPING), out = detachEntryBlocks(m);
  const f = m.functions[0]!, g = out.functions[0]!;
  t.deepEqual(g.blocks.map((b) => b.name), ["entry.1", "entry", "done"]);
  t.deepEqual(g.blocks[0], { name: "entry.1", insts: [], term: { op: "jump", target: 1 } });
  t.is(g.blocks[1]!.insts, f.blocks[0]!.insts);
  t.like(g.blocks[1]!.term, { op: "br", then: 2, else: 1 });
  t.like(g.blocks[2]!.term, { op: "switch", default: 2, cases: [{ target: 1 }, { target: 2 }] });
  t.is(g.values, f.values);
  t.false(entryIsTarget(g));
  t.is(out.functions[1], m.functions[1], "a function whose entry is not branched to stays the same object");
});

test("detach entry: a module without such a function is the same object", (t) => {
  const m = parseModule(LOOPING.replace("br %c, done, entry", "br %c, done, done").replace("1 -> entry", "1 -> done"));
  t.is(detachEntryBlocks(m), m);
});
