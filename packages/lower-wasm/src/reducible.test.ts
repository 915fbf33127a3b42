/**
 * Irreducible block graphs made reducible (reducible.ts): on random graphs
 * (many with cycles entered at several blocks, nested in each other) the
 * result verifies, has a shape, and runs as the graph was written, at
 * binaryen's optimizer levels 0 and 2; a reducible graph comes back as it
 * is; thousands of irreducible cycles in a row or nested lower and run
 * (binaryen's Relooper, which took them before, ran out of stack); and the
 * labels of a dispatch of many entries get no locals.
 */
import test from "ava";
import { type LBlockId, type LFunction, lirDominators, type LModule, parseLIR, verifyLIR } from "@fzy/lir";
import { lowerToWasm } from "./module.js";
import { instantiateSync } from "./node.js";
import { makeReducible } from "./reducible.js";
import { shapeOf } from "./structure.js";
import { random } from "./test-random.js";

/**
 * A runnable block graph: block 0 enters at one or two blocks (by the
 * parity of n); every other block b, given (k, acc), computes
 * acc' = acc * 31 + b + (a value of its immediate dominator, when that is
 * not block 0) and k' = k - 1, returns acc' when k' <= 0 and otherwise goes
 * to one of its successors, picked by acc' (a brif for one successor, a
 * br_table for more). Its successors are random blocks, so its cycles are
 * often entered at several blocks.
 */
interface Graph {
  readonly succs: readonly (readonly number[])[];
  readonly entries: readonly number[];
}

function randomGraph(seed: number): Graph {
  const r = random(seed), n = 3 + Math.floor(r() * 10);
  const any = () => 1 + Math.floor(r() * (n - 1));
  const succs = Array.from({ length: n }, (_, b) => (b === 0 ? [] : Array.from({ length: 1 + Math.floor(r() * 3) }, any)));
  return { succs, entries: r() < 0.7 ? [any(), any()] : [any()] };
}

/** The dominator tree of the graph as the text spells it (the exit block, which only returns, left out). */
function dominatorsOf(g: Graph) {
  return lirDominators({ blocks: g.succs.map((s, b) => ({ params: [], insts: [], cold: false, term: b === 0 ? (g.entries.length === 1 ? jumpTo(g.entries[0]!) : brifTo(g.entries[0]!, g.entries[1]!)) : tableTo(s) })) } as unknown as LFunction);
}
const edgeTo = (b: number) => ({ block: b as LBlockId, args: [] });
const jumpTo = (b: number) => ({ op: "jump", target: edgeTo(b) });
const brifTo = (a: number, b: number) => ({ op: "brif", cond: 0, then: edgeTo(a), else: edgeTo(b) });
const tableTo = (s: readonly number[]) => ({ op: "br_table", index: 0, default: edgeTo(s[0]!), targets: s.map(edgeTo) });

/** Numbers for named values, in order of first mention (the text names values vN). */
class Names {
  private readonly ids = new Map<string, number>();
  v(name: string): string {
    let id = this.ids.get(name);
    if (id === undefined) this.ids.set(name, (id = this.ids.size));
    return `v${id}`;
  }
}

/** The graph in the lowered form's text. */
function textOf(g: Graph): string {
  const dom = dominatorsOf(g), n = g.succs.length, exit = n, names = new Names(), v = (s: string) => names.v(s);
  const lines = ["module \"random\"", "", "function %kernel(i32) -> i32 export {", `block0(${v("n")}: i32):`, `    ${v("zero")}: i32 = iconst 0`];
  const args = (b: number, k: string, a: string) => `block${b}(${v(k)}, ${v(a)})`;
  if (g.entries.length === 1) lines.push(`    jump ${args(g.entries[0]!, "n", "zero")}`);
  else {
    lines.push(`    ${v("one")}: i32 = iconst 1`, `    ${v("low")}: i32 = band ${v("n")}, ${v("one")}`, `    ${v("odd")}: bool = icmp ne ${v("low")}, ${v("zero")}`,
      `    brif ${v("odd")}, ${args(g.entries[0]!, "n", "zero")}, ${args(g.entries[1]!, "n", "zero")}`);
  }
  for (let b = 1; b < n; b++) {
    const d = dom.idom(b as LBlockId), s = g.succs[b]!, x = (name: string) => v(`${name}.${b}`);
    lines.push(
      `block${b}(${x("k")}: i32, ${x("a")}: i32):`,
      `    ${x("c31")}: i32 = iconst 31`, `    ${x("m")}: i32 = imul ${x("a")}, ${x("c31")}`, `    ${x("cb")}: i32 = iconst ${b}`, `    ${x("p")}: i32 = iadd ${x("m")}, ${x("cb")}`,
      // A value of the immediate dominator: the block reads what only dominance makes available.
      `    ${x("ax")}: i32 = iadd ${x("p")}, ${d !== null && d !== 0 ? v(`kx.${d}`) : x("cb")}`,
      `    ${x("one")}: i32 = iconst 1`, `    ${x("kx")}: i32 = isub ${x("k")}, ${x("one")}`, `    ${x("z")}: i32 = iconst 0`, `    ${x("done")}: bool = icmp sle ${x("kx")}, ${x("z")}`,
    );
    const to = (t: number) => args(t, `kx.${b}`, `ax.${b}`), out = `block${exit}(${x("ax")})`;
    if (s.length === 1) lines.push(`    brif ${x("done")}, ${out}, ${to(s[0]!)}`);
    else {
      lines.push(`    ${x("c3")}: i32 = iconst 3`, `    ${x("sh")}: i32 = ushr ${x("ax")}, ${x("c3")}`, `    ${x("cm")}: i32 = iconst ${s.length}`, `    ${x("r")}: i32 = urem ${x("sh")}, ${x("cm")}`,
        `    ${x("i")}: i32 = iadd ${x("r")}, ${x("one")}`, `    ${x("at")}: i32 = select ${x("done")}, ${x("z")}, ${x("i")}`,
        `    br_table ${x("at")}, ${out}, [${out}, ${s.map(to).join(", ")}]`);
    }
  }
  lines.push(`block${exit}(${v("ret")}: i32):`, `    return ${v("ret")}`, "}", "");
  return lines.join("\n");
}

/** What the graph computes for n (i32 arithmetic). */
function run(g: Graph, n: number): number {
  const dom = dominatorsOf(g), kOut: number[] = [];
  let b = g.entries.length === 1 || (n & 1) !== 0 ? g.entries[0]! : g.entries[1]!, k = n, acc = 0;
  for (;;) {
    const d = dom.idom(b as LBlockId);
    const p = (Math.imul(acc, 31) + b) | 0;
    acc = (p + (d !== null && d !== 0 ? kOut[d]! : b)) | 0;
    k = (k - 1) | 0;
    kOut[b] = k;
    const s = g.succs[b]!;
    if (k <= 0) return acc;
    b = s.length === 1 ? s[0]! : s[((acc >>> 3) % s.length)]!;
  }
}

function kernelOf(m: LModule, optimize: number): (n: number) => number {
  return instantiateSync(lowerToWasm(m, { optimize }).binary as Uint8Array<ArrayBuffer>).exports["kernel"] as (n: number) => number;
}

test("random block graphs made reducible verify, have a shape and run as written", (t) => {
  let irreducible = 0, dispatches = 0;
  for (let seed = 1; seed <= 200; seed++) {
    const g = randomGraph(seed), m = parseLIR(textOf(g)), fn = m.functions[0]!;
    const dom = lirDominators(fn), made = makeReducible(fn, dom), was = shapeOf(fn, dom);
    if (was !== null) t.is(made, fn, `seed ${seed}: a reducible graph comes back as it is`);
    else {
      irreducible++;
      dispatches += made.blocks.length - fn.blocks.length;
      t.not(shapeOf(made, lirDominators(made)), null, `seed ${seed}: reducible after`);
      t.notThrows(() => verifyLIR({ ...m, functions: [made] }), `seed ${seed}: verifies`);
    }
    for (const optimize of seed % 20 === 0 ? [0, 2] : [0]) {
      const f = kernelOf(m, optimize);
      for (const n of [-1, 1, 2, 7, 40]) t.is(f(n), run(g, n), `seed ${seed} O${optimize} kernel(${n})`);
    }
  }
  // The test means something only when many graphs needed a dispatch, some more than one (nested cycles of several entries).
  t.true(irreducible >= 60, `${irreducible} irreducible graphs`);
  t.true(dispatches > irreducible, `${dispatches} dispatch blocks`);
  t.log(`${irreducible} of 200 irreducible, ${dispatches} dispatch blocks`);
});

/**
 * n cycles of two entries, each block counting its visit in s: h_c(k, s)
 * enters at x_c when k is odd, else at y_c; x_c and y_c halve k and go to
 * each other while it is not zero, then out (x_c) or in (y_c). In a row,
 * out and in are the next cycle's h; nested, in is the next cycle's h and
 * out the x of the cycle around (the return for the outermost; the
 * innermost's in is its out).
 */
function cycles(n: number, nested: boolean): { text: string; run: (k: number) => number } {
  const names = new Names(), v = (s: string) => names.v(s);
  const h = (c: number) => 1 + 3 * c, x = (c: number) => h(c) + 1, y = (c: number) => h(c) + 2, ret = h(n);
  const out = (c: number) => (!nested ? (c + 1 < n ? h(c + 1) : ret) : c > 0 ? x(c - 1) : ret);
  const into = (c: number) => (c + 1 < n ? h(c + 1) : nested ? out(c) : ret);
  const lines = ["module \"cycles\"", "", "function %kernel(i32) -> i32 export {", `block0(${v("k")}: i32):`, `    ${v("one")}: i32 = iconst 1`, `    ${v("zero")}: i32 = iconst 0`, `    jump block1(${v("k")}, ${v("zero")})`];
  for (let c = 0; c < n; c++) {
    const w = (name: string) => v(`${name}.${c}`);
    lines.push(`block${h(c)}(${w("hk")}: i32, ${w("hs")}: i32):`, `    ${w("hs1")}: i32 = iadd ${w("hs")}, ${v("one")}`, `    ${w("low")}: i32 = band ${w("hk")}, ${v("one")}`,
      `    ${w("odd")}: bool = icmp ne ${w("low")}, ${v("zero")}`,
      `    brif ${w("odd")}, block${x(c)}(${w("hk")}, ${w("hs1")}), block${y(c)}(${w("hk")}, ${w("hs1")})`);
    for (const [b, p, other, leave] of [[x(c), "x", y(c), out(c)], [y(c), "y", x(c), into(c)]] as const) {
      const k = w(`${p}k`), s = w(`${p}s`), k1 = w(`${p}k1`), s1 = w(`${p}s1`), more = w(`${p}more`);
      lines.push(`block${b}(${k}: i32, ${s}: i32):`, `    ${s1}: i32 = iadd ${s}, ${v("one")}`, `    ${k1}: i32 = ushr ${k}, ${v("one")}`,
        `    ${more}: bool = icmp ne ${k1}, ${v("zero")}`, `    brif ${more}, block${other}(${k1}, ${s1}), block${leave}(${k1}, ${s1})`);
    }
  }
  lines.push(`block${ret}(${v("rk")}: i32, ${v("rs")}: i32):`, `    return ${v("rs")}`, "}", "");
  const run = (k0: number): number => {
    let b = 1, k = k0 >>> 0, s = 0;
    for (;;) {
      if (b === ret) return s;
      const c = Math.floor((b - 1) / 3), at = (b - 1) % 3;
      s++;
      if (at === 0) { b = k & 1 ? x(c) : y(c); continue; }
      k >>>= 1;
      b = k !== 0 ? (at === 1 ? y(c) : x(c)) : at === 1 ? out(c) : into(c);
    }
  };
  return { text: lines.join("\n"), run };
}

test("4,000 cycles of two entries in a row, and 1,000 nested, lower and run as written", (t) => {
  for (const [n, nested] of [[4000, false], [1000, true]] as const) {
    const { text, run } = cycles(n, nested), m = parseLIR(text), fn = m.functions[0]!;
    t.is(shapeOf(fn, lirDominators(fn)), null);
    const made = makeReducible(fn, lirDominators(fn));
    t.is(made.blocks.length, fn.blocks.length + n, "one dispatch per cycle");
    t.notThrows(() => verifyLIR({ ...m, functions: [made] }));
    const f = kernelOf(m, 0);
    for (const k of [0, 5, 1000, -1]) t.is(f(k), run(k), `${nested ? "nested" : "in a row"}: kernel(${k})`);
  }
});

/**
 * `kernel(k)`: a ring of n blocks, each entered from block 0's br_table (by
 * k mod n), each adding one to a count and going on round the ring while
 * the count is below k (so it returns the larger of k and 1): one cycle of n
 * entries, so one dispatch of n labels.
 */
function ring(n: number): string {
  const lines = ["module \"ring\"", "", "function %kernel(i32) -> i32 export {", "block0(v0: i32):", "    v1: i32 = iconst 0", `    v2: i32 = iconst ${n}`,
    "    v3: i32 = urem v0, v2", `    br_table v3, block${n + 1}(v1), [${Array.from({ length: n }, (_, b) => `block${b + 1}(v1)`).join(", ")}]`];
  for (let b = 1; b <= n; b++) {
    const p = 4 * b;
    lines.push(`block${b}(v${p}: i32):`, `    v${p + 1}: i32 = iconst 1`, `    v${p + 2}: i32 = iadd v${p}, v${p + 1}`, `    v${p + 3}: bool = icmp slt v${p + 2}, v0`,
      `    brif v${p + 3}, block${(b % n) + 1}(v${p + 2}), block${n + 1}(v${p + 2})`);
  }
  lines.push(`block${n + 1}(v${4 * n + 4}: i32):`, `    return v${4 * n + 4}`, "}", "");
  return lines.join("\n");
}

test("the labels of a dispatch of 350 entries are spelled where they are read, not kept in locals live across the cycle, and it runs", (t) => {
  // As locals made in the entry block, the 350 labels were live across the whole cycle, and binaryen's coalesce-locals took most of a second on it.
  // (350 entries: a function below SHARED_LOCALS_FROM values with its dispatch, which keeps a local per value.)
  const n = 350, m = parseLIR(ring(n)), fn = m.functions[0]!;
  t.is(shapeOf(fn, lirDominators(fn)), null);
  const w = lowerToWasm(m, { optimize: 0 }), locals = (w.text.match(/\(local \$/g) ?? []).length;
  // A local per value given (the parameter's among them) and for the dispatch's two parameters, its label and one i32 slot; none for the labels.
  t.true(locals <= fn.valueTypes.length + 2, `${locals} locals for ${fn.valueTypes.length} values given`);
  const kernel = kernelOf(m, 2);
  for (const k of [-7, 0, 1, 5, 399, 400, 1234]) t.is(kernel(k), Math.max(k, 1), `kernel(${k})`);
});
