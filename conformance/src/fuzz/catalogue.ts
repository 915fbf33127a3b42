/**
 * What the fuzzer draws from: the named types every generated module may
 * declare, the array types, the string palette (non-ASCII text, every kind of
 * Unicode White_Space and look-alikes that are not), and the interesting
 * integer and float constants (width edges, shift amounts around the width,
 * MIN and -1 for the division traps).
 *
 * Types are referred to by their spelling in the text format (`typeToString`),
 * so a recipe stays plain data that survives shrinking.
 */
import { arrayType, BOOL, dynArrayType, enumType, F32, F64, I16, I32, I64, I8, type IntBits, STR, structType, type Type } from "@fzy/ir";

export interface StructSpec {
  readonly name: string;
  readonly fields: readonly (readonly [string, string])[];
}
export interface EnumSpec {
  readonly name: string;
  /** [variant, payload type key or null]. */
  readonly variants: readonly (readonly [string, string | null])[];
}

/** Structs, in dependency order (a struct only uses those before it). */
export const STRUCTS: readonly StructSpec[] = [
  { name: "P", fields: [["x", "i32"], ["y", "i64"], ["s", "str"]] },
  { name: "Q", fields: [["flag", "bool"], ["c", "Color"], ["k", "i8"]] },
];

/** Enums: dense without payload, with payloads of every kind, and a wide one for sparse matches. */
export const ENUMS: readonly EnumSpec[] = [
  { name: "Color", variants: [["Red", null], ["Green", null], ["Blue", null]] },
  { name: "Tok", variants: [["Num", "i32"], ["Word", "str"], ["Big", "i64"], ["Flag", "bool"], ["Empty", null], ["At", "P"], ["Small", "i8"]] },
  { name: "Many", variants: Array.from({ length: 12 }, (_, i) => [`V${i}`, null] as const) },
];

export const INT_KEYS = ["i8", "i16", "i32", "i64"] as const;
export type IntKey = (typeof INT_KEYS)[number];
export const BITS: Readonly<Record<IntKey, IntBits>> = { i8: 8, i16: 16, i32: 32, i64: 64 };

/** Fixed arrays, including an empty one (every index traps). */
export const FIXED_ARRAYS = ["[i8; 5]", "[i16; 3]", "[i32; 8]", "[i32; 4]", "[i64; 4]", "[bool; 3]", "[str; 4]", "[Tok; 3]", "[P; 2]", "[Color; 6]", "[i32; 8]", "[i64; 4]", "[i32; 0]"] as const;
export const DYN_ARRAYS = ["[i32]", "[i8]", "[i64]", "[str]", "[Color]", "[Tok]"] as const;

const NAMED: Record<string, Type> = {
  i8: I8, i16: I16, i32: I32, i64: I64, bool: BOOL, f64: F64, f32: F32, str: STR,
  P: structType("P"), Q: structType("Q"), Color: enumType("Color"), Tok: enumType("Tok"), Many: enumType("Many"),
};

/** The Type of a key (a name, `[T; N]` or `[T]`). */
export function typeOf(key: string): Type {
  const named = NAMED[key];
  if (named) return named;
  const fixed = /^\[(.+); (\d+)\]$/.exec(key);
  if (fixed) return arrayType(typeOf(fixed[1]!), Number(fixed[2]));
  const dyn = /^\[(.+)\]$/.exec(key);
  if (dyn) return dynArrayType(typeOf(dyn[1]!));
  throw new Error(`fuzz catalogue: unknown type ${key}`);
}

/** Element key and length (null for dynamic) of an array key. */
export function arrayParts(key: string): { elem: string; len: number | null } {
  const fixed = /^\[(.+); (\d+)\]$/.exec(key);
  if (fixed) return { elem: fixed[1]!, len: Number(fixed[2]) };
  return { elem: /^\[(.+)\]$/.exec(key)![1]!, len: null };
}

export function isIntKey(k: string): k is IntKey {
  return (INT_KEYS as readonly string[]).includes(k);
}

export function structSpec(name: string): StructSpec | undefined {
  return STRUCTS.find((s) => s.name === name);
}
export function enumSpec(name: string): EnumSpec | undefined {
  return ENUMS.find((e) => e.name === name);
}

/** String literals: ASCII, non-ASCII, every White_Space class, look-alikes, NUL, astral. */
export const STRINGS: readonly string[] = [
  "", "a", "abc", "a,b,c", "aaaa", "ab", "b", ",", "héllo", "é", "日本語", "本", "🙂x🙂", "🙂",
  " x ", "  ", "\t\n pad \r\n", "\u3000abc\u3000", "\u00a0 x \u00a0", "\u0085y\u0085", "\u2028\u2029q\u202f\u205f",
  "\u1680\u2000k\u200a", "\ufeffz\ufeff", "\u200bzw\u200b", "\u180em", "\u001cx\u001f", "\u000b\u000cv",
  "nul\u0000byte", "\u0000", "ÿ", "ß", "x\u0301", "AbCabc", "abcabcabc", "%d\\\"",
];

/** Interesting integers of a width: edges, shift amounts around the width, small numbers, and a random one. */
export function interestingInts(bits: IntBits, random: bigint): bigint[] {
  const min = -(1n << BigInt(bits - 1));
  const max = -min - 1n;
  const b = BigInt(bits);
  return [0n, 1n, -1n, 2n, 3n, 7n, 10n, 100n, min, max, min + 1n, max - 1n, b - 1n, b, b + 1n, 2n * b, 0x55n, -128n, 255n, 1000n, BigInt.asIntN(bits, random)]
    .map((v) => BigInt.asIntN(bits, v));
}

/** Floats: signed zeros, fractions, values past the i32/i64 ranges, NaN and the infinities. */
export const FLOATS: readonly number[] = [0, -0, 0.5, -1.5, 2.75, 1e10, -3e9, 2147483647.9, -2147483648.5, 9.3e18, -1e300, 1e-300, NaN, Infinity, -Infinity];
