/**
 * Dominator trees on small graphs with known answers: a diamond, a loop, an
 * irreducible region (two entries into a cycle), unreachable nodes, a chain
 * deep enough to break a recursive traversal, a function built with the
 * builder, random graphs of changing sizes against the textbook fixpoint,
 * and the tree the parser hands on (dominator-cache.ts).
 */
import test from "ava";
import { blockSuccessors, type BlockId, computeDominators, computeDominatorsOfGraph, dominatorsOf, I32, ModuleBuilder, parseModule, predecessors, reversePostorder, reversePostorderOfGraph, successors } from "./index.js";
import { KEEP_TREE_BLOCKS } from "./dominator-cache.js";

const idoms = (succs: number[][]) => {
  const d = computeDominatorsOfGraph(succs);
  return succs.map((_, b) => d.idom(b));
};

test("diamond: the join's idom is the branch", (t) => {
  // 0 -> 1, 2; 1 -> 3; 2 -> 3
  t.deepEqual(idoms([[1, 2], [3], [3], []]), [null, 0, 0, 0]);
});

test("loop: header dominates body and exit", (t) => {
  // 0 -> 1; 1 -> 2, 3; 2 -> 1
  const d = computeDominatorsOfGraph<number>([[1], [2, 3], [1], []]);
  t.deepEqual([0, 1, 2, 3].map((b) => d.idom(b)), [null, 0, 1, 1]);
  t.true(d.dominates(1, 2));
  t.false(d.dominates(2, 1));
  t.true(d.dominates(2, 2));
  t.false(d.strictlyDominates(2, 2));
  t.deepEqual(d.rpo, [0, 1, 2, 3].filter((b) => d.rpoIndex[b]! >= 0).sort((a, b) => d.rpoIndex[a]! - d.rpoIndex[b]!));
});

test("irreducible cycle: both cycle nodes are dominated only by the entry", (t) => {
  // 0 -> 1, 2; 1 -> 2; 2 -> 1, 3
  t.deepEqual(idoms([[1, 2], [2], [1, 3], []]), [null, 0, 0, 2]);
});

test("unreachable nodes dominate nothing and have no idom", (t) => {
  // 0 -> 1; 2 -> 1 (2 unreachable)
  const d = computeDominatorsOfGraph<number>([[1], [], [1]]);
  t.is(d.idom(2), null);
  t.false(d.isReachable(2));
  t.false(d.dominates(2, 1));
  t.false(d.dominates(0, 2));
  t.is(d.idom(1), 0);
  t.deepEqual(d.preds[1], [0, 2]);
});

test("a 200000-block chain needs no recursion", (t) => {
  const n = 200_000;
  const succs = Array.from({ length: n }, (_, i) => (i + 1 < n ? [i + 1] : []));
  const d = computeDominatorsOfGraph(succs);
  t.is(d.idom(n - 1), n - 2);
  t.true(d.dominates(0, n - 1));
  t.is(d.rpo.length, n);
});

test("functions: predecessors, reverse postorder and dominators of a built CFG", (t) => {
  const mb = new ModuleBuilder("t");
  const f = mb.function("f", [["p", I32]], I32);
  const entry = f.block("entry"), a = f.block("a"), b = f.block("b"), join = f.block("join");
  f.at(entry); f.br(f.icmp("eq", f.param(0), f.param(0)), a, b);
  f.at(a); f.jump(join);
  f.at(b); f.jump(join);
  f.at(join); f.ret(f.param(0));
  const func = mb.finish().functions[0]!;
  t.deepEqual(predecessors(func), [[], [0], [0], [1, 2]]);
  const rpo = reversePostorder(func);
  t.is(rpo[0], entry);
  t.is(rpo[3], join);
  t.is(computeDominators(func).idom(join), entry);
});

/** Reference: the dominator sets by the textbook data-flow fixpoint, idom = the strict dominator dominated by all others. */
function referenceIdoms(succs: number[][]): (number | null)[] {
  const n = succs.length;
  const preds: number[][] = succs.map(() => []);
  succs.forEach((ss, b) => { for (const s of ss) preds[s]!.push(b); });
  const reach = new Set([0]);
  const stack = [0];
  while (stack.length) for (const s of succs[stack.pop()!]!) if (!reach.has(s)) { reach.add(s); stack.push(s); }
  const all = new Set(reach);
  const dom = succs.map((_, b) => (b === 0 ? new Set([0]) : new Set(all)));
  for (let changed = true; changed;) {
    changed = false;
    for (let b = 1; b < n; b++) {
      if (!reach.has(b)) continue;
      const ps = preds[b]!.filter((p) => reach.has(p));
      const next = new Set([...dom[ps[0]!]!].filter((d) => ps.every((p) => dom[p]!.has(d))));
      next.add(b);
      if (next.size !== dom[b]!.size) { dom[b] = next; changed = true; }
    }
  }
  return succs.map((_, b) => {
    if (b === 0 || !reach.has(b)) return null;
    const strict = [...dom[b]!].filter((d) => d !== b);
    return strict.find((d) => strict.every((e) => dom[d]!.has(e))) ?? null;
  });
}

test("random graphs (reducible or not, with unreachable parts and self loops): the same idoms as the data-flow definition", (t) => {
  let seed = 12345;
  const rnd = (k: number) => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return (seed >>> 8) % k; };
  for (let g = 0; g < 400; g++) {
    const n = 1 + rnd(24);
    const succs = Array.from({ length: n }, () => Array.from({ length: rnd(4) }, () => rnd(n)));
    t.deepEqual(idoms(succs), referenceIdoms(succs), JSON.stringify(succs));
  }
});

test("preorder and postorder numbers: the reachable nodes numbered 0..k-1 each, dominance exactly their order, -1 when unreachable", (t) => {
  let seed = 777;
  const rnd = (k: number) => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return (seed >>> 8) % k; };
  for (let g = 0; g < 200; g++) {
    const n = 1 + rnd(24);
    const succs = Array.from({ length: n }, () => Array.from({ length: rnd(4) }, () => rnd(n)));
    const d = computeDominatorsOfGraph(succs), k = d.rpo.length;
    const reached = succs.map((_, b) => d.isReachable(b));
    t.deepEqual(succs.map((_, b) => d.preorder(b)).filter((x) => x >= 0).sort((x, y) => x - y), Array.from({ length: k }, (_, i) => i));
    t.deepEqual(succs.map((_, b) => d.postorder(b)).filter((x) => x >= 0).sort((x, y) => x - y), Array.from({ length: k }, (_, i) => i));
    for (let a = 0; a < n; a++) {
      if (!reached[a]) t.deepEqual([d.preorder(a), d.postorder(a)], [-1, -1]);
      for (let b = 0; b < n; b++) {
        const byNumbers = reached[a]! && reached[b]! && d.preorder(a) <= d.preorder(b) && d.postorder(a) >= d.postorder(b);
        t.is(byNumbers, d.dominates(a, b), `${JSON.stringify(succs)}: ${a} over ${b}`);
      }
    }
  }
});

test("graphs without joins (random trees, back edges to the entry, unreachable parts): the same idoms, children and dominance as the data-flow definition", (t) => {
  // Each node but the entry gets at most one predecessor, so the tree takes the path without Lengauer-Tarjan.
  let seed = 777;
  const rnd = (k: number) => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return (seed >>> 8) % k; };
  for (let g = 0; g < 300; g++) {
    const n = 1 + rnd(30);
    const succs: number[][] = Array.from({ length: n }, () => []);
    for (let b = 1; b < n; b++) if (rnd(6) !== 0) succs[rnd(n)]!.push(b); // some nodes have no predecessor (unreachable)
    for (let k = rnd(3); k > 0; k--) succs[rnd(n)]!.push(0);
    const d = computeDominatorsOfGraph(succs);
    const ref = referenceIdoms(succs);
    t.deepEqual(succs.map((_, b) => d.idom(b)), ref, JSON.stringify(succs));
    for (let a = 0; a < n; a++) {
      t.deepEqual(d.children(a), d.rpo.filter((b) => ref[b] === a), `children of ${a}: ${JSON.stringify(succs)}`);
      for (let b = 0; b < n; b++) {
        let up: number | null = b;
        while (up !== null && up !== a) up = ref[up]!;
        t.is(d.dominates(a, b), d.isReachable(a) && d.isReachable(b) && up === a, `${a} dom ${b}: ${JSON.stringify(succs)}`);
      }
    }
  }
});

test("a 10k-deep tree whose every node also branches to one exit: the exit's idom is the entry, and dominance is exact", (t) => {
  // Quadratic under the Cooper-Harvey-Kennedy fixpoint (one walk up the tree per predecessor of the exit).
  const n = 10_000;
  const succs = Array.from({ length: n + 1 }, (_, i) => (i < n - 1 ? [i + 1, n] : i === n - 1 ? [n] : []));
  const d = computeDominatorsOfGraph(succs);
  t.is(d.idom(n), 0);
  t.is(d.idom(n - 1), n - 2);
  t.true(d.dominates(5000, 9999));
  t.false(d.dominates(5000, n));
});

test("graphs of changing sizes, one after another (the shared work space): idoms and reverse postorder match the textbook fixpoint", (t) => {
  // Dom(entry) = {entry}; Dom(b) = {b} ∪ ⋂ Dom(p) over reachable predecessors p, iterated to a fixpoint (Aho, Sethi, Ullman).
  const reference = (succs: number[][]): (number | null)[] => {
    const n = succs.length;
    const reach = new Set<number>([0]);
    for (let grew = true; grew;) {
      grew = false;
      for (const b of [...reach]) for (const s of succs[b]!) if (!reach.has(s)) { reach.add(s); grew = true; }
    }
    const dom = succs.map((_, b) => new Set(b === 0 ? [0] : [...reach]));
    for (let changed = true; changed;) {
      changed = false;
      for (let b = 1; b < n; b++) {
        if (!reach.has(b)) continue;
        const preds = [...reach].filter((p) => succs[p]!.includes(b));
        const next = new Set([b, ...[...dom[preds[0]!]!].filter((d) => preds.every((p) => dom[p]!.has(d)))]);
        if (next.size !== dom[b]!.size) { dom[b] = next; changed = true; }
      }
    }
    // The idom is the strict dominator that every other strict dominator dominates.
    return succs.map((_, b) => {
      if (b === 0 || !reach.has(b)) return null;
      const strict = [...dom[b]!].filter((d) => d !== b);
      return strict.find((d) => strict.every((e) => dom[d]!.has(e))) ?? null;
    });
  };
  let seed = 1;
  const rnd = (k: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % k;
  for (const n of [40, 3, 25, 1, 60, 7, 40, 2, 33]) {
    const succs = Array.from({ length: n }, () => Array.from({ length: rnd(3) }, () => rnd(n)));
    const d = computeDominatorsOfGraph(succs);
    t.deepEqual(succs.map((_, b) => d.idom(b)), reference(succs), `${n} nodes`);
    t.deepEqual(d.rpo, reversePostorderOfGraph(succs), `${n} nodes`);
  }
});

test("dominatorsOf: a large function's tree is made once by the parser, and a CFG changed in place gets a new one", (t) => {
  // entry branches to a chain of KEEP_TREE_BLOCKS blocks and to its last block directly.
  const n = KEEP_TREE_BLOCKS;
  const chain = Array.from({ length: n }, (_, i) => `b${i}:\n  ${i + 1 < n ? `jump b${i + 1}` : "ret"}`);
  const f = parseModule(`module m\nfn f(%c: bool) {\nentry:\n  br %c, b0, b${n - 1}\n${chain.join("\n")}\n}\n`).functions[0]!;
  const kept = dominatorsOf(f);
  t.is(dominatorsOf(f), kept, "the parser's tree, asked twice");
  t.is(kept.idom(n as BlockId), 0 as BlockId, "the last block (block n) is reached from the entry directly");
  // Now the entry jumps into the chain only: the last block's idom becomes its chain predecessor.
  (f.blocks[0] as { term: unknown }).term = { op: "jump", target: 1 };
  const fresh = dominatorsOf(f);
  t.not(fresh, kept);
  t.is(fresh.idom(n as BlockId), (n - 1) as BlockId);
  t.deepEqual(fresh.rpo, computeDominators(f).rpo);
});

test("blockSuccessors lists a switch's case targets in order, duplicates kept, then its default when it has one", (t) => {
  const m = parseModule([
    "module s",
    "export fn f(%n: i32) -> i32 {",
    "entry:",
    "  switch %n [1 -> b, 2 -> a, 3 -> b] default a",
    "a:",
    "  ret %n",
    "b:",
    "  ret %n",
    "}",
    "",
  ].join("\n"));
  const f = m.functions[0]!;
  t.deepEqual(blockSuccessors(f), [[2, 1, 2, 1], [], []]);
  t.deepEqual(blockSuccessors(f), f.blocks.map((b) => successors(b.term)));
});
