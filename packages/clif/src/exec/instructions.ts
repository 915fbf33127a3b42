/**
 * One CLIF instruction as C statements, with Cranelift's semantics:
 * integer arithmetic wraps (narrow types are widened to uint32_t first, so
 * C's promotion to int cannot overflow), shift amounts are taken modulo the
 * width, comparisons give 0 or 1 in an i8, loads and stores copy bytes at
 * address + offset, and branches pass block arguments through temporaries
 * (a parallel copy) before the `goto`. An instruction the executor cannot
 * spell is an error naming its line and text, never a guess.
 */
import type { BlockCall, FunctionAst, Inst, Signature, ValueType } from "../check/index.js";
import { isFloat, isVector, OPCODES, typeBits } from "../check/index.js";
import { floatCompare, INT_CMP } from "./compare.js";
import { translateVector, vectorC } from "./vector.js";

/** Thrown for CLIF the executor cannot translate. */
export class CLIFExecError extends Error {
  constructor(readonly line: number, readonly text: string, message: string) {
    super(`line ${line}: ${message}: '${text}'`);
    this.name = "CLIFExecError";
  }
}

/** The unsigned C type that holds a CLIF value. */
export function cType(t: ValueType): string {
  if (isVector(t)) return vectorC(t);
  switch (t) {
    case "i8": case "i16": case "i32": case "i64": return `uint${t.slice(1)}_t`;
    case "i128": return "unsigned __int128";
    case "f32": return "float";
    case "f64": return "double";
    default: throw new CLIFExecError(0, t, `the executor does not run ${t} values`);
  }
}

/** The C type of a value at a call boundary (the C ABI spelling of the CLIF type). */
export function abiType(t: ValueType): string {
  return isFloat(t) || isVector(t) ? cType(t) : t === "i128" ? "__int128" : (cType(t), `int${t.slice(1)}_t`);
}

/** The signed C type of an n-bit integer. */
function sType(n: number): string {
  return n === 128 ? "__int128" : `int${n}_t`;
}

function bits(t: ValueType): number {
  return typeBits(t);
}

/** What translating a function's instructions needs to know. */
export interface FunctionContext {
  readonly fn: FunctionAst;
  typeOf(v: number): ValueType;
  /** C expression naming the callee of a function reference (`fzf_name` or `fzx_name`). */
  callee(fnRef: number): string;
  /** C expression for the address of a global value's symbol (as uint64_t). */
  symbolAddress(gv: number): string;
  /** The C type returning several results, for a signature with more than one. */
  resultStruct(results: readonly ValueType[]): string;
  /** Parameter names of a block, in order. */
  blockParams(block: number): readonly number[];
}

const v = (n: number) => `v${n}`;

function int(cx: FunctionContext, inst: Inst, value: number): ValueType {
  const t = cx.typeOf(value);
  if (isFloat(t)) throw new CLIFExecError(inst.line, inst.text, `v${value} is ${t} where an integer is needed`);
  return t;
}

function binary(cx: FunctionContext, inst: Inst & { format: "binary" }, dst: string): string {
  const [a, b] = inst.args;
  const t = cx.typeOf(a);
  const ct = cType(t), n = bits(t);
  if (isFloat(t)) {
    const op = { fadd: "+", fsub: "-", fmul: "*", fdiv: "/" }[inst.opcode as "fadd"];
    const sfx = t === "f32" ? "f" : "";
    if (inst.opcode === "band" || inst.opcode === "bor" || inst.opcode === "bxor") {
      const op = { band: "&", bor: "|", bxor: "^" }[inst.opcode];
      return viaBits(t, dst, (u) => `${u}(${v(a)}) ${op} ${u}(${v(b)})`);
    }
    if (inst.opcode === "fcopysign") return `${dst} = __builtin_copysign${sfx}(${v(a)}, ${v(b)});`;
    if (inst.opcode === "fmin" || inst.opcode === "fmax") return `${dst} = fz_${inst.opcode}${sfx}(${v(a)}, ${v(b)});`;
    if (!op) throw new CLIFExecError(inst.line, inst.text, `the executor has no translation for ${inst.opcode} on ${t}`);
    return `${dst} = ${v(a)} ${op} ${v(b)};`;
  }
  // Narrow operands go through uint32_t: C would promote them to (signed) int, where a product can overflow.
  const wide = n < 32 ? "uint32_t" : ct;
  const arith = (op: string) => `${dst} = (${ct})((${wide})${v(a)} ${op} (${wide})${v(b)});`;
  const amount = `((unsigned)(${v(b)} & ${n - 1}u))`;
  switch (inst.opcode) {
    case "iadd": return arith("+");
    case "isub": return arith("-");
    case "imul": return arith("*");
    case "band": return arith("&");
    case "bor": return arith("|");
    case "bxor": return arith("^");
    case "sdiv": case "srem": case "udiv": case "urem":
      return `${dst} = fz_${inst.opcode}${n}(${v(a)}, ${v(b)});`;
    case "smin": case "smax": return `${dst} = (int${n === 128 ? "128" : n}_t)${v(a)} ${inst.opcode === "smin" ? "<" : ">"} (int${n === 128 ? "128" : n}_t)${v(b)} ? ${v(a)} : ${v(b)};`.replace(/int128_t/g, "__int128");
    case "umulhi": case "smulhi": {
      if (n > 64) break;
      const [w, c] = inst.opcode === "umulhi" ? [n < 64 ? "uint64_t" : "unsigned __int128", ""] : [n < 64 ? "int64_t" : "__int128", `(${sType(n)})`];
      return `${dst} = (${ct})(((${w})${c}${v(a)} * (${w})${c}${v(b)}) >> ${n});`;
    }
    case "umin": case "umax": return `${dst} = ${v(a)} ${inst.opcode === "umin" ? "<" : ">"} ${v(b)} ? ${v(a)} : ${v(b)};`;
    case "rotl": return `${dst} = (${ct})((${wide})${v(a)} << ${amount} | (${wide})${v(a)} >> ((${n}u - ${amount}) & ${n - 1}u));`;
    case "rotr": return `${dst} = (${ct})((${wide})${v(a)} >> ${amount} | (${wide})${v(a)} << ((${n}u - ${amount}) & ${n - 1}u));`;
    case "ishl": return `${dst} = (${ct})((${wide})${v(a)} << ${amount});`;
    case "ushr": return `${dst} = (${ct})(${v(a)} >> ${amount});`;
    case "sshr": return `${dst} = (${ct})((${n === 128 ? "__int128" : `int${n}_t`})${v(a)} >> ${amount});`;
    default: break;
  }
  throw new CLIFExecError(inst.line, inst.text, `the executor has no translation for ${inst.opcode} on ${t}`);
}

function convert(cx: FunctionContext, inst: Inst & { format: "unary" }, dst: string): string {
  const from = cx.typeOf(inst.arg), to = inst.ctrl!;
  const x = v(inst.arg);
  const same = unarySame(cx, inst, dst);
  if (same !== undefined) return same;
  if (to === undefined) throw new CLIFExecError(inst.line, inst.text, `the executor has no translation for ${inst.opcode} on ${from}`);
  switch (inst.opcode) {
    case "uextend": case "ireduce": return `${dst} = (${cType(to)})${x};`;
    case "sextend": return `${dst} = (${cType(to)})(${sType(bits(to))})(${sType(bits(from))})${x};`;
    case "fcvt_to_sint_sat": return `${dst} = fz_fcvt_sat${bits(to)}((double)${x});`;
    case "fcvt_to_uint_sat": return `${dst} = fz_fcvt_usat${bits(to)}((double)${x});`;
    case "fcvt_to_sint": return `${dst} = fz_fcvt_s${bits(to)}((double)${x});`;
    case "fcvt_to_uint": return `${dst} = fz_fcvt_u${bits(to)}((double)${x});`;
    case "fcvt_from_sint": return `${dst} = (${cType(to)})(${sType(bits(from))})${x};`;
    case "bmask": return `${dst} = ${x} != 0 ? (${cType(to)})~(${cType(to)})0 : 0;`;
    case "fcvt_from_uint": return `${dst} = (${cType(to)})(${cType(from)})${x};`; // a parameter may be held signed
    case "fpromote": case "fdemote": return `${dst} = (${cType(to)})${x};`;
    default: break;
  }
  throw new CLIFExecError(inst.line, inst.text, `the executor has no translation for ${inst.opcode} from ${from} to ${to}`);
}

/** A bitwise operation on a float's bits: `op(bitsOf)` builds the expression from a function of an operand. */
function viaBits(t: ValueType, dst: string, op: (bitsOf: string) => string): string {
  const ut = `uint${bits(t)}_t`;
  return `{ ${ut} r_ = (${ut})(${op(`fz_bits${bits(t)}`)}); __builtin_memcpy(&${dst}, &r_, sizeof r_); }`;
}

/** Unary operations that keep the type. */
function unarySame(cx: FunctionContext, inst: Inst & { format: "unary" }, dst: string): string | undefined {
  const t = cx.typeOf(inst.arg), x = v(inst.arg), ct = cType(t), n = bits(t);
  const sfx = t === "f32" ? "f" : "";
  switch (inst.opcode) {
    case "ineg": return `${dst} = (${ct})(0 - (${n < 32 ? "uint32_t" : ct})${x});`;
    case "bnot": return isFloat(t) ? viaBits(t, dst, (u) => `~${u}(${x})`) : `${dst} = (${ct})~${x};`;
    case "iabs": return `${dst} = (${n === 128 ? "__int128" : `int${n}_t`})${x} < 0 ? (${ct})(0 - (${n < 32 ? "uint32_t" : ct})${x}) : ${x};`;
    case "popcnt": case "clz": case "ctz": case "cls": case "bitrev": case "bswap":
      return isFloat(t) ? undefined : `${dst} = fz_${inst.opcode}${n}(${x});`;
    case "fneg": return `${dst} = -${x};`;
    case "fabs": return `${dst} = __builtin_fabs${sfx}(${x});`;
    case "sqrt": return `${dst} = __builtin_sqrt${sfx}(${x});`;
    case "ceil": case "floor": case "trunc": return `${dst} = __builtin_${inst.opcode}${sfx}(${x});`;
    case "nearest": return `${dst} = __builtin_roundeven${sfx}(${x});`;
    default: return undefined;
  }
}

/** `{ T t0 = a; ... vP = t0; ... goto blockN; }`: block arguments as a parallel copy. */
export function edge(cx: FunctionContext, call: BlockCall): string {
  const params = cx.blockParams(call.block);
  if (!call.args.length) return `goto block${call.block};`;
  const temps = call.args.map((a, i) => `${cType(cx.typeOf(a))} t${i} = ${v(a)};`);
  const moves = params.map((p, i) => `${v(p)} = t${i};`);
  return `{ ${[...temps, ...moves].join(" ")} goto block${call.block}; }`;
}

function callText(cx: FunctionContext, inst: Inst, target: string, sig: Signature, args: readonly number[]): string[] {
  const call = `${target}(${args.map((a, i) => `(${abiType(sig.params[i]!)})${v(a)}`).join(", ")})`;
  // A tail call returns what the callee returns (the checker made sure the result types agree).
  if (inst.opcode.startsWith("return_call")) return [sig.results.length ? `return ${call};` : `${call}; return;`];
  if (inst.results.length === 0) return [`${call};`];
  if (inst.results.length === 1) return [`${v(inst.results[0]!)} = (${cType(sig.results[0]!)})${call};`];
  const fields = inst.results.map((r, i) => `${v(r)} = (${cType(sig.results[i]!)})r.r${i};`);
  return [`{ ${cx.resultStruct(sig.results)} r = ${call}; ${fields.join(" ")} }`];
}

/**
 * Instructions with flag results or halves: the overflow family through the
 * compiler's checked arithmetic (`__builtin_add_overflow` and kin, exact at
 * every width), carries chained through two steps (signed overflow of a sum
 * with a 0/1 carry is the exclusive or of the two steps' overflows), and
 * iconcat/isplit through the double-width type.
 */
function flagged(cx: FunctionContext, inst: Inst): string[] | undefined {
  const r = inst.results.map(v);
  const op = /^([us])(add|sub|mul)_overflow(_cin|_bin|_trap)?$/.exec(inst.opcode);
  if (op && "args" in inst) {
    const [a, b, c] = inst.args as readonly number[];
    const t = cx.typeOf(a!), n = bits(t), ct = cType(t);
    const w = op[1] === "s" ? sType(n) : ct;
    const builtin = `__builtin_${op[2]}_overflow`;
    if (op[3] === "_trap") return [`{ ${w} t_; if (${builtin}((${w})${v(a!)}, (${w})${v(b!)}, &t_)) __builtin_trap(); ${r[0]} = (${ct})t_; }`];
    if (!op[3]) return [`{ ${w} t_; ${r[1]} = (uint8_t)${builtin}((${w})${v(a!)}, (${w})${v(b!)}, &t_); ${r[0]} = (${ct})t_; }`];
    const combine = op[1] === "s" ? "^" : "|";
    return [`{ ${w} t_; uint8_t o1_ = ${builtin}((${w})${v(a!)}, (${w})${v(b!)}, &t_); uint8_t o2_ = ${builtin}(t_, (${w})(${v(c!)} != 0), &t_); ${r[1]} = (uint8_t)(o1_ ${combine} o2_); ${r[0]} = (${ct})t_; }`];
  }
  if (inst.opcode === "iconcat" && inst.format === "binary") {
    const n = bits(cx.typeOf(inst.args[0]));
    const wide = cType(`i${2 * n}` as ValueType);
    return [`${r[0]} = (${wide})((${wide})${v(inst.args[1])} << ${n}) | (${wide})${v(inst.args[0])};`];
  }
  if (inst.opcode === "isplit" && inst.format === "unary") {
    const n = bits(cx.typeOf(inst.arg)) / 2;
    const half = cType(`i${n}` as ValueType);
    return [`${r[0]} = (${half})${v(inst.arg)}; ${r[1]} = (${half})(${v(inst.arg)} >> ${n});`];
  }
  return undefined;
}

/**
 * Atomics as GCC's `__atomic` builtins, sequentially consistent as
 * Cranelift's are; min and max through a compare-and-swap loop.
 */
function atomic(cx: FunctionContext, inst: Inst): string[] | undefined {
  const r = inst.results.map(v);
  switch (inst.format) {
    case "atomic_rmw": {
      const t = inst.ctrl!, ct = cType(t), p = `(${ct} *)fz_addr(${v(inst.addr)}, 0)`, x = v(inst.value);
      const fetch: Record<string, string> = { add: "add", sub: "sub", and: "and", or: "or", xor: "xor", nand: "nand" };
      const old = r[0] ?? "(void)0";
      if (fetch[inst.op]) return [`${r[0] ? `${old} = ` : ""}__atomic_fetch_${fetch[inst.op]}(${p}, ${x}, __ATOMIC_SEQ_CST);`];
      if (inst.op === "xchg") return [`${r[0] ? `${old} = ` : ""}__atomic_exchange_n(${p}, ${x}, __ATOMIC_SEQ_CST);`];
      const signed = inst.op.startsWith("s"), st = sType(bits(t));
      const less = inst.op.endsWith("min");
      const cmp = signed ? `(${st})x_ ${less ? "<" : ">"} (${st})o_` : `x_ ${less ? "<" : ">"} o_`;
      return [`{ ${ct} *p_ = ${p}; ${ct} x_ = ${x}; ${ct} o_ = __atomic_load_n(p_, __ATOMIC_SEQ_CST); while (!__atomic_compare_exchange_n(p_, &o_, ${cmp} ? x_ : o_, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {} ${r[0] ? `${r[0]} = o_;` : ""} }`];
    }
    case "atomic_cas": {
      const ct = cType(cx.typeOf(inst.args[0]));
      return [`{ ${ct} e_ = ${v(inst.args[0])}; __atomic_compare_exchange_n((${ct} *)fz_addr(${v(inst.addr)}, 0), &e_, ${v(inst.args[1])}, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); ${r[0]} = e_; }`];
    }
    case "store_no_offset": {
      const ct = cType(cx.typeOf(inst.value));
      return [`__atomic_store_n((${ct} *)fz_addr(${v(inst.addr)}, 0), ${v(inst.value)}, __ATOMIC_SEQ_CST);`];
    }
    case "nullary":
      return inst.opcode === "fence" ? ["__atomic_thread_fence(__ATOMIC_SEQ_CST);"] : inst.opcode === "nop" ? [] : undefined;
    default:
      return undefined;
  }
}

/** The C statements of one instruction. */
export function translateInst(cx: FunctionContext, inst: Inst): string[] {
  if ("flags" in inst && inst.flags.includes("big")) throw new CLIFExecError(inst.line, inst.text, "the executor runs little-endian memory accesses only");
  const special = translateVector(cx, inst) ?? flagged(cx, inst) ?? atomic(cx, inst);
  if (special) return special;
  const dst = inst.results.length === 1 ? v(inst.results[0]!) : "";
  const ct = inst.ctrl ? cType(inst.ctrl) : "";
  const info = OPCODES[inst.opcode];
  switch (inst.format) {
    case "unary_imm": {
      const n = BigInt(bits(inst.ctrl!));
      return [`${dst} = (${ct})0x${BigInt.asUintN(Number(n), inst.imm).toString(16)}ULL;`];
    }
    case "unary_ieee":
      if (inst.type !== "f64" && inst.type !== "f32") break;
      return [`${dst} = fz_${inst.type}_from_bits(0x${inst.bits.toString(16)}ULL);`];
    case "binary":
      return [binary(cx, inst, dst)];
    case "int_compare": {
      const [a, b] = inst.args;
      const t = int(cx, inst, a);
      const [op, signed] = INT_CMP[inst.cc]!;
      const cast = signed ? `(${sType(bits(t))})` : "";
      return [`${dst} = (uint8_t)(${cast}${v(a)} ${op} ${cast}${v(b)});`];
    }
    case "float_compare": {
      const cmp = floatCompare(inst.cc, v(inst.args[0]), v(inst.args[1]));
      if (!cmp) throw new CLIFExecError(inst.line, inst.text, `unknown float condition ${inst.cc}`);
      return [`${dst} = (uint8_t)(${cmp});`];
    }
    case "ternary":
      if (inst.opcode === "fma") return [`${dst} = __builtin_fma${inst.ctrl === "f32" || cx.typeOf(inst.args[0]) === "f32" ? "f" : ""}(${v(inst.args[0])}, ${v(inst.args[1])}, ${v(inst.args[2])});`];
      if (inst.opcode === "bitselect" && !isFloat(cx.typeOf(inst.args[1]))) return [`${dst} = (${v(inst.args[1])} & ${v(inst.args[0])}) | (${v(inst.args[2])} & ~${v(inst.args[0])});`];
      if (inst.opcode !== "select" && inst.opcode !== "select_spectre_guard") break;
      return [`${dst} = ${v(inst.args[0])} != 0 ? ${v(inst.args[1])} : ${v(inst.args[2])};`];
    case "unary":
      return [convert(cx, inst, dst)];
    case "load_no_offset": {
      const from = cx.typeOf(inst.arg);
      if (inst.opcode === "atomic_load") return [`${dst} = __atomic_load_n((${ct} *)fz_addr(${v(inst.arg)}, 0), __ATOMIC_SEQ_CST);`];
      if (from === inst.ctrl) return [`${dst} = ${v(inst.arg)};`];
      return [`__builtin_memcpy(&${dst}, &${v(inst.arg)}, sizeof ${dst});`];
    }
    case "load": {
      const addr = `fz_addr(${v(inst.addr)}, ${inst.offset})`;
      if (!info.memBytes) return [`__builtin_memcpy(&${dst}, ${addr}, sizeof ${dst});`];
      const signed = inst.opcode.startsWith("s");
      const mem = `${signed ? "" : "u"}int${info.memBytes * 8}_t`;
      const widen = signed ? `(${ct})(int${bits(inst.ctrl!)}_t)` : `(${ct})`;
      return [`{ ${mem} m; __builtin_memcpy(&m, ${addr}, sizeof m); ${dst} = ${widen}m; }`];
    }
    case "store": {
      const addr = `fz_addr(${v(inst.addr)}, ${inst.offset})`;
      const mem = info.memBytes ? `uint${info.memBytes * 8}_t` : cType(cx.typeOf(inst.value));
      return [`{ ${mem} m = (${mem})${v(inst.value)}; __builtin_memcpy(${addr}, &m, sizeof m); }`];
    }
    case "stack_addr":
      return [`${dst} = (uint64_t)(uintptr_t)(ss${inst.slot} + ${inst.offset});`];
    case "global_value":
      return [`${dst} = ${cx.symbolAddress(inst.gv)};`];
    case "func_addr":
      return [`${dst} = (uint64_t)(uintptr_t)&${cx.callee(inst.fn)};`];
    case "call":
      return callText(cx, inst, cx.callee(inst.fn), cx.fn.fns.get(inst.fn)!.sig, inst.args);
    case "call_indirect": {
      const sig = cx.fn.sigs.get(inst.sig)!.sig;
      const ret = sig.results.length === 0 ? "void" : sig.results.length === 1 ? abiType(sig.results[0]!) : cx.resultStruct(sig.results);
      const params = sig.params.length ? sig.params.map(abiType).join(", ") : "void";
      return callText(cx, inst, `((${ret} (*)(${params}))(uintptr_t)${v(inst.callee)})`, sig, inst.args);
    }
    case "jump":
      return [edge(cx, inst.dest)];
    case "brif":
      return [`if (${v(inst.cond)} != 0) ${edge(cx, inst.then)} else ${edge(cx, inst.else)}`];
    case "br_table": {
      // The index is an unsigned i32: anything past the table, negative values included, takes the default.
      const cases = inst.table.map((c, i) => `  case ${i}u: ${edge(cx, c)}`);
      return [`switch ((uint32_t)${v(inst.index)}) {`, ...cases, `  default: ${edge(cx, inst.default)}`, "}"];
    }
    case "multi_ary": {
      const res = cx.fn.sig.results;
      if (res.length === 0) return ["return;"];
      if (res.length === 1) return [`return (${abiType(res[0]!)})${v(inst.args[0]!)};`];
      const fields = inst.args.map((a, i) => `r.r${i} = (${abiType(res[i]!)})${v(a)};`);
      return [`{ ${cx.resultStruct(res)} r; ${fields.join(" ")} return r; }`];
    }
    case "trap":
      return ["__builtin_trap();"];
    case "cond_trap":
      return [`if (${v(inst.arg)} ${inst.opcode === "trapz" ? "==" : "!="} 0) __builtin_trap();`];
    default:
      break;
  }
  throw new CLIFExecError(inst.line, inst.text, `the executor has no translation for '${inst.opcode}'`);
}
