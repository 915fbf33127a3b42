/**
 * The number/BigInt boundary of the range analysis end to end: bounds are
 * numbers while they are safe integers (|x| <= 2^53 - 1) and BigInts beyond,
 * so constants near +-2^53 and the i64 extremes, joined at a block entry (the
 * solver's path) and then added, subtracted and multiplied (wrapping past
 * the width), must give the intervals BigInt arithmetic gives. A number path
 * that rounds (2^53 + 1 read as 2^53) or misses a wrap fails here.
 */
import test from "ava";
import { type BlockId, ModuleIndex, parseModule, type ValueId } from "@fzy/ir";
import { analyzeRanges } from "./range-analysis.js";
import { canon, full, fullUnsigned, wrapTo } from "./range-lattice.js";
import { planSsa } from "./ssa-plan.js";

const P53 = 2n ** 53n, MIN = -(2n ** 63n), MAX = 2n ** 63n - 1n;
/** Constants at the edges where the representation switches, and small ones. */
const EDGES = [0n, 1n, -1n, 3n, P53 - 2n, P53 - 1n, P53, P53 + 1n, -P53 + 1n, -P53, -P53 - 1n, 2n ** 26n + 5n, 2n ** 31n, 2n ** 62n, MIN, MIN + 1n, MAX, MAX - 1n];

type Interval = readonly [bigint, bigint];
const OPS = {
  add: (x: Interval, y: Interval) => [x[0] + y[0], x[1] + y[1]],
  sub: (x: Interval, y: Interval) => [x[0] - y[1], x[1] - y[0]],
  mul: (x: Interval, y: Interval) => {
    const ps = [x[0] * y[0], x[0] * y[1], x[1] * y[0], x[1] * y[1]];
    return [ps.reduce((a, b) => (a < b ? a : b)), ps.reduce((a, b) => (a > b ? a : b))];
  },
} as const;

/** The transfer's meaning: the exact interval, or all of i64 when it may wrap. */
function expected(op: keyof typeof OPS, x: Interval, y: Interval): string {
  const [lo, hi] = OPS[op](x, y);
  return lo! < MIN || hi! > MAX ? `${MIN}..${MAX}` : `${lo}..${hi}`;
}

/** Every constant the edges give, and its negation, within i64. */
const CONSTS = [...new Set([...EDGES, ...EDGES.map((c) => -c)])].filter((c) => c >= MIN && c <= MAX);

/** `%v` joins a and b at `join` (a variable set on both sides of a branch on the parameter), then `%rK = op %v, %cK` for every constant and op. */
function program(a: bigint, b: bigint): string {
  const uses = CONSTS.flatMap((c, k) => [`  %c${k} = const.i64 ${c}`, ...Object.keys(OPS).map((op) => `  %${op}${k} = ${op} %v, %c${k}`)]);
  return [
    "module t", "export fn kernel(%n: i64) -> i64 {", "  var $v: i64",
    "entry:", "  %z = const.i64 0", "  %c = icmp.slt %n, %z", "  br %c, left, right",
    `left:`, `  %a = const.i64 ${a}`, "  set $v, %a", "  jump join",
    `right:`, `  %b = const.i64 ${b}`, "  set $v, %b", "  jump join",
    "join:", "  %v = get $v", ...uses, "  ret %v", "}",
  ].join("\n");
}

test("i64 ranges near +-2^53 and the i64 extremes, through a join, agree with BigInt arithmetic (wrapping past the width)", (t) => {
  let n = 0;
  for (let i = 0; i < EDGES.length; i++) {
    for (let j = i; j < EDGES.length; j++) {
      const a = EDGES[i]!, b = EDGES[j]!;
      const m = parseModule(program(a, b));
      const f = m.functions[0]!;
      const ranges = analyzeRanges(new ModuleIndex(m), f, planSsa(f));
      const at = f.blocks.findIndex((bl) => bl.name === "join") as BlockId;
      const show = (name: string) => {
        const r = ranges.of(f.values.findIndex((x) => x.name === name) as ValueId, at);
        return r ? `${r.lo}..${r.hi}` : "-";
      };
      const v: Interval = a < b ? [a, b] : [b, a];
      t.is(show("v"), `${v[0]}..${v[1]}`, `join of ${a} and ${b}`);
      for (const [k, c] of CONSTS.entries()) {
        for (const op of ["add", "sub", "mul"] as const) {
          const got = show(`${op}${k}`), want = expected(op, v, [c, c]);
          if (got !== want) t.is(got, want, `${a}|${b} ${op} ${c}`);
          n++;
        }
      }
    }
  }
  t.is(n, ((EDGES.length * (EDGES.length + 1)) / 2) * CONSTS.length * 3);
});

test("wrapTo is BigInt.asIntN in canonical form for every width, at and across the edges", (t) => {
  for (let bits = 1; bits <= 64; bits++) {
    const h = 1n << BigInt(bits - 1);
    for (const x of [0n, 1n, -1n, h - 1n, h, h + 1n, -h, -h - 1n, 2n * h - 1n, 2n * h, P53 - 1n, P53, P53 + 1n, -P53, -P53 - 1n, MAX, MIN, MAX + 1n, 2n ** 64n + 3n]) {
      t.is(wrapTo(bits, x), canon(BigInt.asIntN(bits, x)), `i${bits} ${x}`);
    }
  }
  t.is(typeof wrapTo(64, P53), "bigint");
  t.is(typeof wrapTo(64, P53 - 1n), "number");
});

test("fullUnsigned is 0 .. 2^bits - 1, a number up to 53 bits, a BigInt beyond", (t) => {
  for (const bits of [1, 8, 16, 32, 53, 54, 63, 64]) {
    const u = fullUnsigned(bits);
    t.is(u.lo, 0);
    t.is(u.hi, canon((1n << BigInt(bits)) - 1n), `u${bits}`);
  }
  t.is(typeof fullUnsigned(53).hi, "number");
  t.is(typeof fullUnsigned(54).hi, "bigint");
  t.deepEqual(full(64), { lo: MIN, hi: MAX });
});
