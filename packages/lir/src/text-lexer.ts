/**
 * Tokens of the `.lir` text form (see text-printer.ts for the grammar by
 * example). One left-to-right pass, linear in the input, no backtracking.
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
import { FzError } from "@fzy/ir";

export type LirTokenKind = "word" | "number" | "func" | "data" | "string" | "(" | ")" | "{" | "}" | "[" | "]" | "," | ":" | "=" | "->" | "+" | "!" | "eof";

export interface LirToken {
  readonly kind: LirTokenKind;
  /** The word, number, sigil name (without its sigil) or decoded string. */
  readonly text: string;
  readonly line: number;
  readonly column: number;
}

const WORD_START = /[A-Za-z_]/;
const WORD_REST = /[A-Za-z0-9_.]/;
const NUMBER = /-?(?:\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|Infinity)/y;
const PUNCT = new Set(["(", ")", "{", "}", "[", "]", ",", ":", "=", "+", "!"]);

/** Split `.lir` text into tokens; a malformed token is a `parse` FzError at its line and column. */
export function lexLIR(text: string, file?: string): LirToken[] {
  const out: LirToken[] = [];
  let i = 0, line = 1, lineStart = 0;
  const fail = (msg: string, at: number): never => {
    throw new FzError("parse", msg, { kind: "text", file, line, column: at - lineStart + 1 });
  };
  const push = (kind: LirTokenKind, tokText: string, start: number) => out.push({ kind, text: tokText, line, column: start - lineStart + 1 });
  const word = (start: number): string => {
    let j = start;
    while (j < text.length && WORD_REST.test(text[j]!)) j++;
    return text.slice(start, j);
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === "\n") { line++; i++; lineStart = i; continue; }
    if (c === " " || c === "\t" || c === "\r") { i++; continue; }
    if (c === ";") { while (i < text.length && text[i] !== "\n") i++; continue; }
    const start = i;
    if (c === "-" && text[i + 1] === ">") { push("->", "->", start); i += 2; continue; }
    if (PUNCT.has(c)) { push(c as LirTokenKind, c, start); i++; continue; }
    if (c === "%" || c === "@") {
      const kind = c === "%" ? "func" : "data";
      i++;
      if (text[i] === "\"") {
        const [s, end] = readString(text, i, (m, at) => fail(m, at));
        push(kind, s, start);
        i = end;
      } else if (i < text.length && WORD_REST.test(text[i]!)) {
        const w = word(i);
        push(kind, w, start);
        i += w.length;
      } else fail(`expected a name after '${c}'`, i);
      continue;
    }
    if (c === "\"") {
      const [s, end] = readString(text, i, (m, at) => fail(m, at));
      push("string", s, start);
      i = end;
      continue;
    }
    if (c === "-" || (c >= "0" && c <= "9")) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (!m) fail(`malformed number`, i);
      push("number", m![0], start);
      i += m![0].length;
      continue;
    }
    if (WORD_START.test(c)) {
      const w = word(i);
      push("word", w, start);
      i += w.length;
      continue;
    }
    fail(`unexpected character '${c}'`, i);
  }
  out.push({ kind: "eof", text: "", line, column: i - lineStart + 1 });
  return out;
}

/** Read a quoted string starting at `text[at] === '"'`; returns the decoded bytes (latin-1) and the index after the closing quote. */
function readString(text: string, at: number, fail: (msg: string, at: number) => never): [string, number] {
  let i = at + 1;
  let s = "";
  for (;;) {
    if (i >= text.length || text[i] === "\n") return fail("unterminated string", at);
    const c = text[i]!;
    if (c === "\"") return [s, i + 1];
    if (c === "\\") {
      const n = text[i + 1];
      if (n === "\\" || n === "\"") { s += n; i += 2; continue; }
      const hex = text.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) return fail("bad escape in string (expected \\\\, \\\" or two hex digits)", i);
      s += String.fromCharCode(parseInt(hex, 16));
      i += 3;
      continue;
    }
    if (c.charCodeAt(0) < 0x20 || c.charCodeAt(0) > 0x7e) return fail("a string holds printable ASCII only; escape other bytes as \\hh", i);
    s += c;
    i++;
  }
}
