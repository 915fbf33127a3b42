/**
 * Literals of the text format (SPEC.md: INT, FLOAT, true/false): the value
 * a const, a global's initializer or a switch case spells.
 */
import type { ScalarInit } from "./module.js";

const INT_LIT = /^-?(?:0x[0-9a-fA-F](?:_?[0-9a-fA-F])*|[0-9](?:_?[0-9])*)$/;
const FLOAT_LIT = /^-?[0-9]+\.[0-9]+(?:[eE]-?[0-9]+)?$/;

/** The value of an INT literal, or null when the text is not one. */
export function parseIntLiteral(text: string): bigint | null {
  // Most literals are a few plain decimal digits: read them without the regex and the string
  // copies (up to 15 digits a double holds exactly); anything else takes the general path.
  const neg = text.charCodeAt(0) === 45;
  const from = neg ? 1 : 0;
  if (text.length > from && text.length - from <= 15) {
    let n = 0, i = from;
    for (; i < text.length; i++) {
      const d = text.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      n = n * 10 + d;
    }
    if (i === text.length) return BigInt(neg ? -n : n);
  }
  if (!INT_LIT.test(text)) return null;
  const v = BigInt(text.slice(neg ? 1 : 0).replace(/_/g, ""));
  return neg ? -v : v;
}

/** The value of a FLOAT literal (including nan, inf, -inf), or null when the text is not one. */
export function parseFloatLiteral(text: string): number | null {
  if (text === "nan") return NaN;
  if (text === "inf") return Infinity;
  if (text === "-inf") return -Infinity;
  return FLOAT_LIT.test(text) ? Number(text) : null;
}

/**
 * The immediate an operand of token kind `kind` spells: an INT, a FLOAT (nan,
 * inf, -inf included) or true/false; else the error message to report at it.
 */
export function literal(kind: string, text: string): ScalarInit | string {
  if (kind === "word" && (text === "true" || text === "false")) return { kind: "bool", value: text === "true" };
  if (kind === "number" || kind === "word") {
    const i = parseIntLiteral(text);
    if (i !== null) return { kind: "int", value: i };
    const f = parseFloatLiteral(text);
    if (f !== null) return { kind: "f64", value: f };
    if (kind === "number") return `malformed number ${text}`;
  }
  return "const needs a literal (an integer, a float or true/false)";
}
