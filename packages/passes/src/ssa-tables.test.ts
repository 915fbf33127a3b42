import test from "ava";
import type { Block, BlockId, Func, Inst, Term, VarId } from "@fzy/ir";
import { planSsa } from "./ssa-plan.js";
import { SsaTables } from "./ssa-tables.js";

test("SsaTables: the k-th table of a plan, long or short, is the k-th of the plan before, its first n entries filled anew", (t) => {
  const s = new SsaTables().begin();
  const a = s.ints(5000), b = s.ints(5000, -1), c = s.ints(10, 7);
  a[7] = 3;
  c[2] = 9;
  t.true(a.length >= 5000 && c.length >= 10, "at least the entries asked for");
  t.deepEqual([b[0], b[4999], c[0], c[9]], [-1, -1, 7, 7]);
  s.begin();
  const a2 = s.ints(4900), b2 = s.ints(5000), c2 = s.ints(12, -1);
  t.true(a2 instanceof Int32Array && a instanceof Int32Array && a2.buffer === a.buffer, "the same memory");
  t.is(c2, c, "a short table is reused too");
  t.deepEqual([a2[7], b2[0], b2[4999], c2[2], c2[11]], [0, 0, 0, -1, -1]);
  s.begin();
  t.not(s.ints(100000), a, "a table too short for the plan is replaced");
});

const access = (op: "get" | "set", v: number): Inst => ({ op, dst: null, args: [], type: null, imm: { kind: "var", var: v as VarId } });

/** A seeded random CFG of `n` blocks: mostly a forward chain of branches, some edges back or anywhere. */
function largeFunc(seed: number, n: number, nv: number): Func {
  let s = seed >>> 0;
  const below = (k: number) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 8) % k;
  };
  const blocks: Block[] = [];
  for (let b = 0; b < n; b++) {
    const insts = Array.from({ length: below(3) }, () => access(below(2) ? "get" : "set", below(nv)));
    const near = () => Math.min(n - 1, b + 1 + below(3)) as BlockId;
    const r = below(20);
    const term: Term = b === n - 1 ? { op: "ret", value: null }
      : r < 8 ? { op: "jump", target: near() }
      : r < 18 ? { op: "br", cond: 0 as never, then: near(), else: near() }
      : { op: "br", cond: 0 as never, then: near(), else: below(n) as BlockId };
    blocks.push({ name: `b${b}`, insts, term });
  }
  return {
    name: "f", params: [], result: null, exported: true, values: [],
    vars: Array.from({ length: nv }, (_, i) => ({ name: `v${i}`, type: { kind: "bool" } })), blocks,
  };
}

test("plans made in turn on reused tables equal plans made fresh, and an earlier plan's live-in sets stay its own", (t) => {
  const tables = new SsaTables();
  // The later functions no larger than the first: its tables are not grown away from under it.
  const fns = [largeFunc(1, 6000, 5), largeFunc(2, 5000, 3), largeFunc(3, 6500, 7)];
  const first = planSsa(fns[0]!, "auto", undefined, tables);
  t.true(first.phis.flat().length > 100, "the generator makes joins");
  for (const [k, f] of fns.entries()) {
    for (const placement of ["auto", "frontiers", "dj-walk"] as const) {
      const got = planSsa(f, placement, undefined, tables), want = planSsa(f, placement);
      t.deepEqual(got.phis.map((p) => [...p]), want.phis.map((p) => [...p]), `function ${k} (${placement})`);
    }
  }
  // Its list of block parameters is the next plan's by now (valid until then); its live-in sets are its own.
  t.deepEqual(first.liveIn.map((l) => [...l]), planSsa(fns[0]!).liveIn.map((l) => [...l]));
});
