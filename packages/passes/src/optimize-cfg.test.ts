import test from "ava";
import type { LBlock, LBlockId, LFunction, LTerm, LValue } from "@fzy/lir";
import { dropUnreachable, mergeChains, simplifyCfg, threadEdges } from "./optimize-cfg.js";
import { MFunction, Replacements } from "./optimize-ir.js";
import { decide, type MatrixInput } from "./eligibility.js";
import { optimizeFunction } from "./optimize-function.js";

/** A deterministic pseudo-random sequence (xorshift32). */
function rng(seed: number): (n: number) => number {
  let x = seed;
  return (n) => {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    return (x >>> 0) % n;
  };
}

/** A random graph of jumps and branches on the entry's bool parameter; some blocks empty, some with a constant, some cold. */
function randomFunction(seed: number): LFunction {
  const pick = rng(seed);
  const n = 2 + pick(14);
  const valueTypes: ("bool" | "i32")[] = ["bool"];
  const blocks: LBlock[] = [];
  for (let b = 0; b < n; b++) {
    const target = (): { block: LBlockId; args: LValue[] } => ({ block: pick(n) as LBlockId, args: [] });
    const kind = pick(10);
    const insts = pick(3) === 0 ? [] : [{ op: "iconst" as const, dst: valueTypes.push("i32") - 1 as LValue, type: "i32" as const, value: BigInt(b % 4) }];
    const term: LTerm = kind < 5 ? { op: "jump", target: target() } : kind < 9 ? { op: "brif", cond: 0 as LValue, then: target(), else: target() } : { op: "return", values: insts.map((i) => i.dst) };
    blocks.push({ params: b === 0 ? [0 as LValue] : [], insts, term, cold: b > 0 && pick(6) === 0 });
  }
  return { name: `f${seed}`, params: ["bool"], results: [], exported: true, slots: [], blocks, valueTypes };
}

const shape = (m: MFunction) => JSON.stringify(m.blocks.map((b) => (b.dead ? "dead" : { insts: b.insts.map((i) => (i.op === "iconst" ? i.dst : i.op)), term: b.term })));

// simplifyCfg skips the second round when threading changed no edge, on the claim that one round is a fixpoint.
test("simplifyCfg gives what the two full rounds give, on random graphs", (t) => {
  let skipped = 0;
  for (let seed = 1; seed <= 3000; seed++) {
    const fn = randomFunction(seed);
    // An MFunction takes its base's arrays as its own: each gets a copy.
    const fast = new MFunction(structuredClone(fn));
    simplifyCfg(fast, new Replacements());
    const full = new MFunction(structuredClone(fn)), r = new Replacements();
    dropUnreachable(full);
    mergeChains(full, r);
    if (!threadEdges(full, r)) skipped++;
    dropUnreachable(full);
    mergeChains(full, r);
    if (shape(fast) !== shape(full)) return t.fail(`seed ${seed}: ${shape(fast)} vs ${shape(full)}`);
  }
  t.true(skipped > 100, `the skip was taken ${skipped} times`);
});

// The optimizer keeps scratch arrays and keyed tables across functions: nothing may leak from one function into the next.
test("each function optimizes the same whatever was optimized before it (in order, again, reversed)", (t) => {
  const ask = (_s: string, i: Omit<MatrixInput, "mode">) => decide({ ...i, mode: "on" });
  const sink = { addData: (): string => "table" };
  const o = { fold: true, compose: true, licm: true, unroll: true };
  const text = (f: LFunction) => JSON.stringify(f, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v));
  const fns = Array.from({ length: 300 }, (_, k) => randomFunction(7000 + k));
  // optimizeFunction consumes its input (renames its instructions in place): each run gets its own copy.
  const run = (f: LFunction) => text(optimizeFunction(structuredClone(f), o, ask, sink));
  const first = fns.map(run);
  const forward = fns.map(run);
  const backward = [...fns].reverse().map(run).reverse();
  t.deepEqual(forward, first);
  t.deepEqual(backward, first);
});
