import test from "ava";
import { type LFunction, type LValue, parseLIR, printLIR, verifyLIR } from "@fzy/lir";
import { decide, type MatrixInput } from "./eligibility.js";
import { optimizeFunction } from "./optimize-function.js";
import { hasCycle } from "./optimize-licm.js";
import { canonical, foldCompare } from "./optimize-constants.js";
import { tripCount } from "./optimize-unroll.js";
import { unrollWork } from "./optimize-unroll-reads.js";

const noTables = { addData: (): string => { throw new Error("no tables here"); } };

/** Optimize the first function of `text` with fold and unroll (unroll `enabled` or not); the matrix's counted-loop decisions. */
function unroll(text: string, enabled = true): { f: LFunction; rules: string[] } {
  const m = parseLIR(text);
  const rules: string[] = [];
  const ask = (_s: string, i: Omit<MatrixInput, "mode">) => {
    const d = decide({ ...i, enabled: i.kind === "counted-loop" ? enabled : i.enabled, mode: "on" });
    if (i.kind === "counted-loop") rules.push(d.rule);
    return d;
  };
  const f = optimizeFunction(m.functions[0]!, { fold: true, compose: false, unroll: true }, ask, noTables);
  verifyLIR({ ...m, functions: [f] });
  return { f, rules };
}

const cyclic = (f: LFunction) => hasCycle(f.blocks.map((b) => {
  const t = b.term;
  return t.op === "jump" ? [t.target.block] : t.op === "brif" ? [t.then.block, t.else.block] : t.op === "br_table" ? [t.default.block, ...t.targets.map((e) => e.block)] : [];
}));

/**
 * Runs a function of iconst/iadd/imul/icmp slt, jump/brif/return on i32
 * arguments: the unrolled form must compute what the loop did.
 */
function run(f: LFunction, args: bigint[]): bigint {
  const env = new Map<LValue, bigint>();
  const wrap = (v: bigint) => BigInt.asIntN(32, v);
  let b = 0, incoming = args;
  for (let steps = 0; steps < 10_000; steps++) {
    const blk = f.blocks[b]!;
    blk.params.forEach((p, k) => env.set(p, incoming[k]!));
    for (const i of blk.insts) {
      if (i.op === "iconst") env.set(i.dst, i.value);
      else if (i.op === "binary" && i.kind === "iadd") env.set(i.dst, wrap(env.get(i.a)! + env.get(i.b)!));
      else if (i.op === "binary" && i.kind === "imul") env.set(i.dst, wrap(env.get(i.a)! * env.get(i.b)!));
      else if (i.op === "icmp" && i.cc === "slt") env.set(i.dst, env.get(i.a)! < env.get(i.b)! ? 1n : 0n);
      else throw new Error(`run: ${i.op} not supported`);
    }
    const t = blk.term;
    if (t.op === "return") return env.get(t.values[0]!)!;
    const e = t.op === "jump" ? t.target : t.op === "brif" ? (env.get(t.cond)! !== 0n ? t.then : t.else) : undefined;
    if (!e) throw new Error(`run: ${t.op} not supported`);
    incoming = e.args.map((v) => env.get(v)!);
    b = e.block;
  }
  throw new Error("run: no return");
}

/** sum of (i * v0 + v1) for i from `start` while i < `bound`; `bodyExtra` ends the body, `more` are blocks after the exit. */
const loop = (start: number, bound: number, bodyExtra = "", more = "") => `module "m"
extern %g()
function %f(i32, i32) -> i32 export {
block0(v0: i32, v1: i32):
    v2: i32 = iconst ${start}
    v3: i32 = iconst 1
    v4: i32 = iconst ${bound}
    v5: i32 = iconst 0
    jump block1(v2, v5)
block1(v6: i32, v7: i32):
    v8: bool = icmp slt v6, v4
    brif v8, block2, block3
block2:
    v9: i32 = imul v6, v0
    v10: i32 = iadd v9, v1
    v11: i32 = iadd v7, v10
    v12: i32 = iadd v6, v3
${bodyExtra || "    jump block1(v12, v11)\n"}block3:
    return v7
${more}}
`;

/** The body ends in a test leaving for block4 when the sum so far is below v0; block5 is then the latch. */
const SPLIT = "    v13: bool = icmp slt v11, v0\n    brif v13, block4, block5\n";
const LATCH = "block5:\n    jump block1(v12, v11)\n";

/** What the loop computes. */
const expected = (start: number, bound: number, a: bigint, b: bigint) => {
  let s = 0n;
  for (let i = start; i < bound; i++) s = BigInt.asIntN(32, s + BigInt(i) * a + b);
  return s;
};

test("a loop of 4 constant trips becomes straight-line code computing the same sums", (t) => {
  const { f, rules } = unroll(loop(0, 4));
  t.deepEqual(rules, ["unroll-small"]);
  t.false(cyclic(f), "no loop is left");
  t.false(printLIR({ name: "m", functions: [f], externs: [], data: [] }).includes("icmp"), "every copy's test folded away");
  for (const [a, b] of [[0n, 0n], [3n, -7n], [2147483647n, 5n]] as const) t.is(run(f, [a, b]), expected(0, 4, a, b));
});

test("a start other than 0 and a loop of no trip are unrolled too", (t) => {
  const three = unroll(loop(5, 8)).f;
  t.false(cyclic(three));
  t.is(run(three, [10n, 1n]), expected(5, 8, 10n, 1n));
  const none = unroll(loop(4, 2));
  t.deepEqual(none.rules, ["unroll-small"]);
  t.false(cyclic(none.f));
  t.is(run(none.f, [10n, 1n]), 0n);
});

test("a loop of 100 trips, one with a call and one with a second exit stay loops", (t) => {
  const long = unroll(loop(0, 100));
  t.deepEqual(long.rules, ["unroll-kept"]);
  t.true(cyclic(long.f));
  t.is(run(long.f, [3n, 4n]), expected(0, 100, 3n, 4n));
  const call = unroll(loop(0, 4, "    call %g()\n    jump block1(v12, v11)\n"));
  t.deepEqual(call.rules, [], "a body with a call is not a counted loop");
  t.true(cyclic(call.f));
  const twoExits = unroll(loop(0, 4, SPLIT, "block4:\n    return v11\n" + LATCH));
  t.deepEqual(twoExits.rules, [], "a second exit (not a cold panic path) is refused");
  t.true(cyclic(twoExits.f));
});

test("a cold panic path of the body is copied with it; a counter stepped by 2 is not counted", (t) => {
  const { f, rules } = unroll(loop(0, 3, SPLIT, "block4 cold:\n    trap\n" + LATCH));
  t.deepEqual(rules, ["unroll-small"]);
  t.false(cyclic(f));
  t.is(f.blocks.filter((b) => b.cold).length, 3, "one panic path per trip");
  const two = unroll(loop(0, 4).replace("v3: i32 = iconst 1", "v3: i32 = iconst 2"));
  t.deepEqual(two.rules, []);
  t.true(cyclic(two.f));
});

test("a body value read by a block no path reaches keeps the loop a loop", (t) => {
  // The lowered form exempts unreachable blocks from dominance: their uses are the only ones the check reads. Without
  // the fold, no clean-up drops the block first.
  const rules = (more: string): string[] => {
    const out: string[] = [];
    const ask = (_s: string, i: Omit<MatrixInput, "mode">) => {
      const d = decide({ ...i, mode: "on" });
      if (i.kind === "counted-loop") out.push(d.rule);
      return d;
    };
    optimizeFunction(parseLIR(loop(0, 4, "", more)).functions[0]!, { fold: false, compose: false, unroll: true }, ask, noTables);
    return out;
  };
  t.deepEqual(rules("block4:\n    return v11\n"), [], "a loop value read outside the loop is refused");
  t.deepEqual(rules("block4:\n    return v7\n"), ["unroll-small"], "a header value may be read anywhere");
});

test("the unroll switch off leaves the loop a loop", (t) => {
  const { f, rules } = unroll(loop(0, 4), false);
  t.deepEqual(rules, ["family-off"]);
  t.true(cyclic(f));
  t.is(run(f, [3n, 4n]), expected(0, 4, 3n, 4n));
});

test("tripCount: counting in doubles, or not stepping at all, agrees with stepping BigInts, on every condition and type", (t) => {
  const ccs = ["eq", "ne", "slt", "sle", "sgt", "sge", "ult", "ule", "ugt", "uge"] as const;
  let seed = 12345;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
  let checked = 0;
  for (const ty of ["i8", "i16", "i32", "i64"] as const) {
    const w = ty === "i8" ? 8 : ty === "i16" ? 16 : ty === "i32" ? 32 : 64;
    const near = [0, 1, 2, 5, 100, 1000, 2 ** (w - 1) - 3, 2 ** (w - 1) - 1, -(2 ** (w - 1)), -1, -7];
    for (const cc of ccs) {
      for (let k = 0; k < 40; k++) {
        const start = canonical(ty, BigInt(near[rnd(near.length)]! + rnd(5) - 2));
        const bound = canonical(ty, start + BigInt(rnd(1100) - 50));
        for (const onLeft of [true, false]) {
          for (const thenIn of [true, false]) {
            const more = (i: bigint) => foldCompare(cc, ty, onLeft ? i : bound, onLeft ? bound : i) === thenIn;
            let want: number | undefined = 0;
            for (let i = start; more(i); i = canonical(ty, i + 1n)) {
              if (want! >= 1024) { want = undefined; break; }
              want!++;
            }
            t.is(tripCount(ty, start, cc, bound, onLeft, thenIn), want, `${ty} ${cc} ${start} ${bound} ${onLeft} ${thenIn}`);
            checked++;
          }
        }
      }
    }
  }
  t.true(checked > 4000);
});

// finish renames instruction objects in place: a store of loop-invariant values must be a separate object in each copy.
test("an unrolled store of invariant values is renamed once in every copy", (t) => {
  const { f, rules } = unroll(`module "m"
function %f(ptr, i32) export {
block0(v0: ptr, v1: i32):
    v2: i32 = iconst 7
    v3: i32 = iadd v1, v2
    v4: i32 = iconst 0
    v5: i32 = iconst 1
    v6: i32 = iconst 3
    v10: i32 = imul v1, v1
    jump block1(v4)
block1(v7: i32):
    v8: bool = icmp slt v7, v6
    brif v8, block2, block3
block2:
    store v3, v0+0
    v9: i32 = iadd v7, v5
    jump block1(v9)
block3:
    return
}
`);
  t.deepEqual(rules, ["unroll-small"]);
  t.false(cyclic(f));
  const stores = f.blocks.flatMap((b) => b.insts).filter((i) => i.op === "store");
  t.is(stores.length, 3);
  t.is(new Set(stores).size, 3, "one object per copy");
  const sum = f.blocks.flatMap((b) => b.insts).find((i) => i.op === "binary" && i.kind === "iadd");
  t.truthy(sum);
  for (const s of stores) t.true(s.op === "store" && sum?.op === "binary" && s.value === sum.dst && s.addr === 0, "each store reads the sum and the pointer");
});

// Every trip's copy of an instruction came from the same IR instruction: annotations and debug lines follow each copy.
test("the unrolled copies keep the origin of the instruction they copy", (t) => {
  const { f, rules } = unroll(`module "m"
function %f(ptr) export {
    origin 0 text "%x = load %p" loc "f.fz":4:3
    origin 1 text "store %p, %x" loc "f.fz":5:3
block0(v0: ptr):
    v1: i32 = iconst 0
    v2: i32 = iconst 1
    v3: i32 = iconst 3
    jump block1(v1)
block1(v4: i32):
    v5: bool = icmp slt v4, v3
    brif v5, block2, block3
block2:
    v6: i32 = load v0+0 !0
    store v6, v0+4 !1
    v7: i32 = iadd v4, v2
    jump block1(v7)
block3:
    return
}
`);
  t.deepEqual(rules, ["unroll-small"]);
  t.false(cyclic(f));
  const origins = f.blocks.flatMap((b, bi) => b.insts.map((i, k) => [i.op, f.origins?.at[bi]?.[k] ?? -1] as const));
  t.deepEqual(origins.filter(([op]) => op === "load").map(([, o]) => o), [0, 0, 0], "each trip's load comes from origin 0");
  t.deepEqual(origins.filter(([op]) => op === "store").map(([, o]) => o), [1, 1, 1], "each trip's store comes from origin 1");
});

/** `n` loops of 2 trips in sequence, each exiting straight into the next one's header: the sum of the counters. */
const sequence = (n: number): string => {
  const lines = ["module \"m\"", "function %f(i32) -> i32 export {", "block0(v0: i32):", "    v1: i32 = iconst 0", "    v2: i32 = iconst 1", "    v3: i32 = iconst 2", "    jump block1(v1, v0)"];
  for (let k = 0; k < n; k++) {
    const [i, acc, c, sum, next] = [0, 1, 2, 3, 4].map((x) => `v${4 + 5 * k + x}`);
    lines.push(`block${2 * k + 1}(${i}: i32, ${acc}: i32):`, `    ${c}: bool = icmp slt ${i}, v3`, `    brif ${c}, block${2 * k + 2}, block${2 * k + 3}(v1, ${acc})`,
      `block${2 * k + 2}:`, `    ${sum}: i32 = iadd ${acc}, ${i}`, `    ${next}: i32 = iadd ${i}, v2`, `    jump block${2 * k + 1}(${next}, ${sum})`);
  }
  lines.push(`block${2 * n + 1}(v${4 + 5 * n}: i32, v${5 + 5 * n}: i32):`, `    return v${5 + 5 * n}`, "}", "");
  return lines.join("\n");
};

// Unrolling one loop changes the graph; a new analysis of the whole function per loop made a sequence of loops quadratic.
test("unrolling loops in sequence reads each block a bounded number of times, whatever their number", (t) => {
  const reads = (n: number): number => {
    const work = unrollWork(parseLIR(sequence(n)).functions[0]!);
    t.true(work.changed);
    t.deepEqual(work.rules, new Array<string>(n).fill("unroll-small"), "every loop is unrolled");
    return work.reads;
  };
  const small = reads(25), large = reads(100);
  t.true(large <= 6 * small, `4x the loops: ${small} -> ${large} block reads`);
});
