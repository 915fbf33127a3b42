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
}

/** A syntax error at a line of the text. */
export class CLIFSyntaxError extends Error {
  constructor(readonly line: number, message: string) {
    super(message);
    this.name = "CLIFSyntaxError";
  }
}

const TOKEN = new RegExp(
  [
    String.raw`(?<space>\s+)`,
    String.raw`(?<punct>->|[()\[\]{},:=])`,
    String.raw`(?<name>%[^\s(),:=\[\]{}+]*)`,
    String.raw`(?<special>[+-]?(?:Inf|NaN(?::0x[0-9a-fA-F]+)?|sNaN:0x[0-9a-fA-F]+)(?![A-Za-z0-9_]))`,
    String.raw`(?<num>[+-]?[0-9](?:p[+-]|[0-9A-Za-z_.])*)`,
    String.raw`(?<word>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)`,
  ].join("|"),
  "y",
);

/** The tokens of a line whose comment (from `;`) is already removed. */
export function tokenize(text: string, line: number): Token[] {
  const out: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m || !m.groups) throw new CLIFSyntaxError(line, `unexpected character '${text[at]}' in '${text.trim()}'`);
    const g = m.groups;
    if (g["space"] !== undefined) continue;
    if (g["punct"] !== undefined) out.push({ kind: "punct", text: g["punct"] });
    else if (g["name"] !== undefined) {
      if (!/^%[A-Za-z0-9_]+$/.test(g["name"])) throw new CLIFSyntaxError(line, `invalid name '${g["name"]}': names are % followed by [A-Za-z0-9_]+`);
      out.push({ kind: "name", text: g["name"].slice(1) });
    } else if (g["special"] !== undefined) out.push({ kind: "num", text: g["special"] });
    else if (g["num"] !== undefined) out.push({ kind: "num", text: g["num"] });
    else out.push({ kind: "word", text: g["word"]! });
  }
  return out;
}

/** Digits of an unsigned decimal or `0x` hexadecimal literal, with `_` separators; undefined if malformed. */
function unsignedValue(s: string, underscores: boolean): bigint | undefined {
  const hex = s.startsWith("0x");
  const digits = hex ? s.slice(2) : s;
  const clean = hex || underscores ? digits.replace(/_/g, "") : digits;
  if (!clean || !(hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(clean)) return undefined;
  if (hex && clean.length > 16) return undefined;
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
  const u = unsignedValue(body, bits === 64);
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

/** The bit pattern of an f64 literal in Cranelift's float syntax, or an error message. */
export function parseF64(text: string): bigint | string {
  const signBit = text.startsWith("-") ? 1n << 63n : 0n;
  const s = text.startsWith("-") || text.startsWith("+") ? text.slice(1) : text;
  const expAll = 0x7ffn << 52n, quiet = 1n << 51n;
  if (!s.startsWith("0x")) {
    if (s === "0.0") return signBit;
    if (s === "Inf") return signBit | expAll;
    if (s === "NaN") return signBit | expAll | quiet;
    const nan = /^(s?)NaN:0x([0-9a-fA-F]+)$/.exec(s);
    if (nan) {
      const payload = BigInt(`0x${nan[2]}`);
      if (payload >= quiet || (nan[1] && payload === 0n)) return `invalid NaN payload in '${text}'`;
      return signBit | expAll | (nan[1] ? 0n : quiet) | payload;
    }
    return `float '${text}' must be hexadecimal (like 0x1.8p1), 0.0, Inf or NaN`;
  }
  const m = /^0x([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:p([+-]?[0-9]+))?$/.exec(s);
  if (!m || (m[1]! + (m[2] ?? "")).length === 0) return `malformed float '${text}'`;
  const digits = m[1]! + (m[2] ?? "");
  if (digits.length > 32) return `too many digits in '${text}'`;
  let significand = BigInt(`0x${digits}`);
  let exponent = Number(m[3] ?? "0") - 4 * (m[2] ?? "").length;
  if (significand === 0n) return signBit;
  // Normalize to 53 significant bits, then place the exponent (after parse_float in cranelift-codegen).
  const bitsUsed = significand.toString(2).length;
  if (bitsUsed > 53) {
    const adjust = bitsUsed - 53;
    if (significand & ((1n << BigInt(adjust)) - 1n)) return `too many significant bits in '${text}'`;
    significand >>= BigInt(adjust);
    exponent += adjust;
  } else {
    significand <<= BigInt(53 - bitsUsed);
    exponent -= 53 - bitsUsed;
  }
  exponent += 1023 + 52;
  if (exponent > 2046) return `'${text}' is too large for f64`;
  if (exponent > 0) return signBit | (BigInt(exponent) << 52n) | (significand & ((1n << 52n) - 1n));
  // Subnormal: shift out the bits below the smallest exponent; they must be zero.
  const shift = BigInt(1 - exponent);
  if (shift > 52n || significand & ((1n << shift) - 1n)) return `'${text}' is too small for f64`;
  return signBit | (significand >> shift);
}
