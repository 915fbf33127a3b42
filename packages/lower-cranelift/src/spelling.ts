/**
 * How lowered-form entities are spelled in CLIF: machine types, names,
 * integer and float immediates, address offsets and signatures. Everything
 * here follows what Cranelift 0.135's reader accepts and its own printer
 * writes, so the printed text reads back unchanged.
 */
import { bitWidth, type LType, type TextOut } from "@fzy/lir";

/** The indent of every line inside a block. */
export const INDENT = "    ";

/** The CLIF value types the printer emits. */
export type ClifType = "i8" | "i16" | "i32" | "i64" | "f32" | "f64";

/**
 * The CLIF type of a lowered type: `bool` is an i8 holding 0 or 1 (CLIF has
 * no boolean type since `b1` was removed), `ptr` is an i64 address.
 */
export function clifType(t: LType): ClifType {
  switch (t) {
    case "bool": return "i8";
    case "ptr": return "i64";
    case "i8": case "i16": case "i32": case "i64": case "f32": case "f64": return t;
  }
}

/** True when `name` is [A-Za-z0-9_]+, what CLIF can spell after `%` (a loop: no regular expression per name). */
function isSymbol(name: string): boolean {
  if (name.length === 0) return false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95)) return false;
  }
  return true;
}

/** Throws on a name CLIF cannot spell as `%name` (the lowering must have mangled it already). */
export function checkSymbol(name: string, what: string): void {
  if (!isSymbol(name)) throw new Error(`lower-cranelift: ${what} name '${name}' is not [A-Za-z0-9_]+`);
}

/** `%name`; throws on a name CLIF cannot spell. */
export function symbolName(name: string, what: string): string {
  checkSymbol(name, what);
  return `%${name}`;
}

/**
 * An integer immediate of type `t`, in signed decimal. The lowered form may
 * hold it signed or as the unsigned bit pattern; anything outside both
 * ranges is a lowering bug. A bool constant must be 0 or 1.
 */
export function intImmediate(t: LType, value: bigint): string {
  if (t === "bool") {
    if (value !== 0n && value !== 1n) throw new Error(`lower-cranelift: bool constant ${value} is not 0 or 1`);
    return value.toString();
  }
  // Small non-negative immediates (most of them) are their own signed value in every width: no bigint arithmetic.
  if (value >= 0n && value <= 0x7fn) return value.toString();
  const bits = BigInt(bitWidth(t));
  const lo = -(1n << (bits - 1n)), hi = (1n << bits) - 1n;
  if (value < lo || value > hi) throw new Error(`lower-cranelift: constant ${value} does not fit ${t}`);
  return (value >= 1n << (bits - 1n) ? value - (1n << bits) : value).toString();
}

/** 2^(bits - 1) of each type but bool: the first value spelled negative (a switch: a keyed load by type name costs more). */
function half(t: LType): number {
  switch (t) {
    case "i8": return 2 ** 7;
    case "i16": return 2 ** 15;
    case "i32": case "f32": return 2 ** 31;
    case "bool": case "i64": case "ptr": case "f64": return 2 ** 63;
  }
}

/**
 * What intImmediate spells, as a number, when `value` is a safe integer
 * that fits `t` (not bool); undefined otherwise (intImmediate then spells it
 * or throws). Saves the bigint arithmetic and string of most immediates.
 */
export function signedImmediate(t: LType, value: bigint): number | undefined {
  // A bigint outside the safe range converts to a number outside it too (rounding never crosses 2^53).
  const n = Number(value);
  if (t === "bool" || !Number.isSafeInteger(n)) return undefined;
  const h = half(t);
  if (!(n >= -h && n < 2 * h)) return undefined;
  return n >= h ? n - 2 * h : n;
}

/** Writes the `+N`/`-N` suffix of an address (nothing for 0), as the reader's Offset32 expects; no string is built. */
export function writeOffset(w: TextOut, offset: number): void {
  if (!Number.isInteger(offset) || offset < -(2 ** 31) || offset >= 2 ** 31) {
    throw new Error(`lower-cranelift: address offset ${offset} does not fit in 32 bits`);
  }
  if (offset > 0) {
    w.c(43);
    w.u(offset);
  } else if (offset < 0) {
    w.c(45);
    w.u(-offset);
  }
}

/**
 * An f64 immediate as Cranelift's `format_float` prints it: hexadecimal
 * significand and binary exponent (`0x1.8000000000000p1`), `0.0`/`-0.0`,
 * `+Inf`/`-Inf`, `+NaN` (with `:0x…` payload when it has one) and
 * `+sNaN:0x…`. The reader takes no other decimal form than zero.
 */
export function f64Immediate(value: number): string {
  BITS.setFloat64(0, value);
  // The bits as two 32-bit halves (numbers, no BigInt): the fraction is below 2^52, exact in a double.
  const hi = BITS.getUint32(0), lo = BITS.getUint32(4);
  const sign = hi >>> 31 ? "-" : "";
  const exp = (hi >>> 20) & 0x7ff;
  const fracHi = hi & 0xfffff;
  const frac = fracHi * 2 ** 32 + lo;
  const hex = frac.toString(16).padStart(13, "0");
  if (exp === 0) return frac === 0 ? `${sign}0.0` : `${sign}0x0.${hex}p-1022`;
  if (exp === 0x7ff) {
    const s = sign || "+";
    if (frac === 0) return `${s}Inf`;
    // Bit 51 (the quiet bit) is bit 19 of the high half.
    const payload = (fracHi & 0x7ffff) * 2 ** 32 + lo;
    if (fracHi & 0x80000) return payload ? `${s}NaN:0x${payload.toString(16)}` : `${s}NaN`;
    return `${s}sNaN:0x${payload.toString(16)}`;
  }
  return `${sign}0x1.${hex}p${exp - 1023}`;
}

/** Writes the `digits` low hex digits of `x` (below 2^32), most significant first. */
function writeHex(w: TextOut, x: number, digits: number): void {
  for (let shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
    const d = (x >>> shift) & 15;
    w.c(d < 10 ? 48 + d : 87 + d);
  }
}

/** Writes `p` and a binary exponent, as the immediates spell it. */
function writeExponent(w: TextOut, e: number): void {
  w.c(112);
  if (e < 0) { w.c(45); w.u(-e); } else w.u(e);
}

/** Writes what f64Immediate spells, without a string for a zero or a normal number. */
export function writeF64Immediate(w: TextOut, value: number): void {
  BITS.setFloat64(0, value);
  const hi = BITS.getUint32(0), lo = BITS.getUint32(4);
  const exp = (hi >>> 20) & 0x7ff, fracHi = hi & 0xfffff;
  if (exp === 0x7ff || (exp === 0 && (fracHi | lo) !== 0)) { w.s(f64Immediate(value)); return; }
  if (hi >>> 31) w.c(45);
  if (exp === 0) { w.s("0.0"); return; }
  w.s("0x1.");
  writeHex(w, fracHi, 5);
  writeHex(w, lo, 8);
  writeExponent(w, exp - 1023);
}

/** Writes what f32Immediate spells, without a string for a zero or a normal number. */
export function writeF32Immediate(w: TextOut, value: number): void {
  BITS.setFloat32(0, value);
  const bits = BITS.getUint32(0);
  const exp = (bits >>> 23) & 0xff, frac = bits & 0x7fffff;
  if (exp === 0xff || (exp === 0 && frac !== 0)) { w.s(f32Immediate(value)); return; }
  if (bits >>> 31) w.c(45);
  if (exp === 0) { w.s("0.0"); return; }
  w.s("0x1.");
  writeHex(w, frac << 1, 6);
  writeExponent(w, exp - 127);
}

/** Where f64Immediate and f32Immediate read a number's bits (one view for the module, not one per immediate). */
const BITS = new DataView(new ArrayBuffer(8));

/**
 * An f32 immediate as Cranelift's `format_float` prints an Ieee32: the 23
 * fraction bits left-aligned in six hex digits (`0x1.800000p0` is 1.5),
 * exponent bias 127, the same special forms as f64Immediate.
 */
export function f32Immediate(value: number): string {
  BITS.setFloat32(0, value);
  const bits = BITS.getUint32(0);
  const sign = bits >>> 31 ? "-" : "";
  const exp = (bits >>> 23) & 0xff;
  const frac = bits & 0x7fffff;
  const hex = (frac << 1).toString(16).padStart(6, "0");
  if (exp === 0) return frac === 0 ? `${sign}0.0` : `${sign}0x0.${hex}p-126`;
  if (exp === 0xff) {
    const s = sign || "+";
    if (frac === 0) return `${s}Inf`;
    const quiet = 1 << 22, payload = frac & (quiet - 1);
    if (frac & quiet) return payload ? `${s}NaN:0x${payload.toString(16)}` : `${s}NaN`;
    return `${s}sNaN:0x${payload.toString(16)}`;
  }
  return `${sign}0x1.${hex}p${exp - 127}`;
}

/** A signature's text after the `(`: `(i64, i64) -> i32 system_v`. */
export function signatureText(params: readonly LType[], results: readonly LType[]): string {
  const ret = results.length ? ` -> ${results.map(clifType).join(", ")}` : "";
  return `(${params.map(clifType).join(", ")})${ret} system_v`;
}
