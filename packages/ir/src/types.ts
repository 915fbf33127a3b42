/**
 * IR types. Types are small immutable values compared structurally
 * (`typeEq`) and spelled exactly as in the text format (`typeToString`).
 * Named types (structs, enums) refer to module definitions by name.
 */

export type IntBits = 8 | 16 | 32 | 64;

export type Type =
  | { readonly kind: "int"; readonly bits: IntBits }
  | { readonly kind: "bool" }
  | { readonly kind: "f64" }
  /** IEEE binary32; held by the interpreter as a number rounded with Math.fround after every operation. */
  | { readonly kind: "f32" }
  | { readonly kind: "str" }
  | { readonly kind: "handle" }
  | { readonly kind: "array"; readonly elem: Type; readonly len: number }
  | { readonly kind: "dynarray"; readonly elem: Type }
  | { readonly kind: "struct"; readonly name: string }
  | { readonly kind: "enum"; readonly name: string }
  /** A function reference of this signature (SPEC.md "Function references"). */
  | { readonly kind: "fn"; readonly params: readonly Type[]; readonly result: Type | null }
  | { readonly kind: "map"; readonly key: Type; readonly value: Type };

export const I8: Type = { kind: "int", bits: 8 };
export const I16: Type = { kind: "int", bits: 16 };
export const I32: Type = { kind: "int", bits: 32 };
export const I64: Type = { kind: "int", bits: 64 };
export const BOOL: Type = { kind: "bool" };
export const F64: Type = { kind: "f64" };
export const F32: Type = { kind: "f32" };
export const STR: Type = { kind: "str" };
export const HANDLE: Type = { kind: "handle" };

export function intType(bits: IntBits): Type {
  return bits === 8 ? I8 : bits === 16 ? I16 : bits === 32 ? I32 : I64;
}
export function arrayType(elem: Type, len: number): Type {
  return { kind: "array", elem, len };
}
export function dynArrayType(elem: Type): Type {
  return { kind: "dynarray", elem };
}
export function structType(name: string): Type {
  return { kind: "struct", name };
}
export function enumType(name: string): Type {
  return { kind: "enum", name };
}

/** The type of references to functions of this signature. */
export function fnType(params: readonly Type[], result: Type | null): Type {
  return { kind: "fn", params, result };
}

/** A map type {K: V} (SPEC.md, "Maps"). */
export function mapType(key: Type, value: Type): Type {
  return { kind: "map", key, value };
}

export function typeToString(t: Type): string {
  switch (t.kind) {
    case "int": return `i${t.bits}`;
    case "bool": case "f64": case "f32": case "str": case "handle": return t.kind;
    case "array": return `[${typeToString(t.elem)}; ${t.len}]`;
    case "dynarray": return `[${typeToString(t.elem)}]`;
    case "struct": case "enum": return t.name;
    case "fn": return `fn(${t.params.map(typeToString).join(", ")})${t.result ? ` -> ${typeToString(t.result)}` : ""}`;
    case "map": return `{${typeToString(t.key)}: ${typeToString(t.value)}}`;
  }
}

export function typeEq(a: Type, b: Type): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case "int": return a.bits === (b as typeof a).bits;
    case "array": return a.len === (b as typeof a).len && typeEq(a.elem, (b as typeof a).elem);
    case "dynarray": return typeEq(a.elem, (b as typeof a).elem);
    case "struct": case "enum": return a.name === (b as typeof a).name;
    case "fn": {
      const o = b as typeof a;
      if (a.params.length !== o.params.length || (a.result === null) !== (o.result === null)) return false;
      return a.params.every((p, i) => typeEq(p, o.params[i]!)) && (a.result === null || typeEq(a.result, o.result!));
    }
    case "map": return typeEq(a.key, (b as typeof a).key) && typeEq(a.value, (b as typeof a).value);
    default: return true;
  }
}

export function isInt(t: Type): t is Extract<Type, { kind: "int" }> {
  return t.kind === "int";
}

/** Scalars that fit a machine register and compare by value. */
export function isScalar(t: Type): boolean {
  return t.kind === "int" || t.kind === "bool" || t.kind === "f64" || t.kind === "f32";
}

/** Signed range of an integer width. */
export function intRange(bits: IntBits): { min: bigint; max: bigint } {
  const half = 1n << BigInt(bits - 1);
  return { min: -half, max: half - 1n };
}

/** Wrap a bigint to the signed two's-complement value of `bits` width. */
export function wrapInt(v: bigint, bits: IntBits): bigint {
  return BigInt.asIntN(bits, v);
}

/** The built-in types by the name the text format spells them with (a struct or enum cannot take one). */
export const PRIMITIVE_TYPES: ReadonlyMap<string, Type> = new Map<string, Type>([
  ["i8", I8], ["i16", I16], ["i32", I32], ["i64", I64], ["bool", BOOL], ["f64", F64], ["f32", F32], ["str", STR], ["handle", HANDLE],
]);
