import test from "ava";
import { type BlockId, type Inst, parseModule, type ValueId } from "@fzy/ir";
import type { Iv } from "./range-lattice.js";
import { BranchFacts, branchCmp } from "./range-facts.js";
import { planSsa } from "./ssa-plan.js";

/** Tests n deep, each comparing a new value with one shared constant, the next test in its else arm (the constant's facts chain down the dominator tree). */
function chainOfTests(n: number): string {
  const b = ["entry:", "  %one = const.i32 1", "  %k8 = const.i32 8", "  jump t0"];
  for (let k = 0; k < n; k++) b.push(`t${k}:`, `  %x${k} = add %n, %one`, `  %c${k} = icmp.slt %x${k}, %k8`, `  br %c${k}, y${k}, t${k + 1}`, `y${k}:`, `  ret %x${k}`);
  b.push(`t${n}:`, "  ret %n");
  return `module chain\nexport fn kernel(%n: i32) -> i32 {\n${b.join("\n")}\n}\n`;
}

test("branch facts: facts recomputed equal to the last walk's keep their objects, so the blocks below are not recomputed", (t) => {
  const n = 200;
  const f = parseModule(chainOfTests(n)).functions[0]!;
  const defInst: (Inst | undefined)[] = new Array(f.values.length).fill(undefined);
  for (const bl of f.blocks) for (const i of bl.insts) if (i.dst !== null) defInst[i.dst] = i;
  const cmps = f.blocks.map((_, b) => branchCmp(f, defInst, b as BlockId));
  const facts = new BranchFacts(f, f.blocks.map((bl) => bl.insts), planSsa(f).dom, cmps, () => 32, defInst);
  const value = (name: string) => f.values.findIndex((x) => x.name === name) as ValueId;
  const values: (Iv | undefined)[] = f.values.map(() => ({ lo: 0, hi: 100 }));
  values[value("k8")] = { lo: 8, hi: 8 };
  facts.recompute(values, () => {});
  const before = facts.get(value("k8"), f.blocks.findIndex((x) => x.name === `t${n}`) as BlockId);
  t.deepEqual(before, { lo: -2147483648, hi: 100 });

  // The first compared value moves to an equal interval (a new object): its facts are recomputed, equal.
  const proto = BranchFacts.prototype as unknown as { ownFacts: (...args: unknown[]) => unknown };
  const ownFacts = proto.ownFacts;
  let computed = 0, changed = 0;
  proto.ownFacts = function (this: unknown, ...args: unknown[]) {
    computed++;
    return ownFacts.apply(this, args);
  };
  try {
    values[value("x0")] = { lo: 0, hi: 100 };
    facts.noteMoved(value("x0"));
    facts.recompute(values, () => changed++);
  } finally {
    proto.ownFacts = ownFacts;
  }
  t.is(changed, 0, "no block's facts changed");
  t.true(computed <= 2, `own facts computed ${computed} times (the two successors of the first test)`);
  t.is(facts.get(value("k8"), f.blocks.findIndex((x) => x.name === `t${n}`) as BlockId), before);
});
