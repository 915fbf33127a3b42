/**
 * The counted-value liveness against the plain set-based fixpoint it
 * replaces (one Set per block, every round re-reading every set): on seeded
 * random CFGs both must give the same live-in sets with their members in the
 * same order (ownership.ts releases in that order), the same live-out sets,
 * and the same edge deaths, with either form of membership tables; and the
 * tables of a long chain of counted values grow linearly with it.
 */
import test from "ava";
import { type Block, type BlockId, blockSuccessors, type Func, type Inst, successors, type Term, type ValueId } from "@fzy/ir";
import { RcLiveness, termUses } from "./rc-liveness.js";

/** The reference: ownership.ts's liveness before it moved to bit matrices. */
function reference(func: Func, counted: (v: ValueId) => boolean): { liveIn: ValueId[][]; liveOut: Set<ValueId>[] } {
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
  return { liveIn: liveIn.map((s) => [...s]), liveOut };
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
  return {
    name: "f", params: [], result: null, exported: true, vars: [], blocks,
    values: Array.from({ length: nv }, (_, i) => ({ name: `v${i}`, type: { kind: "str" } })),
  };
}

for (const form of ["matrix", "hash"] as const) test(`live sets, their order and edge deaths equal the set-based fixpoint on 2,000 random CFGs (membership in a ${form})`, (t) => {
  let members = 0;
  for (let i = 0; i < 2000; i++) {
    const f = randomFunc(0x1c3 + i, i % 2 ? 8 : 30);
    const counted = (v: ValueId) => v % 3 !== 1;
    const want = reference(f, counted);
    const got = new RcLiveness(f, Uint8Array.from(f.values, (_, v) => (counted(v as ValueId) ? 1 : 0)), blockSuccessors(f), form);
    f.blocks.forEach((_, b) => {
      t.deepEqual([...got.liveIn(b)], want.liveIn[b], `cfg ${i} block ${b}: live-in`);
      f.values.forEach((_, v) => t.is(got.isLiveOut(b, v as ValueId), want.liveOut[b]!.has(v as ValueId), `cfg ${i} block ${b}: live-out %v${v}`));
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
  t.true(members > 5000, `only ${members} live-in members: the generator no longer makes values live across blocks`);
});

/** Everything an RcLiveness answers about f, with its membership tables in `form`. */
function answersOf(f: Func, mask: Uint8Array, form: "matrix" | "hash") {
  const lv = new RcLiveness(f, mask, blockSuccessors(f), form);
  const blocks = f.blocks.map((_, b) => ({
    liveIn: [...lv.liveIn(b)],
    liveOut: f.values.flatMap((_, v) => (lv.isLiveOut(b, v as ValueId) ? [v] : [])),
    deaths: lv.targets[b]!.map((s) => [...lv.edgeDeaths(f, b, s)]),
  }));
  return { blocks, words: lv.tableWords };
}

test("the hash set form, grown and moved to a matrix on the way, gives the sets of the matrix form on 20 larger random CFGs", (t) => {
  for (let i = 0; i < 20; i++) {
    const f = randomFunc(0x9a5 + i, 300, 2000);
    const mask = Uint8Array.from(f.values, (_, v) => (v % 5 !== 2 ? 1 : 0));
    const hash = answersOf(f, mask, "hash"), matrix = answersOf(f, mask, "matrix");
    t.deepEqual(hash.blocks, matrix.blocks, `cfg ${i}`);
    t.true(hash.words <= 2 * matrix.words, `cfg ${i}: dense sets in ${hash.words} words of hash set, ${matrix.words} of matrix`);
  }
});

/**
 * A chain of n pairs of blocks, each pair making a counted value, switching on
 * it and reading it in a block of its own (an enum made and matched, n times),
 * that block also reading the `span` - 1 values made before: n counted values
 * over 2n + 1 blocks, every live set of at most `span` members.
 */
function chainOfCountedValues(n: number, span = 1): Func {
  const blocks: Block[] = [];
  const opaque = (dst: number | null, args: number[]): Inst => ({ op: "opaque", dst: dst as ValueId | null, args: args as ValueId[], type: null, imm: { kind: "none" } });
  for (let k = 0; k < n; k++) {
    const next = (2 * k + 2) as BlockId, reads = Array.from({ length: Math.min(span, k + 1) }, (_, j) => k - j);
    blocks.push({ name: `m${k}`, insts: [opaque(k, [])], term: { op: "switch", value: k as ValueId, cases: [{ value: 0n, target: (2 * k + 1) as BlockId }], default: next } });
    blocks.push({ name: `ok${k}`, insts: [opaque(null, reads)], term: { op: "jump", target: next } });
  }
  blocks.push({ name: "end", insts: [], term: { op: "ret", value: null } });
  return {
    name: "f", params: [], result: null, exported: true, vars: [], blocks,
    values: Array.from({ length: n }, (_, i) => ({ name: `e${i}`, type: { kind: "str" } })),
  };
}

test("the hash set form, grown and kept (sparse sets), gives the sets of the matrix form on a chain of values each live across 8 blocks", (t) => {
  const f = chainOfCountedValues(1000, 4), mask = new Uint8Array(1000).fill(1);
  const hash = answersOf(f, mask, "hash"), matrix = answersOf(f, mask, "matrix");
  t.deepEqual(hash.blocks, matrix.blocks);
  t.true(hash.words < matrix.words / 2, `the hash set grew to ${hash.words} words, the matrix has ${matrix.words}`);
});

test("the membership tables of a chain of n counted values grow linearly with n (a bit matrix grows as n^2)", (t) => {
  const words = (n: number) => {
    const f = chainOfCountedValues(n);
    const lv = new RcLiveness(f, new Uint8Array(n).fill(1));
    t.deepEqual(lv.liveIn(2 * n - 1), [n - 1], "the read block of the last value has it live in");
    return lv.tableWords;
  };
  const small = words(2000), large = words(8000);
  t.true(large <= 6 * small, `${small} words for 2,000 values, ${large} for 8,000`);
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
