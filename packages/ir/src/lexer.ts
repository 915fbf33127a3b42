/**
 * Tokens of the `.fzir` text format (SPEC.md); decoding bytes is utf8.ts.
 *
 * Positions are offsets into the decoded source (a `Pos`); `loc(pos)` turns
 * one into a 1-based line and column only when an error needs it, so a
 * token costs no allocation. A column counts Unicode code points (not bytes,
 * not UTF-16 units), so a message points at the same character whether the
 * file came as bytes or as a string. A tab is one column.
 *
 * The lexer keeps at most two tokens ahead in fixed slots (the grammar needs
 * one token of lookahead past the current one); a token's text is sliced
 * only when the parser asks for it, and then interned (names.ts), so a name
 * written many times is one string; a name's hash is computed as it is
 * scanned, so interning it does not hash it again.
 *
 * Invariants that keep hostile input harmless:
 * - lexing is one left-to-right pass, linear in the input, with no
 *   backtracking and no recursion;
 * - names and numbers are at most MAX_WORD code points and string literals at
 *   most MAX_STRING UTF-16 units, or the lexer throws a `limit` error;
 * - invalid UTF-8 (bytes) and lone surrogates (strings) are `parse` errors at
 *   their position, so a module always holds well-formed Unicode.
 *
 * `scanLine` reads the rest of a line at once for the parser's fast path
 * of plain instruction lines (parse-syntax.ts `plainInstruction`), and
 * `scanLabel` a block's `name:` line: they read only tokens that `scan`
 * reads the same way (lexer.test.ts compares the two), and they can be
 * rolled back, so that any line they do not take (or any error) goes the
 * ordinary way and is reported there.
 *
 * `;` starts a comment, except inside square brackets on one line, where it
 * separates an array type's element from its length (`[i32; 3]`); brackets
 * never span lines, so the bracket depth restarts at every newline.
 */
import { codePointUnits, isHigh } from "./code-points.js";
import { FzError, type TextLocation } from "./errors.js";
import type { SourceLoc } from "./module.js";
import { FNV_BASIS, fnv, NameTable } from "./names.js";
import { MAX_STRING, plainStringEnd, StringDecoder } from "./string-literal.js";

export { MAX_STRING };

/** Longest name or number token, in code points. */
export const MAX_WORD = 1024;

/** An offset into the decoded source text. */
export type Pos = number;

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

/** Most tokens `scanLine` reads of one line (a longer line takes the ordinary path). */
const LINE_TOKENS = 64;

/** The kinds of token a plain line has, by the code `scanLine` gives them (Lexer.lineCodes). */
export const PLAIN_TOKENS = ["value", "var", "func", "word", "number", ",", "=", "string"] as const satisfies readonly TokenKind[];
const [VALUE, VAR, FUNC, WORD, NUMBER, COMMA, EQUALS, STRING] = [0, 1, 2, 3, 4, 5, 6, 7];

/** Character classes of ASCII by code: 1 starts a word ([A-Za-z_]), 2 a digit; anything else (and non-ASCII) 0. */
const CLASS = (() => {
  const t = new Uint8Array(128);
  for (let c = 0; c < 128; c++) {
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95) t[c] = 1;
    else if (c >= 48 && c <= 57) t[c] = 2;
  }
  return t;
})();
const isWordStart = (c: number) => c < 128 && CLASS[c] === 1;
const isDigit = (c: number) => c >= 48 && c <= 57;
const isWordChar = (c: number) => c < 128 && CLASS[c]! !== 0;

/** Single-character punctuation by char code. */
const PUNCT: readonly (TokenKind | undefined)[] = (() => {
  const p: (TokenKind | undefined)[] = [];
  for (const ch of "{}()[],:=!") p[ch.charCodeAt(0)] = ch as TokenKind;
  return p;
})();

/** A pull lexer with two tokens of lookahead over a decoded source string. */
export class Lexer {
  private pos = 0;
  private line = 1;
  /** Square-bracket depth on the current line (see the header). */
  private depth = 0;
  /** Where the text starts (past a byte-order mark). */
  private readonly base: number;
  /** Every name read, by dense id (shared with the resolver). */
  readonly names = new NameTable();
  /** Tokens scanned ahead (0, 1 or 2), in slots 0 and 1; slot 0 is the next token. */
  private ahead = 0;
  private readonly kinds: TokenKind[] = ["eof", "eof"];
  /** Token start (the sigil of %x), text start (past the sigil), end, line. */
  private readonly starts = [0, 0];
  private readonly textStarts = [0, 0];
  private readonly textEnds = [0, 0];
  private readonly ends = [0, 0];
  private readonly lines = [0, 0];
  private readonly values: (string | undefined)[] = [undefined, undefined];
  /** The name hash (names.ts) of a word, value, var or func token's text, computed while scanning it. */
  private readonly hashes = [0, 0];
  /** Start and end of the last token consumed, or -1. */
  lastStart = -1;
  lastEnd = -1;

  /**
   * The tokens `scanLine` read (the line's first `lineCount`), not yet consumed:
   * kind (its code, an index into PLAIN_TOKENS), start, text start and end, and name hash of each.
   */
  readonly lineCodes = new Int8Array(LINE_TOKENS);
  readonly lineStarts = new Int32Array(LINE_TOKENS);
  private readonly lineTextStarts = new Int32Array(LINE_TOKENS);
  private readonly lineTextEnds = new Int32Array(LINE_TOKENS);
  private readonly lineHashes = new Int32Array(LINE_TOKENS);
  lineCount = 0;
  /** The decoded text of each string token among them (by token), and where the line's last token ends. */
  private readonly lineStrings: (string | undefined)[] = Array.from({ length: LINE_TOKENS }, () => undefined);
  private lineEnd = 0;
  /** The `!loc` that ends the line `scanLine` read, when it has one (plainLoc). */
  lineLoc: SourceLoc | undefined = undefined;
  /** The file of the last `!loc` a plain line named: the next one naming the same file shares its string. */
  private lastLocFile = "";
  private readonly strings: StringDecoder;
  /** The state `rollbackLine` restores: position, line, bracket depth and tokens ahead (`scanLine` writes no token slot). */
  private readonly saved = { pos: 0, line: 0, depth: 0, ahead: 0 };

  constructor(private readonly src: string, readonly file?: string) {
    if (src.charCodeAt(0) === 0xfeff) this.pos = 1; // a byte-order mark is not text
    this.base = this.pos;
    this.strings = new StringDecoder(src, this);
  }

  /** The source's length in UTF-16 units (for sizing what is made from it). */
  get sourceLength(): number {
    return this.src.length;
  }

  private fill(k: number): void {
    while (this.ahead <= k) this.scan(this.ahead++);
  }

  /** The kind of the token `k` places ahead (0 = next, at most 1). */
  kind(k = 0): TokenKind {
    if (this.ahead <= k) this.fill(k);
    return this.kinds[k]!;
  }
  /** Where the token starts (its sigil, for %x $x @x). */
  start(k = 0): Pos { if (this.ahead <= k) this.fill(k); return this.starts[k]!; }
  /** Just past the token, where "end of line" errors point. */
  end(k = 0): Pos { if (this.ahead <= k) this.fill(k); return this.ends[k]!; }
  tokenLine(k = 0): number { if (this.ahead <= k) this.fill(k); return this.lines[k]!; }
  /** The token as written (for sigil tokens, the name without its sigil; for a string, its opening quote), interned. */
  text(k = 0): string {
    return this.names.strings[this.nameId(k)]!;
  }
  /** The id of the token's text in `names`. */
  nameId(k = 0): number {
    if (this.ahead <= k) this.fill(k);
    const kind = this.kinds[k]!;
    if (kind === "word" || kind === "value" || kind === "var" || kind === "func") {
      return this.names.internHashed(this.src, this.textStarts[k]!, this.textEnds[k]!, this.hashes[k]!);
    }
    return this.names.intern(this.src, this.textStarts[k]!, this.textEnds[k]!);
  }
  /** Whether the token's text is exactly `s` (no slice). */
  textIs(s: string, k = 0): boolean {
    if (this.ahead <= k) this.fill(k);
    const from = this.textStarts[k]!;
    if (this.textEnds[k]! - from !== s.length) return false;
    return this.src.startsWith(s, from);
  }
  /**
   * Whether the token's text is a name: [A-Za-z_][A-Za-z0-9_]* (SPEC.md IDENT), or with
   * `label` [A-Za-z0-9_]+ (a block label may start with a digit).
   */
  isName(label: boolean, k = 0): boolean {
    if (this.ahead <= k) this.fill(k);
    const s = this.src, from = this.textStarts[k]!, to = this.textEnds[k]!;
    if (from === to || !(label ? isWordChar(s.charCodeAt(from)) : isWordStart(s.charCodeAt(from)))) return false;
    for (let i = from + 1; i < to; i++) if (!isWordChar(s.charCodeAt(i))) return false;
    return true;
  }
  /** Decoded contents of a string literal token. */
  value(k = 0): string { if (this.ahead <= k) this.fill(k); return this.values[k]!; }

  /** Consume the next token. */
  next(): void {
    if (this.ahead === 0) this.fill(0);
    this.lastStart = this.starts[0]!;
    this.lastEnd = this.ends[0]!;
    if (this.ahead === 2) this.shiftSlot();
    this.ahead--;
  }

  /**
   * Read the next token and the rest of its line, when every one is a word,
   * number, %name, $name, @name, ',', '=' or a string literal with nothing
   * to decode (string-literal.ts `plainStringEnd`; no bracket, '!', ...)
   * and there are at most LINE_TOKENS; then true, with the tokens in the
   * `line` arrays, for `commitLine` or `rollbackLine`. Otherwise, or when a
   * token is malformed, everything is as before and false. With no token
   * ahead, the line is read straight from the text (no token slot is
   * filled); the first thing that path does is what `scan` does first
   * (skip space and comments), so an error there is the one `scan` gives.
   */
  scanLine(): boolean {
    const sv = this.saved;
    sv.pos = this.pos; sv.line = this.line; sv.depth = this.depth; sv.ahead = this.ahead;
    this.lineLoc = undefined;
    let n = 0;
    if (this.ahead === 0) {
      this.skipSpaceAndComments();
    } else {
      if (!this.record(0, n++)) return false;
      if (this.ahead === 2) {
        if (this.kinds[1] === "eof" || this.lines[1] !== this.lines[0]) { this.lineCount = 1; return true; } // slot 1 holds the next line's first token
        if (!this.record(1, n++)) return false;
      }
    }
    n = this.depth === 0 ? this.plainRest(n) : -1;
    if (n <= 0) { this.rollbackLine(); return false; }
    this.ahead = 0;
    this.lineCount = n;
    return true;
  }

  /**
   * Read a block label and its colon (`NAME:`, NAME of [A-Za-z0-9_]+, the
   * colon on the same line) when no token is ahead; then true, with the
   * label as the line's token 0 (for `lineNameId` and `lineStarts`) and
   * both tokens consumed, as the token by token path would leave them.
   * Otherwise everything is as before and false. The first thing this does
   * is what `scan` does first (skip space and comments), so an error there
   * is the one `scan` gives.
   */
  scanLabel(): boolean {
    if (this.ahead !== 0) return false;
    const pos = this.pos, line = this.line, depth = this.depth;
    this.skipSpaceAndComments();
    const s = this.src, start = this.pos, h = this.word(FNV_BASIS), end = this.pos;
    let p = end, c = s.charCodeAt(p);
    while (c === 32 || c === 9 || c === 13) c = s.charCodeAt(++p);
    // A '.' after the name would make it one dotted word (or number) token: that goes the ordinary way.
    if (end === start || end - start > MAX_WORD || c !== 58 || s.charCodeAt(end) === 46) {
      this.pos = pos; this.line = line; this.depth = depth;
      return false;
    }
    this.lineStarts[0] = start;
    this.lineTextStarts[0] = start;
    this.lineTextEnds[0] = end;
    this.lineHashes[0] = h;
    this.lineCount = 1;
    this.lastStart = p;
    this.lastEnd = this.pos = p + 1;
    return true;
  }

  /**
   * The tokens of the rest of the line from `pos` into the `line` arrays
   * from token `n`, read as `scan` reads them but only those of the kinds
   * a plain line has (no brackets, so the depth stays 0 and a `;` outside a
   * string starts the comment that ends the line); returns the line's token
   * count, with `pos` at the line's end (its newline or comment, which
   * `scan` skips), or -1 for any other token (or one `scan` would reject).
   */
  private plainRest(n: number): number {
    const s = this.src, len = s.length;
    let p = this.pos;
    for (;;) {
      let c = s.charCodeAt(p);
      while (c === 32 || c === 9 || c === 13) c = s.charCodeAt(++p);
      if (p >= len || c === 10 || c === 59) break;
      if (n === LINE_TOKENS) return -1;
      const start = p;
      let from = p, h = FNV_BASIS;
      let code: number;
      if (c < 128 && CLASS[c] === 1) {
        code = WORD;
        for (;;) {
          for (; p < len; p++) { const d = s.charCodeAt(p); if (d >= 128 || CLASS[d] === 0) break; h = fnv(h, d); }
          if (s.charCodeAt(p) !== 46 || !isWordChar(s.charCodeAt(p + 1))) break;
          h = fnv(h, 46);
          p++;
        }
      } else if (c === 37 || c === 36 || c === 64) {
        code = c === 37 ? VALUE : c === 36 ? VAR : FUNC;
        from = ++p;
        for (; p < len; p++) { const d = s.charCodeAt(p); if (d >= 128 || CLASS[d] === 0) break; h = fnv(h, d); }
        if (p === from) return -1;
      } else if ((c >= 48 && c <= 57) || (c === 45 && isWordChar(s.charCodeAt(p + 1)))) {
        code = NUMBER;
        p = this.numberEnd(p);
        for (let k = from; k < p; k++) h = fnv(h, s.charCodeAt(k));
      } else if (c === 44 || c === 61) {
        code = c === 44 ? COMMA : EQUALS;
        p++;
      } else if (c === 34) {
        const close = plainStringEnd(s, p);
        if (close < 0) return -1;
        this.lineStrings[n] = s.slice(p + 1, close);
        this.put(n++, STRING, start, start, start + 1, fnv(FNV_BASIS, 34)); // the text of a string token is its opening quote
        this.lineEnd = p = close + 1;
        continue;
      } else if (c === 33) {
        // A `!loc` ends the line: nothing but space or a comment may follow it.
        p = this.plainLoc(p);
        if (p < 0) return -1;
        this.lineEnd = p;
        for (c = s.charCodeAt(p); c === 32 || c === 9 || c === 13; c = s.charCodeAt(++p));
        if (!(p >= len || c === 10 || c === 59)) return -1;
        break;
      } else {
        return -1;
      }
      if (p - from > MAX_WORD) return -1;
      this.put(n++, code, start, from, p, h);
      this.lineEnd = p;
    }
    this.pos = p;
    return n;
  }

  /**
   * The end of the `!loc "file":line:col` at `p` (its `!`) when it is written
   * plainly: a space after `loc`, a file name with nothing to decode, no
   * space around the colons, line and column of digits only and at most
   * 0xffffffff, the line at least 1; then `lineLoc` is that location.
   * Any other form gives -1: the token by token path reads it (or reports it).
   */
  private plainLoc(p: number): number {
    const s = this.src;
    if (!s.startsWith("!loc", p) || (s.charCodeAt(p + 4) !== 32 && s.charCodeAt(p + 4) !== 9)) return -1;
    p += 5;
    while (s.charCodeAt(p) === 32 || s.charCodeAt(p) === 9) p++;
    if (s.charCodeAt(p) !== 34) return -1;
    const close = plainStringEnd(s, p), length = close - p - 1;
    if (close < 0 || length === 0 || s.charCodeAt(close + 1) !== 58) return -1;
    const known = this.lastLocFile;
    const file = known.length === length && s.startsWith(known, p + 1) ? known : (this.lastLocFile = s.slice(p + 1, close));
    const lineEnd = locDigitsEnd(s, close + 2), line = decimalValue(s, close + 2, lineEnd);
    if (lineEnd < 0 || line === 0 || line > 0xffffffff || s.charCodeAt(lineEnd) !== 58) return -1;
    const colEnd = locDigitsEnd(s, lineEnd + 1), col = decimalValue(s, lineEnd + 1, colEnd);
    if (colEnd < 0 || col > 0xffffffff) return -1;
    this.lineLoc = { file, line, col };
    return colEnd;
  }

  /** The line's token `n`: its kind's code, start, text start and end, and name hash. */
  private put(n: number, code: number, start: Pos, from: Pos, to: Pos, h: number): void {
    this.lineCodes[n] = code;
    this.lineStarts[n] = start;
    this.lineTextStarts[n] = from;
    this.lineTextEnds[n] = to;
    this.lineHashes[n] = h;
  }

  /** The end of the number token at `p` (`-`? word, then `.` digit word, then an exponent sign and word: 1.5, -2.0e-3; SPEC has no '+' but it is read to be rejected clearly). */
  private numberEnd(p: number): number {
    const s = this.src;
    if (s.charCodeAt(p) === 45) p++;
    while (isWordChar(s.charCodeAt(p))) p++;
    if (s.charCodeAt(p) === 46 && isDigit(s.charCodeAt(p + 1))) {
      p++;
      while (isWordChar(s.charCodeAt(p))) p++;
      const e = s.charCodeAt(p - 1), sign = s.charCodeAt(p);
      if ((e === 101 || e === 69) && (sign === 45 || sign === 43) && isDigit(s.charCodeAt(p + 1))) {
        p++;
        while (isWordChar(s.charCodeAt(p))) p++;
      }
    }
    return p;
  }

  /** Token slot `i` as the line's token `n`, when it is of a kind a plain line has. */
  private record(i: number, n: number): boolean {
    const kind = this.kinds[i]!;
    const code = kind === "value" ? VALUE : kind === "word" ? WORD : kind === "number" ? NUMBER : kind === "," ? COMMA : kind === "var" ? VAR : kind === "func" ? FUNC : kind === "=" ? EQUALS : -1;
    if (code < 0) return false;
    const from = this.textStarts[i]!, to = this.textEnds[i]!;
    let h = this.hashes[i]!;
    if (code === NUMBER) { // (scan hashes only names)
      h = FNV_BASIS;
      for (let k = from; k < to; k++) h = fnv(h, this.src.charCodeAt(k));
    }
    this.put(n, code, this.starts[i]!, from, to, h);
    this.lineEnd = this.ends[i]!;
    return true;
  }

  /** The id of the text of the line's token `n` (as `nameId`). */
  lineNameId(n: number): number {
    return this.names.internHashed(this.src, this.lineTextStarts[n]!, this.lineTextEnds[n]!, this.lineHashes[n]!);
  }

  /** The decoded text of the line's token `n`, a string literal (as `value`). */
  lineString(n: number): string {
    return this.lineStrings[n]!;
  }

  /** Whether the line's token `n` is a block label's name: [A-Za-z0-9_]+ (as `isName(true)`). */
  lineIsLabel(n: number): boolean {
    const code = this.lineCodes[n]!;
    if (code !== WORD && code !== NUMBER) return false;
    const s = this.src, to = this.lineTextEnds[n]!;
    for (let i = this.lineTextStarts[n]!; i < to; i++) if (!isWordChar(s.charCodeAt(i))) return false;
    return true;
  }

  /** Token slot 1 moves to slot 0 (the lookahead becomes the next token). */
  private shiftSlot(): void {
    this.kinds[0] = this.kinds[1]!;
    this.starts[0] = this.starts[1]!;
    this.textStarts[0] = this.textStarts[1]!;
    this.textEnds[0] = this.textEnds[1]!;
    this.ends[0] = this.ends[1]!;
    this.lines[0] = this.lines[1]!;
    this.values[0] = this.values[1];
    this.hashes[0] = this.hashes[1]!;
  }

  /** Consume the line `scanLine` read: the next token is the first of a later line (or the end), scanned only when asked for. */
  commitLine(): void {
    const last = this.lineCount - 1;
    this.lastStart = this.lineStarts[last]!;
    this.lastEnd = this.lineEnd;
    if (this.ahead === 2) { // a one-token line whose next token was in slot 1 already
      this.shiftSlot();
      this.ahead = 1;
    }
  }

  /** Undo `scanLine`: the tokens ahead and the position are as before it. */
  rollbackLine(): void {
    const sv = this.saved;
    this.pos = sv.pos; this.line = sv.line; this.depth = sv.depth; this.ahead = sv.ahead;
  }

  /** The line and column of offset `pos` (counted from the start: only errors ask). */
  loc(pos: Pos): TextLocation {
    const s = this.src;
    let line = 1, lineStart = this.base;
    for (let i = this.base; i < pos; i++) if (s.charCodeAt(i) === 10) { line++; lineStart = i + 1; }
    let column = 1;
    for (let i = lineStart; i < pos; i++) {
      const c = s.charCodeAt(i);
      if (!(c >= 0xdc00 && c <= 0xdfff && i > lineStart && isHigh(s.charCodeAt(i - 1)))) column++;
    }
    return { kind: "text", file: this.file, line, column };
  }

  private fail(msg: string, pos: Pos = this.pos, code: "parse" | "limit" = "parse"): never {
    throw new FzError(code, msg, this.loc(pos));
  }

  /** Advance one code point (never past a newline; callers handle those). */
  private step(): void {
    const units = codePointUnits(this.src, this.pos);
    if (units === 0) this.fail("invalid Unicode: lone surrogate");
    this.pos += units;
  }

  private skipSpaceAndComments(): void {
    const s = this.src;
    const n = s.length;
    let p = this.pos;
    while (p < n) {
      const c = s.charCodeAt(p);
      if (c === 10) { p++; this.line++; this.depth = 0; }
      else if (c === 32 || c === 9 || c === 13) p++;
      else if (c === 59 && this.depth === 0) {
        this.pos = p;
        for (;;) {
          const d = s.charCodeAt(this.pos);
          if (this.pos >= n || d === 10) break;
          if (d >= 0xd800 && d <= 0xdfff) this.step();
          else this.pos++;
        }
        p = this.pos;
      } else break;
    }
    this.pos = p;
  }

  /** Scan the next token into slot `i`. */
  private scan(i: number): void {
    this.skipSpaceAndComments();
    const s = this.src;
    const start = this.pos;
    this.starts[i] = start;
    this.textStarts[i] = start;
    this.lines[i] = this.line;
    this.values[i] = undefined;
    let kind: TokenKind;
    if (this.pos >= s.length) {
      kind = "eof";
    } else {
      const c = s.charCodeAt(this.pos);
      if (isWordStart(c)) {
        // Dotted parts belong to the word: opcodes (str.lit), suffixes (icmp.slt), variants (Opt.Some).
        let h = this.word(FNV_BASIS);
        while (s.charCodeAt(this.pos) === 46 && isWordChar(s.charCodeAt(this.pos + 1))) { this.pos++; h = this.word(fnv(h, 46)); }
        this.hashes[i] = h;
        kind = "word";
        this.sized(start);
      } else if (isDigit(c) || (c === 45 && isWordChar(s.charCodeAt(this.pos + 1)))) {
        this.pos = this.numberEnd(this.pos);
        kind = "number";
        this.sized(start);
      } else if (c === 37 || c === 36 || c === 64) {
        this.pos++;
        const from = this.pos;
        this.hashes[i] = this.word(FNV_BASIS);
        if (this.pos === from) this.fail(`expected a name after '${s[start]}'`, start);
        this.textStarts[i] = from;
        kind = c === 37 ? "value" : c === 36 ? "var" : "func";
        this.sized(start, from);
      } else if (c === 34) {
        this.values[i] = this.strings.decode(start);
        this.pos = this.strings.end;
        this.textEnds[i] = start + 1; // the text of a string token is its opening quote
        this.ends[i] = this.pos;
        this.kinds[i] = "string";
        return;
      } else if (c === 45 && s.charCodeAt(this.pos + 1) === 62) {
        this.pos += 2;
        kind = "->";
      } else if (c === 59) {
        this.pos++;
        kind = ";";
      } else {
        const p = PUNCT[c];
        if (p === undefined) this.unexpected(start);
        this.pos++;
        if (c === 91) this.depth++;
        else if (c === 93 && this.depth > 0) this.depth--;
        kind = p;
      }
    }
    this.kinds[i] = kind;
    this.textEnds[i] = this.pos;
    this.ends[i] = this.pos;
  }

  private unexpected(start: Pos): never {
    const s = this.src;
    const cp = s.codePointAt(start)!;
    this.step(); // rejects a lone surrogate before we describe it
    const shown = cp >= 0x21 && cp < 0x7f ? `'${s[start]}'` : `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
    this.fail(`unexpected character ${shown}`, start);
  }

  /** A number from its first character `c` (a digit or '-'). */
  /** Consume [A-Za-z0-9_]*; returns `h` carried on over its characters (names.ts `fnv`). */
  private word(h = 0): number {
    const s = this.src, n = s.length;
    let p = this.pos;
    for (; p < n; p++) {
      const c = s.charCodeAt(p);
      if (!isWordChar(c)) break;
      h = fnv(h, c);
    }
    this.pos = p;
    return h;
  }

  /** A word, number or name (text from `from`) is at most MAX_WORD long; the error points at `start`. */
  private sized(start: Pos, from = start): void {
    if (this.pos - from > MAX_WORD) this.fail(`token longer than ${MAX_WORD} characters`, start, "limit");
  }
}

/** The end of the decimal digits at `p` in a `!loc` (one to ten of them, no word character after them; the caller bounds their value); -1 otherwise. */
function locDigitsEnd(s: string, p: number): number {
  let q = p;
  while (q - p <= 10 && s.charCodeAt(q) >= 48 && s.charCodeAt(q) <= 57) q++;
  return q === p || q - p > 10 || isWordChar(s.charCodeAt(q)) ? -1 : q;
}

/** The value of the decimal digits s[p, q) (0 when q < p). */
function decimalValue(s: string, p: number, q: number): number {
  let v = 0;
  for (let i = p; i < q; i++) v = v * 10 + (s.charCodeAt(i) - 48);
  return v;
}
