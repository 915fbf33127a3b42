/**
 * One lowered instruction as LLVM instructions. The lowering has already made
 * every operation total (divisors checked, shift amounts masked, accesses in
 * bounds and aligned), so each maps to the plain LLVM instruction: wrapping
 * two's-complement and exact IEEE results are the semantics, so `nsw`/`nuw`
 * and `!range` appear only where llvm-facts.ts proves them (when the scope
 * has facts), and never `exact` or fast-math flags. Constants and fixed addresses define no
 * instruction; `FunctionScope.spell` prints them in place at every use.
 */
import { byteSize, type LBinOp, type LConvKind, type LFloatCC, type LInst, type LType, type LUnOp, type LValue } from "@fzy/lir";
import { FLAGGED, type LlvmFacts, rangeNode } from "./llvm-facts.js";
import type { LlvmModuleScope } from "./module-scope.js";
import { roundingLines } from "./rounding.js";
import { globalName, intrinsicSuffix, llvmParamType, llvmReturnType, llvmType } from "./spelling.js";

/** What printing an instruction needs from its function. */
export interface FunctionScope {
  readonly ctx: LlvmModuleScope;
  /** How an operand is written: `%vN`, a literal, `%sN` or `@name`. */
  spell(v: LValue): string;
  typeOf(v: LValue): LType;
  /** A fresh name for an address computed on the way (`%tN`). */
  temp(): string;
  /** Proven facts about the function's values (no flags or metadata without them), solved at the first call. */
  facts(): LlvmFacts | undefined;
}

const BINARY: Readonly<Record<LBinOp, string>> = {
  iadd: "add", isub: "sub", imul: "mul",
  sdiv: "sdiv", srem: "srem", udiv: "udiv", urem: "urem",
  band: "and", bor: "or", bxor: "xor",
  ishl: "shl", ushr: "lshr", sshr: "ashr",
  fadd: "fadd", fsub: "fsub", fmul: "fmul", fdiv: "fdiv",
  // Intrinsics (called by `intrinsicCall`): fshl/fshr with both halves x are rotates (amount modulo the width);
  // minimum/maximum are NaN-propagating with -0.0 < +0.0, the lowered form's fmin/fmax.
  rotl: "llvm.fshl", rotr: "llvm.fshr", smin: "llvm.smin", smax: "llvm.smax", umin: "llvm.umin", umax: "llvm.umax",
  fmin: "llvm.minimum", fmax: "llvm.maximum", fcopysign: "llvm.copysign",
};

/** The intrinsic of each one-operand operation; `false` marks the i1 flag ctlz/cttz/abs take (false: defined at 0 and MIN). */
const UNARY: Readonly<Record<LUnOp, readonly [string, boolean]>> = {
  sqrt: ["llvm.sqrt", false], fabs: ["llvm.fabs", false], floor: ["llvm.floor", false], ceil: ["llvm.ceil", false],
  ftrunc: ["llvm.trunc", false], nearest: ["llvm.roundeven", false], // not used: rounding.ts spells these four
  popcnt: ["llvm.ctpop", false], clz: ["llvm.ctlz", true], ctz: ["llvm.cttz", true], bswap: ["llvm.bswap", false], iabs: ["llvm.abs", true],
};

/** `dst = call T @name.T(args)`, declaring the intrinsic once. */
function intrinsicCall(s: FunctionScope, base: string, dst: LValue, args: readonly string[]): string {
  const t = llvmType(s.typeOf(dst));
  const name = `${base}.${intrinsicSuffix(s.typeOf(dst))}`;
  s.ctx.useIntrinsic(name, `declare ${t} ${globalName(name)}(${args.map((a) => a.slice(0, a.indexOf(" "))).join(", ")})`);
  return `${s.spell(dst)} = call ${t} ${globalName(name)}(${args.join(", ")})`;
}

function binaryLine(s: FunctionScope, inst: Extract<LInst, { op: "binary" }>): string {
  const op = BINARY[inst.kind];
  if (!op.startsWith("llvm.")) {
    // Only these can carry flags: asking the facts about another operation would solve them for nothing.
    const flags = FLAGGED.has(inst.kind) ? s.facts()?.wrapFlags(inst) ?? "" : "";
    return `${s.spell(inst.dst)} = ${op}${flags} ${operand(s, inst.a)}, ${s.spell(inst.b)}`;
  }
  const rot = inst.kind === "rotl" || inst.kind === "rotr";
  return intrinsicCall(s, op, inst.dst, rot ? [operand(s, inst.a), operand(s, inst.a), operand(s, inst.b)] : [operand(s, inst.a), operand(s, inst.b)]);
}

function unaryLine(s: FunctionScope, inst: Extract<LInst, { op: "unary" }>): string {
  const [name, flag] = UNARY[inst.kind];
  return intrinsicCall(s, name, inst.dst, flag ? [operand(s, inst.src), "i1 false"] : [operand(s, inst.src)]);
}

/**
 * Float predicates. Comparisons are ordered (false when either side is NaN)
 * except `ne`, which is unordered (`une`, true when either side is NaN):
 * that is `!(a == b)`, the result Rust's `!=` gives.
 */
const FLOAT_CC: Readonly<Record<LFloatCC, string>> = {
  eq: "oeq", ne: "une", lt: "olt", le: "ole", gt: "ogt", ge: "oge",
};

/** A typed operand, `i32 %v3`. */
function operand(s: FunctionScope, v: LValue): string {
  return `${llvmType(s.typeOf(v))} ${s.spell(v)}`;
}

/** The address `base + offset` as an operand, computing it first when the offset is not zero. */
function address(s: FunctionScope, base: LValue, offset: number, lines: string[]): string {
  if (offset === 0) return s.spell(base);
  const t = s.temp();
  lines.push(`${t} = getelementptr inbounds i8, ptr ${s.spell(base)}, i64 ${offset}`);
  return t;
}

/** Natural alignment of a memory access of type `t`. */
function alignOf(t: LType, what: string): number {
  if (t === "bool") throw new Error(`lower-llvm: ${what} of a bool: bool never goes to memory`);
  return byteSize(t);
}

function convert(s: FunctionScope, kind: LConvKind, dst: LValue, src: LValue): string {
  const from = s.typeOf(src), to = s.typeOf(dst);
  const head = `${s.spell(dst)} =`;
  const cast = (op: string) => `${head} ${op} ${operand(s, src)} to ${llvmType(to)}`;
  switch (kind) {
    case "sext": return cast("sext");
    case "uext": return cast("zext");
    case "trunc": return cast("trunc");
    case "sitofp": return cast("sitofp");
    case "fptosi_sat": {
      // LLVM's fptosi is poison out of range; the saturating intrinsic is Rust's `as` (NaN to 0).
      if (from !== "f64" && from !== "f32") throw new Error(`lower-llvm: fptosi_sat from ${from}; only floats convert`);
      const name = `llvm.fptosi.sat.${llvmType(to)}.${from}`;
      s.ctx.useIntrinsic(name, `declare ${llvmType(to)} ${globalName(name)}(${llvmType(from)})`);
      return `${head} call ${llvmType(to)} ${globalName(name)}(${operand(s, src)})`;
    }
    case "uitofp": return cast("uitofp");
    case "fptoui_sat": {
      const name = `llvm.fptoui.sat.${llvmType(to)}.${intrinsicSuffix(from)}`;
      s.ctx.useIntrinsic(name, `declare ${llvmType(to)} ${globalName(name)}(${llvmType(from)})`);
      return `${head} call ${llvmType(to)} ${globalName(name)}(${operand(s, src)})`;
    }
    case "fpromote": return cast("fpext");
    case "fdemote": return cast("fptrunc");
    case "bitcast": return cast("bitcast");
    case "ptr_to_int": return cast("ptrtoint");
    case "int_to_ptr": return cast("inttoptr");
    default: {
      const never: never = kind;
      throw new Error(`lower-llvm: unknown conversion ${String(never)}`);
    }
  }
}

/**
 * `dst = src` hidden behind an empty inline asm (`sideeffect`, so neither the
 * asm nor the computation feeding it can be deleted or folded) whose output
 * is tied to its input register (`=r,0`). Only integers and pointers live in
 * the general registers on every target, so a float crosses as its integer bits
 * and a bool as an i8.
 */
function opaque(s: FunctionScope, dst: LValue, src: LValue): string[] {
  const t = s.typeOf(src);
  const asm = (ty: string, v: string, out: string) => `${out} = call ${ty} asm sideeffect "", "=r,0"(${ty} ${v})`;
  if (t !== "f64" && t !== "f32" && t !== "bool") return [asm(llvmType(t), s.spell(src), s.spell(dst))];
  const [carrier, widen, narrow] = t === "f64" ? ["i64", "bitcast", "bitcast"] : t === "f32" ? ["i32", "bitcast", "bitcast"] : ["i8", "zext", "trunc"];
  const wide = s.temp(), hidden = s.temp();
  return [
    `${wide} = ${widen} ${operand(s, src)} to ${carrier}`,
    asm(carrier, wide, hidden),
    `${s.spell(dst)} = ${narrow} ${carrier} ${hidden} to ${llvmType(t)}`,
  ];
}

/** `, !range !N, !noundef !M` for a load whose values the facts bound; "" otherwise. */
function loadFacts(s: FunctionScope, inst: Extract<LInst, { op: "load" }>): string {
  if (inst.type === "f64" || inst.type === "f32" || inst.type === "ptr") return "";
  const r = s.facts()?.loadRange(inst);
  if (!r) return "";
  return `, !range ${s.ctx.node(rangeNode(inst.type, r))}, !noundef ${s.ctx.node("!{}")}`;
}

function call(s: FunctionScope, inst: Extract<LInst, { op: "call" }>): string {
  const callee = s.ctx.callee(inst.callee);
  if (inst.dsts.length > 1 || inst.dsts.length > callee.results.length) {
    throw new Error(`lower-llvm: call to ${inst.callee} defines ${inst.dsts.length} values but it has ${callee.results.length} results`);
  }
  const args = inst.args.map((a) => `${llvmParamType(s.typeOf(a))} ${s.spell(a)}`).join(", ");
  const text = `call ${llvmReturnType(callee.results, inst.callee)} ${globalName(inst.callee)}(${args})`;
  return inst.dsts.length === 1 ? `${s.spell(inst.dsts[0]!)} = ${text}` : text;
}

/** The LLVM lines of `inst` (none for constants and fixed addresses), unindented. */
export function printInst(s: FunctionScope, inst: LInst): string[] {
  const lines: string[] = [];
  switch (inst.op) {
    case "iconst": case "fconst": case "symbol_addr": case "func_addr":
      break;
    case "stack_addr":
      if (inst.offset !== 0) lines.push(`${s.spell(inst.dst)} = getelementptr inbounds i8, ptr %s${inst.slot}, i64 ${inst.offset}`);
      break;
    case "binary":
      lines.push(binaryLine(s, inst));
      break;
    case "unary":
      if (inst.kind === "floor" || inst.kind === "ceil" || inst.kind === "ftrunc" || inst.kind === "nearest") lines.push(...roundingLines(s, inst.kind, inst.dst, inst.src));
      else lines.push(unaryLine(s, inst));
      break;
    case "icmp":
      lines.push(`${s.spell(inst.dst)} = icmp ${inst.cc} ${operand(s, inst.a)}, ${s.spell(inst.b)}`);
      break;
    case "fcmp":
      lines.push(`${s.spell(inst.dst)} = fcmp ${FLOAT_CC[inst.cc]} ${operand(s, inst.a)}, ${s.spell(inst.b)}`);
      break;
    case "select":
      lines.push(`${s.spell(inst.dst)} = select ${operand(s, inst.cond)}, ${operand(s, inst.a)}, ${operand(s, inst.b)}`);
      break;
    case "convert":
      lines.push(convert(s, inst.kind, inst.dst, inst.src));
      break;
    case "load": {
      const addr = address(s, inst.addr, inst.offset, lines);
      lines.push(`${s.spell(inst.dst)} = load ${llvmType(inst.type)}, ptr ${addr}, align ${inst.unaligned ? 1 : alignOf(inst.type, "load")}${loadFacts(s, inst)}`);
      break;
    }
    case "store": {
      const addr = address(s, inst.addr, inst.offset, lines);
      lines.push(`store ${operand(s, inst.value)}, ptr ${addr}, align ${inst.unaligned ? 1 : alignOf(s.typeOf(inst.value), "store")}`);
      break;
    }
    case "ptr_add":
      lines.push(`${s.spell(inst.dst)} = getelementptr i8, ptr ${s.spell(inst.base)}, ${operand(s, inst.offset)}`);
      break;
    case "call":
      lines.push(call(s, inst));
      break;
    case "call_indirect": {
      // Opaque pointers: the call names its function type, read off the arguments and results.
      if (inst.dsts.length > 1) throw new Error(`lower-llvm: call_indirect defines ${inst.dsts.length} values`);
      const args = inst.args.map((a) => `${llvmParamType(s.typeOf(a))} ${s.spell(a)}`).join(", ");
      const text = `call ${llvmReturnType(inst.dsts.map((d) => s.typeOf(d)), "call_indirect")} ${s.spell(inst.callee)}(${args})`;
      lines.push(inst.dsts.length === 1 ? `${s.spell(inst.dsts[0]!)} = ${text}` : text);
      break;
    }
    case "opaque":
      lines.push(...opaque(s, inst.dst, inst.src));
      break;
    default: {
      const never: never = inst;
      throw new Error(`lower-llvm: unknown instruction ${(never as LInst).op}`);
    }
  }
  return lines;
}
