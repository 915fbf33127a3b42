/**
 * Vector instructions as C, on GCC's vector extensions: a CLIF vector is a
 * `vector_size` type of its lane type (unsigned for integers), and nearly
 * every instruction is a loop over the lanes with the scalar semantics
 * (wrapping, saturating, all-ones comparison lanes, NaN-propagating min and
 * max), so that each lane is spelled the way the scalar executor spells it.
 * Bitwise operations and bitcasts go through a byte view of the vector.
 * An instruction not listed here is an error, never a guess.
 */
import { type Inst, isFloat, isVector, laneCount, laneType, typeBits, type ValueType } from "../check/index.js";
import { type FloatFormat, parseFloatBits, parseIntImmediate } from "../check/lexer.js";
import { floatCompare, INT_CMP } from "./compare.js";
import { CLIFExecError, type FunctionContext } from "./instructions.js";

/** The C type of a lane. */
export function laneC(t: ValueType): string {
  const l = laneType(t);
  if (l === "f32") return "float";
  if (l === "f64") return "double";
  if (l === "f16" || l === "f128" || l === "i128") throw new CLIFExecError(0, t, `the executor does not run ${t} values`);
  return `uint${l.slice(1)}_t`;
}

/** The C type name of a vector type (a typedef from `vectorTypedefs`). */
export function vectorC(t: ValueType): string {
  laneC(t);
  return `fzv_${t}`;
}

/** Typedefs for the vector types in `types`, plus byte views. */
export function vectorTypedefs(types: Iterable<ValueType>): string[] {
  const out = new Set<string>();
  for (const t of types) {
    if (!isVector(t)) continue;
    const bytes = typeBits(t) / 8;
    out.add(`typedef uint8_t fzb${bytes} __attribute__((vector_size(${bytes})));`);
    out.add(`typedef ${laneC(t)} ${vectorC(t)} __attribute__((vector_size(${bytes})));`);
  }
  return [...out].sort();
}

const v = (n: number) => `v${n}`;
const signed = (n: number) => `int${n}_t`;

function loop(dst: string, lanes: number, expr: string): string {
  return `for (int i = 0; i < ${lanes}; i++) ${dst}[i] = ${expr};`;
}

/** Lane expression of a binary integer op on lanes `a`, `b` of `n` bits. */
function intLane(op: string, a: string, b: string, n: number, amount: string): string | undefined {
  const lt = `uint${n}_t`, st = signed(n), w = n < 32 ? "uint32_t" : lt, w2 = n < 64 ? "int64_t" : "__int128";
  const max = `((${st})(((${lt})1 << ${n - 1}) - 1))`, min = `((${st})((${lt})1 << ${n - 1}))`;
  const clampS = (e: string) => `(${lt})(${e} > ${max} ? ${max} : ${e} < ${min} ? ${min} : ${e})`;
  switch (op) {
    case "iadd": return `(${lt})((${w})${a} + (${w})${b})`;
    case "isub": return `(${lt})((${w})${a} - (${w})${b})`;
    case "imul": return `(${lt})((${w})${a} * (${w})${b})`;
    case "umulhi": return n < 64 ? `(${lt})(((uint64_t)${a} * (uint64_t)${b}) >> ${n})` : undefined;
    case "smulhi": return n < 64 ? `(${lt})(((int64_t)(${st})${a} * (int64_t)(${st})${b}) >> ${n})` : undefined;
    case "smin": return `(${st})${a} < (${st})${b} ? ${a} : ${b}`;
    case "smax": return `(${st})${a} > (${st})${b} ? ${a} : ${b}`;
    case "umin": return `${a} < ${b} ? ${a} : ${b}`;
    case "umax": return `${a} > ${b} ? ${a} : ${b}`;
    case "avg_round": return `(${lt})(((unsigned __int128)${a} + ${b} + 1) >> 1)`;
    case "uadd_sat": return `(${lt})((unsigned __int128)${a} + ${b} > (${lt})~(${lt})0 ? (${lt})~(${lt})0 : ${a} + ${b})`;
    case "usub_sat": return `(${lt})(${a} > ${b} ? ${a} - ${b} : 0)`;
    case "sadd_sat": return clampS(`((${w2})(${st})${a} + (${w2})(${st})${b})`);
    case "ssub_sat": return clampS(`((${w2})(${st})${a} - (${w2})(${st})${b})`);
    case "sqmul_round_sat": return n <= 32 ? clampS(`(((int64_t)(${st})${a} * (int64_t)(${st})${b} + ((int64_t)1 << ${n - 2})) >> ${n - 1})`) : undefined;
    case "ishl": return `(${lt})((${w})${a} << ${amount})`;
    case "ushr": return `(${lt})(${a} >> ${amount})`;
    case "sshr": return `(${lt})((${st})${a} >> ${amount})`;
    case "rotl": return `(${lt})((${w})${a} << ${amount} | (${w})${a} >> ((${n}u - ${amount}) & ${n - 1}u))`;
    case "rotr": return `(${lt})((${w})${a} >> ${amount} | (${w})${a} << ((${n}u - ${amount}) & ${n - 1}u))`;
    default: return undefined;
  }
}

/** One lane value as written (an integer or a float literal), as bits. */
export function laneValue(text: string, lt: ValueType): bigint | string {
  if (isFloat(lt)) return parseFloatBits(text, lt as FloatFormat);
  const x = parseIntImmediate(text, typeBits(lt));
  return typeof x === "string" ? x : BigInt.asUintN(typeBits(lt), x);
}

/** The bits of a vector value written as `[a b c d]` or one 0x number; lane 0 in the low bits. */
export function vectorBits(imm: string, t: ValueType): bigint | string {
  const bytes = vectorBytes(imm, t);
  return typeof bytes === "string" ? bytes : bytes.reduce((acc, b, i) => acc | (BigInt(b) << BigInt(8 * i)), 0n);
}

/** Lanes of a vector immediate (`[a b c]` or one 0x number), as a little-endian byte list. */
export function vectorBytes(imm: string, t: ValueType, lane = laneValue): number[] | string {
  const bytes = typeBits(t) / 8, n = typeBits(laneType(t));
  let bits = 0n;
  const s = imm.trim();
  if (s.startsWith("[")) {
    const lanes = s.slice(1, -1).trim().split(/\s+/).filter(Boolean);
    if (lanes.length !== laneCount(t)) return `${t} has ${laneCount(t)} lanes, the immediate ${lanes.length}`;
    for (let i = 0; i < lanes.length; i++) {
      const x = lane(lanes[i]!, laneType(t));
      if (typeof x === "string") return x;
      bits |= BigInt.asUintN(n, x) << BigInt(i * n);
    }
  } else if (/^0x[0-9a-fA-F_]+$/.test(s)) {
    bits = BigInt(s.replace(/_/g, ""));
    if (bits >> BigInt(bytes * 8)) return `${s} does not fit in ${t}`;
  } else return `the executor cannot read the vector immediate '${s}'`;
  return Array.from({ length: bytes }, (_, i) => Number((bits >> BigInt(8 * i)) & 0xffn));
}

/** C statements of a vector instruction, or undefined when none of its values is a vector. */
export function translateVector(cx: FunctionContext, inst: Inst): string[] | undefined {
  // Control flow and calls move vectors like any value: the scalar translation spells them.
  if (["multi_ary", "call", "call_indirect", "jump", "brif", "br_table", "opaque"].includes(inst.format)) return undefined;
  const resultTypes = inst.results.map((r) => cx.typeOf(r));
  const operands = "args" in inst ? (inst.args as readonly number[]) : "arg" in inst ? [inst.arg] : "value" in inst ? [inst.value] : [];
  const operandTypes = operands.map((a) => cx.typeOf(a));
  if (![...resultTypes, ...operandTypes].some(isVector) && !(inst.ctrl && isVector(inst.ctrl))) return undefined;
  const fail = (): never => { throw new CLIFExecError(inst.line, inst.text, `the executor has no translation for '${inst.opcode}' on vectors`); };
  const dst = inst.results.length === 1 ? v(inst.results[0]!) : "";
  const arg = (i: number) => (inst as Inst & { args: readonly number[] }).args[i]!;
  switch (inst.format) {
    case "binary": {
      const [a, b] = [arg(0), arg(1)];
      const t = cx.typeOf(a), n = typeBits(laneType(t)), lanes = laneCount(t), float = laneType(t).startsWith("f");
      if (inst.opcode === "band" || inst.opcode === "bor" || inst.opcode === "bxor") {
        const op = { band: "&", bor: "|", bxor: "^" }[inst.opcode], bv = `fzb${typeBits(t) / 8}`;
        return [`${dst} = (${vectorC(t)})((${bv})${v(a)} ${op} (${bv})${v(b)});`];
      }
      if (float) {
        const sfx = laneType(t) === "f32" ? "f" : "";
        const e: Record<string, string> = {
          fadd: `${v(a)}[i] + ${v(b)}[i]`, fsub: `${v(a)}[i] - ${v(b)}[i]`, fmul: `${v(a)}[i] * ${v(b)}[i]`, fdiv: `${v(a)}[i] / ${v(b)}[i]`,
          // A NaN lane gives the x86_64 backend's result (simd-fmax-fmin-nondeterministic-x86_64): fmin the
          // negative default NaN, fmax the default NaN with the sign of the NaN operand.
          fmin: `fz_vfmin${sfx}(${v(a)}[i], ${v(b)}[i])`, fmax: `fz_vfmax${sfx}(${v(a)}[i], ${v(b)}[i])`, fcopysign: `__builtin_copysign${sfx}(${v(a)}[i], ${v(b)}[i])`,
        };
        return e[inst.opcode] ? [loop(dst, lanes, e[inst.opcode]!)] : fail();
      }
      if (inst.opcode === "iadd_pairwise") {
        const h = lanes / 2;
        return [loop(dst, lanes, `(uint${n}_t)(i < ${h} ? (uint32_t)${v(a)}[2 * i] + ${v(a)}[2 * i + 1] : (uint32_t)${v(b)}[2 * (i - ${h})] + ${v(b)}[2 * (i - ${h}) + 1])`)];
      }
      if (inst.opcode === "snarrow" || inst.opcode === "unarrow" || inst.opcode === "uunarrow") {
        const m = n / 2, src = (i: string) => `(i < ${lanes} ? ${v(a)}[${i}] : ${v(b)}[${i} - ${lanes}])`;
        const x = inst.opcode === "uunarrow" ? `(uint64_t)${src("i")}` : `(int64_t)(${signed(n)})${src("i")}`;
        const [lo, hi] = inst.opcode === "snarrow" ? [`-(int64_t)((uint64_t)1 << ${m - 1})`, `(int64_t)(((uint64_t)1 << ${m - 1}) - 1)`] : ["0", `(int64_t)(((uint64_t)1 << ${m}) - 1)`];
        const clamp = inst.opcode === "uunarrow" ? `(${x} > (uint64_t)${hi} ? (uint64_t)${hi} : ${x})` : `(${x} < ${lo} ? ${lo} : ${x} > ${hi} ? ${hi} : ${x})`;
        return [loop(dst, lanes * 2, `(uint${m}_t)${clamp}`)];
      }
      if (inst.opcode === "swizzle") return [loop(dst, 16, `${v(b)}[i] < 16 ? ${v(a)}[${v(b)}[i]] : 0`)];
      const amount = `((unsigned)(${v(b)} & ${n - 1}u))`;
      const e = intLane(inst.opcode, `${v(a)}[i]`, `${v(b)}[i]`, n, amount);
      return e ? [loop(dst, lanes, e)] : fail();
    }
    case "unary": {
      const a = inst.arg, t = cx.typeOf(a), x = v(a);
      if (inst.opcode === "splat") return [loop(dst, laneCount(inst.ctrl!), x)];
      if (inst.opcode === "scalar_to_vector") return [`${dst} = (${vectorC(inst.ctrl!)}){0};`, `${dst}[0] = ${x};`];
      const n = typeBits(laneType(t)), lanes = laneCount(t), sfx = laneType(t) === "f32" ? "f" : "";
      switch (inst.opcode) {
        case "bnot": return [`${dst} = (${vectorC(t)})(~(fzb${typeBits(t) / 8})${x});`];
        case "ineg": return [loop(dst, lanes, `(uint${n}_t)(0 - (uint64_t)${x}[i])`)];
        case "iabs": return [loop(dst, lanes, `(${signed(n)})${x}[i] < 0 ? (uint${n}_t)(0 - (uint64_t)${x}[i]) : ${x}[i]`)];
        case "popcnt": return [loop(dst, lanes, `fz_popcnt${n}(${x}[i])`)];
        case "fneg": return [loop(dst, lanes, `-${x}[i]`)];
        case "fabs": return [loop(dst, lanes, `__builtin_fabs${sfx}(${x}[i])`)];
        case "sqrt": return [loop(dst, lanes, `__builtin_sqrt${sfx}(${x}[i])`)];
        case "ceil": case "floor": case "trunc": return [loop(dst, lanes, `__builtin_${inst.opcode}${sfx}(${x}[i])`)];
        case "nearest": return [loop(dst, lanes, `__builtin_roundeven${sfx}(${x}[i])`)];
        case "vany_true": case "vall_true": {
          // Lanes are tested as bits (-0.0 is true), through an integer copy.
          const all = inst.opcode === "vall_true";
          return [`{ uint${n}_t l_[${lanes}]; __builtin_memcpy(l_, &${x}, sizeof l_); ${dst} = ${all ? 1 : 0}; for (int i = 0; i < ${lanes}; i++) ${dst} ${all ? "&=" : "|="} l_[i] != 0; }`];
        }
        case "vhigh_bits":
          if (laneType(t).startsWith("f")) return fail();
          return [`${dst} = 0;`, `for (int i = 0; i < ${lanes}; i++) ${dst} |= (uint64_t)((${x}[i] >> ${n - 1}) & 1) << i;`];
        case "swiden_low": case "swiden_high": case "uwiden_low": case "uwiden_high": {
          const off = inst.opcode.endsWith("high") ? lanes / 2 : 0, m = n * 2;
          const e = inst.opcode.startsWith("s") ? `(uint${m}_t)(${signed(m)})(${signed(n)})${x}[i + ${off}]` : `(uint${m}_t)${x}[i + ${off}]`;
          return [loop(dst, lanes / 2, e)];
        }
        case "fvdemote": return [`${dst} = (${vectorC("f32x4")}){0};`, loop(dst, 2, `(float)${x}[i]`)];
        case "fvpromote_low": return [loop(dst, 2, `(double)${x}[i]`)];
        case "fcvt_from_sint": return [loop(dst, lanes, `(${laneC(inst.ctrl!)})(${signed(n)})${x}[i]`)];
        case "fcvt_from_uint": return [loop(dst, lanes, `(${laneC(inst.ctrl!)})${x}[i]`)];
        case "fcvt_to_sint_sat": return [loop(dst, lanes, `fz_fcvt_sat${typeBits(laneType(inst.ctrl!))}((double)${x}[i])`)];
        case "fcvt_to_uint_sat": return [loop(dst, lanes, `fz_fcvt_usat${typeBits(laneType(inst.ctrl!))}((double)${x}[i])`)];
        default: return fail();
      }
    }
    case "int_compare": case "float_compare": {
      const [a, b] = [arg(0), arg(1)];
      const t = cx.typeOf(a), n = typeBits(laneType(t)), lanes = laneCount(t);
      let cond: string | undefined;
      if (inst.format === "int_compare") {
        const [op, sg] = INT_CMP[inst.cc]!;
        const c = sg ? `(${signed(n)})` : "";
        cond = `${c}${v(a)}[i] ${op} ${c}${v(b)}[i]`;
      } else cond = floatCompare(inst.cc, `${v(a)}[i]`, `${v(b)}[i]`);
      return [loop(dst, lanes, `(${cond}) ? (uint${n}_t)~(uint${n}_t)0 : 0`)];
    }
    case "ternary": {
      if (inst.opcode === "select" || inst.opcode === "select_spectre_guard") return [`${dst} = ${v(arg(0))} != 0 ? ${v(arg(1))} : ${v(arg(2))};`];
      const t = cx.typeOf(arg(1)), bv = `fzb${typeBits(t) / 8}`;
      if (inst.opcode === "bitselect") return [`${dst} = (${vectorC(t)})(((${bv})${v(arg(1))} & (${bv})${v(arg(0))}) | ((${bv})${v(arg(2))} & ~(${bv})${v(arg(0))}));`];
      if (inst.opcode === "fma") return [loop(dst, laneCount(t), `__builtin_fma${laneType(t) === "f32" ? "f" : ""}(${v(arg(0))}[i], ${v(arg(1))}[i], ${v(arg(2))}[i])`)];
      return fail();
    }
    case "binary_imm8": return [`${dst} = ${v(inst.arg)}[${inst.imm}];`];
    case "ternary_imm8": return [`${dst} = ${v(inst.args[0])};`, `${dst}[${inst.imm}] = ${v(inst.args[1])};`];
    case "shuffle": {
      const mask = vectorBytes(inst.imm, "i8x16");
      if (typeof mask === "string") throw new CLIFExecError(inst.line, inst.text, mask);
      return [`{ static const uint8_t m_[16] = { ${mask.join(", ")} }; ${loop(dst, 16, `m_[i] < 16 ? ${v(inst.args[0])}[m_[i]] : m_[i] < 32 ? ${v(inst.args[1])}[m_[i] - 16] : 0`)} }`];
    }
    case "unary_const": {
      const bytes = vectorBytes(inst.imm, inst.ctrl!);
      if (typeof bytes === "string") throw new CLIFExecError(inst.line, inst.text, bytes);
      return [`{ static const uint8_t c_[${bytes.length}] = { ${bytes.join(", ")} }; __builtin_memcpy(&${dst}, c_, sizeof ${dst}); }`];
    }
    case "load_no_offset": // bitcast
      if (inst.opcode !== "bitcast") return fail();
      return [`__builtin_memcpy(&${dst}, &${v(inst.arg)}, sizeof ${dst});`];
    case "load": {
      const addr = `fz_addr(${v(inst.addr)}, ${inst.offset})`;
      const m = /^([us])load(8|16|32)x(8|4|2)$/.exec(inst.opcode);
      if (!m) return [`__builtin_memcpy(&${dst}, ${addr}, sizeof ${dst});`];
      const n = Number(m[2]), lanes = Number(m[3]), wide = 2 * n;
      const e = m[1] === "s" ? `(uint${wide}_t)(${signed(wide)})(${signed(n)})m_[i]` : `(uint${wide}_t)m_[i]`;
      return [`{ uint${n}_t m_[${lanes}]; __builtin_memcpy(m_, ${addr}, sizeof m_); ${loop(dst, lanes, e)} }`];
    }
    case "store":
      return [`__builtin_memcpy(fz_addr(${v(inst.addr)}, ${inst.offset}), &${v(inst.value)}, sizeof ${v(inst.value)});`];
    default:
      return fail();
  }
}
