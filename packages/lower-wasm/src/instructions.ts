/**
 * One lowered instruction as a wasm statement (a `local.set` of its result,
 * a store, or a call). The lowering has made every operation total (divisors
 * checked, shift amounts masked, accesses in bounds and aligned), so each maps
 * to plain wasm operators; the only work here is the value representation of
 * types.ts (narrow integers sign-extended, `ptr` as an i32 that is 8 bytes in
 * memory). Every value lives in its own local; binaryen's optimizer folds the
 * single-use ones back into expression trees.
 */
import binaryen from "binaryen";
import type { LBinOp, LConvKind, LFloatCC, LInst, LIntCC, LType, LValue } from "@fzy/lir";
import { OPAQUE_SCRATCH } from "./layout.js";
import { canonical, isI32Like, tupleType, zeroExtended } from "./types.js";

type Expr = binaryen.ExpressionRef;

/** What translating an instruction needs from its function and module. */
export interface WasmFunctionScope {
  readonly m: binaryen.Module;
  get(v: LValue): Expr;
  set(v: LValue, e: Expr): Expr;
  typeOf(v: LValue): LType;
  /** Address of `offset` bytes into stack slot `slot` of the current frame. */
  stackAddr(slot: number, offset: number): Expr;
  /** Constant address of a data object. */
  dataAddr(symbol: string): number;
  /** Result types of a module function or extern. */
  resultsOf(callee: string): readonly LType[];
  /** The function table's index of a referenced function (module.ts FUNCTION_TABLE). */
  tableIndex(callee: string): number;
  /** The name of the module's function table. */
  readonly table: string;
}

function intConst(m: binaryen.Module, t: LType, value: bigint): Expr {
  if (t === "i64") {
    return m.i64.const(BigInt.asIntN(64, value));
  }
  const width = t === "bool" ? 1 : t === "i8" ? 8 : t === "i16" ? 16 : 32;
  const v = width === 1 ? (value === 0n ? 0 : 1) : Number(BigInt.asIntN(width, value));
  return m.i32.const(v);
}

/** The value of constant instruction `inst` of result type `t` (large functions spell it at each read: function.ts). */
export function constExpr(m: binaryen.Module, inst: Extract<LInst, { op: "iconst" | "fconst" }>, t: LType): Expr {
  if (inst.op === "iconst") return intConst(m, inst.type, inst.value);
  return t === "f32" ? m.f32.const(inst.value) : m.f64.const(inst.value);
}

/** The binaryen operators of a float type. */
function floatOps(m: binaryen.Module, t: LType) {
  return t === "f32" ? m.f32 : m.f64;
}

function binary(s: WasmFunctionScope, kind: LBinOp, t: LType, a: Expr, b: Expr): Expr {
  const m = s.m;
  if (t === "f64" || t === "f32") {
    const F = floatOps(m, t);
    switch (kind) {
      case "fadd": return F.add(a, b);
      case "fsub": return F.sub(a, b);
      case "fmul": return F.mul(a, b);
      case "fdiv": return F.div(a, b);
      default: throw new Error(`lower-wasm: ${kind} on ${t}`);
    }
  }
  const o = t === "i64" ? m.i64 : m.i32;
  const z = (e: Expr) => zeroExtended(m, t, e);
  switch (kind) {
    case "iadd": return canonical(m, t, o.add(a, b));
    case "isub": return canonical(m, t, o.sub(a, b));
    case "imul": return canonical(m, t, o.mul(a, b));
    case "ishl": return canonical(m, t, o.shl(a, b));
    case "sdiv": return o.div_s(a, b);
    case "srem": return o.rem_s(a, b);
    case "sshr": return o.shr_s(a, b);
    case "udiv": return canonical(m, t, o.div_u(z(a), z(b)));
    case "urem": return canonical(m, t, o.rem_u(z(a), z(b)));
    case "ushr": return canonical(m, t, o.shr_u(z(a), b));
    case "band": return o.and(a, b);
    case "bor": return o.or(a, b);
    case "bxor": return o.xor(a, b);
    default: throw new Error(`lower-wasm: ${kind} on ${t}`);
  }
}

function icmp(s: WasmFunctionScope, cc: LIntCC, t: LType, a: Expr, b: Expr): Expr {
  const m = s.m;
  const o = t === "i64" ? m.i64 : m.i32;
  const z = (e: Expr) => zeroExtended(m, t, e);
  switch (cc) {
    case "eq": return o.eq(a, b);
    case "ne": return o.ne(a, b);
    case "slt": return o.lt_s(a, b);
    case "sle": return o.le_s(a, b);
    case "sgt": return o.gt_s(a, b);
    case "sge": return o.ge_s(a, b);
    case "ult": return o.lt_u(z(a), z(b));
    case "ule": return o.le_u(z(a), z(b));
    case "ugt": return o.gt_u(z(a), z(b));
    case "uge": return o.ge_u(z(a), z(b));
  }
}

/** Wasm's float comparisons are ordered and `ne` is unordered: exactly the lowered form's codes. */
function fcmp(m: binaryen.Module, cc: LFloatCC, t: LType, a: Expr, b: Expr): Expr {
  const F = floatOps(m, t);
  switch (cc) {
    case "eq": return F.eq(a, b);
    case "ne": return F.ne(a, b);
    case "lt": return F.lt(a, b);
    case "le": return F.le(a, b);
    case "gt": return F.gt(a, b);
    case "ge": return F.ge(a, b);
  }
}

/** Saturating f64 to a narrow integer: saturate to i32, then clamp to the width (NaN is already 0). */
function clampNarrow(m: binaryen.Module, t: "i8" | "i16", wide: Expr, tmp: { set: (e: Expr) => Expr; get: () => Expr }): Expr {
  const max = t === "i8" ? 127 : 32767, min = -max - 1;
  const hi = m.select(m.i32.gt_s(tmp.get(), m.i32.const(max)), m.i32.const(max), tmp.get());
  return m.block(null, [tmp.set(wide), m.select(m.i32.lt_s(tmp.get(), m.i32.const(min)), m.i32.const(min), hi)], binaryen.i32);
}

function convert(s: WasmFunctionScope, kind: LConvKind, dst: LValue, src: LValue): Expr {
  const m = s.m;
  const from = s.typeOf(src), to = s.typeOf(dst);
  const x = s.get(src);
  switch (kind) {
    case "sext":
      return to === "i64" && from !== "i64" ? m.i64.extend_s(x) : x;
    case "uext": {
      const bits = zeroExtended(m, from, x);
      return to === "i64" && from !== "i64" ? m.i64.extend_u(bits) : canonical(m, to, bits);
    }
    case "trunc":
      return canonical(m, to, from === "i64" && to !== "i64" ? m.i32.wrap(x) : x);
    case "sitofp":
      return from === "i64" ? floatOps(m, to).convert_s.i64(x) : floatOps(m, to).convert_s.i32(x);
    case "fpromote": return m.f64.promote(x);
    case "fdemote": return m.f32.demote(x);
    case "fptosi_sat": {
      const src = from === "f32" ? "f32" : "f64";
      if (to === "i64") return m.i64.trunc_s_sat[src](x);
      const wide = m.i32.trunc_s_sat[src](x);
      if (to === "i8" || to === "i16") {
        return clampNarrow(m, to, wide, { set: (e) => s.set(dst, e), get: () => s.get(dst) });
      }
      return wide;
    }
    case "uitofp":
      return from === "i64" ? floatOps(m, to).convert_u.i64(x) : floatOps(m, to).convert_u.i32(x);
    case "fptoui_sat": {
      const src = from === "f32" ? "f32" : "f64";
      return to === "i64" ? m.i64.trunc_u_sat[src](x) : m.i32.trunc_u_sat[src](x);
    }
    case "bitcast":
      return to === "f64" ? m.f64.reinterpret(x) : m.i64.reinterpret(x);
    case "ptr_to_int":
      return m.i64.extend_u(x);
    case "int_to_ptr":
      return m.i32.wrap(x);
  }
}

/**
 * The lowered form's min/max, rotates and float binary operations beyond the
 * four arithmetic ones. Operands are read once per use (binaryen expressions
 * are trees, so a value used twice is fetched twice from its local).
 */
function numberBinary(s: WasmFunctionScope, inst: Extract<LInst, { op: "binary" }>): Expr | undefined {
  const m = s.m;
  const t = s.typeOf(inst.dst);
  const a = () => s.get(inst.a), b = () => s.get(inst.b);
  const o = t === "i64" ? m.i64 : m.i32;
  const z = (e: Expr) => zeroExtended(m, t, e);
  switch (inst.kind) {
    case "fmin": return floatOps(m, t).min(a(), b()); // NaN-propagating, -0.0 < +0.0: the lowered form's rule
    case "fmax": return floatOps(m, t).max(a(), b());
    case "fcopysign": return floatOps(m, t).copysign(a(), b());
    case "rotl": return o.rotl(a(), b());
    case "rotr": return o.rotr(a(), b());
    case "smin": return m.select(o.lt_s(a(), b()), a(), b());
    case "smax": return m.select(o.gt_s(a(), b()), a(), b());
    case "umin": return m.select(o.lt_u(z(a()), z(b())), a(), b());
    case "umax": return m.select(o.gt_u(z(a()), z(b())), a(), b());
    default: return undefined;
  }
}

/** Byte swap of an i32 (wasm has none): four masked shifts. */
function bswap32(m: binaryen.Module, x: () => Expr): Expr {
  const c = (v: number) => m.i32.const(v);
  return m.i32.or(
    m.i32.or(m.i32.shl(x(), c(24)), m.i32.shl(m.i32.and(x(), c(0xff00)), c(8))),
    m.i32.or(m.i32.and(m.i32.shr_u(x(), c(8)), c(0xff00)), m.i32.shr_u(x(), c(24))),
  );
}

/** One-operand operations; integer ones other than iabs come only on i32/i64 (the lowering widens narrow ones). */
function unary(s: WasmFunctionScope, inst: Extract<LInst, { op: "unary" }>): Expr {
  const m = s.m;
  const t = s.typeOf(inst.dst);
  const x = () => s.get(inst.src);
  const o = t === "i64" ? m.i64 : m.i32;
  switch (inst.kind) {
    case "sqrt": return floatOps(m, t).sqrt(x());
    case "fabs": return floatOps(m, t).abs(x());
    case "floor": return floatOps(m, t).floor(x());
    case "ceil": return floatOps(m, t).ceil(x());
    case "ftrunc": return floatOps(m, t).trunc(x());
    case "nearest": return floatOps(m, t).nearest(x());
    case "popcnt": return o.popcnt(x());
    case "clz": return o.clz(x());
    case "ctz": return o.ctz(x());
    case "iabs": {
      const zero = t === "i64" ? m.i64.const(0n) : m.i32.const(0);
      return m.select(o.lt_s(x(), zero), canonical(m, t, o.sub(t === "i64" ? m.i64.const(0n) : m.i32.const(0), x())), x());
    }
    case "bswap": {
      if (t === "i32") return bswap32(m, x);
      // Swap each half and exchange them.
      const lo = () => m.i32.wrap(x()), hi = () => m.i32.wrap(m.i64.shr_u(x(), m.i64.const(32n)));
      return m.i64.or(m.i64.shl(m.i64.extend_u(bswap32(m, lo)), m.i64.const(32n)), m.i64.extend_u(bswap32(m, hi)));
    }
  }
}

/** A memory address plus a constant offset; negative offsets are added explicitly (wasm's are unsigned). */
function addressed(m: binaryen.Module, addr: Expr, offset: number): { ptr: Expr; offset: number } {
  return offset >= 0 ? { ptr: addr, offset } : { ptr: m.i32.add(addr, m.i32.const(offset)), offset: 0 };
}

function load(m: binaryen.Module, t: Exclude<LType, "bool">, addr: Expr, offset: number): Expr {
  const a = addressed(m, addr, offset);
  switch (t) {
    case "i8": return m.i32.load8_s(a.offset, 1, a.ptr);
    case "i16": return m.i32.load16_s(a.offset, 2, a.ptr);
    case "i32": return m.i32.load(a.offset, 4, a.ptr);
    case "i64": return m.i64.load(a.offset, 8, a.ptr);
    case "f64": return m.f64.load(a.offset, 8, a.ptr);
    case "f32": return m.f32.load(a.offset, 4, a.ptr);
    // The low half of the 8-byte slot (little-endian); the high half is zero by construction.
    case "ptr": return m.i32.load(a.offset, 4, a.ptr);
  }
}

function store(m: binaryen.Module, t: LType, addr: Expr, offset: number, v: Expr): Expr {
  const a = addressed(m, addr, offset);
  switch (t) {
    case "i8": return m.i32.store8(a.offset, 1, a.ptr, v);
    case "i16": return m.i32.store16(a.offset, 2, a.ptr, v);
    case "i32": return m.i32.store(a.offset, 4, a.ptr, v);
    case "i64": return m.i64.store(a.offset, 8, a.ptr, v);
    case "f64": return m.f64.store(a.offset, 8, a.ptr, v);
    case "f32": return m.f32.store(a.offset, 4, a.ptr, v);
    case "ptr": return m.i64.store(a.offset, 8, a.ptr, m.i64.extend_u(v));
    case "bool": throw new Error("lower-wasm: store of a bool: bool never goes to memory");
  }
}

/**
 * `dst = src` through a store to linear memory and a load back, like Rust's
 * black_box keeping a value in memory: neither binaryen nor V8 forwards a
 * linear-memory store to a later load, so the value is unknown to both.
 * (A global round trip is not enough: binaryen forwards a global.set to the
 * global.get after it.) Values held in i32 are stored as i32, so the
 * canonical form of narrow integers survives.
 */
function opaque(s: WasmFunctionScope, dst: LValue, src: LValue): Expr {
  const m = s.m;
  const t = s.typeOf(src);
  const at = () => m.i32.const(OPAQUE_SCRATCH);
  const o = isI32Like(t) ? { store: m.i32.store, load: m.i32.load, align: 4 } : t === "i64" ? { store: m.i64.store, load: m.i64.load, align: 8 }
    : t === "f32" ? { store: m.f32.store, load: m.f32.load, align: 4 } : { store: m.f64.store, load: m.f64.load, align: 8 };
  return m.block(null, [o.store(0, o.align, at(), s.get(src)), s.set(dst, o.load(0, o.align, at()))], binaryen.none);
}

function call(s: WasmFunctionScope, inst: Extract<LInst, { op: "call" }>): Expr {
  const results = s.resultsOf(inst.callee);
  if (inst.dsts.length > 1 || inst.dsts.length > results.length) {
    throw new Error(`lower-wasm: call to ${inst.callee} defines ${inst.dsts.length} values but it has ${results.length} results`);
  }
  const c = s.m.call(inst.callee, inst.args.map((a) => s.get(a)), tupleType(results));
  if (inst.dsts.length === 1) return s.set(inst.dsts[0]!, c);
  return results.length > 0 ? s.m.drop(c) : c;
}

/** The wasm statement of `inst`. */
export function translateInst(s: WasmFunctionScope, inst: LInst): Expr {
  const m = s.m;
  switch (inst.op) {
    case "iconst": case "fconst": return s.set(inst.dst, constExpr(m, inst, s.typeOf(inst.dst)));
    case "binary": return s.set(inst.dst, numberBinary(s, inst) ?? binary(s, inst.kind, s.typeOf(inst.dst), s.get(inst.a), s.get(inst.b)));
    case "unary": return s.set(inst.dst, unary(s, inst));
    case "icmp": return s.set(inst.dst, icmp(s, inst.cc, s.typeOf(inst.a), s.get(inst.a), s.get(inst.b)));
    case "fcmp": return s.set(inst.dst, fcmp(m, inst.cc, s.typeOf(inst.a), s.get(inst.a), s.get(inst.b)));
    case "select": return s.set(inst.dst, m.select(s.get(inst.cond), s.get(inst.a), s.get(inst.b)));
    case "convert": return s.set(inst.dst, convert(s, inst.kind, inst.dst, inst.src));
    case "load": return s.set(inst.dst, load(m, inst.type, s.get(inst.addr), inst.offset));
    case "store": return store(m, s.typeOf(inst.value), s.get(inst.addr), inst.offset, s.get(inst.value));
    case "stack_addr": return s.set(inst.dst, s.stackAddr(inst.slot, inst.offset));
    case "symbol_addr": return s.set(inst.dst, m.i32.const(s.dataAddr(inst.symbol)));
    case "ptr_add": return s.set(inst.dst, m.i32.add(s.get(inst.base), m.i32.wrap(s.get(inst.offset))));
    case "opaque": return opaque(s, inst.dst, inst.src);
    case "call": return call(s, inst);
    case "func_addr": return s.set(inst.dst, m.i32.const(s.tableIndex(inst.symbol)));
    case "call_indirect": {
      // The signature is read off the arguments and results, as in the other printers (lir types.ts).
      const params = tupleType(inst.args.map((a) => s.typeOf(a)));
      const results = tupleType(inst.dsts.map((d) => s.typeOf(d)));
      if (inst.dsts.length > 1) throw new Error(`lower-wasm: call_indirect defines ${inst.dsts.length} values`);
      const c = m.call_indirect(s.table, s.get(inst.callee), inst.args.map((a) => s.get(a)), params, results);
      return inst.dsts.length === 1 ? s.set(inst.dsts[0]!, c) : c;
    }
    default: {
      const never: never = inst;
      throw new Error(`lower-wasm: unknown instruction ${(never as LInst).op}`);
    }
  }
}
