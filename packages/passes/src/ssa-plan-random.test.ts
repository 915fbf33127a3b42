/**
 * The SSA plan against the textbook construction it replaces: liveness as a
 * set-based fixpoint, dominance frontiers by Cooper, Harvey and Kennedy, and
 * Cytron's worklist over the frontiers, pruned by liveness. Both must give
 * the same block parameters and live-in sets on seeded random CFGs (loops,
 * irreducible edges, unreachable blocks, back edges to the entry), and on
 * the shapes that made the old construction quadratic.
 */
import test from "ava";
import { type Block, type BlockId, computeDominators, type Func, type Inst, successors, type Term, type VarId } from "@fzy/ir";
import { planSsa } from "./ssa-plan.js";

/** The reference: what planSsa computed before it was made linear. */
function reference(func: Func): { phis: VarId[][]; liveIn: VarId[][] } {
  const dom = computeDominators(func);
  const n = func.blocks.length;
  const uses: Set<VarId>[] = [], defs: Set<VarId>[] = [];
  for (const b of func.blocks) {
    const u = new Set<VarId>(), d = new Set<VarId>();
    for (const inst of b.insts) {
      if (inst.imm.kind !== "var") continue;
      if (inst.op === "get" && !d.has(inst.imm.var)) u.add(inst.imm.var);
      if (inst.op === "set") d.add(inst.imm.var);
    }
    uses.push(u);
    defs.push(d);
  }
  const liveIn = func.blocks.map((_, i) => new Set(uses[i]));
  const succs = func.blocks.map((b) => successors(b.term));
  for (let changed = true; changed;) {
    changed = false;
    for (const b of [...dom.rpo].reverse()) {
      for (const s of succs[b]!) {
        for (const v of liveIn[s]!) {
          if (!defs[b]!.has(v) && !liveIn[b]!.has(v)) { liveIn[b]!.add(v); changed = true; }
        }
      }
    }
  }
  const df: Set<BlockId>[] = func.blocks.map(() => new Set());
  for (const b of dom.rpo) {
    const preds = dom.preds[b]!.filter((p) => dom.isReachable(p));
    if (preds.length < 2) continue;
    for (const p of preds) {
      for (let r: BlockId | null = p; r !== null && r !== dom.idom(b); r = dom.idom(r)) {
        df[r]!.add(b);
        if (r === b) break;
      }
    }
  }
  const phis: VarId[][] = func.blocks.map(() => []);
  for (let v = 0 as VarId; v < func.vars.length; v++) {
    const work: BlockId[] = [];
    for (let b = 0; b < n; b++) if (defs[b]!.has(v)) work.push(b as BlockId);
    const placed = new Set<BlockId>();
    while (work.length) {
      for (const f of df[work.pop()!]!) {
        if (placed.has(f)) continue;
        placed.add(f);
        if (liveIn[f]!.has(v)) phis[f]!.push(v);
        if (!defs[f]!.has(v)) work.push(f);
      }
    }
  }
  return { phis: phis.map((p) => p.sort((a, b) => a - b)), liveIn: liveIn.map((s) => [...s].sort((a, b) => a - b)) };
}

function func(blocks: Block[], vars: number): Func {
  return {
    name: "f", params: [], result: null, exported: true, values: [],
    vars: Array.from({ length: vars }, (_, i) => ({ name: `v${i}`, type: { kind: "bool" } })), blocks,
  };
}

const access = (op: "get" | "set", v: number): Inst => ({ op, dst: null, args: [], type: null, imm: { kind: "var", var: v as VarId } });

/** A seeded random CFG: up to `maxBlocks` blocks with random gets and sets and random edges anywhere. */
function randomFunc(seed: number, maxBlocks: number): Func {
  let s = seed >>> 0;
  const below = (k: number) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 8) % k;
  };
  const n = 1 + below(maxBlocks), nv = 1 + below(5);
  const blocks: Block[] = [];
  for (let b = 0; b < n; b++) {
    const insts = Array.from({ length: below(4) }, () => access(below(2) ? "get" : "set", below(nv)));
    const t = () => below(n) as BlockId;
    const r = below(10);
    const term: Term = r < 3 ? { op: "jump", target: t() }
      : r < 7 ? { op: "br", cond: 0 as never, then: t(), else: t() }
      : r < 8 ? { op: "switch", value: 0 as never, cases: [{ value: 0n, target: t() }, { value: 1n, target: t() }], default: t() }
      : { op: "ret", value: null };
    blocks.push({ name: `b${b}`, insts, term });
  }
  return func(blocks, nv);
}

function same(t: { deepEqual: (a: unknown, b: unknown, m?: string) => void }, f: Func, what: string): number {
  const want = reference(f);
  // Both ways of finding the iterated frontiers, and the default choice between them.
  for (const placement of ["auto", "frontiers", "dj-walk"] as const) {
    const got = planSsa(f, placement);
    t.deepEqual(got.phis.map((p) => [...p]), want.phis, `${what} (${placement}): phis`);
    t.deepEqual(got.liveIn.map((s) => [...s]), want.liveIn, `${what} (${placement}): live-in`);
  }
  return want.phis.flat().length;
}

test("block parameters and live-in sets equal the textbook construction on 3,000 random CFGs", (t) => {
  let placed = 0;
  for (let i = 0; i < 3000; i++) placed += same(t, randomFunc(0x55a + i, i % 2 ? 12 : 40), `cfg ${i}`);
  t.true(placed > 1000, `only ${placed} parameters placed: the generator no longer makes joins`);
});

test("a nest with back edges to b[i/2] (quadratic frontiers) and a counted loop nest give the textbook answer", (t) => {
  const n = 300;
  const nest: Block[] = [{ name: "entry", insts: [access("set", 0)], term: { op: "jump", target: 1 as BlockId } }];
  for (let i = 1; i <= n; i++) {
    nest.push({ name: `b${i}`, insts: [access("get", 0), access("set", i % 3 ? 0 : 1)], term: { op: "br", cond: 0 as never, then: Math.max(1, i >> 1) as BlockId, else: (i + 1) as BlockId } });
  }
  nest.push({ name: "exit", insts: [access("get", 0), access("get", 1)], term: { op: "ret", value: null } });
  same(t, func(nest, 2), "back edges to b[i/2]");

  // h_k: get i_k; body: set i_(k+1) and enter h_(k+1); the innermost body updates v0; exits step the outer counter.
  const d = 40, blocks: Block[] = [];
  const id = (kind: number, k: number) => (1 + 4 * k + kind) as BlockId; // 0 head, 1 body, 2 latch, 3 exit
  blocks.push({ name: "entry", insts: [access("set", 0), access("set", 1)], term: { op: "jump", target: id(0, 0) } });
  for (let k = 0; k < d; k++) {
    blocks.push({ name: `h${k}`, insts: [access("get", 1 + k)], term: { op: "br", cond: 0 as never, then: id(1, k), else: id(3, k) } });
    blocks.push(k + 1 < d
      ? { name: `b${k}`, insts: [access("set", 2 + k)], term: { op: "jump", target: id(0, k + 1) } }
      : { name: `b${k}`, insts: [access("get", 0), access("set", 0)], term: { op: "jump", target: id(2, k) } });
    blocks.push({ name: `l${k}`, insts: [access("get", 1 + k), access("set", 1 + k)], term: { op: "jump", target: id(0, k) } });
    blocks.push({ name: `e${k}`, insts: k === 0 ? [access("get", 0)] : [], term: k === 0 ? { op: "ret", value: null } : { op: "jump", target: id(2, k - 1) } });
  }
  t.true(same(t, func(blocks, d + 1), "counted loop nest") >= d);
});
