import test from "ava";
import { computeDominatorsOfGraph, FlatDominators } from "@fzy/ir";
import type { LBlock, LBlockId, LFunction, LTerm, LValue } from "@fzy/lir";
import { dominatorsOfBlocks, forwardOnly } from "./optimize-dominators.js";
import { MFunction } from "./optimize-ir.js";

/** A deterministic pseudo-random sequence (xorshift32). */
function rng(seed: number): (n: number) => number {
  let x = seed;
  return (n) => {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    return (x >>> 0) % n;
  };
}

/** A random graph of jumps, branches and tables, forward only when `forward` (every edge to a later block). */
function randomFunction(seed: number, forward: boolean): LFunction {
  const pick = rng(seed);
  const n = 2 + pick(70);
  const blocks: LBlock[] = [];
  for (let b = 0; b < n; b++) {
    const to = (): { block: LBlockId; args: LValue[] } => ({ block: (forward ? b + 1 + pick(n - b - 1) : pick(n)) as LBlockId, args: [] });
    const kind = b === n - 1 ? 9 : pick(9);
    const term: LTerm = kind < 4 ? { op: "jump", target: to() } : kind < 7 ? { op: "brif", cond: 0 as LValue, then: to(), else: to() }
      : kind < 9 ? { op: "br_table", index: 0 as LValue, default: to(), targets: [to(), to(), to()] } : { op: "return", values: [] };
    blocks.push({ params: b === 0 ? [0 as LValue] : [], insts: [], term, cold: false });
  }
  return { name: `f${seed}`, params: ["i32"], results: [], exported: true, slots: [], blocks, valueTypes: ["i32"] };
}

test("the optimizer's trees, made from the blocks or kept for the same edges, answer as a DominatorTree of the same edges", (t) => {
  let forwardSeen = 0;
  const other = new MFunction(randomFunction(9999, false));
  for (let seed = 1; seed <= 600; seed++) {
    const m = new MFunction(randomFunction(seed, seed % 2 === 0));
    if (seed % 3 === 0) m.blocks[1]!.dead = true; // a dead block has no edges
    // Before the tree asked for: none (made), one of these edges (kept), another function's, or these before an edge changed.
    if (seed % 5 !== 0) dominatorsOfBlocks(m.blocks);
    if (seed % 5 === 1) dominatorsOfBlocks(other.blocks);
    if (seed % 5 === 2) m.blocks[1]!.dead = !m.blocks[1]!.dead;
    if (seed % 5 === 3) {
      const b = m.blocks.findIndex((blk) => blk.term.op === "jump");
      if (b >= 0) m.blocks[b]!.term = { op: "jump", target: { block: ((b + 1) % m.blocks.length) as LBlockId, args: [] } };
    }
    if (forwardOnly(m.blocks)) forwardSeen++;
    const want = computeDominatorsOfGraph(m.successors());
    const got = dominatorsOfBlocks(m.blocks), n = m.blocks.length;
    for (let a = 0; a < n; a++) {
      t.deepEqual(Array.from({ length: got.childCount(a as LBlockId) }, (_, i) => got.child(a as LBlockId, i)), [...want.children(a as LBlockId)], `children of ${a}, seed ${seed}`);
      for (let b = 0; b < n; b++) if (got.strictlyDominates(a as LBlockId, b as LBlockId) !== want.strictlyDominates(a as LBlockId, b as LBlockId)) t.fail(`${a} sdom ${b}, seed ${seed}`);
    }
  }
  t.true(forwardSeen > 200);
});

test("forwardOnly: a backward edge or a self loop is seen, an edge of a dead block is not", (t) => {
  const fn = randomFunction(7, true);
  t.true(forwardOnly(new MFunction(fn).blocks));
  const back = randomFunction(7, true);
  (back.blocks as LBlock[])[1] = { ...back.blocks[1]!, term: { op: "jump", target: { block: 1 as LBlockId, args: [] } } };
  const m = new MFunction(back);
  t.false(forwardOnly(m.blocks));
  m.blocks[1]!.dead = true;
  t.true(forwardOnly(m.blocks));
});

test("FlatDominators, filled again graph after graph, answers as a DominatorTree (cycles, unreachable nodes, repeated and out-of-range edges)", (t) => {
  const flat = new FlatDominators();
  for (let seed = 1; seed <= 400; seed++) {
    const pick = rng(seed), n = 1 + pick(seed % 4 === 0 ? 300 : 40);
    const succs = Array.from({ length: n }, () => Array.from({ length: pick(4) }, () => (pick(50) === 0 ? n + 3 : pick(n)) as LBlockId));
    const want = computeDominatorsOfGraph(succs);
    flat.begin(n);
    succs.forEach((ss, b) => ss.forEach((s) => flat.edge(b, s)));
    flat.finish();
    for (let a = 0; a < n; a++) {
      t.deepEqual(Array.from({ length: flat.childCount(a) }, (_, i) => flat.child(a, i)), [...want.children(a as LBlockId)], `children of ${a}, seed ${seed}`);
      for (let b = 0; b < n; b++) if (flat.dominates(a, b) !== want.dominates(a as LBlockId, b as LBlockId)) t.fail(`${a} dom ${b}, seed ${seed}`);
    }
  }
});
