/**
 * checkDefiniteAssignment against the plain must-assigned dataflow over
 * every variable (no dominator-tree shortcut) on generated functions: random
 * CFGs, some blocks unreachable, gets and sets of a few variables scattered
 * through the blocks, several to a block, in either order.
 */
import test from "ava";
import { checkDefiniteAssignment } from "./definite-assignment.js";
import { computeDominators } from "./dominators.js";
import { I32, type Block, type BlockId, type Func, type Inst, type Term, type VarId } from "./index.js";

/** A deterministic generator of integers in [0, n). */
function lcg(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s >>> 8) % n;
  };
}

/** A function of `nb` blocks and `nv` variables whose body is only gets and sets, with random edges. */
function randomFunc(rand: (n: number) => number, nb: number, nv: number): Func {
  const blocks: Block[] = [];
  for (let b = 0; b < nb; b++) {
    const insts: Inst[] = [];
    for (let k = rand(5); k > 0; k--) {
      const imm = { kind: "var" as const, var: rand(nv) as VarId };
      insts.push(rand(2) === 0 ? { op: "get", dst: null, args: [], type: null, imm } : { op: "set", dst: null, args: [], type: null, imm });
    }
    const r = rand(4), to = () => rand(nb) as BlockId;
    const term: Term = r === 0 ? { op: "ret", value: null } : r === 1 ? { op: "jump", target: to() } : { op: "br", cond: 0 as never, then: to(), else: to() };
    blocks.push({ name: `b${b}`, insts, term });
  }
  const vars = Array.from({ length: nv }, (_, v) => ({ name: `v${v}`, type: I32 }));
  return { name: "f", params: [], result: null, exported: false, values: [], vars, blocks };
}

/** The gets read before a set on some path, by the plain dataflow: `block:inst:var`, sorted. */
function plainUnassignedGets(f: Func): string[] {
  const dom = computeDominators(f), nv = f.vars.length, all = (1 << nv) - 1;
  const sets = f.blocks.map((b) => b.insts.reduce((m, i) => (i.op === "set" && i.imm.kind === "var" ? m | (1 << i.imm.var) : m), 0));
  const outs = f.blocks.map(() => all);
  const inOf = (b: number): number => {
    if (b === 0) return 0;
    let m = all;
    for (let i = 0; i < dom.predCount(b as BlockId); i++) if (dom.isReachable(dom.pred(b as BlockId, i))) m &= outs[dom.pred(b as BlockId, i)]!;
    return m;
  };
  for (let changed = true; changed;) {
    changed = false;
    for (const b of dom.rpo) {
      const out = inOf(b) | sets[b]!;
      if (out !== outs[b]) { outs[b] = out; changed = true; }
    }
  }
  const found: string[] = [];
  for (const b of dom.rpo) {
    let assigned = inOf(b);
    f.blocks[b]!.insts.forEach((inst, ii) => {
      if (inst.imm.kind !== "var") return;
      if (inst.op === "set") assigned |= 1 << inst.imm.var;
      else if (!(assigned & (1 << inst.imm.var))) found.push(`${b}:${ii}:${inst.imm.var}`);
    });
  }
  return found.sort();
}

test("definite assignment: the dominator-tree shortcut finds exactly the gets the plain dataflow finds", (t) => {
  const rand = lcg(2026);
  const scratch = { bits: new Uint32Array(4), varInts: new Int32Array(2), stack: new Int32Array(2) };
  let reported = 0;
  for (let round = 0; round < 3000; round++) {
    const f = randomFunc(rand, 1 + rand(9), 1 + rand(5));
    const found: string[] = [];
    checkDefiniteAssignment(f, computeDominators(f), scratch, (b, ii, v) => found.push(`${b}:${ii}:${v}`));
    reported += found.length;
    t.deepEqual(found.sort(), plainUnassignedGets(f), `round ${round}`);
  }
  t.true(reported > 1000); // the generated functions do read unassigned variables
});
