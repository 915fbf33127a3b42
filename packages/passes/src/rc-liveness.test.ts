/**
 * The counted-value liveness against the plain set-based fixpoint (one Set
 * per block, every round re-reading every set): on seeded random CFGs both
 * must give the same live-in and live-out sets, the same gen sets in the
 * order first read (ownership.ts releases in that order), and the same edge
 * deaths; and the work of a long chain of counted values, of many values
 * live across many branches and of a deep loop nest grows linearly with them.
 */
import test from "ava";
import { type Block, type BlockId, blockSuccessors, type Func, type Inst, successors, type Term, type ValueId } from "@fzy/ir";
import { RcLiveness, termUses } from "./rc-liveness.js";

/** The reference: ownership.ts's liveness before it moved to bit matrices. */
function reference(func: Func, counted: (v: ValueId) => boolean): { liveIn: ValueId[][]; joined: ValueId[][]; liveOut: Set<ValueId>[]; gen: ValueId[][] } {
  const n = func.blocks.length;
  const succs = func.blocks.map((b) => successors(b.term));
  const gen: Set<ValueId>[] = [], kill: Set<ValueId>[] = [];
  for (const b of func.blocks) {
    const g = new Set<ValueId>(), k = new Set<ValueId>();
    for (const i of b.insts) {
      for (const a of i.args) if (counted(a) && !k.has(a)) g.add(a);
      if (i.dst !== null && counted(i.dst)) k.add(i.dst);
    }
    for (const a of termUses(b.term)) if (counted(a) && !k.has(a)) g.add(a);
    gen.push(g);
    kill.push(k);
  }
  const liveIn = func.blocks.map(() => new Set<ValueId>());
  const liveOut = func.blocks.map(() => new Set<ValueId>());
  for (let changed = true; changed;) {
    changed = false;
    for (let b = n - 1; b >= 0; b--) {
      const out = liveOut[b]!;
      for (const s of succs[b]!) for (const v of liveIn[s]!) out.add(v);
      const inn = liveIn[b]!;
      const size = inn.size;
      for (const v of gen[b]!) inn.add(v);
      for (const v of out) if (!kill[b]!.has(v)) inn.add(v);
      if (inn.size !== size) changed = true;
    }
  }
  return { liveIn: liveIn.map((s) => [...s].sort((x, y) => x - y)), joined: liveIn.map((s) => [...s]), liveOut, gen: gen.map((g) => [...g]) };
}

/** An instruction that defines `dst` (or nothing) from `args`, opaque to the liveness. */
const opaque = (dst: number | null, args: number[]): Inst => ({ op: "opaque", dst: dst as ValueId | null, args: args as ValueId[], type: null, imm: { kind: "none" } });

/** A function of `blocks` over `nv` string values named prefix0, prefix1, ... */
function funcOf(blocks: Block[], nv: number, prefix: string): Func {
  return {
    name: "f", params: [], result: null, exported: true, vars: [], blocks,
    values: Array.from({ length: nv }, (_, i) => ({ name: `${prefix}${i}`, type: { kind: "str" } })),
  };
}

/** A seeded random CFG over `nv` values: instructions define and read values anywhere, edges go anywhere. */
function randomFunc(seed: number, maxBlocks: number, maxValues = 40): Func {
  let s = seed >>> 0;
  const below = (k: number) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 8) % k;
  };
  const n = 1 + below(maxBlocks), nv = 1 + below(maxValues);
  const v = () => below(nv) as ValueId;
  const blocks: Block[] = [];
  for (let b = 0; b < n; b++) {
    const insts: Inst[] = Array.from({ length: below(5) }, () => ({
      op: "opaque", dst: below(3) ? v() : null, args: Array.from({ length: below(3) }, v), type: null, imm: { kind: "none" },
    }));
    const t = () => below(n) as BlockId;
    const r = below(10);
    const term: Term = r < 3 ? { op: "jump", target: t() }
      : r < 6 ? { op: "br", cond: v(), then: t(), else: t() }
      : r < 8 ? { op: "switch", value: v(), cases: [{ value: 0n, target: t() }, { value: 1n, target: t() }], default: t() }
      : { op: "ret", value: below(2) ? v() : null };
    blocks.push({ name: `b${b}`, insts, term });
  }
  return funcOf(blocks, nv, "v");
}

test("live sets, gen sets in their order and edge deaths equal the set-based fixpoint on 2,000 random CFGs", (t) => {
  let members = 0;
  for (let i = 0; i < 2000; i++) {
    const f = randomFunc(0x1c3 + i, i % 2 ? 8 : i % 10 === 4 ? 120 : 30, i % 10 === 4 ? 700 : 40);
    const counted = (v: ValueId) => v % 3 !== 1;
    const want = reference(f, counted);
    const got = new RcLiveness(f, Uint8Array.from(f.values, (_, v) => (counted(v as ValueId) ? 1 : 0)), blockSuccessors(f));
    f.blocks.forEach((_, b) => {
      t.deepEqual([...got.liveIn(b)], want.liveIn[b], `cfg ${i} block ${b}: live-in`);
      t.deepEqual([...got.readFirst(b)], want.gen[b], `cfg ${i} block ${b}: gen`);
      // The plan releases in gen order what the live-in sets' order of joining gave it: their members not live out.
      const dies = (v: ValueId) => !want.liveOut[b]!.has(v);
      t.deepEqual(want.joined[b]!.filter(dies), want.gen[b]!.filter(dies), `cfg ${i} block ${b}: gen order is the joining order of the members not live out`);
      f.values.forEach((_, v) => {
        t.is(got.isLiveOut(b, v as ValueId), want.liveOut[b]!.has(v as ValueId), `cfg ${i} block ${b}: live-out %v${v}`);
        t.is(got.isLiveIn(b, v as ValueId), want.liveIn[b]!.includes(v as ValueId), `cfg ${i} block ${b}: live-in %v${v}`);
      });
      t.deepEqual(got.targets[b], [...new Set(got.succs[b])], `cfg ${i} block ${b}: targets`);
      for (const s of got.targets[b]!) {
        const out = new Set(want.liveOut[b]);
        for (const v of termUses(f.blocks[b]!.term)) if (counted(v)) out.add(v);
        const dead = [...out].filter((v) => !want.liveIn[s]!.includes(v)).sort((x, y) => x - y);
        t.deepEqual(got.edgeDeaths(f, b, s), dead, `cfg ${i} edge ${b} -> ${s}`);
      }
      members += want.liveIn[b]!.length;
    });
  }
  t.true(members > 20000, `only ${members} live-in members: the generator no longer makes values live across blocks`);
});

/**
 * A chain of n pairs of blocks, each pair making a counted value, switching on
 * it and reading it in a block of its own (an enum made and matched, n times),
 * that block also reading the `span` - 1 values made before: n counted values
 * over 2n + 1 blocks, every live set of at most `span` members.
 */
function chainOfCountedValues(n: number, span = 1): Func {
  const blocks: Block[] = [];
  for (let k = 0; k < n; k++) {
    const next = (2 * k + 2) as BlockId, reads = Array.from({ length: Math.min(span, k + 1) }, (_, j) => k - j);
    blocks.push({ name: `m${k}`, insts: [opaque(k, [])], term: { op: "switch", value: k as ValueId, cases: [{ value: 0n, target: (2 * k + 1) as BlockId }], default: next } });
    blocks.push({ name: `ok${k}`, insts: [opaque(null, reads)], term: { op: "jump", target: next } });
  }
  blocks.push({ name: "end", insts: [], term: { op: "ret", value: null } });
  return funcOf(blocks, n, "e");
}

test("the liveness of a chain of n counted values makes set nodes linear in n", (t) => {
  const nodes = (n: number) => {
    const f = chainOfCountedValues(n, 4);
    const lv = new RcLiveness(f, new Uint8Array(n).fill(1));
    t.deepEqual(lv.liveIn(2 * n - 1), [n - 4, n - 3, n - 2, n - 1], "the read block of the last value has the last four live in");
    return lv.sets.nodesMade;
  };
  const small = nodes(2000), large = nodes(8000);
  t.true(large <= 6 * small, `${small} nodes for 2,000 values, ${large} for 8,000`);
});

/** n counted values made in the entry block, n branches over one-block arms, then a block reading them all: every value is live in every block. */
function valuesAcrossBranches(n: number): Func {
  const blocks: Block[] = [];
  const cond = n as ValueId; // a value that is not counted
  blocks.push({ name: "entry", insts: [...Array.from({ length: n }, (_, k) => opaque(k, [])), opaque(n, [])], term: { op: "jump", target: 1 as BlockId } });
  for (let k = 0; k < n; k++) {
    const join = (2 * k + 3) as BlockId;
    blocks.push({ name: `d${k}`, insts: [], term: { op: "br", cond, then: (2 * k + 2) as BlockId, else: join } });
    blocks.push({ name: `t${k}`, insts: [], term: { op: "jump", target: join } });
  }
  blocks.push({ name: "end", insts: [opaque(null, Array.from({ length: n }, (_, k) => k))], term: { op: "ret", value: null } });
  return funcOf(blocks, n + 1, "a");
}

/** The liveness of `f` with values 0 .. n-1 counted and value n (the branches' condition) not. */
function livenessOfFirst(f: Func, n: number): RcLiveness {
  const mask = new Uint8Array(n + 1).fill(1);
  mask[n] = 0;
  return new RcLiveness(f, mask);
}

test("n values live across n branches share their sets: the set nodes made and the edge deaths listed grow linearly with n", (t) => {
  const work = (n: number) => {
    const f = valuesAcrossBranches(n), lv = livenessOfFirst(f, n);
    let deaths = 0;
    f.blocks.forEach((_, b) => { for (const s of lv.targets[b]!) deaths += lv.edgeDeaths(f, b, s).length; });
    t.is(deaths, 0, "nothing dies on an edge");
    t.is(lv.liveIn(2 * n).length, n, "every value is live into the last arm");
    t.true(lv.isLiveOut(1, (n - 1) as ValueId) && !lv.isLiveIn(0, 0 as ValueId), "live out of the first branch, not into the entry");
    return lv.sets.nodesMade;
  };
  const small = work(2000), large = work(8000);
  t.true(large <= 6 * small, `${small} set nodes for 2,000 values, ${large} for 8,000`);
});

/**
 * A loop nest n deep laid out as the IR prints one: the headers and bodies
 * first, the exits after them innermost first. Level k's counted value is
 * made before its header and read in its body and after its exit, whose
 * block then runs the latch of level k - 1: every value is live in every
 * level inside its own.
 */
function nestOfCountedValues(n: number): Func {
  const h = (k: number) => (1 + 2 * k) as BlockId, body = (k: number) => (2 + 2 * k) as BlockId, exit = (k: number) => (1 + 2 * n + (n - 1 - k)) as BlockId;
  const cond = n as ValueId;
  const blocks: Block[] = [{ name: "entry", insts: [opaque(0, []), opaque(n, [])], term: { op: "jump", target: h(0) } }];
  for (let k = 0; k < n; k++) {
    blocks.push({ name: `h${k}`, insts: [], term: { op: "br", cond, then: body(k), else: exit(k) } });
    blocks.push({ name: `b${k}`, insts: k + 1 < n ? [opaque(null, [k]), opaque(k + 1, [])] : [opaque(null, [k])], term: { op: "jump", target: k + 1 < n ? h(k + 1) : h(k) } });
  }
  for (let k = n - 1; k >= 0; k--) blocks.push({ name: `x${k}`, insts: [opaque(null, [k])], term: k > 0 ? { op: "jump", target: h(k - 1) } : { op: "ret", value: null } });
  return funcOf(blocks, n + 1, "a");
}

test("a loop nest whose exits follow its bodies settles in visits linear in its depth (a round per level before)", (t) => {
  const visits = (n: number) => {
    const f = nestOfCountedValues(n), lv = livenessOfFirst(f, n);
    t.deepEqual(lv.liveIn(2 * n), Array.from({ length: n }, (_, k) => k), "the innermost body has every value live in");
    t.deepEqual(lv.liveIn(1 + 2 * n), Array.from({ length: n }, (_, k) => k), "and so has the innermost exit");
    t.deepEqual(lv.liveIn(3 * n), [0], "the outermost exit has its own value only");
    return lv.visits;
  };
  const small = visits(500), large = visits(2000);
  t.log(`${small} visits for 500 levels (${2 * 500 + 500 + 1} blocks), ${large} for 2,000`);
  t.true(large <= 6 * small, `${small} visits for 500 levels, ${large} for 2,000`);
});

test("the occurrences the liveness walk records are a plain walk's counted arguments and results, on 500 random CFGs", (t) => {
  for (let i = 0; i < 500; i++) {
    const f = randomFunc(0x5eed + i, 12);
    const counted = (v: ValueId) => v % 3 !== 1;
    const lv = new RcLiveness(f, Uint8Array.from(f.values, (_, v) => (counted(v as ValueId) ? 1 : 0)));
    f.blocks.forEach((b, bi) => {
      const want: number[] = [];
      b.insts.forEach((inst, k) => {
        for (const a of inst.args) if (counted(a)) want.push(a, k);
        if (inst.dst !== null && counted(inst.dst)) want.push(inst.dst, k);
      });
      t.deepEqual(lv.occurrences.slice(lv.occursAt[bi]!, lv.occursAt[bi + 1]!), want, `cfg ${i} block ${bi}`);
    });
  }
});
