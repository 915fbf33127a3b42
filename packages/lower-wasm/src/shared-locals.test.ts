/**
 * Locals shared by live intervals (shared-locals.ts), checked against exact
 * liveness on random block graphs (loops, irreducible cycles, unreachable
 * blocks, block parameters passed around and swapped): no local may be
 * written while a value it holds is still to be read.
 */
import test from "ava";
import { instDefs, instUses, type LBlockId, type LFunction, type LType, lirDominators, parseLIR, termEdges, termOwnUses } from "@fzy/lir";
import { shareLocals } from "./shared-locals.js";
import { layoutOrder, shapeOf } from "./structure.js";
import { lowerToWasm } from "./module.js";
import { random } from "./test-random.js";

const TYPES = ["i32", "i64"] as const;

/**
 * A random function of up to 12 blocks in the lowered form's text: each
 * block has up to two parameters and a few additions over values it may
 * read (its own, and those of the blocks that dominate it), and ends in a
 * jump, a conditional branch or a return, to random blocks (most a little
 * ahead, some a little back). Some returns are cold blocks, which the
 * structuring copies to each branch to them (structure.ts Shape.copied).
 */
function randomFunction(seed: number): string {
  const r = random(seed), pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const n = 2 + Math.floor(r() * 11);
  const params = Array.from({ length: n }, (_, b) => (b === 0 ? ["i32", "i64"] : Array.from({ length: Math.floor(r() * 3) }, () => pick(TYPES))));
  // Mostly a few blocks ahead, else a few blocks back (often a loop's header) or anywhere (often irreducible).
  const target = (b: number) => {
    const k = r();
    if (k < 0.2) return Math.floor(r() * n);
    if (k < 0.4 || b === n - 1) return Math.max(0, b - Math.floor(r() * 3));
    return b + 1 + Math.floor(r() * Math.min(4, n - b - 1));
  };
  const succs = Array.from({ length: n }, (_, b) => {
    const k = r();
    return k < 0.15 ? [] : k < 0.5 ? [target(b)] : [target(b), target(b)];
  });
  // Every other return block is cold and takes no parameters (drawing no number, so the rest is as it was); reached twice, it is copied.
  const coldExit = (b: number) => b > 0 && succs[b]!.length === 0 && (seed + b) % 2 === 0;
  for (let b = 0; b < n; b++) if (coldExit(b)) params[b] = [];
  // The dominators of the graph alone decide which values a block may read.
  const dom = lirDominators(skeletonOf(succs));
  let next = 0;
  const own: { v: number; t: string }[][] = [];
  const lines: string[][] = [];
  const order = [...dom.rpo, ...Array.from({ length: n }, (_, b) => b).filter((b) => dom.rpoIndex[b] === -1)];
  for (const b of order) {
    const visible: { v: number; t: string }[] = [];
    for (let d = dom.idom(b as LBlockId); d !== null; d = dom.idom(d)) visible.push(...own[d]!);
    const mine: { v: number; t: string }[] = [];
    const text: string[] = [];
    const ps = params[b]!.map((t) => ({ v: next++, t }));
    mine.push(...ps);
    const cold = coldExit(b);
    text.push(`block${b}${ps.length ? `(${ps.map((p) => `v${p.v}: ${p.t}`).join(", ")})` : ""}${cold ? " cold" : ""}:`);
    const def = (t: string, rhs: string) => {
      const v = next++;
      text.push(`    v${v}: ${t} = ${rhs}`);
      mine.push({ v, t });
      return v;
    };
    for (const t of TYPES) def(t, `iconst ${b}`);
    const of = (t: string) => pick([...visible, ...mine].filter((x) => x.t === t)).v;
    for (let k = Math.floor(r() * 4); k > 0; k--) {
      const t = pick(TYPES);
      def(t, `iadd v${of(t)}, v${of(t)}`);
    }
    const edge = (to: number) => `block${to}${params[to]!.length ? `(${params[to]!.map((t) => `v${of(t)}`).join(", ")})` : ""}`;
    const s = succs[b]!;
    if (s.length === 0) text.push(`    return v${of("i32")}`);
    else if (s.length === 1) text.push(`    jump ${edge(s[0]!)}`);
    else {
      const c = def("bool", `icmp ne v${of("i32")}, v${of("i32")}`);
      text.push(`    brif v${c}, ${edge(s[0]!)}, ${edge(s[1]!)}`);
    }
    own[b] = mine;
    lines[b] = text;
  }
  return `module "g"\n\nfunction %f(i32, i64) -> i32 {\n${lines.map((l) => l.join("\n")).join("\n")}\n}\n`;
}

/** A function of the block graph `succs` and nothing else, for its dominators. */
function skeletonOf(succs: readonly number[][]): LFunction {
  const to = (b: number) => ({ block: b as LBlockId, args: [] });
  const blocks = succs.map((s) => ({
    params: [], insts: [],
    term: s.length === 0 ? { op: "trap" } : s.length === 1 ? { op: "jump", target: to(s[0]!) } : { op: "brif", cond: 0, then: to(s[0]!), else: to(s[1]!) },
  }));
  return { name: "g", params: [], results: [], exported: false, slots: [], valueTypes: [], blocks } as unknown as LFunction;
}

/**
 * Where `index` lets a write clobber a value still to be read, by exact
 * liveness: an instruction's result against the values live after it and
 * its operands; an edge's parameter against the values live into the target
 * (other than its parameters), the edge's arguments and the other parameters.
 */
function clashes(fn: LFunction, index: Int32Array): string[] {
  const liveIn = fn.blocks.map(() => new Set<number>());
  const liveOut = (k: number): Set<number> => {
    const live = new Set<number>(termOwnUses(fn.blocks[k]!.term));
    for (const e of termEdges(fn.blocks[k]!.term)) {
      const params = new Set<number>(fn.blocks[e.block]!.params);
      for (const v of liveIn[e.block]!) if (!params.has(v)) live.add(v);
      for (const a of e.args) live.add(a);
    }
    return live;
  };
  for (let changed = true; changed;) {
    changed = false;
    fn.blocks.forEach((b, k) => {
      const live = liveOut(k);
      for (let i = b.insts.length - 1; i >= 0; i--) {
        for (const d of instDefs(b.insts[i]!)) live.delete(d);
        for (const u of instUses(b.insts[i]!)) live.add(u);
      }
      for (const p of b.params) live.delete(p);
      if (live.size !== liveIn[k]!.size) { liveIn[k] = live; changed = true; }
    });
  }
  const bad: string[] = [];
  const apart = (w: number, others: Iterable<number>, where: string) => {
    for (const x of others) if (x !== w && index[x] === index[w]) bad.push(`v${w} and v${x} share local ${index[w]} at ${where}`);
  };
  fn.blocks.forEach((b, k) => {
    for (const e of termEdges(b.term)) {
      const params: readonly number[] = fn.blocks[e.block]!.params;
      const across = [...liveIn[e.block]!].filter((v) => !params.includes(v));
      for (const p of params) apart(p, [...across, ...e.args, ...params], `the edge block${k} -> block${e.block}`);
    }
    const live = liveOut(k);
    for (let i = b.insts.length - 1; i >= 0; i--) {
      const inst = b.insts[i]!;
      for (const d of instDefs(inst)) apart(d, [...live, ...instUses(inst)], `block${k} instruction ${i}`);
      for (const d of instDefs(inst)) live.delete(d);
      for (const u of instUses(inst)) live.add(u);
    }
  });
  return bad;
}

/** The blocks of `fn` in the structured layout's order and its copied blocks (what function.ts gives shareLocals). */
function structuredOrder(fn: LFunction): { order: readonly number[]; copied?: Uint8Array } {
  const dom = lirDominators(fn), shape = shapeOf(fn, dom);
  return { order: layoutOrder(dom, shape), ...(shape ? { copied: shape.copied } : {}) };
}

/** The locals shareLocals gives `fn`'s values, blocks laid out in `order` (`copied`: the blocks copied to their branches), and how many it made. */
function shared(fn: LFunction, order: readonly number[], copied?: Uint8Array): { index: Int32Array; count: number } {
  const index = new Int32Array(fn.valueTypes.length).fill(-1);
  fn.blocks[0]!.params.forEach((v, i) => { index[v] = i; });
  let count = 0;
  shareLocals(fn, order, index, (_t: LType) => fn.params.length + count++, undefined, copied);
  return { index, count };
}

for (const [name, layoutOf] of [
  ["the structured layout's order", structuredOrder],
  ["reverse postorder", (fn: LFunction) => ({ order: lirDominators(fn).rpo })],
] as const) {
  test(`no local is written while a value it holds is live, blocks in ${name}, 600 random block graphs`, (t) => {
    let values = 0, locals = 0, copies = 0;
    const bad: string[] = [];
    for (let seed = 1; seed <= 600; seed++) {
      const fn = parseLIR(randomFunction(seed)).functions[0]!, { order, copied } = layoutOf(fn) as { order: readonly number[]; copied?: Uint8Array };
      copies += copied?.reduce((a, b) => a + b, 0) ?? 0;
      const { index, count } = shared(fn, order, copied);
      t.true(fn.valueTypes.every((_, v) => index[v]! >= 0), `seed ${seed}: a value has no local`);
      bad.push(...clashes(fn, index).map((c) => `seed ${seed}: ${c}`));
      values += fn.valueTypes.length - fn.params.length;
      locals += count;
    }
    t.deepEqual(bad.slice(0, 5), []);
    // The sharing is real: far fewer locals than values.
    t.true(locals < values / 2, `${locals} locals for ${values} values`);
    if (layoutOf === structuredOrder) t.true(copies >= 30, `${copies} copied blocks`);
    t.log(`${copies} copied blocks`);
  });
}

test("the same random block graphs lower to wasm that binaryen validates, sharing locals and not", (t) => {
  // Their loops need not end, so they are not run: the structuring (loops, exits after their loop, dispatch blocks) must still place every label where its branches can reach it.
  for (let seed = 1; seed <= 600; seed++) {
    const lm = parseLIR(randomFunction(seed).replace("-> i32 {", "-> i32 export {"));
    for (const sharedLocalsFrom of [0, 1000]) t.notThrows(() => lowerToWasm(lm, { sharedLocalsFrom, optimize: 0 }), `seed ${seed}`);
  }
});

test("a value defined before a loop and read in it keeps its local through the whole loop", (t) => {
  // v2 is read in block1, the loop's first block, before v5 and v6 are defined; the back edge brings it round again.
  const fn = parseLIR(`module "loop"

function %f(i32) -> i32 {
block0(v0: i32):
    v1: i32 = iconst 1
    v2: i32 = iconst 7
    jump block1(v0)
block1(v3: i32):
    v4: i32 = iadd v3, v2
    v5: i32 = iadd v4, v1
    v6: bool = icmp ne v5, v1
    brif v6, block2, block3(v5)
block2:
    v7: i32 = iadd v5, v5
    jump block1(v7)
block3(v8: i32):
    return v8
}
`).functions[0]!;
  const { index } = shared(fn, structuredOrder(fn).order);
  t.deepEqual(clashes(fn, index), []);
  for (const v of [4, 5, 6, 7]) t.not(index[2], index[v], `v2 and v${v}`);
});
