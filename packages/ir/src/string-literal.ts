/**
 * String literals of the `.fzir` text format (SPEC.md), for the lexer:
 * `StringDecoder` reads one with its escapes, and `plainStringEnd` finds the
 * end of one that has nothing to decode, which the lexer's line fast path
 * (lexer.ts `scanLine`) takes as a slice of the source.
 *
 * A literal `plainStringEnd` accepts decodes to exactly the slice between
 * its quotes: it has no backslash (no escape), no line break and no
 * surrogate (so none lone), and at most MAX_STRING units, which are all
 * `decode` rewrites or rejects. Anything else is left to `decode`, which
 * reports it.
 */
import { codePointUnits } from "./code-points.js";
import { FzError, type TextLocation } from "./errors.js";
import type { Pos } from "./lexer.js";

/** Longest decoded string literal, in UTF-16 units. */
export const MAX_STRING = 1 << 20;

const SIMPLE_ESCAPES: Record<string, string> = { "\\": "\\", '"': '"', n: "\n", t: "\t", r: "\r", "0": "\0" };

const isHex = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

/**
 * The offset of the closing quote of the literal whose opening quote is at
 * `start`, when it has nothing to decode (see the header); otherwise -1.
 */
export function plainStringEnd(src: string, start: Pos): Pos {
  const limit = Math.min(src.length, start + 1 + MAX_STRING);
  for (let p = start + 1; p < limit; p++) {
    const c = src.charCodeAt(p);
    if (c === 34) return p;
    if (c === 92 || c === 10 || c === 13 || (c >= 0xd800 && c <= 0xdfff)) return -1;
  }
  return -1;
}

/** Decodes the string literals of one source text. */
export class StringDecoder {
  /** Just past the closing quote of the literal `decode` read last. */
  end: Pos = 0;
  private pos: Pos = 0;
  /**
   * The decoded pieces of the literal being read: most literals have no
   * escape and are one slice of the source, kept without an array or a join.
   */
  private first: string | null = null;
  private parts: string[] | null = null;

  /** `where` places an error (the lexer's `loc`). */
  constructor(private readonly src: string, private readonly where: { loc(pos: Pos): TextLocation }) {}

  /** The decoded text of the literal whose opening quote is at `start`; `end` is then just past it. */
  decode(start: Pos): string {
    const s = this.src;
    this.pos = start;
    this.step();
    this.first = null;
    this.parts = null;
    let size = 0;
    let run = this.pos; // start of the current run of plain characters
    for (;;) {
      if (size + (this.pos - run) > MAX_STRING) this.fail(`string literal longer than ${MAX_STRING} characters`, start, "limit");
      if (this.pos >= s.length) this.fail("unterminated string literal", start);
      const c = s.charCodeAt(this.pos);
      if (c === 10 || c === 13) this.fail("unterminated string literal (strings cannot span lines)", start);
      if (c === 34 || c === 92) {
        if (this.pos > run) { this.piece(s.slice(run, this.pos)); size += this.pos - run; }
        if (c === 34) { this.step(); break; }
      } else { this.step(); continue; }
      const decoded = this.escape();
      this.piece(decoded);
      size += decoded.length;
      run = this.pos;
    }
    if (size > MAX_STRING) this.fail(`string literal longer than ${MAX_STRING} characters`, start, "limit");
    this.end = this.pos;
    const parts = this.parts as string[] | null; // (set by `piece`, which the narrowing above does not see)
    return parts !== null ? parts.join("") : this.first ?? "";
  }

  /** The text of the escape whose backslash is at `pos`, which ends past it. */
  private escape(): string {
    const s = this.src, esc = this.pos;
    this.step();
    const e = s[this.pos];
    if (e !== undefined && Object.hasOwn(SIMPLE_ESCAPES, e)) {
      this.step();
      return SIMPLE_ESCAPES[e]!;
    } else if (e === "x") {
      this.step();
      const h = s.slice(this.pos, this.pos + 2);
      if (!/^[0-7][0-9a-fA-F]$/.test(h)) this.fail("bad escape: \\x needs two hex digits below 80", esc);
      this.step(); this.step();
      return String.fromCharCode(parseInt(h, 16));
    } else if (e === "u") {
      this.step();
      if (s[this.pos] !== "{") this.fail("bad escape: \\u needs braces, as in \\u{e9}", esc);
      this.step();
      const from = this.pos;
      while (this.pos - from < 7 && isHex(s.charCodeAt(this.pos))) this.step();
      const hex = s.slice(from, this.pos);
      const cp = hex.length >= 1 && hex.length <= 6 ? parseInt(hex, 16) : -1;
      if (s[this.pos] !== "}" || cp < 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
        this.fail("bad escape: \\u{...} needs 1 to 6 hex digits naming a Unicode scalar value", esc);
      }
      this.step();
      return String.fromCodePoint(cp);
    }
    const shown = e === undefined || e === "\n" ? "at the end of the line" : `\\${e}`;
    return this.fail(`bad escape ${shown} (expected \\\\ \\" \\n \\t \\r \\0 \\xNN \\u{...})`, esc);
  }

  /** One more decoded piece of the literal being read. */
  private piece(p: string): void {
    if (this.first === null) this.first = p;
    else (this.parts ??= [this.first]).push(p);
  }

  /** Advance one code point (a lone surrogate is an error), as the lexer's `step`. */
  private step(): void {
    const units = codePointUnits(this.src, this.pos);
    if (units === 0) this.fail("invalid Unicode: lone surrogate", this.pos);
    this.pos += units;
  }

  private fail(msg: string, pos: Pos, code: "parse" | "limit" = "parse"): never {
    throw new FzError(code, msg, this.where.loc(pos));
  }
}
