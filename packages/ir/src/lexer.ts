/**
 * Source decoding and tokens of the `.fzir` text format (SPEC.md).
 *
 * Positions are 1-based lines and columns; a column counts Unicode code
 * points (not bytes, not UTF-16 units), so a message points at the same
 * character whether the file came as bytes or as a string. A tab is one
 * column.
 *
 * Invariants that keep hostile input harmless:
 * - lexing is one left-to-right pass, linear in the input, with no
 *   backtracking and no recursion;
 * - names and numbers are at most MAX_WORD code points and string literals at
 *   most MAX_STRING UTF-16 units, or the lexer throws a `limit` error;
 * - invalid UTF-8 (bytes) and lone surrogates (strings) are `parse` errors at
 *   their position, so a module always holds well-formed Unicode.
 *
 * `;` starts a comment, except inside square brackets on one line, where it
 * separates an array type's element from its length (`[i32; 3]`); brackets
 * never span lines, so the bracket depth restarts at every newline.
 */
import { FzError, type TextLocation } from "./errors.js";

/** Longest name or number token, in code points. */
export const MAX_WORD = 1024;
/** Longest decoded string literal, in UTF-16 units. */
export const MAX_STRING = 1 << 20;

export type TokenKind =
  | "word"    // [A-Za-z_][A-Za-z0-9_]* with optional '.'-separated parts: names, keywords, opcodes
  | "number"  // starts with a digit or '-': integers, floats, numeric labels, -inf
  | "value"   // %name
  | "var"     // $name
  | "func"    // @name
  | "string"  // "...", `value` holds the decoded text
  | "{" | "}" | "(" | ")" | "[" | "]" | "," | ":" | ";" | "=" | "->" | "!"
  | "eof"
  | "eol"; // never produced here: the parser's view of a token past the end of a statement's line

export interface Token {
  readonly kind: TokenKind;
  /** The token as written (for sigil tokens, the name without its sigil). */
  readonly text: string;
  /** Decoded contents of a string literal. */
  readonly value?: string;
  readonly line: number;
  readonly column: number;
  /** Column just past the token, where "end of line" errors point. */
  readonly end: number;
}

/** Decode UTF-8 bytes, reporting the first invalid sequence at its line and column. */
export function decodeUtf8(bytes: Uint8Array, file?: string): string {
  const bad = firstInvalidUtf8(bytes);
  if (bad < 0) return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  // The prefix before the bad byte is valid, so it decodes (without a leading
  // byte-order mark, as the lexer skips it); count its lines and code points.
  const prefix = new TextDecoder("utf-8").decode(bytes.subarray(0, bad));
  let line = 1, column = 1;
  for (const ch of prefix) {
    if (ch === "\n") { line++; column = 1; } else column++;
  }
  const hex = bytes[bad]!.toString(16).padStart(2, "0");
  throw new FzError("parse", `invalid UTF-8 (byte 0x${hex})`, { kind: "text", file, line, column });
}

/** Offset of the first byte that does not start a well-formed UTF-8 sequence (RFC 3629), or -1. */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  const n = b.length;
  while (i < n) {
    const c = b[i]!;
    if (c < 0x80) { i++; continue; }
    let need: number, min: number, max = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) { need = 1; min = 0x80; }
    else if (c >= 0xe0 && c <= 0xef) { need = 2; min = c === 0xe0 ? 0xa0 : 0x80; if (c === 0xed) max = 0x9f; }
    else if (c >= 0xf0 && c <= 0xf4) { need = 3; min = c === 0xf0 ? 0x90 : 0x80; if (c === 0xf4) max = 0x8f; }
    else return i;
    // Only the second byte has a narrowed range (overlongs, surrogates, > U+10FFFF).
    for (let k = 1; k <= need; k++) {
      const d = b[i + k];
      if (d === undefined || d < (k === 1 ? min : 0x80) || d > (k === 1 ? max : 0xbf)) return i;
    }
    i += need + 1;
  }
  return -1;
}

const isWordStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isDigit = (c: number) => c >= 48 && c <= 57;
const isWordChar = (c: number) => isWordStart(c) || isDigit(c);
const isHex = (c: number) => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

const SIMPLE_ESCAPES: Record<string, string> = { "\\": "\\", '"': '"', n: "\n", t: "\t", r: "\r", "0": "\0" };

const PUNCT: Record<string, TokenKind> = {
  "{": "{", "}": "}", "(": "(", ")": ")", "[": "[", "]": "]", ",": ",", ":": ":", "=": "=", "!": "!",
};

/** A pull lexer with unbounded lookahead over a decoded source string. */
export class Lexer {
  private pos = 0;
  private line = 1;
  private column = 1;
  /** Square-bracket depth on the current line (see the header). */
  private depth = 0;
  private readonly ahead: Token[] = [];

  constructor(private readonly src: string, readonly file?: string) {
    if (src.charCodeAt(0) === 0xfeff) this.pos = 1; // a byte-order mark is not text
  }

  /** The token `k` places ahead (0 = next) without consuming it. */
  peek(k = 0): Token {
    while (this.ahead.length <= k) this.ahead.push(this.scan());
    return this.ahead[k]!;
  }

  next(): Token {
    const t = this.peek();
    this.ahead.shift();
    return t;
  }

  loc(line: number, column: number): TextLocation {
    return { kind: "text", file: this.file, line, column };
  }

  private fail(msg: string, line = this.line, column = this.column, code: "parse" | "limit" = "parse"): never {
    throw new FzError(code, msg, this.loc(line, column));
  }

  /** Advance one code point (never past a newline; callers handle those). */
  private step(): void {
    const c = this.src.charCodeAt(this.pos);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = this.src.charCodeAt(this.pos + 1);
      if (!(d >= 0xdc00 && d <= 0xdfff)) this.fail("invalid Unicode: lone surrogate");
      this.pos += 2;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      this.fail("invalid Unicode: lone surrogate");
    } else {
      this.pos += 1;
    }
    this.column++;
  }

  private skipSpaceAndComments(): void {
    const s = this.src;
    while (this.pos < s.length) {
      const c = s.charCodeAt(this.pos);
      if (c === 10) { this.pos++; this.line++; this.column = 1; this.depth = 0; }
      else if (c === 32 || c === 9 || c === 13) this.step();
      else if (c === 59 && this.depth === 0) {
        while (this.pos < s.length && s.charCodeAt(this.pos) !== 10) this.step();
      } else return;
    }
  }

  private scan(): Token {
    this.skipSpaceAndComments();
    const s = this.src;
    const line = this.line, column = this.column, start = this.pos;
    if (this.pos >= s.length) return this.tok("eof", "", line, column, undefined);
    const c = s.charCodeAt(this.pos);
    const ch = s[this.pos]!;
    if (isWordStart(c)) {
      // Dotted parts belong to the word: opcodes (str.lit), suffixes (icmp.slt), variants (Opt.Some).
      this.word();
      while (s.charCodeAt(this.pos) === 46 && isWordChar(s.charCodeAt(this.pos + 1))) { this.step(); this.word(); }
      return this.sized(this.tok("word", s.slice(start, this.pos), line, column, undefined));
    }
    if (isDigit(c) || (c === 45 && isWordChar(s.charCodeAt(this.pos + 1)))) {
      if (c === 45) this.step();
      this.word();
      // A fraction and an exponent make a float: 1.5, -2.0e-3 (SPEC has no '+' but we take it to reject it clearly).
      if (s.charCodeAt(this.pos) === 46 && isDigit(s.charCodeAt(this.pos + 1))) {
        this.step();
        this.word();
        const e = s.charCodeAt(this.pos - 1);
        const sign = s.charCodeAt(this.pos);
        if ((e === 101 || e === 69) && (sign === 45 || sign === 43) && isDigit(s.charCodeAt(this.pos + 1))) { this.step(); this.word(); }
      }
      return this.sized(this.tok("number", s.slice(start, this.pos), line, column, undefined));
    }
    if (c === 37 || c === 36 || c === 64) {
      this.step();
      const from = this.pos;
      this.word();
      if (this.pos === from) this.fail(`expected a name after '${ch}'`, line, column);
      return this.sized(this.tok(c === 37 ? "value" : c === 36 ? "var" : "func", s.slice(from, this.pos), line, column, undefined));
    }
    if (c === 34) return this.tok("string", s.slice(start, start + 1), line, column, this.string(line, column));
    if (c === 45 && s.charCodeAt(this.pos + 1) === 62) { this.step(); this.step(); return this.tok("->", "->", line, column, undefined); }
    if (c === 59) { this.step(); return this.tok(";", ";", line, column, undefined); }
    const p = Object.hasOwn(PUNCT, ch) ? PUNCT[ch] : undefined;
    if (p) {
      this.step();
      if (c === 91) this.depth++;
      else if (c === 93 && this.depth > 0) this.depth--;
      return this.tok(p, ch, line, column, undefined);
    }
    const cp = s.codePointAt(this.pos)!;
    this.step(); // rejects a lone surrogate before we describe it
    const shown = cp >= 0x21 && cp < 0x7f ? `'${ch}'` : `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
    this.fail(`unexpected character ${shown}`, line, column);
  }

  /** A token from (line, column) to the current position. */
  private tok(kind: TokenKind, text: string, line: number, column: number, value: string | undefined): Token {
    return { kind, text, value, line, column, end: this.column };
  }

  /** Consume [A-Za-z0-9_]*. */
  private word(): void {
    const s = this.src;
    while (this.pos < s.length && isWordChar(s.charCodeAt(this.pos))) { this.pos++; this.column++; }
  }

  private sized(t: Token): Token {
    if (t.text.length > MAX_WORD) this.fail(`token longer than ${MAX_WORD} characters`, t.line, t.column, "limit");
    return t;
  }

  /** A string literal after its opening quote at (line, column); returns the decoded text. */
  private string(line: number, column: number): string {
    const s = this.src;
    this.step();
    const parts: string[] = [];
    let size = 0;
    let run = this.pos; // start of the current run of plain characters
    const flush = (end: number) => {
      if (end > run) { parts.push(s.slice(run, end)); size += end - run; }
    };
    for (;;) {
      if (size + (this.pos - run) > MAX_STRING) this.fail(`string literal longer than ${MAX_STRING} characters`, line, column, "limit");
      if (this.pos >= s.length) this.fail("unterminated string literal", line, column);
      const c = s.charCodeAt(this.pos);
      if (c === 10 || c === 13) this.fail("unterminated string literal (strings cannot span lines)", line, column);
      if (c === 34) { flush(this.pos); this.step(); break; }
      if (c !== 92) { this.step(); continue; }
      flush(this.pos);
      const escLine = this.line, escCol = this.column;
      this.step();
      const e = s[this.pos];
      if (e !== undefined && Object.hasOwn(SIMPLE_ESCAPES, e)) {
        parts.push(SIMPLE_ESCAPES[e]!);
        size++;
        this.step();
      } else if (e === "x") {
        this.step();
        const h = s.slice(this.pos, this.pos + 2);
        if (!/^[0-7][0-9a-fA-F]$/.test(h)) this.fail("bad escape: \\x needs two hex digits below 80", escLine, escCol);
        parts.push(String.fromCharCode(parseInt(h, 16)));
        size++;
        this.step(); this.step();
      } else if (e === "u") {
        this.step();
        if (s[this.pos] !== "{") this.fail("bad escape: \\u needs braces, as in \\u{e9}", escLine, escCol);
        this.step();
        const from = this.pos;
        while (this.pos - from < 7 && isHex(s.charCodeAt(this.pos))) this.step();
        const hex = s.slice(from, this.pos);
        const cp = hex.length >= 1 && hex.length <= 6 ? parseInt(hex, 16) : -1;
        if (s[this.pos] !== "}" || cp < 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
          this.fail("bad escape: \\u{...} needs 1 to 6 hex digits naming a Unicode scalar value", escLine, escCol);
        }
        this.step();
        const str = String.fromCodePoint(cp);
        parts.push(str);
        size += str.length;
      } else {
        const shown = e === undefined || e === "\n" ? "at the end of the line" : `\\${e}`;
        this.fail(`bad escape ${shown} (expected \\\\ \\" \\n \\t \\r \\0 \\xNN \\u{...})`, escLine, escCol);
      }
      run = this.pos;
    }
    if (size > MAX_STRING) this.fail(`string literal longer than ${MAX_STRING} characters`, line, column, "limit");
    return parts.join("");
  }
}
