/**
 * The discriminant of an enum with payloads is loaded from its cell with
 * the range [0, variants) (lir LLoadRange), and the LLVM text states it as
 * `!range` with `!noundef`; switching the LLVM facts off drops it.
 */
import test from "ava";
import { type LModule, printLIR } from "@fzy/lir";
import { printCLIF } from "@fzy/lower-cranelift";
import { lowerText } from "./index.js";

const SOURCE = `module tags

enum Shape { Dot, Line(i32), Box(i32), Blob(i64), Ring(i32) }

fn make(%n: i32) -> Shape {
entry:
  %zero = const.i32 0
  %neg = icmp.slt %n, %zero
  br %neg, dot, line
dot:
  %d = enum.new Shape.Dot
  ret %d
line:
  %l = enum.new Shape.Line, %n
  ret %l
}

export fn kernel(%n: i32) -> i32 {
entry:
  %s = call @make, %n
  switch %s [Dot -> dot, Line -> line] default other
dot:
  %seven = const.i32 7
  ret %seven
line:
  %v = enum.payload %s, Line
  ret %v
other:
  %t = enum.tag %s
  ret %t
}
`;

for (const mode of ["off", "on", "force"] as const) {
  test(`${mode}: the tag loads of a payload-enum match carry [0, 5) in the lowered form and !range in LLVM`, (t) => {
    const r = lowerText(SOURCE, "llvm", { perfFastpath: mode, verifyLowered: true, file: "tags.fzir" });
    const loads = r.lowered.functions.flatMap((f) => f.blocks.flatMap((b) => b.insts)).filter((i) => i.op === "load" && i.offset === 0 && i.type === "i32");
    t.true(loads.length > 0, printLIR(r.lowered));
    for (const l of loads) t.deepEqual(l.op === "load" ? l.range : undefined, { lo: 0n, hi: 5n });
    t.regex(printLIR(r.lowered), /: i32 = load v\d+\+0 range \[0, 5\)\n/);
    // LLVM prints one load per lowered load: as many i32 loads with a range as tag loads, each [0, 5).
    const ranged = r.text.split("\n").filter((l) => /= load i32, .*!range/.test(l));
    t.is(ranged.length, loads.length, r.text);
    for (const l of ranged) {
      const node = /!range (!\d+), !noundef (!\d+)$/.exec(l);
      t.truthy(node, l);
      t.true(r.text.includes(`\n${node![1]} = !{i32 0, i32 5}\n`), r.text);
    }
  });
}

test("llvmFacts: false prints no !range on the tag loads; the lowered form keeps its range", (t) => {
  const r = lowerText(SOURCE, "llvm", { perfFastpath: "on", llvmFacts: false, file: "tags.fzir" });
  t.false(r.text.includes("!range"), r.text);
  t.regex(printLIR(r.lowered), /range \[0, 5\)/);
});

test("cranelift ignores the range: the CLIF of the lowered form is the same with its ranges dropped", (t) => {
  const r = lowerText(SOURCE, "cranelift", { perfFastpath: "on", file: "tags.fzir" });
  const m = r.lowered;
  t.regex(printLIR(m), /range \[0, 5\)/);
  const dropped: LModule = {
    ...m,
    functions: m.functions.map((f) => ({
      ...f,
      blocks: f.blocks.map((b) => ({ ...b, insts: b.insts.map((i) => (i.op === "load" && i.range ? (({ range: _, ...rest }) => rest)(i) : i)) })),
    })),
  };
  t.notRegex(printLIR(dropped), /range \[/);
  t.is(printCLIF(dropped).text, printCLIF(m).text);
});
