import test, { type ExecutionContext } from "ava";
import { type BlockId, type Func, type Inst, parseModule, type ValueId } from "@fzy/ir";
import type { Iv } from "./range-lattice.js";
import { BranchFacts, branchCmp } from "./range-facts.js";
import { prng, randomFunction } from "./range-random.js";
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

/** The branch facts of `f` made by one walk from the given intervals, as a fresh analysis makes them. */
function factsOf(f: Func, values: readonly (Iv | undefined)[]): BranchFacts {
  const defInst: (Inst | undefined)[] = new Array(f.values.length).fill(undefined);
  for (const bl of f.blocks) for (const i of bl.insts) if (i.dst !== null) defInst[i.dst] = i;
  const cmps = f.blocks.map((_, b) => branchCmp(f, defInst, b as BlockId));
  const facts = new BranchFacts(f, f.blocks.map((bl) => bl.insts), planSsa(f).dom, cmps, (v) => (f.values[v]!.type.kind === "int" ? 32 : 0), defInst);
  facts.recompute(values, () => {});
  return facts;
}

/** Every fact a block of `f` may be asked: of each value it reads, each operand of its branch's comparison. */
function allFacts(f: Func, facts: BranchFacts): string[] {
  const out: string[] = [];
  f.blocks.forEach((bl, b) => {
    for (let v = 0; v < f.values.length; v++) {
      const r = facts.get(v as ValueId, b as BlockId);
      if (r) out.push(`b${b} %${v} ${r.lo}..${r.hi}`);
    }
  });
  return out;
}

for (const [label, moreBlocks, seeds] of [["", 10, 300], [", long ones", 80, 100]] as const) {
  test(`branch facts: a walk that skips what did not move gives the facts of a walk of every block (random functions${label})`, (t) => {
    walkAgainstFresh(t, moreBlocks, seeds);
  });
}

/**
 * Walks the facts of random functions again after a few values move, each
 * walk from where the last left its facts in scope (range-fact-scope.ts),
 * and compares them with a fresh walk of every block.
 */
function walkAgainstFresh(t: ExecutionContext, moreBlocks: number, seeds: number): void {
  let walks = 0;
  for (let seed = 1; seed <= seeds; seed++) {
    const f = parseModule(`module r${seed}\n${randomFunction(seed, moreBlocks)}\n`, `random ${seed}`).functions[0]!;
    const r = prng(seed);
    const interval = (): Iv | undefined => {
      if (r(5) === 0) return undefined;
      const lo = r(12) - 4;
      return { lo, hi: lo + r(8) - 1 };
    };
    const values = f.values.map(() => interval());
    const incremental = factsOf(f, values);
    for (let round = 0; round < 6; round++) {
      // A few values move (some to an equal interval: a new object), as the solver's do between walks.
      for (let k = 0; k < 1 + r(3); k++) {
        const v = r(f.values.length) as ValueId;
        values[v] = r(3) === 0 && values[v] ? { ...values[v]! } : interval();
        incremental.noteMoved(v);
      }
      incremental.recompute(values, () => {});
      t.deepEqual(allFacts(f, incremental), allFacts(f, factsOf(f, values)), `random ${seed}, walk ${round + 2}`);
      walks++;
    }
  }
  t.is(walks, 6 * seeds);
}
