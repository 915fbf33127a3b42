/**
 * The typing rules of the lowered form, one per opcode: what each
 * instruction requires of its operand types and which type its result has.
 * The verifier (verifier.ts) applies them; a rule returns the first problem
 * as a message, or undefined when the instruction is well typed. Types of
 * values come from `LFunction.valueTypes`; a value id outside it has no type
 * and is reported by the SSA check, not here.
 */
import type { LConvKind, LInst, LType, LValue } from "./types.js";
import { bitWidth, FLOAT_UNARY, isFloatType } from "./types.js";

/** A callee's signature as calls see it. */
export interface Signature {
  readonly params: readonly LType[];
  readonly results: readonly LType[];
  readonly noreturn: boolean;
}

/** What an instruction's typing rule may ask about the module. */
export interface TypingContext {
  typeOf(v: LValue): LType | undefined;
  callee(name: string): Signature | undefined;
  slot(index: number): { size: number } | undefined;
  hasData(name: string): boolean;
}

const isInt = (t: LType | undefined): boolean => t === "i8" || t === "i16" || t === "i32" || t === "i64";
const INT_BIN = new Set(["iadd", "isub", "imul", "sdiv", "srem", "udiv", "urem", "band", "bor", "bxor", "ishl", "ushr", "sshr", "smin", "smax", "umin", "umax"]);
/** Rotates exist natively for i32 and i64 on every backend; narrow ones are lowered to shifts. */
const WIDE_BIN = new Set(["rotl", "rotr"]);
const BOOL_BIN = new Set(["band", "bor", "bxor"]);

/** The problem with `inst` in `ctx`, or undefined when it is well typed. */
export function typeProblem(inst: LInst, ctx: TypingContext): string | undefined {
  const t = (v: LValue) => ctx.typeOf(v);
  const want = (v: LValue, ty: LType, role: string) => (t(v) === ty ? undefined : `${role} v${v} must be ${ty}, is ${t(v)}`);
  const result = (dst: LValue, ty: LType | undefined) => (t(dst) === ty ? undefined : `result v${dst} must be ${ty}, is ${t(dst)}`);
  switch (inst.op) {
    case "iconst": return constProblem(inst.type, inst.value) ?? result(inst.dst, inst.type);
    case "fconst": {
      const ty = t(inst.dst);
      if (ty === "f32" && !Number.isNaN(inst.value) && Math.fround(inst.value) !== inst.value) return `f32 constant ${inst.value} is not exact in binary32`;
      return isFloatType(ty) ? undefined : `result v${inst.dst} must be a float, is ${ty}`;
    }
    case "binary": {
      const [a, b] = [t(inst.a), t(inst.b)];
      if (a !== b) return `operands v${inst.a} (${a}) and v${inst.b} (${b}) differ in type`;
      const wide = WIDE_BIN.has(inst.kind);
      const ok = inst.kind.startsWith("f") ? isFloatType(a) : wide ? a === "i32" || a === "i64" : isInt(a) || (a === "bool" && BOOL_BIN.has(inst.kind));
      if (!ok || !(inst.kind.startsWith("f") || wide || INT_BIN.has(inst.kind))) return `${inst.kind} does not apply to ${a}`;
      return result(inst.dst, a);
    }
    case "icmp": {
      const [a, b] = [t(inst.a), t(inst.b)];
      if (a !== b) return `operands v${inst.a} (${a}) and v${inst.b} (${b}) differ in type`;
      if (!(isInt(a) || a === "ptr" || (a === "bool" && (inst.cc === "eq" || inst.cc === "ne")))) return `icmp ${inst.cc} does not apply to ${a}`;
      return result(inst.dst, "bool");
    }
    case "fcmp": {
      const [a, b] = [t(inst.a), t(inst.b)];
      if (a !== b || !isFloatType(a)) return `fcmp operands v${inst.a} (${a}) and v${inst.b} (${b}) must be one float type`;
      return result(inst.dst, "bool");
    }
    case "select": {
      if (t(inst.a) !== t(inst.b)) return `operands v${inst.a} (${t(inst.a)}) and v${inst.b} (${t(inst.b)}) differ in type`;
      return want(inst.cond, "bool", "condition") ?? result(inst.dst, t(inst.a));
    }
    case "convert": return conversionProblem(inst.kind, t(inst.src), t(inst.dst));
    case "unary": {
      const a = t(inst.src);
      const ok = FLOAT_UNARY.has(inst.kind) ? isFloatType(a) : inst.kind === "iabs" ? isInt(a) : a === "i32" || a === "i64";
      return ok ? result(inst.dst, a) : `${inst.kind} does not apply to ${a}`;
    }
    case "load": return want(inst.addr, "ptr", "address") ?? offsetProblem(inst.offset) ?? rangeProblem(inst) ?? result(inst.dst, inst.type);
    case "store": {
      const v = t(inst.value);
      if (v === "bool" || v === undefined) return `stored value v${inst.value} is ${v}; a bool never goes to memory`;
      return want(inst.addr, "ptr", "address") ?? offsetProblem(inst.offset);
    }
    case "stack_addr": {
      const slot = ctx.slot(inst.slot);
      if (!slot) return `stack slot ss${inst.slot} does not exist`;
      if (!Number.isInteger(inst.offset) || inst.offset < 0 || inst.offset > slot.size) return `offset ${inst.offset} is outside ss${inst.slot} (${slot.size} bytes)`;
      return result(inst.dst, "ptr");
    }
    case "symbol_addr": return ctx.hasData(inst.symbol) ? result(inst.dst, "ptr") : `data object @${inst.symbol} does not exist`;
    case "ptr_add": return want(inst.base, "ptr", "base") ?? want(inst.offset, "i64", "offset") ?? result(inst.dst, "ptr");
    case "opaque": return result(inst.dst, t(inst.src));
    case "call": return callProblem(inst, ctx);
    case "func_addr": return ctx.callee(inst.symbol) ? result(inst.dst, "ptr") : `func_addr of %${inst.symbol}, which is neither a function nor an extern of the module`;
    case "call_indirect": {
      if (t(inst.callee) !== "ptr") return `call_indirect through v${inst.callee}, which is ${t(inst.callee)}, not ptr`;
      return undefined;
    }
  }
}

function constProblem(type: LType, value: bigint): string | undefined {
  const bits = BigInt(bitWidth(type));
  const lo = type === "bool" ? 0n : -(1n << (bits - 1n));
  const hi = (1n << bits) - 1n; // signed or unsigned spelling of the same bits
  return value < lo || value > hi ? `constant ${value} does not fit ${type}` : undefined;
}

/** A load's range (types.ts LLoadRange) is a non-empty, not-full unsigned interval of an integer type. */
function rangeProblem(inst: Extract<LInst, { op: "load" }>): string | undefined {
  const r = inst.range;
  if (!r) return undefined;
  if (!isInt(inst.type)) return `a ${inst.type} load has a range; only integer loads have one`;
  const end = 1n << BigInt(bitWidth(inst.type));
  if (r.lo < 0n || r.lo >= r.hi || r.hi > end) return `load range [${r.lo}, ${r.hi}) is not a non-empty interval of ${inst.type} (0 <= lo < hi <= ${end})`;
  if (r.lo === 0n && r.hi === end) return `load range [0, ${end}) is the whole of ${inst.type}: it states nothing`;
  return undefined;
}

function offsetProblem(offset: number): string | undefined {
  return Number.isSafeInteger(offset) ? undefined : `offset ${offset} is not an integer`;
}

/** The rule for each conversion: which source types it takes and which result types it gives. */
function conversionProblem(kind: LConvKind, from: LType | undefined, to: LType | undefined): string | undefined {
  const bad = () => `${kind} cannot convert ${from} to ${to}`;
  switch (kind) {
    case "sext": return isInt(from) && isInt(to) && bitWidth(to!) > bitWidth(from!) ? undefined : bad();
    case "uext":
      if (from === "bool") return to === "i16" || to === "i32" || to === "i64" ? undefined : bad();
      return isInt(from) && isInt(to) && bitWidth(to!) > bitWidth(from!) ? undefined : bad();
    case "trunc": return isInt(from) && isInt(to) && bitWidth(to!) < bitWidth(from!) ? undefined : bad();
    case "sitofp": return isInt(from) && isFloatType(to) ? undefined : bad();
    case "fptosi_sat": return isFloatType(from) && isInt(to) ? undefined : bad();
    case "fpromote": return from === "f32" && to === "f64" ? undefined : bad();
    case "fdemote": return from === "f64" && to === "f32" ? undefined : bad();
    case "uitofp": return (from === "i32" || from === "i64") && isFloatType(to) ? undefined : bad();
    case "fptoui_sat": return isFloatType(from) && (to === "i32" || to === "i64") ? undefined : bad();
    case "bitcast": return (from === "i64" && to === "f64") || (from === "f64" && to === "i64") ? undefined : bad();
    case "ptr_to_int": return from === "ptr" && to === "i64" ? undefined : bad();
    case "int_to_ptr": return from === "i64" && to === "ptr" ? undefined : bad();
  }
}

function callProblem(inst: Extract<LInst, { op: "call" }>, ctx: TypingContext): string | undefined {
  const sig = ctx.callee(inst.callee);
  if (!sig) return `callee %${inst.callee} is neither a function nor an extern of the module`;
  if (inst.args.length !== sig.params.length) return `%${inst.callee} takes ${sig.params.length} argument(s), given ${inst.args.length}`;
  for (let i = 0; i < inst.args.length; i++) {
    const a = inst.args[i]!;
    if (ctx.typeOf(a) !== sig.params[i]) return `argument ${i} v${a} of %${inst.callee} must be ${sig.params[i]}, is ${ctx.typeOf(a)}`;
  }
  if (inst.dsts.length !== sig.results.length) return `%${inst.callee} returns ${sig.results.length} value(s), ${inst.dsts.length} defined`;
  for (let i = 0; i < inst.dsts.length; i++) {
    const d = inst.dsts[i]!;
    if (ctx.typeOf(d) !== sig.results[i]) return `result v${d} of %${inst.callee} must be ${sig.results[i]}, is ${ctx.typeOf(d)}`;
  }
  return undefined;
}
