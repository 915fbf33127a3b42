/**
 * Fuzz coverage of SPEC.md's "Numbers" operations: one recipe statement
 * kind, `num`, drawn by the scalar generator, and its emission. Operands are
 * picks like every other statement, so the shrinker cuts number statements
 * as it cuts the rest. A NaN's sign is unspecified (SPEC.md), so the sign
 * operand of fcopysign is made a number first (NaN becomes 1.0); every other
 * NaN result is observable only as NaN, which the fold's fptosi turns into 0
 * on every backend.
 */
import {
  CHECKED_OPS, FLOAT_BINARY_OPS, FLOAT_UNARY_OPS, type FunctionBuilder, INT_BINARY_OPS, INT_UNARY_OPS, OVERFLOW_OPS, type ValueId,
} from "@fzy/ir";
import { INT_KEYS, typeOf } from "./catalogue.js";
import type { Rng } from "./prng.js";
import type { Pick, Stmt } from "./recipe.js";

/** A number statement: `op` on values of type `t` (for conversions: `t` is the integer side). */
export type NumStmt = Extract<Stmt, { k: "num" }>;

const pick = (r: Rng) => r.below(1 << 16);

/** f32 arithmetic, comparisons and conversions the scalar generator (f64 only) does not draw. */
const F32_OPS = ["fadd", "fsub", "fmul", "fdiv", "neg", "fcmp", "fpext", "fptrunc", "sitofp", "fptosi"] as const;
const FLOAT_CCS = ["eq", "ne", "lt", "le", "gt", "ge"] as const;

/** Draw a number statement. Checked arithmetic traps when it overflows, so it is drawn less often than the flags. */
export function numberStmt(r: Rng): Stmt {
  const group = r.weighted({ fun: 3, fbin: 2, iun: 3, ibin: 3, checked: 1, flags: 2, uitofp: 1, fptoui: 1.5, f32: 3 });
  const t = r.pick(INT_KEYS);
  const two = { a: pick(r), b: pick(r) };
  const f = r.chance(0.4) ? "f32" as const : "f64" as const;
  switch (group) {
    case "fun": return { k: "num", op: r.pick(FLOAT_UNARY_OPS), t: f, ...two, f };
    case "fbin": return { k: "num", op: r.pick(FLOAT_BINARY_OPS), t: f, ...two, f };
    case "uitofp": case "fptoui": return { k: "num", op: group, t, ...two, f };
    case "f32": {
      const op = r.pick(F32_OPS);
      return { k: "num", op: op === "fcmp" ? `fcmp.${r.pick(FLOAT_CCS)}` : op, t, ...two, f: "f32" };
    }
    case "iun": return { k: "num", op: r.pick(INT_UNARY_OPS), t, ...two };
    case "ibin": return { k: "num", op: r.pick(INT_BINARY_OPS), t, ...two };
    case "checked": return { k: "num", op: r.pick(CHECKED_OPS), t, ...two };
    case "flags": return { k: "num", op: r.pick(OVERFLOW_OPS), t, ...two };
    default: return { k: "num", op: group, t, ...two };
  }
}

/** What emitting a number statement needs from the emitter: typed picks and a place for the result. */
export interface NumberScope {
  readonly fb: FunctionBuilder;
  val(t: string, p: Pick): ValueId;
  add(t: string, v: ValueId): void;
}

/** Emit `s` and put its result in scope. */
export function emitNumber(cx: NumberScope, s: NumStmt): void {
  const fb = cx.fb;
  const op = s.op;
  const f = s.f ?? "f64";
  if (op === "uitofp" || op === "sitofp") return cx.add(f, fb.convert(op, cx.val(s.t, s.a), typeOf(f)));
  if (op === "fptoui" || op === "fptosi") return cx.add(s.t, fb.convert(op, cx.val(f, s.a), typeOf(s.t)));
  if (op === "fpext") return cx.add("f64", fb.convert("fpext", cx.val("f32", s.a), typeOf("f64")));
  if (op === "fptrunc") return cx.add("f32", fb.convert("fptrunc", cx.val("f64", s.a), typeOf("f32")));
  if (op === "neg") return cx.add(f, fb.neg(cx.val(f, s.a)));
  if (op === "fadd" || op === "fsub" || op === "fmul" || op === "fdiv") return cx.add(f, fb.emit(op, [cx.val(f, s.a), cx.val(f, s.b)])!);
  if (op.startsWith("fcmp.")) return cx.add("bool", fb.fcmp(op.slice(5) as (typeof FLOAT_CCS)[number], cx.val(f, s.a), cx.val(f, s.b)));
  if (is(FLOAT_UNARY_OPS, op)) return cx.add(f, fb.floatUnary(op, cx.val(f, s.a)));
  if (is(FLOAT_BINARY_OPS, op)) {
    let b = cx.val(f, s.b);
    if (op === "fcopysign") b = fb.select(fb.fcmp("ne", b, b), f === "f32" ? fb.f32const(1) : fb.fconst(1), b);
    return cx.add(f, fb.floatBinary(op, cx.val(f, s.a), b));
  }
  const a = cx.val(s.t, s.a);
  if (is(INT_UNARY_OPS, op)) return cx.add(s.t, fb.intUnary(op, a));
  const b = cx.val(s.t, s.b);
  if (is(INT_BINARY_OPS, op)) return cx.add(s.t, fb.intBinary(op, a, b));
  if (is(CHECKED_OPS, op)) return cx.add(s.t, fb.checked(op, a, b));
  if (is(OVERFLOW_OPS, op)) return cx.add("bool", fb.overflows(op, a, b));
  throw new Error(`gen-numbers: unknown operation ${op}`);
}

function is<T extends string>(list: readonly T[], op: string): op is T {
  return (list as readonly string[]).includes(op);
}
