/**
 * Compile-time evaluation of the lowered form's integer operations, with the
 * exact semantics both backends give them (lir/types.ts): integers wrap at
 * their width, divisions truncate, shifts take an amount below the width.
 * Whatever would trap or be undefined at run time (division by zero, MIN /
 * -1, an over-wide shift) is not folded: `undefined` keeps the instruction.
 *
 * Constants are held in one canonical form: the signed value of their width
 * (`iconst.i8 255` is -1), bool as 0 or 1.
 */
import { bitWidth, type LBinOp, type LConvKind, type LInst, type LIntCC, type LType, type LValue } from "@fzy/lir";

/** An integer or bool constant in canonical form. */
export interface Const {
  readonly type: LType;
  readonly value: bigint;
}

/** The signed range of each integer width: a value inside it is canonical already (no BigInt made for it). */
const SIGNED: Readonly<Record<number, readonly [bigint, bigint]>> = { 8: [-(2n ** 7n), 2n ** 7n - 1n], 16: [-(2n ** 15n), 2n ** 15n - 1n], 32: [-(2n ** 31n), 2n ** 31n - 1n], 64: [-(2n ** 63n), 2n ** 63n - 1n] };

/** `v` in the canonical form of `t`. */
export function canonical(t: LType, v: bigint): bigint {
  if (t === "bool") return v === 0n || v === 1n ? v : v & 1n;
  const w = bitWidth(t), range = SIGNED[w]!;
  return v >= range[0] && v <= range[1] ? v : BigInt.asIntN(w, v);
}

/** The all-ones value of `t` (-1, or true). */
export function allOnes(t: LType): bigint {
  return t === "bool" ? 1n : -1n;
}

const unsigned = (t: LType, v: bigint) => BigInt.asUintN(bitWidth(t), v);

/** `a kind b` at type `t`, when it is defined. */
export function foldBinary(kind: LBinOp, t: LType, a: bigint, b: bigint): bigint | undefined {
  const w = bitWidth(t);
  const c = (v: bigint) => canonical(t, v);
  switch (kind) {
    case "iadd": return c(a + b);
    case "isub": return c(a - b);
    case "imul": return c(a * b);
    case "band": return c(a & b);
    case "bor": return c(a | b);
    case "bxor": return c(a ^ b);
    case "sdiv": return b === 0n || (b === -1n && a === -(1n << BigInt(w - 1))) ? undefined : c(a / b);
    case "srem": return b === 0n || (b === -1n && a === -(1n << BigInt(w - 1))) ? undefined : c(a % b);
    case "udiv": return unsigned(t, b) === 0n ? undefined : c(unsigned(t, a) / unsigned(t, b));
    case "urem": return unsigned(t, b) === 0n ? undefined : c(unsigned(t, a) % unsigned(t, b));
    case "ishl": case "ushr": case "sshr": {
      const n = unsigned(t, b);
      if (n >= BigInt(w)) return undefined;
      if (kind === "ishl") return c(a << n);
      return kind === "ushr" ? c(unsigned(t, a) >> n) : c(a >> n);
    }
    default: return undefined; // float operations are left to the backends
  }
}

/** `a cc b` on integers of type `t`. */
export function foldCompare(cc: LIntCC, t: LType, a: bigint, b: bigint): boolean {
  return compareAs(cc, a, b, unsigned(t, a), unsigned(t, b));
}

/** `a cc b` given both operands read signed (`a`, `b`) and unsigned (`ua`, `ub`), as bigints or as exact numbers alike. */
export function compareAs<T extends number | bigint>(cc: LIntCC, a: T, b: T, ua: T, ub: T): boolean {
  switch (cc) {
    case "eq": return a === b;
    case "ne": return a !== b;
    case "slt": return a < b;
    case "sle": return a <= b;
    case "sgt": return a > b;
    case "sge": return a >= b;
    case "ult": return ua < ub;
    case "ule": return ua <= ub;
    case "ugt": return ua > ub;
    case "uge": return ua >= ub;
  }
}

/** An integer conversion of constant `v` from `from` to `to`, when it is one. */
export function foldConvert(kind: LConvKind, from: LType, to: LType, v: bigint): bigint | undefined {
  switch (kind) {
    case "sext": case "trunc": return canonical(to, v);
    case "uext": return canonical(to, from === "bool" ? v : unsigned(from, v));
    default: return undefined;
  }
}

/** Whether `cc` holds for two equal operands. */
export function compareSelf(cc: LIntCC): boolean {
  return cc === "eq" || cc === "sle" || cc === "sge" || cc === "ule" || cc === "uge";
}

/** The commutative integer operations (value numbering orders their operands; identities put a known operand second). */
export const COMMUTATIVE: ReadonlySet<string> = new Set(["iadd", "imul", "band", "bor", "bxor"]);

/** What an instruction simplifies to: an existing value, a constant, or itself (undefined). */
export type Simplified = { readonly value: LValue } | { readonly konst: bigint } | undefined;

/** x+0, x*1, x&x, x-x, ...: the algebraic identities with one known operand or two equal ones. */
export function identity(kind: string, t: string, a: LValue, b: LValue, ka: bigint | undefined, kb: bigint | undefined): Simplified {
  const ones = allOnes(t as never);
  if (a === b) {
    if (kind === "isub" || kind === "bxor") return { konst: 0n };
    if (kind === "band" || kind === "bor") return { value: a };
  }
  // Put the known operand second for the commutative operations.
  const swap = COMMUTATIVE.has(kind) && ka !== undefined && kb === undefined;
  const x = swap ? b : a, ky = swap ? ka : kb;
  if (ky === undefined) return undefined;
  switch (kind) {
    case "iadd": case "isub": case "bor": case "bxor": case "ishl": case "ushr": case "sshr":
      if (ky === 0n) return { value: x };
      if (kind === "bor" && ky === ones) return { konst: ones };
      return undefined;
    case "imul":
      return ky === 1n ? { value: x } : ky === 0n ? { konst: 0n } : undefined;
    case "band":
      return ky === ones ? { value: x } : ky === 0n ? { konst: 0n } : undefined;
    case "sdiv": case "udiv":
      return ky === 1n ? { value: x } : undefined;
    default:
      return undefined;
  }
}

/** What pure instruction `inst` (defining `dst`) folds to, given the constants known by value: a value it equals, a constant, or nothing. */
export function simplify(inst: LInst, dst: LValue, types: readonly LType[], consts: readonly (bigint | undefined)[]): Simplified {
  switch (inst.op) {
    case "binary": {
      const t = types[dst]!;
      if (t === "f64" || t === "f32") return undefined;
      const a = consts[inst.a], b = consts[inst.b];
      if (a !== undefined && b !== undefined) {
        const v = foldBinary(inst.kind, t, a, b);
        return v === undefined ? undefined : { konst: v };
      }
      return identity(inst.kind, t, inst.a, inst.b, a, b);
    }
    case "icmp": {
      const a = consts[inst.a], b = consts[inst.b];
      if (a !== undefined && b !== undefined) return { konst: foldCompare(inst.cc, types[inst.a]!, a, b) ? 1n : 0n };
      return inst.a === inst.b ? { konst: compareSelf(inst.cc) ? 1n : 0n } : undefined;
    }
    case "select": {
      const c = consts[inst.cond];
      if (c !== undefined) return { value: c !== 0n ? inst.a : inst.b };
      return inst.a === inst.b ? { value: inst.a } : undefined;
    }
    case "convert": {
      const s = consts[inst.src];
      if (s === undefined) return undefined;
      const v = foldConvert(inst.kind, types[inst.src]!, types[dst]!, s);
      return v === undefined ? undefined : { konst: v };
    }
    case "ptr_add":
      return consts[inst.offset] === 0n ? { value: inst.base } : undefined;
    default:
      return undefined;
  }
}
