/**
 * The interpreter's instruction compiler: each instruction becomes one
 * closure over register indices, chosen once by opcode and operand width, so
 * the run loop never dispatches on strings. A frame is one array `r`: values
 * at their ids, variables after them (at `varBase + var id`).
 *
 * Integer arithmetic for i8/i16/i32 works on sign-extended JS numbers: with
 * `s = 32 - bits`, `(x << s) >> s` wraps to the width and `(x << s) >>> s` is
 * the unsigned view, so one closure serves all three widths exactly (for i32
 * `s = 0`). i64 works on bigints wrapped with `BigInt.asIntN(64, ...)`.
 * Shift amounts are masked to the width; `| 0` after `/` and `%` truncates
 * toward zero and turns -0 into 0. The module is assumed verified.
 */
import type { Func, GlobalInit, Inst, ModuleIndex, ValueId } from "./module.js";
import { bigToF32, compileNumberOp } from "./interpreter-numbers.js";
import { isNumberOp } from "./numbers.js";
import type { Opcode } from "./opcodes.js";
import { rustReplace, rustTrim, utf8Length } from "./rust-str.js";
import { rustByteAt, rustFind, rustParseI64, rustSlice, rustSplit } from "./rust-str-ops.js";
import { arrayLimitTrap, boundsTrap, MAX_ARRAY_ELEMENTS, trap } from "./trap.js";
import type { IntBits, Type } from "./types.js";
import { IEnum, IFuncRef, IMap, IStruct, type IValue } from "./values.js";

/** A frame: values by id, then variables. */
export type Regs = IValue[];
/** One compiled instruction. */
export type Op = (r: Regs) => void;

/** What the instruction compiler needs from the interpreter. */
export interface OpContext {
  readonly ix: ModuleIndex;
  readonly func: Func;
  /** Register of variable 0. */
  readonly varBase: number;
  /**
   * The closure of a call the run loop does not handle itself (an import):
   * calls `name` with the values in `args` and stores the result in `dst`
   * (-1: none). Calls of module functions never reach compileInst.
   */
  call(name: string, args: readonly ValueId[], dst: number): Op;
  /** The cell of module global `name`: one per Interpreter, shared by every call (SPEC.md "Globals"). */
  global(name: string): { v: IValue };
}

const MIN64 = -(1n << 63n);

/** Compile one instruction of `cx.func`. */
export function compileInst(cx: OpContext, inst: Inst): Op {
  const d: number = inst.dst ?? -1;
  const [a, b, c] = inst.args as readonly number[] as [number, number, number];
  const typeOf = (v: number): Type => cx.func.values[v]!.type;
  const op: Opcode = inst.op;
  if (isNumberOp(op)) return compileNumberOp(inst as Inst & { op: typeof op }, typeOf(a), d, a, b);
  switch (op) {
    case "const": {
      const k = constValue(inst);
      return (r) => { r[d] = k; };
    }
    case "str.lit": {
      const k = inst.imm.kind === "str" ? inst.imm.value : "";
      return (r) => { r[d] = k; };
    }
    case "opaque": return (r) => { r[d] = r[a]; };
    case "add": case "sub": case "mul": case "sdiv": case "srem": case "udiv": case "urem":
    case "shl": case "lshr": case "ashr":
      return intBinary(op, bitsOf(typeOf(a)), d, a, b);
    case "and": case "or": case "xor":
      return typeOf(a).kind === "bool" ? boolBinary(op, d, a, b) : intBinary(op, bitsOf(typeOf(a)), d, a, b);
    case "not": {
      const t = typeOf(a);
      if (t.kind === "bool") return (r) => { r[d] = !r[a]; };
      if (bitsOf(t) === 64) return (r) => { r[d] = ~(r[a] as bigint); };
      return (r) => { r[d] = ~(r[a] as number); };
    }
    case "neg": {
      const t = typeOf(a);
      if (t.kind === "f64" || t.kind === "f32") return (r) => { r[d] = -(r[a] as number); };
      if (bitsOf(t) === 64) return (r) => { r[d] = BigInt.asIntN(64, -(r[a] as bigint)); };
      const s = 32 - bitsOf(t);
      return (r) => { r[d] = (-(r[a] as number) << s) >> s; };
    }
    case "fadd": case "fsub": case "fmul": case "fdiv": return floatBinary(op, typeOf(a).kind === "f32", d, a, b);
    case "icmp": return icmp(inst.imm.kind === "cc" ? inst.imm.cc : "", typeOf(a), d, a, b);
    case "fcmp": return fcmp(inst.imm.kind === "cc" ? inst.imm.cc : "", d, a, b);
    case "select": return (r) => { r[d] = r[a] ? r[b] : r[c]; };
    case "sext": case "zext": case "trunc": case "sitofp": case "fptosi":
      return convert(op, typeOf(a), inst.type!, d, a);
    case "get": {
      const v = cx.varBase + (inst.imm.kind === "var" ? inst.imm.var : 0);
      return (r) => { r[d] = r[v]; };
    }
    case "set": {
      const v = cx.varBase + (inst.imm.kind === "var" ? inst.imm.var : 0);
      return (r) => { r[v] = r[a]; };
    }
    case "call": return cx.call(inst.imm.kind === "func" ? inst.imm.name : "", inst.args, d);
    case "global.get": {
      const cell = cx.global(inst.imm.kind === "global" ? inst.imm.name : "");
      // An array global reads as a new array of its current elements, as array.lit of them would (SPEC.md "Globals").
      if (Array.isArray(cell.v)) return (r) => { r[d] = (cell.v as IValue[]).slice(); };
      return (r) => { r[d] = cell.v; };
    }
    case "global.set": {
      const cell = cx.global(inst.imm.kind === "global" ? inst.imm.name : "");
      // An array global takes a copy of the array's elements: a later array.set on %v leaves the global as it is.
      if (Array.isArray(cell.v)) return (r) => { cell.v = (r[a] as IValue[]).slice(); };
      return (r) => { cell.v = r[a]!; };
    }
    case "array.lit": {
      const args = inst.args.slice() as number[];
      const n = args.length;
      return (r) => {
        const out: IValue[] = new Array(n);
        for (let i = 0; i < n; i++) out[i] = r[args[i]!]!;
        r[d] = out;
      };
    }
    case "array.new": {
      const t = inst.type!;
      if (t.kind === "array") {
        const n = t.len;
        if (n > MAX_ARRAY_ELEMENTS) return () => { throw arrayLimitTrap(n); };
        return (r) => { r[d] = new Array<IValue>(n).fill(r[a]!); };
      }
      return (r) => { r[d] = []; };
    }
    case "array.get":
      return (r) => {
        const arr = r[a] as IValue[], i = r[b] as number;
        if (i >= 0 && i < arr.length) r[d] = arr[i]!;
        else throw boundsTrap(arr.length, i);
      };
    case "array.set":
      return (r) => {
        const arr = r[a] as IValue[], i = r[b] as number;
        if (i >= 0 && i < arr.length) arr[i] = r[c]!;
        else throw boundsTrap(arr.length, i);
      };
    case "array.len": return (r) => { r[d] = (r[a] as IValue[]).length; };
    case "array.push":
      return (r) => {
        const arr = r[a] as IValue[];
        if (arr.length >= MAX_ARRAY_ELEMENTS) throw arrayLimitTrap(arr.length + 1);
        arr.push(r[b]!);
      };
    case "struct.new": {
      const def = cx.ix.structs.get(inst.imm.kind === "struct" ? inst.imm.name : "")!;
      const args = inst.args.slice() as number[];
      const n = args.length;
      return (r) => {
        const fields: IValue[] = new Array(n);
        for (let i = 0; i < n; i++) fields[i] = r[args[i]!]!;
        r[d] = new IStruct(def, fields);
      };
    }
    case "struct.get": {
      const k = fieldIndex(cx, typeOf(a), inst);
      return (r) => { r[d] = (r[a] as IStruct).fields[k]!; };
    }
    case "struct.set": {
      const k = fieldIndex(cx, typeOf(a), inst);
      return (r) => { (r[a] as IStruct).fields[k] = r[b]!; };
    }
    case "enum.new": {
      const imm = inst.imm.kind === "variant" ? inst.imm : { enumName: "", variant: "" };
      const def = cx.ix.enums.get(imm.enumName)!;
      const tag = def.variants.findIndex((v) => v.name === imm.variant);
      if (inst.args.length === 0) {
        const k = new IEnum(def, tag, undefined); // immutable, so one object serves every evaluation
        return (r) => { r[d] = k; };
      }
      return (r) => { r[d] = new IEnum(def, tag, r[a]); };
    }
    case "enum.tag": return (r) => { r[d] = (r[a] as IEnum).tag; };
    case "enum.payload": {
      const t = typeOf(a);
      const def = cx.ix.enums.get(t.kind === "enum" ? t.name : "")!;
      const tag = def.variants.findIndex((v) => inst.imm.kind === "variant" && v.name === inst.imm.variant);
      return (r) => {
        const e = r[a] as IEnum;
        if (e.tag !== tag) throw trap("payload");
        r[d] = e.payload!;
      };
    }
    case "str.len": return (r) => { r[d] = utf8Length(r[a] as string); };
    case "str.eq": return (r) => { r[d] = r[a] === r[b]; };
    case "str.trim": return (r) => { r[d] = rustTrim(r[a] as string); };
    case "str.replace": return (r) => { r[d] = rustReplace(r[a] as string, r[b] as string, r[c] as string); };
    case "str.contains": return (r) => { r[d] = (r[a] as string).includes(r[b] as string); };
    case "str.starts_with": return (r) => { r[d] = (r[a] as string).startsWith(r[b] as string); };
    case "str.ends_with": return (r) => { r[d] = (r[a] as string).endsWith(r[b] as string); };
    case "str.concat": return (r) => { r[d] = (r[a] as string) + (r[b] as string); };
    case "func.ref": {
      const k = new IFuncRef(inst.imm.kind === "func" ? inst.imm.name : "");
      return (r) => { r[d] = k; };
    }
    case "call.indirect": throw new Error("interpreter: call.indirect is a call site of the run loop, not an op");
    case "map.new": return (r) => { r[d] = new IMap(); };
    case "map.get": return (r) => { r[d] = (r[a] as IMap).get(r[b]!) ?? r[c]!; };
    case "map.set": return (r) => { (r[a] as IMap).set(r[b]!, r[c]!); };
    case "map.has": return (r) => { r[d] = (r[a] as IMap).has(r[b]!); };
    case "map.remove": return (r) => { (r[a] as IMap).delete(r[b]!); };
    case "map.len": return (r) => { r[d] = (r[a] as IMap).size; };
    case "map.key_at": case "map.value_at": {
      const part = op === "map.key_at" ? 0 : 1;
      return (r) => {
        const m = r[a] as IMap, i = r[b] as number;
        if (i >= 0 && i < m.size) r[d] = m.at(i)[part];
        else throw boundsTrap(m.size, i);
      };
    }
    // String operations (rust-str-ops.ts is their definition).
    case "str.slice": return (r) => { r[d] = rustSlice(r[a] as string, r[b] as number, r[c] as number); };
    case "str.find": return (r) => { r[d] = rustFind(r[a] as string, r[b] as string); };
    case "str.byte_at": return (r) => { r[d] = rustByteAt(r[a] as string, r[b] as number); };
    case "str.split": return (r) => { r[d] = rustSplit(r[a] as string, r[b] as string); };
    case "str.join": return (r) => { r[d] = (r[a] as string[]).join(r[b] as string); };
    case "str.from_int": return (r) => { r[d] = String(r[a]); };
    case "str.parse_int": return (r) => { r[d] = rustParseI64(r[a] as string).value; };
    case "str.parse_error": return (r) => { r[d] = rustParseI64(r[a] as string).error; };
    default: {
      const never: never = op;
      throw new Error(`interpreter: unhandled opcode ${String(never)}`);
    }
  }
}

/**
 * f64 and f32 arithmetic. An f32 result is the binary64 result rounded to
 * binary32: exact, since binary64 carries more than 2 * 24 + 2 bits
 * (Figueroa, "When is double rounding innocuous?", 1995).
 */
function floatBinary(op: "fadd" | "fsub" | "fmul" | "fdiv", f32: boolean, d: number, a: number, b: number): Op {
  switch (op) {
    case "fadd": return f32 ? (r) => { r[d] = Math.fround((r[a] as number) + (r[b] as number)); } : (r) => { r[d] = (r[a] as number) + (r[b] as number); };
    case "fsub": return f32 ? (r) => { r[d] = Math.fround((r[a] as number) - (r[b] as number)); } : (r) => { r[d] = (r[a] as number) - (r[b] as number); };
    case "fmul": return f32 ? (r) => { r[d] = Math.fround((r[a] as number) * (r[b] as number)); } : (r) => { r[d] = (r[a] as number) * (r[b] as number); };
    case "fdiv": return f32 ? (r) => { r[d] = Math.fround((r[a] as number) / (r[b] as number)); } : (r) => { r[d] = (r[a] as number) / (r[b] as number); };
  }
}

function bitsOf(t: Type): IntBits {
  return t.kind === "int" ? t.bits : 32;
}

/** The runtime value a global of type `t` starts with. */
export function globalInitValue(t: Type, init: GlobalInit): IValue {
  if (init.kind === "func") return new IFuncRef(init.name);
  if (init.kind === "array") return init.elems.map((e) => globalInitValue((t as { elem: Type }).elem, e));
  if (init.kind === "f64" && t.kind === "f32") return Math.fround(init.value);
  if (init.kind !== "int") return init.value;
  const bits = bitsOf(t);
  return bits === 64 ? BigInt.asIntN(64, init.value) : Number(BigInt.asIntN(bits, init.value));
}

/** The runtime value of a `const`. */
function constValue(inst: Inst): IValue {
  const t = inst.type!;
  switch (inst.imm.kind) {
    case "int": {
      const bits = bitsOf(t);
      return bits === 64 ? BigInt.asIntN(64, inst.imm.value) : Number(BigInt.asIntN(bits, inst.imm.value));
    }
    case "bool": return inst.imm.value;
    case "f64": return t.kind === "f32" ? Math.fround(inst.imm.value) : inst.imm.value;
    default: throw new Error("interpreter: const without a literal");
  }
}

function fieldIndex(cx: OpContext, t: Type, inst: Inst): number {
  const def = cx.ix.structs.get(t.kind === "struct" ? t.name : "")!;
  return def.fields.findIndex((f) => inst.imm.kind === "field" && f.name === inst.imm.name);
}

type IntBinOp = "add" | "sub" | "mul" | "sdiv" | "srem" | "udiv" | "urem" | "and" | "or" | "xor" | "shl" | "lshr" | "ashr";

function boolBinary(op: "and" | "or" | "xor", d: number, a: number, b: number): Op {
  switch (op) {
    case "and": return (r) => { r[d] = (r[a] as boolean) && (r[b] as boolean); };
    case "or": return (r) => { r[d] = (r[a] as boolean) || (r[b] as boolean); };
    case "xor": return (r) => { r[d] = r[a] !== r[b]; };
  }
}

function intBinary(op: IntBinOp, bits: IntBits, d: number, a: number, b: number): Op {
  if (bits === 64) return i64Binary(op, d, a, b);
  const s = 32 - bits, m = bits - 1, min = -(2 ** (bits - 1));
  switch (op) {
    case "add": return (r) => { r[d] = (((r[a] as number) + (r[b] as number)) << s) >> s; };
    case "sub": return (r) => { r[d] = (((r[a] as number) - (r[b] as number)) << s) >> s; };
    case "mul": return (r) => { r[d] = (Math.imul(r[a] as number, r[b] as number) << s) >> s; };
    case "sdiv": return (r) => {
      const x = r[a] as number, y = r[b] as number;
      if (y === 0) throw trap("div_zero");
      if (y === -1 && x === min) throw trap("div_overflow");
      r[d] = (x / y) | 0;
    };
    case "srem": return (r) => {
      const x = r[a] as number, y = r[b] as number;
      if (y === 0) throw trap("rem_zero");
      if (y === -1 && x === min) throw trap("rem_overflow");
      r[d] = (x % y) | 0;
    };
    case "udiv": return (r) => {
      const y = ((r[b] as number) << s) >>> s;
      if (y === 0) throw trap("div_zero");
      r[d] = (((((r[a] as number) << s) >>> s) / y) << s) >> s;
    };
    case "urem": return (r) => {
      const y = ((r[b] as number) << s) >>> s;
      if (y === 0) throw trap("rem_zero");
      r[d] = (((((r[a] as number) << s) >>> s) % y) << s) >> s;
    };
    case "and": return (r) => { r[d] = (r[a] as number) & (r[b] as number); };
    case "or": return (r) => { r[d] = (r[a] as number) | (r[b] as number); };
    case "xor": return (r) => { r[d] = (r[a] as number) ^ (r[b] as number); };
    case "shl": return (r) => { r[d] = (((r[a] as number) << ((r[b] as number) & m)) << s) >> s; };
    case "lshr": return (r) => { r[d] = (((((r[a] as number) << s) >>> s) >>> ((r[b] as number) & m)) << s) >> s; };
    case "ashr": return (r) => { r[d] = (r[a] as number) >> ((r[b] as number) & m); };
  }
}

function i64Binary(op: IntBinOp, d: number, a: number, b: number): Op {
  switch (op) {
    case "add": return (r) => { r[d] = BigInt.asIntN(64, (r[a] as bigint) + (r[b] as bigint)); };
    case "sub": return (r) => { r[d] = BigInt.asIntN(64, (r[a] as bigint) - (r[b] as bigint)); };
    case "mul": return (r) => { r[d] = BigInt.asIntN(64, (r[a] as bigint) * (r[b] as bigint)); };
    case "sdiv": return (r) => {
      const x = r[a] as bigint, y = r[b] as bigint;
      if (y === 0n) throw trap("div_zero");
      if (y === -1n && x === MIN64) throw trap("div_overflow");
      r[d] = x / y;
    };
    case "srem": return (r) => {
      const x = r[a] as bigint, y = r[b] as bigint;
      if (y === 0n) throw trap("rem_zero");
      if (y === -1n && x === MIN64) throw trap("rem_overflow");
      r[d] = x % y;
    };
    case "udiv": return (r) => {
      const y = BigInt.asUintN(64, r[b] as bigint);
      if (y === 0n) throw trap("div_zero");
      r[d] = BigInt.asIntN(64, BigInt.asUintN(64, r[a] as bigint) / y);
    };
    case "urem": return (r) => {
      const y = BigInt.asUintN(64, r[b] as bigint);
      if (y === 0n) throw trap("rem_zero");
      r[d] = BigInt.asIntN(64, BigInt.asUintN(64, r[a] as bigint) % y);
    };
    case "and": return (r) => { r[d] = (r[a] as bigint) & (r[b] as bigint); };
    case "or": return (r) => { r[d] = (r[a] as bigint) | (r[b] as bigint); };
    case "xor": return (r) => { r[d] = (r[a] as bigint) ^ (r[b] as bigint); };
    case "shl": return (r) => { r[d] = BigInt.asIntN(64, (r[a] as bigint) << ((r[b] as bigint) & 63n)); };
    case "lshr": return (r) => { r[d] = BigInt.asIntN(64, BigInt.asUintN(64, r[a] as bigint) >> ((r[b] as bigint) & 63n)); };
    case "ashr": return (r) => { r[d] = (r[a] as bigint) >> ((r[b] as bigint) & 63n); };
  }
}

function icmp(cc: string, t: Type, d: number, a: number, b: number): Op {
  // eq/ne compare numbers, bigints and booleans alike.
  if (cc === "eq") return (r) => { r[d] = r[a] === r[b]; };
  if (cc === "ne") return (r) => { r[d] = r[a] !== r[b]; };
  if (bitsOf(t) === 64) {
    const u = (x: IValue) => BigInt.asUintN(64, x as bigint);
    switch (cc) {
      case "slt": return (r) => { r[d] = (r[a] as bigint) < (r[b] as bigint); };
      case "sle": return (r) => { r[d] = (r[a] as bigint) <= (r[b] as bigint); };
      case "sgt": return (r) => { r[d] = (r[a] as bigint) > (r[b] as bigint); };
      case "sge": return (r) => { r[d] = (r[a] as bigint) >= (r[b] as bigint); };
      case "ult": return (r) => { r[d] = u(r[a]!) < u(r[b]!); };
      case "ule": return (r) => { r[d] = u(r[a]!) <= u(r[b]!); };
      case "ugt": return (r) => { r[d] = u(r[a]!) > u(r[b]!); };
      case "uge": return (r) => { r[d] = u(r[a]!) >= u(r[b]!); };
    }
  }
  const s = 32 - bitsOf(t);
  switch (cc) {
    case "slt": return (r) => { r[d] = (r[a] as number) < (r[b] as number); };
    case "sle": return (r) => { r[d] = (r[a] as number) <= (r[b] as number); };
    case "sgt": return (r) => { r[d] = (r[a] as number) > (r[b] as number); };
    case "sge": return (r) => { r[d] = (r[a] as number) >= (r[b] as number); };
    case "ult": return (r) => { r[d] = ((r[a] as number) << s) >>> s < ((r[b] as number) << s) >>> s; };
    case "ule": return (r) => { r[d] = ((r[a] as number) << s) >>> s <= ((r[b] as number) << s) >>> s; };
    case "ugt": return (r) => { r[d] = ((r[a] as number) << s) >>> s > ((r[b] as number) << s) >>> s; };
    case "uge": return (r) => { r[d] = ((r[a] as number) << s) >>> s >= ((r[b] as number) << s) >>> s; };
  }
  throw new Error(`interpreter: bad icmp condition ${cc}`);
}

/** IEEE comparisons: JS operators already give false on NaN, and `!==` gives true. */
function fcmp(cc: string, d: number, a: number, b: number): Op {
  switch (cc) {
    case "eq": return (r) => { r[d] = (r[a] as number) === (r[b] as number); };
    case "ne": return (r) => { r[d] = (r[a] as number) !== (r[b] as number); };
    case "lt": return (r) => { r[d] = (r[a] as number) < (r[b] as number); };
    case "le": return (r) => { r[d] = (r[a] as number) <= (r[b] as number); };
    case "gt": return (r) => { r[d] = (r[a] as number) > (r[b] as number); };
    case "ge": return (r) => { r[d] = (r[a] as number) >= (r[b] as number); };
  }
  throw new Error(`interpreter: bad fcmp condition ${cc}`);
}

function convert(op: "sext" | "zext" | "trunc" | "sitofp" | "fptosi", from: Type, to: Type, d: number, a: number): Op {
  const toBits = bitsOf(to);
  switch (op) {
    case "sext":
      // Narrow values are stored sign-extended already.
      if (toBits < 64) return (r) => { r[d] = r[a]; };
      return (r) => { r[d] = BigInt(r[a] as number); };
    case "zext": {
      if (from.kind === "bool") return toBits === 64 ? (r) => { r[d] = r[a] ? 1n : 0n; } : (r) => { r[d] = r[a] ? 1 : 0; };
      const s = 32 - bitsOf(from);
      if (toBits === 64) return (r) => { r[d] = BigInt(((r[a] as number) << s) >>> s); };
      return (r) => { r[d] = ((r[a] as number) << s) >>> s; }; // fits: the target is wider
    }
    case "trunc": {
      const s = 32 - toBits;
      if (bitsOf(from) === 64) return (r) => { r[d] = Number(BigInt.asIntN(toBits, r[a] as bigint)); };
      return (r) => { r[d] = ((r[a] as number) << s) >> s; };
    }
    case "sitofp":
      if (to.kind === "f32") {
        if (bitsOf(from) === 64) return (r) => { r[d] = bigToF32(r[a] as bigint); };
        return (r) => { r[d] = Math.fround(r[a] as number); };
      }
      if (bitsOf(from) === 64) return (r) => { r[d] = Number(r[a] as bigint); }; // round to nearest, ties to even
      return (r) => { r[d] = r[a]; };
    case "fptosi": {
      if (toBits === 64) {
        return (r) => {
          const x = r[a] as number;
          if (Number.isNaN(x)) r[d] = 0n;
          else if (x >= 9223372036854775808) r[d] = (1n << 63n) - 1n;
          else if (x <= -9223372036854775808) r[d] = MIN64;
          else r[d] = BigInt(Math.trunc(x));
        };
      }
      const max = 2 ** (toBits - 1) - 1, min = -(2 ** (toBits - 1));
      return (r) => {
        const x = r[a] as number;
        r[d] = Number.isNaN(x) ? 0 : x >= max ? max : x <= min ? min : Math.trunc(x) | 0;
      };
    }
  }
}
