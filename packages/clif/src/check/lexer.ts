/**
 * Tokens of one CLIF line, and the immediates the reader parses: integers
 * in the ranges Cranelift 0.135 accepts per width, address offsets
 * (Offset32, sign required) and f64 literals in `format_float` syntax
 * (hexadecimal significand, Inf, NaN; no decimal other than 0.0).
 */

export type TokenKind = "name" | "word" | "num" | "punct";

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  /** 1-based column of the token's first character in its source line. */
  readonly col: number;
}

/** A syntax error at a line (and column, 1-based; 0 when unknown) of the text. */
export class CLIFSyntaxError extends Error {
  constructor(readonly line: number, message: string, readonly col = 0) {
    super(message);
    this.name = "CLIFSyntaxError";
  }
}

const TOKEN = new RegExp(
  [
    String.raw`(?<space>\s+)`,
    String.raw`(?<punct>->|[()\[\]{},:=*<>])`,
    String.raw`(?<name>%[^\s(),:=\[\]{}+]*)`,
    String.raw`(?<user>u[0-9]+:[0-9]+)`,
    String.raw`(?<special>(?:[+-]?(?:Inf|NaN(?::0x[0-9a-fA-F]+)?)|[+-]sNaN:0x[0-9a-fA-F]+)(?![A-Za-z0-9_]))`,
    String.raw`(?<num>[+-]?[0-9](?:p[+-]|[0-9A-Za-z_.])*)`,
    String.raw`(?<word>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)`,
  ].join("|"),
  "y",
);

/**
 * The tokens of a line whose comment (from `;`) is already removed; `col0`
 * is the column of `text`'s first character in the source line. As in
 * cranelift-reader's lexer, `sNaN` needs a sign (unsigned it is a word) and
 * `u1:2` is a user function name.
 */
export function tokenize(text: string, line: number, col0 = 1): Token[] {
  const out: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const at = TOKEN.lastIndex;
    const col = col0 + at;
    const m = TOKEN.exec(text);
    if (!m || !m.groups) throw new CLIFSyntaxError(line, `unexpected character '${text[at]}' in '${text.trim()}'`, col);
    const g = m.groups;
    if (g["space"] !== undefined) continue;
    if (g["punct"] !== undefined) out.push({ kind: "punct", text: g["punct"], col });
    else if (g["name"] !== undefined) {
      if (!/^%[A-Za-z0-9_]+$/.test(g["name"])) throw new CLIFSyntaxError(line, `invalid name '${g["name"]}': names are % followed by [A-Za-z0-9_]+`, col);
      out.push({ kind: "name", text: g["name"].slice(1), col });
    } else if (g["user"] !== undefined) out.push({ kind: "name", text: g["user"], col });
    else if (g["special"] !== undefined) out.push({ kind: "num", text: g["special"], col });
    else if (g["num"] !== undefined) out.push({ kind: "num", text: g["num"], col });
    else out.push({ kind: "word", text: g["word"]!, col });
  }
  return out;
}

/** Digits of an unsigned decimal or `0x` hexadecimal literal, with `_` separators; undefined if malformed. */
function unsignedValue(s: string, underscores: boolean): bigint | undefined {
  const hex = s.startsWith("0x");
  const digits = hex ? s.slice(2) : s;
  const clean = hex || underscores ? digits.replace(/_/g, "") : digits;
  if (!clean || !(hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(clean)) return undefined;
  if (hex && clean.length > 32) return undefined;
  return BigInt(hex ? `0x${clean}` : clean);
}

/**
 * An integer immediate of `bits` width, returned as its signed value. The
 * reader takes -2^(n-1) .. 2^n-1 (either view of the bit pattern); decimal
 * `_` separators only for i64.
 */
export function parseIntImmediate(text: string, bits: number): bigint | string {
  const negative = text.startsWith("-");
  const body = negative || text.startsWith("+") ? text.slice(1) : text;
  const u = unsignedValue(body, bits >= 64);
  if (u === undefined) return `'${text}' is not a decimal or hexadecimal integer`;
  const value = negative ? -u : u;
  const b = BigInt(bits);
  if (value < -(1n << (b - 1n)) || value > (1n << b) - 1n) return `constant ${text} does not fit in i${bits}`;
  return value >= 1n << (b - 1n) ? value - (1n << b) : value;
}

/** An Offset32 (`+8`, `-16`, `+0x10`): the sign is required; the value fits in i32. */
export function parseOffset(text: string): number | string {
  if (!/^[+-]/.test(text)) return `offset '${text}' needs a sign`;
  const u = unsignedValue(text.slice(1), true);
  if (u === undefined) return `'${text}' is not an offset`;
  const v = text.startsWith("-") ? -u : u;
  if (v < -(1n << 31n) || v > (1n << 31n) - 1n) return `offset ${text} does not fit in 32 bits`;
  return Number(v);
}

/** IEEE formats by name: exponent bits and trailing significand bits. */
export const FLOAT_FORMATS = { f16: [5, 10], f32: [8, 23], f64: [11, 52], f128: [15, 112] } as const;
export type FloatFormat = keyof typeof FLOAT_FORMATS;

/** The bit pattern of an f64 literal in Cranelift's float syntax, or an error message. */
export function parseF64(text: string): bigint | string {
  return parseFloatBits(text, "f64");
}

/**
 * The bit pattern of a float literal of format `f` (after parse_float in
 * cranelift-codegen's immediates, and the reader's lexer: a literal is a
 * float token only with a radix point or as Inf/NaN, so `0x1p3` is an
 * integer and refused; `sNaN` needs a sign, which the tokenizer enforces).
 */
export function parseFloatBits(text: string, f: FloatFormat): bigint | string {
  const [w, t] = FLOAT_FORMATS[f];
  const T = BigInt(t), W = BigInt(w);
  const signBit = text.startsWith("-") ? 1n << (T + W) : 0n;
  const s = text.startsWith("-") || text.startsWith("+") ? text.slice(1) : text;
  const expAll = ((1n << W) - 1n) << T, quiet = 1n << (T - 1n);
  if (!s.startsWith("0x")) {
    if (s === "0.0") return signBit;
    if (s === "Inf") return signBit | expAll;
    if (s === "NaN") return signBit | expAll | quiet;
    const nan = /^(s?)NaN:0x([0-9a-fA-F]+)$/.exec(s);
    if (nan) {
      if (nan[1] && !/^[+-]/.test(text)) return `'${text}': a signalling NaN is written with its sign, +sNaN:0x.. or -sNaN:0x..`;
      const payload = BigInt(`0x${nan[2]}`);
      if (payload >= quiet || (nan[1] && payload === 0n)) return `invalid NaN payload in '${text}'`;
      return signBit | expAll | (nan[1] ? 0n : quiet) | payload;
    }
    return `float '${text}' must be hexadecimal (like 0x1.8p1), 0.0, Inf or NaN`;
  }
  if (!s.includes(".")) return `'${text}' is an integer to the reader: a hexadecimal float needs a radix point (like ${s.replace(/^0x([0-9a-fA-F]*)/, "0x$1.0")})`;
  const m = /^0x([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:p([+-]?[0-9]+))?$/.exec(s);
  if (!m || (m[1]! + (m[2] ?? "")).length === 0) return `malformed float '${text}'`;
  const digits = m[1]! + (m[2] ?? "");
  if (digits.length > 32) return `too many digits in '${text}'`;
  let significand = BigInt(`0x${digits}`);
  let exponent = Number(m[3] ?? "0") - 4 * (m[2] ?? "").length;
  if (significand === 0n) return signBit;
  // Normalize to t+1 significant bits, then place the exponent.
  const prec = t + 1, bias = (1 << (w - 1)) - 1, maxExp = (1 << w) - 2;
  const bitsUsed = significand.toString(2).length;
  if (bitsUsed > prec) {
    const adjust = bitsUsed - prec;
    if (significand & ((1n << BigInt(adjust)) - 1n)) return `too many significant bits in '${text}'`;
    significand >>= BigInt(adjust);
    exponent += adjust;
  } else {
    significand <<= BigInt(prec - bitsUsed);
    exponent -= prec - bitsUsed;
  }
  exponent += bias + t;
  if (exponent > maxExp) return `'${text}' is too large for ${f}`;
  if (exponent > 0) return signBit | (BigInt(exponent) << T) | (significand & ((1n << T) - 1n));
  // Subnormal: shift out the bits below the smallest exponent; they must be zero.
  const shift = BigInt(1 - exponent);
  if (shift > T || significand & ((1n << shift) - 1n)) return `'${text}' is too small for ${f}`;
  return signBit | (significand >> shift);
}
