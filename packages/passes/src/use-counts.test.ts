import test from "ava";
import { parseModule, type ValueId } from "@fzy/ir";
import { countUses } from "./use-counts.js";

test("countUses: instruction operands, branch conditions, switched values and returned values; 0 for a value never used", (t) => {
  const m = parseModule([
    "module u",
    "export fn k(%n: i32) -> i32 {",
    "entry:",
    "  %one = const.i32 1",
    "  %twice = add %n, %n",
    "  %unused = add %one, %one",
    "  %c = icmp.slt %twice, %one",
    "  br %c, a, b",
    "a:",
    "  switch %n [1 -> b] default b",
    "b:",
    "  ret %twice",
    "}",
    "",
  ].join("\n"), "u.fzir");
  const f = m.functions[0]!;
  const uses = countUses(f);
  const byName = (name: string) => uses.get(f.values.findIndex((v) => v.name === name) as ValueId);
  t.deepEqual(["n", "one", "twice", "unused", "c"].map(byName), [3, 3, 2, 0, 1]);
});
