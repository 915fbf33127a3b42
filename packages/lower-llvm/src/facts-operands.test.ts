/** The flags of operations on arguments and constants, known without solving, are the solver's. */
import test from "ava";
import { type LFunction, LFunctionBuilder, type LInst, type LIntType, type LValue } from "@fzy/lir";
import { KnownOperands } from "./facts-operands.js";
import { DataRanges } from "./facts-loads.js";
import { LlvmFacts } from "./llvm-facts.js";

const KINDS = ["iadd", "isub", "imul", "ishl"] as const;
const CONSTANTS = [0n, 1n, 2n, 7n, 15n, 31n, 127n, 128n, 255n, -1n, -128n, 0x7fffn, 0x8000n, 0xffffn, 0x7fff_ffffn, 0x8000_0000n, -0x8000_0000n, 0xffff_ffffn];

/** Every flaggable operation of type t on two arguments and on the constants, in one block. */
function operations(t: LIntType) {
  const f = new LFunctionBuilder("f", [t, t], [], false);
  const operands: LValue[] = [f.args[0]!, f.args[1]!, ...CONSTANTS.map((c) => f.iconst(t, c))];
  for (const kind of KINDS) for (const a of operands) for (const b of operands) f.binary(kind, a, b);
  f.ret();
  return f.finish();
}

/** The entry block's arguments and constants of `fn`, known as the printer makes them known before it prints. */
function knownOperandsOf(fn: LFunction): KnownOperands {
  const known = new KnownOperands();
  known.reset(fn.valueTypes.length);
  for (const p of fn.blocks[0]!.params) known.argument(p, fn.valueTypes[p]);
  for (const i of fn.blocks[0]!.insts) if (i.op === "iconst") known.constant(i.dst, fn.valueTypes[i.dst], i.type, i.value);
  return known;
}

for (const t of ["i8", "i16", "i32"] as const) {
  test(`${t}: every operation on arguments and constants gets the solver's flags`, (tt) => {
    const fn = operations(t);
    const known = knownOperandsOf(fn);
    const insts = fn.blocks[0]!.insts;
    const facts = new LlvmFacts(fn, new DataRanges(new Map()));
    let flagged = 0, compared = 0;
    for (const i of insts) {
      if (i.op !== "binary") continue;
      const quick = known.wrapFlags(i.kind, fn.valueTypes[i.dst]!, i.a, i.b);
      tt.not(quick, undefined, "every operand is an argument or a constant");
      tt.is(quick, facts.wrapFlags(i as Extract<LInst, { op: "binary" }>), `${i.kind} v${i.a}, v${i.b}`);
      compared++;
      if (quick !== "") flagged++;
    }
    tt.is(compared, KINDS.length * (CONSTANTS.length + 2) ** 2);
    tt.true(flagged > 0 && flagged < compared, "some operations get flags and some do not");
  });
}

test("an operand computed in the function is left to the solver", (t) => {
  const f = new LFunctionBuilder("f", ["i32"], ["i32"], false);
  const x = f.binary("bxor", f.args[0]!, f.iconst("i32", 3));
  const one = f.iconst("i32", 1);
  f.ret([f.binary("iadd", x, one)]);
  const fn = f.finish();
  const known = new KnownOperands();
  known.reset(fn.valueTypes.length);
  known.argument(f.args[0]!, "i32");
  known.constant(one, "i32", "i32", 1n);
  t.is(known.wrapFlags("iadd", "i32", x, one), undefined);
  t.is(known.wrapFlags("iadd", "i32", f.args[0]!, one), "", "an argument plus one may wrap");
  t.is(known.wrapFlags("iadd", "i64", f.args[0]!, f.args[0]!), undefined, "64-bit operations are left to the solver");
});

/** A deterministic pseudo-random sequence (LCG), so a failure repeats. */
function rng(seed: number): () => number {
  let x = seed >>> 0;
  return () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

for (const t of ["i8", "i16", "i32"] as const) {
  test(`${t}: chains of operations on arguments, constants and their results get the solver's flags`, (tt) => {
    const next = rng(t.length * 7919);
    const f = new LFunctionBuilder("f", [t, t], [t], false);
    const pool: LValue[] = [f.args[0]!, f.args[1]!, ...CONSTANTS.slice(0, 8).map((c) => f.iconst(t, c))];
    // Small constants keep some results narrow, so chains of them carry flags further than one step.
    pool.push(f.binary("band", f.args[0]!, f.iconst(t, 15n)));
    for (let k = 0; k < 400; k++) {
      const kind = KINDS[Math.floor(next() * KINDS.length)]!;
      const a = pool[Math.floor(next() * pool.length)]!, b = pool[Math.floor(next() * pool.length)]!;
      pool.push(f.binary(kind, a, b));
    }
    f.ret([pool[pool.length - 1]!]);
    const fn = f.finish();
    const known = knownOperandsOf(fn);
    const insts = fn.blocks[0]!.insts;
    const facts = new LlvmFacts(fn, new DataRanges(new Map()));
    let derived = 0, flagged = 0;
    const results = new Set<LValue>();
    for (const i of insts) {
      if (i.op !== "binary" || !KINDS.includes(i.kind as (typeof KINDS)[number])) continue;
      const quick = known.wrapFlags(i.kind, fn.valueTypes[i.dst]!, i.a, i.b);
      if (quick === undefined) continue;
      tt.is(quick, facts.wrapFlags(i as Extract<LInst, { op: "binary" }>), `${i.kind} v${i.a}, v${i.b}`);
      known.result(i.kind, fn.valueTypes[i.dst]!, i.dst, i.a, i.b);
      results.add(i.dst);
      if (results.has(i.a) || results.has(i.b)) derived++;
      if (quick !== "") flagged++;
    }
    tt.true(derived > 50, "many operations read a result of another");
    tt.true(flagged > 0, "some get flags");
  });
}
