/**
 * The definition of the string operations of SPEC.md "String operations"
 * (slice, find, byte_at, split, join, from_int, parse): Rust's semantics
 * over the UTF-8 bytes of the interpreter's JS strings. Byte indices are
 * i32 in the IR; a negative index is out of bounds (Rust's indices are
 * usize, so a frontend can only produce one by converting a negative
 * number, which Rust rejects as a huge index). The trap messages are
 * Rust's (core::str::slice_error_fail, the slice index panic) and runtime-c
 * str_ops.c prints the same bytes.
 */
import { isHigh, isLow } from "./code-points.js";
import { arrayLimitTrap, boundsMessage, MAX_ARRAY_ELEMENTS, Trap } from "./trap.js";

const enc = new TextEncoder();
// ignoreBOM: a U+FEFF at the start of a slice is a char of the string, not a byte-order mark to drop.
const dec = new TextDecoder("utf-8", { ignoreBOM: true });

/** Rust's display limit for the string quoted in a slice panic. */
const MAX_DISPLAY = 256;

function isBoundary(b: Uint8Array, i: number): boolean {
  return i === 0 || i === b.length || (i > 0 && i < b.length && (b[i]! & 0xc0) !== 0x80);
}

function floorBoundary(b: Uint8Array, i: number): number {
  if (i >= b.length) return b.length;
  while (!isBoundary(b, i)) i--;
  return i;
}

/** The panic message of `&s[from..to]` out of bounds, reversed or off a char boundary (as core::str::slice_error_fail). */
export function sliceErrorMessage(b: Uint8Array, from: number, to: number): string {
  const t = floorBoundary(b, MAX_DISPLAY);
  const shown = "`" + dec.decode(b.subarray(0, t)) + "`" + (t < b.length ? "[...]" : "");
  const oob = (i: number) => i < 0 || i > b.length;
  if (oob(from) || oob(to)) return `byte index ${oob(from) ? from : to} is out of bounds of ${shown}`;
  if (from > to) return `begin <= end (${from} <= ${to}) when slicing ${shown}`;
  const index = isBoundary(b, from) ? to : from;
  const start = floorBoundary(b, index);
  let end = start + 1;
  while (end < b.length && (b[end]! & 0xc0) === 0x80) end++;
  return `byte index ${index} is not a char boundary; it is inside '${dec.decode(b.subarray(start, end))}' (bytes ${start}..${end}) of ${shown}`;
}

/** Rust `&s[from..to]`. */
export function rustSlice(s: string, from: number, to: number): string {
  const b = enc.encode(s);
  if (from < 0 || to < 0 || from > to || to > b.length || !isBoundary(b, from) || !isBoundary(b, to)) {
    throw new Trap("bounds", sliceErrorMessage(b, from, to));
  }
  return dec.decode(b.subarray(from, to));
}

/** Rust `s.find(needle)` as a byte index, -1 for None. */
export function rustFind(s: string, needle: string): number {
  const at = s.indexOf(needle);
  return at < 0 ? -1 : enc.encode(s.slice(0, at)).length;
}

/** Rust `s.as_bytes()[i]` as an i32. */
export function rustByteAt(s: string, i: number): number {
  const b = enc.encode(s);
  if (i < 0 || i >= b.length) throw new Trap("bounds", boundsMessage(b.length, i));
  return b[i]!;
}

/** Rust `s.split(sep)`: every piece, empty ones included; an empty separator matches at every char boundary. */
export function rustSplit(s: string, sep: string): string[] {
  // More pieces than the interpreter's arrays hold is its `memory` trap (V8 would end the process past 2^27).
  // A string shorter than the limit cannot have that many: only a long one is counted.
  if (s.length + 2 > MAX_ARRAY_ELEMENTS) {
    const pieces = sep.length > 0 ? occurrences(s, sep) + 1 : codePoints(s) + 2;
    if (pieces > MAX_ARRAY_ELEMENTS) throw arrayLimitTrap(pieces);
  }
  if (sep.length > 0) return s.split(sep);
  return ["", ...Array.from(s), ""];
}

/** Non-overlapping occurrences of a non-empty `sep` in `s`, left to right (as split finds them). */
function occurrences(s: string, sep: string): number {
  let n = 0;
  for (let at = s.indexOf(sep); at >= 0; at = s.indexOf(sep, at + sep.length)) n++;
  return n;
}

/** The chars (code points) of `s`: its UTF-16 units less one per surrogate pair. */
function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i + 1 < s.length; i++) {
    if (isHigh(s.charCodeAt(i)) && isLow(s.charCodeAt(i + 1))) { n--; i++; }
  }
  return n;
}

/** Rust `IntErrorKind` as str.parse_error numbers it (0: parsed). */
export const PARSE_ERROR = { ok: 0, empty: 1, invalidDigit: 2, posOverflow: 3, negOverflow: 4 } as const;

const MAX64 = (1n << 63n) - 1n;
const MIN64 = -(1n << 63n);

/** Rust `s.parse::<i64>()`: the value, or the error kind of the first failing byte, left to right. */
export function rustParseI64(s: string): { value: bigint; error: number } {
  const b = enc.encode(s);
  if (b.length === 0) return { value: 0n, error: PARSE_ERROR.empty };
  const sign = b[0] === 0x2b || b[0] === 0x2d ? b[0] : 0;
  if (sign !== 0 && b.length === 1) return { value: 0n, error: PARSE_ERROR.invalidDigit };
  const neg = sign === 0x2d;
  let v = 0n;
  for (let i = sign === 0 ? 0 : 1; i < b.length; i++) {
    const d = b[i]! - 0x30;
    if (d < 0 || d > 9) return { value: 0n, error: PARSE_ERROR.invalidDigit };
    v = v * 10n + BigInt(neg ? -d : d);
    if (v > MAX64) return { value: 0n, error: PARSE_ERROR.posOverflow };
    if (v < MIN64) return { value: 0n, error: PARSE_ERROR.negOverflow };
  }
  return { value: v, error: PARSE_ERROR.ok };
}
