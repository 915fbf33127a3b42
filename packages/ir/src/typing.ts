/**
 * The typing rule of every instruction and terminator, in one place. Given
 * the operand types and immediates, `instResult` returns the result type
 * (null for instructions without a result) or a reason the instruction is
 * ill-typed (`instType`, the exported form, wraps it in a record). The
 * builder, the parser and the verifier all ask it, so the three can never
 * disagree.
 */
import type { Func, GlobalDef, Imm, ImportDef, ModuleIndex, VarInfo } from "./module.js";
import { isFloatType, isNumberOp, numberAnswer } from "./numbers.js";
import { FLOAT_CCS, INT_CCS, type OpInfo, OPCODES, type Opcode } from "./opcodes.js";
import { BOOL, F64, fnType, I32, I64, STR, type Type, isInt, typeEq, typeToString } from "./types.js";

const isI32 = (t: Type): boolean => t.kind === "int" && t.bits === 32;
/** `[str]`, what str.split gives (one object for every split). */
const STR_LIST: Type = { kind: "dynarray", elem: STR };

export type Typed = { ok: true; type: Type | null } | { ok: false; reason: string };

/**
 * The typing rules below answer with the result type (null: no result) or,
 * when ill-typed, the reason as a string (a Type is an object, so the two
 * never mix); no object is made per instruction on the well-typed path.
 */
type Answer = Type | null | string;
const ok = (type: Type | null): Answer => type;
const bad = (reason: string): Answer => reason;
const show = typeToString;

/** Whether a type is well-formed in the module (named types exist, array lengths sane). */
export function typeWellFormed(ix: ModuleIndex, t: Type): string | null {
  switch (t.kind) {
    case "struct": return ix.structs.has(t.name) ? null : `unknown struct ${t.name}`;
    case "enum": return ix.enums.has(t.name) ? null : `unknown enum ${t.name}`;
    case "array":
      if (!Number.isSafeInteger(t.len) || t.len < 0 || t.len > 0x7fffffff) return `array length ${t.len} out of range`;
      return typeWellFormed(ix, t.elem);
    case "dynarray": return typeWellFormed(ix, t.elem);
    case "fn": {
      for (const p of t.params) { const e = typeWellFormed(ix, p); if (e) return e; }
      return t.result ? typeWellFormed(ix, t.result) : null;
    }
    case "map": {
      const k = t.key;
      const keyOk = k.kind === "int" || k.kind === "bool" || k.kind === "str"
        || (k.kind === "enum" && isPayloadFree(ix, k.name));
      if (!keyOk) return typeWellFormed(ix, k) ?? `map key type ${show(k)} is not an integer, bool, str or payload-free enum`;
      return typeWellFormed(ix, t.value);
    }
    default: return null;
  }
}

/** Whether enum `name` exists and no variant of it has a payload. */
function isPayloadFree(ix: ModuleIndex, name: string): boolean {
  const def = ix.enums.get(name);
  return def !== undefined && !ix.hasPayload(def);
}

/**
 * Why global `g` is malformed (type, initializer), or null. Globals, mutable
 * or not, hold int, bool, f64, str, a fixed array of scalars or a function
 * reference (whose signature globalRefError checks once every function is
 * known).
 */
export function globalDefError(g: GlobalDef): string | null {
  const t = g.type;
  if (t.kind === "fn" || g.init.kind === "func") {
    if (t.kind !== "fn" || g.init.kind !== "func") return `global @${g.name}: a ${show(t)} global cannot start with a ${g.init.kind === "func" ? "function reference" : `${g.init.kind} literal`}`;
    return null;
  }
  if (t.kind === "array" || g.init.kind === "array") return arrayGlobalError(g);
  if (!isInt(t) && t.kind !== "bool" && t.kind !== "f64" && t.kind !== "str") {
    return `global @${g.name}: a global holds int, bool, f64 or str, not ${show(t)}`;
  }
  const init = g.init;
  if (isInt(t) && init.kind === "int") {
    return !fitsBits(init.value, t.bits) ? `global @${g.name}: initializer ${init.value} does not fit ${show(t)}` : null;
  }
  if (t.kind === init.kind) return null;
  return `global @${g.name}: a ${show(t)} global cannot start with a ${init.kind} literal`;
}

/** Why array global `g` is malformed: it is a fixed array of int, bool, f64 or f32 with one literal per element. */
function arrayGlobalError(g: GlobalDef): string | null {
  const t = g.type;
  const init = g.init;
  if (t.kind !== "array" || init.kind !== "array") {
    return `global @${g.name}: a ${show(t)} global cannot start with ${init.kind === "array" ? "an array" : `a ${init.kind} literal`}`;
  }
  const e = t.elem;
  if (!isInt(e) && e.kind !== "bool" && e.kind !== "f64" && e.kind !== "f32") return `global @${g.name}: an array global's elements are int, bool, f64 or f32, not ${show(e)}`;
  if (init.elems.length !== t.len) return `global @${g.name}: ${show(t)} needs ${t.len} element(s), got ${init.elems.length}`;
  for (const [k, x] of init.elems.entries()) {
    const why = globalDefError({ name: `${g.name}[${k}]`, type: e.kind === "f32" ? F64 : e, mutable: false, init: x });
    if (why) return why;
  }
  return null;
}

/** Why the function global `g` names no function or import of its type, or null (other globals: null). */
export function globalRefError(ix: ModuleIndex, g: GlobalDef): string | null {
  if (g.init.kind !== "func") return null;
  const sig = ix.callee(g.init.name);
  if (!sig) return `global @${g.name}: initializer @${g.init.name} is no function or import`;
  const t = fnType(sig.params, sig.result);
  return typeEq(t, g.type) ? null : `global @${g.name}: initializer @${g.init.name} is ${show(t)}, not ${show(g.type)}`;
}

/** The bounds of a constant of an integer type of `bits` bits: [-2^(bits-1), 2^bits), signed or unsigned; by width (1..64). */
const FITS_LOW: bigint[] = [], FITS_HIGH: bigint[] = [];
for (let bits = 0; bits <= 64; bits++) {
  const top = 1n << BigInt(bits);
  FITS_LOW.push(-(top >> 1n));
  FITS_HIGH.push(top);
}

/** Whether integer constant `v` fits `bits` bits (read as signed or as unsigned). */
function fitsBits(v: bigint, bits: number): boolean {
  const low = FITS_LOW[bits];
  if (low === undefined) { // no width of the IR (a module built in code can say anything): computed as it always was
    const top = 1n << BigInt(bits);
    return v >= -(top >> 1n) && v < top;
  }
  return v >= low && v < FITS_HIGH[bits]!;
}

function sameInts(op: string, a: Type, b: Type): Answer {
  if (!isInt(a) || !typeEq(a, b)) return bad(`${op} needs two operands of one integer type, got ${show(a)} and ${show(b)}`);
  return ok(a);
}

/**
 * The typing rules of terminators that FunctionBuilder and the parser
 * (resolve-body.ts) both check, with one message each: why the terminator
 * is ill-typed, or null.
 */
export function brConditionError(cond: Type): string | null {
  return cond.kind === "bool" ? null : `br condition must be bool, got ${typeToString(cond)}`;
}

/** `ret` of a value of type `got` (null: nothing) in a function whose result is `want` (null: none). */
export function retError(got: Type | null, want: Type | null): string | null {
  if (want === null || got === null) { if (want === got) return null; }
  // typeEq implies equal spellings, so the spellings (made only when it fails) decide only the rare case.
  else if (want === got || typeEq(want, got) || typeToString(want) === typeToString(got)) return null;
  return `ret of ${got ? typeToString(got) : "nothing"} in a function returning ${want ? typeToString(want) : "nothing"}`;
}

/** A switch dispatches on an integer or an enum (the verifier checks the same). */
export function switchValueError(value: Type): string | null {
  return value.kind === "int" || value.kind === "enum" ? null : `switch needs an integer or enum, got ${typeToString(value)}`;
}

/** Operand count of the formats that fix one (the others take a list). */
const ARITY: Partial<Record<(typeof OPCODES)[Opcode]["format"], number>> = { unary: 1, binary: 2, ternary: 3, cmp: 2, convert: 1, setvar: 1, field: 1, fieldset: 2, payload: 1, const: 0, strlit: 0, getvar: 0, globalget: 0, globalset: 1 };

/** An opcode's table entry and its operand count where its format fixes one (-1 where it takes a list). */
export interface OpTyping {
  readonly op: Opcode;
  readonly info: OpInfo;
  readonly arity: number;
}

/**
 * Every opcode's OpTyping: the parser and the verifier find both with one
 * Map lookup per instruction (`OPCODES[op]` is a keyed load on a large
 * object, and `ARITY[format]` another).
 */
export const OP_TYPING: ReadonlyMap<string, OpTyping> = new Map(
  Object.entries(OPCODES).map(([op, info]): [string, OpTyping] => [op, { op: op as Opcode, info, arity: ARITY[info.format] ?? -1 }]),
);

/** Result type of an instruction, or why it is ill-typed. */
export function instType(...args: Parameters<typeof instResult>): Typed {
  const r = instResult(...args);
  return typeof r === "string" ? { ok: false, reason: r } : { ok: true, type: r };
}

/**
 * `instType` without a result object, for the callers that type every
 * instruction of a module (parser, verifier): the result type (null: none),
 * or the reason it is ill-typed as a string.
 */
export function instResult(
  ix: ModuleIndex,
  vars: readonly VarInfo[],
  op: Opcode,
  args: readonly Type[],
  typeParam: Type | null,
  imm: Imm,
): Type | null | string {
  // An unknown opcode falls through the switch to its error.
  return instResultOf(OP_TYPING.get(op)?.arity ?? -1, ix, vars, op, args, typeParam, imm);
}

/** `instResult` of an opcode whose operand count (OpTyping.arity) the caller has looked up. */
export function instResultOf(
  want: number,
  ix: ModuleIndex,
  vars: readonly VarInfo[],
  op: Opcode,
  args: readonly Type[],
  typeParam: Type | null,
  imm: Imm,
): Type | null | string {
  if (want >= 0 && args.length !== want) return bad(`${op} takes ${want} operand(s), got ${args.length}`);
  const a = args[0]!, b = args[1]!, c = args[2]!;
  switch (op) {
    case "const":
      if (!typeParam) return bad("const needs a type suffix");
      if (isInt(typeParam) && imm.kind === "int") {
        if (!fitsBits(imm.value, typeParam.bits)) return bad(`constant ${imm.value} does not fit ${show(typeParam)}`);
        return ok(typeParam);
      }
      if (typeParam.kind === "bool" && imm.kind === "bool") return ok(BOOL);
      if (isFloatType(typeParam) && imm.kind === "f64") return ok(typeParam); // a const.f32 literal is rounded to f32
      return bad(`const.${show(typeParam)} cannot hold this literal`);
    case "str.lit": return imm.kind === "str" ? ok(STR) : bad("str.lit needs a string literal");
    case "opaque": return ok(a);
    case "add": case "sub": case "mul": case "sdiv": case "srem": case "udiv": case "urem":
    case "shl": case "lshr": case "ashr":
      return sameInts(op, a, b);
    case "and": case "or": case "xor":
      if (a.kind === "bool" && b.kind === "bool") return ok(BOOL);
      return sameInts(op, a, b);
    case "not": return isInt(a) || a.kind === "bool" ? ok(a) : bad(`not needs an integer or bool, got ${show(a)}`);
    case "neg": return isInt(a) || isFloatType(a) ? ok(a) : bad(`neg needs an integer or float, got ${show(a)}`);
    case "fadd": case "fsub": case "fmul": case "fdiv":
      return isFloatType(a) && typeEq(a, b) ? ok(a) : bad(`${op} needs two operands of one float type, got ${show(a)} and ${show(b)}`);
    case "icmp": {
      if (imm.kind !== "cc" || !(INT_CCS as readonly string[]).includes(imm.cc)) return bad(`icmp needs a condition code (${INT_CCS.join(" ")})`);
      if ((imm.cc === "eq" || imm.cc === "ne") && a.kind === "bool" && b.kind === "bool") return ok(BOOL);
      const s = sameInts(op, a, b);
      return typeof s === "string" ? s : ok(BOOL);
    }
    case "fcmp":
      if (imm.kind !== "cc" || !(FLOAT_CCS as readonly string[]).includes(imm.cc)) return bad(`fcmp needs a condition code (${FLOAT_CCS.join(" ")})`);
      return isFloatType(a) && typeEq(a, b) ? ok(BOOL) : bad(`fcmp needs two operands of one float type, got ${show(a)} and ${show(b)}`);
    case "select":
      if (a.kind !== "bool") return bad(`select condition must be bool, got ${show(a)}`);
      return typeEq(b, c) ? ok(b) : bad(`select arms differ: ${show(b)} and ${show(c)}`);
    case "sext": case "zext": case "trunc": {
      if (!typeParam || !isInt(typeParam)) return bad(`${op} needs an integer target type`);
      const from = a.kind === "bool" && op === "zext" ? 1 : isInt(a) ? a.bits : 0;
      if (!from) return bad(`${op} needs an integer operand, got ${show(a)}`);
      if (op === "trunc" ? typeParam.bits >= from : typeParam.bits <= from) {
        return bad(`${op} from ${show(a)} to ${show(typeParam)} does not ${op === "trunc" ? "narrow" : "widen"}`);
      }
      return ok(typeParam);
    }
    case "sitofp":
      if (!typeParam || !isFloatType(typeParam)) return bad("sitofp converts to a float type");
      return isInt(a) ? ok(typeParam) : bad(`sitofp needs an integer operand, got ${show(a)}`);
    case "fptosi":
      if (!typeParam || !isInt(typeParam)) return bad("fptosi needs an integer target type");
      return isFloatType(a) ? ok(typeParam) : bad(`fptosi needs a float operand, got ${show(a)}`);
    case "get": case "set": {
      if (imm.kind !== "var" || !vars[imm.var]) return bad(`${op} needs a declared variable`);
      const vt = vars[imm.var]!.type;
      if (op === "get") return ok(vt);
      return typeEq(a, vt) ? ok(null) : bad(`set $${vars[imm.var]!.name} of type ${show(vt)} to a ${show(a)}`);
    }
    case "call": {
      if (imm.kind !== "func") return bad("call needs a callee");
      // The callee's parameters read in place (ix.callee would copy a function's parameter types per call site).
      const f = ix.functions.get(imm.name);
      const imp = f ? undefined : ix.imports.get(imm.name);
      if (!f && !imp) return bad(`call of unknown function @${imm.name}`);
      const count = f ? f.params.length : imp!.params.length;
      if (count !== args.length) return bad(`@${imm.name} takes ${count} argument(s), got ${args.length}`);
      for (let i = 0; i < args.length; i++) {
        const want = paramType(f, imp, i);
        if (!typeEq(args[i]!, want)) return bad(`argument ${i + 1} of @${imm.name} must be ${show(want)}, got ${show(args[i]!)}`);
      }
      return ok(f ? f.result : imp!.result);
    }
    case "global.get": case "global.set": {
      const g = imm.kind === "global" ? ix.globals.get(imm.name) : undefined;
      if (!g) return bad(`${op} of unknown global @${imm.kind === "global" ? imm.name : "?"}`);
      if (op === "global.get") return ok(g.type);
      if (!g.mutable) return bad(`global.set of immutable global @${g.name}`);
      return typeEq(a, g.type) ? ok(null) : bad(`global.set of ${show(a)} into global @${g.name}: ${show(g.type)}`);
    }
    case "func.ref": {
      const t = imm.kind === "func" ? ix.calleeType(imm.name) : undefined;
      if (!t) return bad(`func.ref of unknown function @${imm.kind === "func" ? imm.name : "?"}`);
      return ok(t);
    }
    case "call.indirect": {
      // The arguments read in place, after the reference (no copy of them per call).
      const f = args.length > 0 ? args[0]! : undefined, n = args.length - 1;
      if (!f || f.kind !== "fn") return bad(`call.indirect needs a function reference first, got ${f ? show(f) : "nothing"}`);
      if (f.params.length !== n) return bad(`${show(f)} takes ${f.params.length} argument(s), got ${n}`);
      for (let i = 0; i < n; i++) {
        if (!typeEq(args[i + 1]!, f.params[i]!)) return bad(`argument ${i + 1} of ${show(f)} must be ${show(f.params[i]!)}, got ${show(args[i + 1]!)}`);
      }
      return ok(f.result);
    }
    case "array.lit":
      if (!typeParam || typeParam.kind !== "array") return bad("array.lit needs a fixed array type [T; N]");
      if (args.length !== typeParam.len) return bad(`array.lit ${show(typeParam)} needs ${typeParam.len} elements, got ${args.length}`);
      for (let i = 0; i < args.length; i++) if (!typeEq(args[i]!, typeParam.elem)) return bad(`element ${i} is ${show(args[i]!)}, not ${show(typeParam.elem)}`);
      return ok(typeParam);
    case "array.new":
      if (!typeParam) return bad("array.new needs an array type");
      if (typeParam.kind === "dynarray") return args.length === 0 ? ok(typeParam) : bad("array.new [T] takes no operands");
      if (typeParam.kind === "array") {
        if (args.length !== 1 || !typeEq(args[0]!, typeParam.elem)) return bad(`array.new ${show(typeParam)} needs one fill value of type ${show(typeParam.elem)}`);
        return ok(typeParam);
      }
      return bad(`array.new needs an array type, got ${show(typeParam)}`);
    case "array.get": case "array.set": case "array.len": case "array.push": {
      if (a.kind !== "array" && a.kind !== "dynarray") return bad(`${op} needs an array, got ${show(a)}`);
      if (op === "array.len") return ok(I32);
      if (op === "array.push") {
        if (a.kind !== "dynarray") return bad("array.push needs a dynamic array [T]");
        return typeEq(b, a.elem) ? ok(null) : bad(`array.push of ${show(b)} onto ${show(a)}`);
      }
      if (!typeEq(b, I32)) return bad(`array index must be i32, got ${show(b)}`);
      if (op === "array.get") return ok(a.elem);
      return typeEq(c, a.elem) ? ok(null) : bad(`array.set of ${show(c)} into ${show(a)}`);
    }
    case "struct.new": {
      const def = imm.kind === "struct" ? ix.structs.get(imm.name) : undefined;
      if (!def) return bad(`struct.new of unknown struct ${imm.kind === "struct" ? imm.name : "?"}`);
      if (args.length !== def.fields.length) return bad(`struct ${def.name} has ${def.fields.length} field(s), got ${args.length}`);
      for (let i = 0; i < def.fields.length; i++) {
        const f = def.fields[i]!;
        if (!typeEq(args[i]!, f.type)) return bad(`field ${f.name} of ${def.name} is ${show(f.type)}, got ${show(args[i]!)}`);
      }
      return ok(ix.namedType("struct", def.name));
    }
    case "struct.get": case "struct.set": {
      if (a.kind !== "struct") return bad(`${op} needs a struct, got ${show(a)}`);
      const def = ix.structs.get(a.name);
      const k = imm.kind === "field" && def ? ix.fieldIndex(def, imm.name) : -1;
      if (!def || k < 0) return bad(`struct ${a.name} has no field ${imm.kind === "field" ? imm.name : "?"}`);
      const field = def.fields[k]!;
      if (op === "struct.get") return ok(field.type);
      return typeEq(b, field.type) ? ok(null) : bad(`struct.set of ${show(b)} into field ${field.name}: ${show(field.type)}`);
    }
    case "enum.new": {
      if (imm.kind !== "variant") return bad("enum.new needs Enum.Variant");
      const def = ix.enums.get(imm.enumName);
      const k = def ? ix.variantIndex(def, imm.variant) : -1;
      if (!def || k < 0) return bad(`unknown variant ${imm.enumName}.${imm.variant}`);
      const v = def.variants[k]!;
      if (v.payload === null) return args.length === 0 ? ok(ix.namedType("enum", def.name)) : bad(`${def.name}.${v.name} has no payload`);
      if (args.length !== 1 || !typeEq(args[0]!, v.payload)) return bad(`${def.name}.${v.name} needs one payload of type ${show(v.payload)}`);
      return ok(ix.namedType("enum", def.name));
    }
    case "enum.tag": return a.kind === "enum" ? ok(I32) : bad(`enum.tag needs an enum, got ${show(a)}`);
    case "enum.payload": {
      if (a.kind !== "enum") return bad(`enum.payload needs an enum, got ${show(a)}`);
      const def = imm.kind === "variant" ? ix.enums.get(a.name) : undefined;
      const k = def && imm.kind === "variant" ? ix.variantIndex(def, imm.variant) : -1;
      if (!def || k < 0) return bad(`enum ${a.name} has no variant ${imm.kind === "variant" ? imm.variant : "?"}`);
      const v = def.variants[k]!;
      return v.payload ? ok(v.payload) : bad(`${a.name}.${v.name} has no payload`);
    }
    case "str.len": case "str.trim":
      if (a.kind !== "str") return bad(`${op} needs a str, got ${show(a)}`);
      return ok(op === "str.len" ? I32 : STR);
    case "str.eq": case "str.contains": case "str.starts_with": case "str.ends_with": case "str.concat":
      if (a.kind !== "str" || b.kind !== "str") return bad(`${op} needs two str operands, got ${show(a)} and ${show(b)}`);
      return ok(op === "str.concat" ? STR : BOOL);
    case "str.replace":
      if (a.kind !== "str" || b.kind !== "str" || c.kind !== "str") return bad(`str.replace needs three str operands`);
      return ok(STR);
    // String operations (SPEC.md "String operations").
    case "str.slice":
      if (a.kind !== "str" || !isI32(b) || !isI32(c)) return bad(`str.slice needs a str and two i32 byte indices, got ${show(a)}, ${show(b)} and ${show(c)}`);
      return ok(STR);
    case "str.find": case "str.split":
      if (a.kind !== "str" || b.kind !== "str") return bad(`${op} needs two str operands, got ${show(a)} and ${show(b)}`);
      return ok(op === "str.find" ? I32 : STR_LIST);
    case "str.byte_at":
      if (a.kind !== "str" || !isI32(b)) return bad(`str.byte_at needs a str and an i32 index, got ${show(a)} and ${show(b)}`);
      return ok(I32);
    case "str.join":
      if (a.kind !== "dynarray" || a.elem.kind !== "str" || b.kind !== "str") return bad(`str.join needs a [str] and a str separator, got ${show(a)} and ${show(b)}`);
      return ok(STR);
    case "str.from_int":
      return a.kind === "int" ? ok(STR) : bad(`str.from_int needs an integer, got ${show(a)}`);
    case "str.parse_int": case "str.parse_error":
      if (a.kind !== "str") return bad(`${op} needs a str, got ${show(a)}`);
      return ok(op === "str.parse_int" ? I64 : I32);
    case "map.new": case "map.get": case "map.set": case "map.has": case "map.remove": case "map.len":
    case "map.key_at": case "map.value_at":
      return mapInstType(ix, op, args, typeParam);
  }
  // Every other opcode is a number operation (numbers.ts, SPEC.md "Numbers"), asked last as the rarest.
  if (!isNumberOp(op)) return bad(`unknown opcode ${String(op)}`);
  return numberAnswer(op, a, b, typeParam);
}

/** Parameter `i` of the callee: function `f` or, without one, import `imp`. */
function paramType(f: Func | undefined, imp: ImportDef | undefined, i: number): Type {
  return f ? f.params[i]!.type : imp!.params[i]!;
}

/** The typing rules of the map instructions (SPEC.md, "Maps"). */
function mapInstType(ix: ModuleIndex, op: Opcode, args: readonly Type[], typeParam: Type | null): Answer {
  if (op === "map.new") {
    if (!typeParam || typeParam.kind !== "map") return bad(`map.new needs a map type {K: V}${typeParam ? `, got ${show(typeParam)}` : ""}`);
    if (args.length !== 0) return bad("map.new takes no operands");
    const why = typeWellFormed(ix, typeParam);
    return why ? bad(why) : ok(typeParam);
  }
  const m = args[0]!;
  if (m.kind !== "map") return bad(`${op} needs a map, got ${show(m)}`);
  const b = args[1]!, c = args[2]!;
  switch (op) {
    case "map.len": return ok(I32);
    case "map.key_at": case "map.value_at":
      if (!typeEq(b, I32)) return bad(`${op} index must be i32, got ${show(b)}`);
      return ok(op === "map.key_at" ? m.key : m.value);
    default:
      if (!typeEq(b, m.key)) return bad(`${op} key must be ${show(m.key)}, got ${show(b)}`);
      if (op === "map.has") return ok(BOOL);
      if (op === "map.remove") return ok(null);
      if (!typeEq(c, m.value)) return bad(`${op === "map.get" ? "map.get default" : "map.set value"} must be ${show(m.value)}, got ${show(c)}`);
      return ok(op === "map.get" ? m.value : null);
  }
}
