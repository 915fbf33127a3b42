/**
 * How lowered-form things are spelled in LLVM text: types, global names,
 * string and byte-array literals, integer and float constants. Every function
 * here is pure and total over its documented input, so the printer's output
 * depends on nothing but the module.
 */
import { bitWidth, type LIntType, type LType, TextOut } from "@fzy/lir";

/** LLVM type of a machine type: `bool` is `i1`, `ptr` is the opaque pointer. */
export function llvmType(t: LType): string {
  switch (t) {
    case "bool": return "i1";
    case "i8": case "i16": case "i32": case "i64": return t;
    case "f64": return "double";
    case "f32": return "float";
    case "ptr": return "ptr";
  }
}

/**
 * Extension attribute a machine type needs at a C ABI boundary: an `i1`
 * travels as a zero-extended byte in the C calling convention, so LLVM must be
 * told which extension the caller (for arguments) or callee (for results)
 * performs.
 */
function extension(t: LType): string | undefined {
  return t === "bool" ? "zeroext" : undefined;
}

/** A parameter's type with its attributes, as in a signature or call: `i1 zeroext`, `i32`. */
export function llvmParamType(t: LType): string {
  const ext = extension(t);
  return ext ? `${llvmType(t)} ${ext}` : llvmType(t);
}

/** The return type of a result list (zero or one result) with its attributes: `void`, `zeroext i1`, `i32`. */
export function llvmReturnType(results: readonly LType[], what: string): string {
  if (results.length > 1) throw new Error(`lower-llvm: ${what} has ${results.length} results; the lowered form allows at most one`);
  if (results.length === 0) return "void";
  const ext = extension(results[0]!);
  return ext ? `${ext} ${llvmType(results[0]!)}` : llvmType(results[0]!);
}

const BARE_NAME = /^[-a-zA-Z$._][-a-zA-Z$._0-9]*$/;

/**
 * Whether `name` matches `[-a-zA-Z$._][-a-zA-Z$._0-9]*` (LangRef,
 * "Identifiers"), so LLVM's lexer reads it back bare as one identifier.
 * A short name is checked by a loop (the call of the regular expression
 * cost more than the characters), a longer one by the regular expression
 * (which measured faster than a loop over many characters).
 */
export function isBareName(name: string): boolean {
  const n = name.length;
  if (n > SHORT_NAME || n === 0) return BARE_NAME.test(name);
  const first = name.charCodeAt(0);
  if (first >= 0x30 && first <= 0x39) return false;
  for (let i = 0; i < n; i++) {
    const c = name.charCodeAt(i);
    if (c >= 0x80 || BARE_CHAR[c] === 0) return false;
  }
  return true;
}

/** Up to how many characters isBareName checks a name by a loop. */
const SHORT_NAME = 16;

/** 1 for each ASCII character of a bare name (`[-a-zA-Z$._0-9]`). */
const BARE_CHAR = Uint8Array.from({ length: 128 }, (_, c) => (/[-a-zA-Z$._0-9]/.test(String.fromCharCode(c)) ? 1 : 0));

/**
 * A global name as written after `@`: bare when LLVM's lexer reads it back as
 * one identifier, quoted otherwise (a leading digit would read as a numbered
 * value).
 */
export function globalName(name: string): string {
  return `@${spelledName(name)}`;
}

/**
 * A name as written after its `@` or `%` (or before the `:` of a label):
 * global and local names have one spelling in LLVM's lexer.
 */
export function spelledName(name: string): string {
  return isBareName(name) ? name : `"${escapeBytes(new TextEncoder().encode(name))}"`;
}

/**
 * Bytes as the inside of an LLVM `c"..."` or quoted name: printable ASCII as
 * itself except `"` and `\`, everything else as `\XX` (two uppercase hex
 * digits, the form LLVM itself prints).
 */
export function escapeBytes(bytes: Uint8Array): string {
  if (bytes.length > ESCAPED_AS_STRING) return escapeLong(bytes);
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += BYTE_TEXT[bytes[i]!];
  return out;
}

/** Whether escapeBytes writes byte `b` as itself. */
const isPlainByte = (b: number): boolean => b >= 0x20 && b <= 0x7e && b !== 0x22 && b !== 0x5c;

/** Each byte as escapeBytes writes it, spelled once. */
const BYTE_TEXT: readonly string[] = Array.from({ length: 256 }, (_, b) =>
  isPlainByte(b) ? String.fromCharCode(b) : "\\" + b.toString(16).toUpperCase().padStart(2, "0"));

/**
 * Inputs up to this many bytes (names, file names) are escaped by appending
 * each byte's spelling to a string; a longer one is written into a byte
 * buffer and decoded once: appended a piece per byte, a string of a
 * megabyte was a rope of a million nodes, which the collector traced and
 * the printer then flattened. (Data objects do not come here: data.ts
 * writes their bytes into the text directly.)
 */
const ESCAPED_AS_STRING = 256;

const UPPER_HEX = "0123456789ABCDEF";

/** escapeBytes of a long input: the same text, in linear time. */
function escapeLong(bytes: Uint8Array): string {
  const out = new TextOut(3 * bytes.length, false);
  writeEscaped(out, bytes, 0, bytes.length);
  return out.text("");
}

/** Writes bytes[from, to) as escapeBytes spells them into `out`: the one escape loop, for long names and for data (data.ts). */
export function writeEscaped(out: TextOut, bytes: Uint8Array, from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const b = bytes[i]!;
    if (isPlainByte(b)) {
      out.c(b);
      continue;
    }
    out.c(0x5c);
    out.c(UPPER_HEX.charCodeAt(b >> 4));
    out.c(UPPER_HEX.charCodeAt(b & 15));
  }
}

/** A string as an LLVM quoted string (UTF-8, escaped). */
export function quoted(text: string): string {
  return `"${escapeBytes(new TextEncoder().encode(text))}"`;
}

/**
 * An integer constant of type `t`. The value is reduced to the type's width
 * and printed signed, so `255` and `-1` both print as `i8 -1`; `bool` prints as
 * `true`/`false`.
 */
export function intLiteral(t: LIntType | "bool", value: bigint): string {
  if (t === "bool") return BigInt.asUintN(1, value) === 1n ? "true" : "false";
  // Compared as a number: one conversion instead of a bigint comparison per bound. A value past 2^53 rounds,
  // but monotonically, so it stays on the same side of each bound (every bound is a double).
  const x = Number(value);
  // Small constants are already their signed value in every width: no new bigint for them.
  if (x >= -0x80 && x <= 0x7f) return SMALL_INTS[x + 0x80]!;
  // Up to 32 bits the value is reduced as a number (no new bigint); a 64-bit one is its own signed value when it is.
  if (x >= -0x8000_0000 && x <= 0xffff_ffff) {
    if (t === "i64") return String(x);
    return String(t === "i32" ? x | 0 : t === "i16" ? (x << 16) >> 16 : (x << 24) >> 24);
  }
  return BigInt.asIntN(bitWidth(t), value).toString();
}

/** The spellings of -128..127, made once (the constants most code uses). */
const SMALL_INTS: readonly string[] = Array.from({ length: 256 }, (_, i) => `${i - 0x80}`);

/** The type suffix of an overloaded intrinsic's name: `f64` for double, `f32` for float, else the type (`i32`). */
export function intrinsicSuffix(t: LType): string {
  return t === "f64" || t === "f32" ? t : llvmType(t);
}

/**
 * A float constant in LLVM's hexadecimal form (a float constant is written
 * as the double of the same value, which is exact since it is a binary32 value) (`0x` and the 16 hex digits of
 * the IEEE-754 bits), which is exact for every value including NaN payloads,
 * infinities and negative zero.
 */
export function floatLiteral(value: number): string {
  FLOAT_BITS[0] = value;
  // The two 32-bit halves of the IEEE-754 bits, high then low, each as 8 hex digits.
  const hex = (w: number) => w.toString(16).toUpperCase().padStart(8, "0");
  return "0x" + hex(FLOAT_WORDS[HIGH_WORD]!) + hex(FLOAT_WORDS[1 - HIGH_WORD]!);
}

/** The bits of a double as two 32-bit words: a conversion buffer only (written and read within one call). */
const FLOAT_BITS = new Float64Array(1);
const FLOAT_WORDS = new Uint32Array(FLOAT_BITS.buffer);
/** Which word holds the sign and exponent: the second on a little-endian machine. */
const HIGH_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
