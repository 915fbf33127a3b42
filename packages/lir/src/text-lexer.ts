/**
 * Tokens of the `.lir` text form (see text-printer.ts for the grammar by
 * example). One left-to-right pass, linear in the input, no backtracking,
 * a token at a time as the parser asks.
 *
 * - `word`: [A-Za-z_][A-Za-z0-9_.]* — keywords, opcodes, types, `v3`,
 *   `block2`, `ss0`, `NaN`, `Infinity`;
 * - `number`: `-?digits(.digits)?([eE][+-]?digits)?` or `-Infinity`;
 * - `func` (`%name`) and `data` (`@name`): a sigil then a word or a quoted
 *   string (for names that are not words);
 * - `string`: `"..."` with `\\`, `\"` and `\hh` (two hex digits, one byte)
 *   escapes; its value is the decoded bytes, as a latin-1 string;
 * - punctuation; `;` starts a comment to the end of the line.
 *
 * Positions are 1-based lines and columns (UTF-16 units, which equal code
 * points for the ASCII text the printer writes).
 */
import { CodeUnitWriter, FzError } from "@fzy/ir";

export type LirTokenKind = "word" | "number" | "func" | "data" | "string" | "(" | ")" | "{" | "}" | "[" | "]" | "," | ":" | "=" | "->" | "+" | "!" | "eof";

export interface LirToken {
  readonly kind: LirTokenKind;
  /** The word, number, sigil name (without its sigil) or decoded string. */
  readonly text: string;
  readonly line: number;
  readonly column: number;
}

/** Character classes by code (below 128): bit 1 starts a word, bit 2 continues one ([A-Za-z0-9_.]). */
const WORD_START = 1, WORD_REST = 2;
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
  const digit = c >= 48 && c <= 57;
  CLASS[c] = (letter ? WORD_START : 0) | (letter || digit || c === 46 ? WORD_REST : 0);
}
/** The token kind of each punctuation character by code ("" for none). */
const PUNCT: readonly string[] = (() => {
  const kinds: string[] = new Array<string>(128).fill("");
  for (const c of ["(", ")", "{", "}", "[", "]", ",", ":", "=", "+", "!"]) kinds[c.charCodeAt(0)] = c;
  return kinds;
})();

/**
 * The words of the format (keywords, opcodes, types, condition codes), handed
 * out as these very strings instead of a fresh slice per token: no string
 * is allocated for them, and the parser's comparisons with its constants
 * and lookups in its sets meet the same string. Keyed by length and first
 * character.
 */
const WORDS: ReadonlyMap<number, readonly string[]> = (() => {
  const words = [
    "module", "function", "extern", "data", "align", "writable", "zeroes", "bytes", "relocs", "export", "slot", "origin", "text", "loc",
    "cold", "readonly", "unaligned", "range", "noreturn", "pure", "NaN", "Infinity",
    "bool", "i8", "i16", "i32", "i64", "f32", "f64", "ptr",
    "iconst", "fconst", "icmp", "fcmp", "select", "load", "store", "stack_addr", "symbol_addr", "func_addr", "ptr_add", "opaque", "call", "call_indirect",
    "jump", "brif", "br_table", "switch", "return", "trap",
    "iadd", "isub", "imul", "sdiv", "srem", "udiv", "urem", "band", "bor", "bxor", "ishl", "ushr", "sshr", "fadd", "fsub", "fmul", "fdiv",
    "rotl", "rotr", "smin", "smax", "umin", "umax", "fmin", "fmax", "fcopysign",
    "sqrt", "fabs", "floor", "ceil", "ftrunc", "nearest", "popcnt", "clz", "ctz", "bswap", "iabs",
    "eq", "ne", "slt", "sle", "sgt", "sge", "ult", "ule", "ugt", "uge", "lt", "le", "gt", "ge",
    "sext", "uext", "trunc", "sitofp", "fptosi_sat", "bitcast", "ptr_to_int", "int_to_ptr", "uitofp", "fptoui_sat", "fpromote", "fdemote",
  ];
  const table = new Map<number, string[]>();
  for (const w of words) {
    const key = w.length * 128 + w.charCodeAt(0);
    const list = table.get(key);
    if (list === undefined) table.set(key, [w]);
    else if (!list.includes(w)) list.push(w);
  }
  return table;
})();

/** The word `text[start..end)`: one of WORDS when it is one, else a slice. */
function wordAt(text: string, start: number, end: number): string {
  const candidates = WORDS.get((end - start) * 128 + text.charCodeAt(start));
  if (candidates !== undefined) {
    for (let k = 0; k < candidates.length; k++) if (text.startsWith(candidates[k]!, start)) return candidates[k]!;
  }
  return text.slice(start, end);
}

const isRest = (c: number): boolean => c < 128 && (CLASS[c]! & WORD_REST) !== 0;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** The end of the word whose rest starts at `j` ([A-Za-z0-9_.]*). */
function wordEnd(text: string, j: number): number {
  while (j < text.length && isRest(text.charCodeAt(j))) j++;
  return j;
}

/** The end of the digits starting at `j`. */
function digitsEnd(text: string, j: number): number {
  while (j < text.length && isDigit(text.charCodeAt(j))) j++;
  return j;
}

/**
 * The end of the number at `i` (`-?(\d+(\.\d+)?([eE][+-]?\d+)?|Infinity)`,
 * a part taken only when whole), or -1 when none starts there.
 */
function numberEnd(text: string, i: number): number {
  let j = i;
  if (text.charCodeAt(j) === 45) j++;
  if (!isDigit(text.charCodeAt(j))) return text.startsWith("Infinity", j) ? j + 8 : -1;
  j = digitsEnd(text, j);
  if (text.charCodeAt(j) === 46 && isDigit(text.charCodeAt(j + 1))) j = digitsEnd(text, j + 1);
  const e = text.charCodeAt(j);
  if (e === 101 || e === 69) {
    let k = j + 1;
    const sign = text.charCodeAt(k);
    if (sign === 43 || sign === 45) k++;
    if (isDigit(text.charCodeAt(k))) j = digitsEnd(text, k);
  }
  return j;
}

/**
 * The tokens of `.lir` text, one at a time (`next`), so each dies young
 * instead of a whole array of them living through the parse (which made
 * every collection copy them all). A malformed token is a `parse` FzError
 * at its line and column when it is reached. Characters are read by code
 * and classified by table (no one-character strings or regular expressions
 * per character).
 */
export class LirLexer {
  private i = 0;
  private line = 1;
  private lineStart = 0;

  constructor(private readonly text: string, private readonly file?: string) {}

  private fail(msg: string, at: number): never {
    throw new FzError("parse", msg, { kind: "text", file: this.file, line: this.line, column: at - this.lineStart + 1 });
  }

  /** The next token (`eof` at the end, again on every call after it). */
  next(): LirToken {
    const text = this.text, n = text.length;
    let i = this.i;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 10) { this.line++; i++; this.lineStart = i; continue; }
      if (c === 32 || c === 9 || c === 13) { i++; continue; }
      if (c === 59) { while (i < n && text.charCodeAt(i) !== 10) i++; continue; }
      break;
    }
    this.i = i;
    const line = this.line, column = i - this.lineStart + 1;
    if (i >= n) return { kind: "eof", text: "", line, column };
    const c = text.charCodeAt(i);
    if (c === 45 && text.charCodeAt(i + 1) === 62) { this.i = i + 2; return { kind: "->", text: "->", line, column }; }
    const punct = c < 128 ? PUNCT[c]! : "";
    if (punct !== "") { this.i = i + 1; return { kind: punct as LirTokenKind, text: punct, line, column }; }
    if (c === 37 || c === 64) return this.symbol(c === 37 ? "func" : "data", i, line, column);
    if (c === 34) {
      const [s, end] = readString(text, i, (m, at) => this.fail(m, at));
      this.i = end;
      return { kind: "string", text: s, line, column };
    }
    if (c === 45 || isDigit(c)) {
      const end = numberEnd(text, i);
      if (end < 0) this.fail(`malformed number`, i);
      this.i = end;
      return { kind: "number", text: text.slice(i, end), line, column };
    }
    if (c < 128 && (CLASS[c]! & WORD_START) !== 0) {
      const end = wordEnd(text, i + 1);
      this.i = end;
      return { kind: "word", text: wordAt(text, i, end), line, column };
    }
    return this.fail(`unexpected character '${text[i]}'`, i);
  }

  /** `%name`/`@name` at `start`: a sigil then a word or a quoted string. */
  private symbol(kind: "func" | "data", start: number, line: number, column: number): LirToken {
    const text = this.text, i = start + 1;
    if (text.charCodeAt(i) === 34) {
      const [s, end] = readString(text, i, (m, at) => this.fail(m, at));
      this.i = end;
      return { kind, text: s, line, column };
    }
    if (i < text.length && isRest(text.charCodeAt(i))) {
      const end = wordEnd(text, i);
      this.i = end;
      return { kind, text: text.slice(i, end), line, column };
    }
    return this.fail(`expected a name after '${text[start]}'`, i);
  }
}

/** Read a quoted string starting at `text[at] === '"'`; returns the decoded bytes (latin-1) and the index after the closing quote. */
function readString(text: string, at: number, fail: (msg: string, at: number) => never): [string, number] {
  // Most strings are names without escapes: one slice, not a string built a character at a time.
  for (let j = at + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 34) return [text.slice(at + 1, j), j + 1];
    if (c === 92 || c < 0x20 || c > 0x7e) break;
  }
  // Decoded a code unit at a time (CodeUnitWriter: a long string is not a rope).
  const out = DECODED;
  out.begin();
  let i = at + 1;
  for (;;) {
    const c = i < text.length ? text.charCodeAt(i) : 10;
    if (c === 10) return fail("unterminated string", at);
    if (c === 34) return [out.end(), i + 1];
    if (c === 92) {
      const n = text.charCodeAt(i + 1);
      if (n === 92 || n === 34) {
        out.unit(n);
        i += 2;
        continue;
      }
      const hi = hexDigit(n), lo = hexDigit(text.charCodeAt(i + 2));
      if (hi < 0 || lo < 0) return fail("bad escape in string (expected \\\\, \\\" or two hex digits)", i);
      out.unit(16 * hi + lo);
      i += 3;
      continue;
    }
    if (c < 0x20 || c > 0x7e) return fail("a string holds printable ASCII only; escape other bytes as \\hh", i);
    out.unit(c);
    i++;
  }
}

/** readString's writer, shared (it is not reentrant). */
const DECODED = new CodeUnitWriter();

/** The value of hex digit `c` (a code unit; NaN past the end), or -1. */
function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}
