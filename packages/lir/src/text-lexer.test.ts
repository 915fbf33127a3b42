/**
 * The `.lir` lexer, which reads characters by code, against the regular
 * expressions that define its words and numbers: on pseudo-random text over
 * the characters that matter, both give the same tokens (kind, text, line,
 * column) or the same error.
 */
import test from "ava";
import { FzError } from "@fzy/ir";
import { LirLexer, type LirToken } from "./text-lexer.js";

const WORD_START = /[A-Za-z_]/;
const WORD_REST = /[A-Za-z0-9_.]/;
const NUMBER = /-?(?:\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|Infinity)/y;
const PUNCT = new Set(["(", ")", "{", "}", "[", "]", ",", ":", "=", "+", "!"]);

/** The tokens by the definition (strings are left out of the alphabet), or the error's text. */
function byDefinition(text: string): string {
  const out: string[] = [];
  let i = 0, line = 1, lineStart = 0;
  const tok = (kind: string, s: string, start: number) => out.push(`${kind}:${s}@${line}:${start - lineStart + 1}`);
  const word = (start: number) => { let j = start; while (j < text.length && WORD_REST.test(text[j]!)) j++; return text.slice(start, j); };
  while (i < text.length) {
    const c = text[i]!;
    if (c === "\n") { line++; i++; lineStart = i; continue; }
    if (c === " " || c === "\t" || c === "\r") { i++; continue; }
    if (c === ";") { while (i < text.length && text[i] !== "\n") i++; continue; }
    const start = i;
    if (c === "-" && text[i + 1] === ">") { tok("->", "->", start); i += 2; continue; }
    if (PUNCT.has(c)) { tok(c, c, start); i++; continue; }
    if (c === "%" || c === "@") {
      i++;
      if (i < text.length && WORD_REST.test(text[i]!)) { const w = word(i); tok(c === "%" ? "func" : "data", w, start); i += w.length; continue; }
      return `${out.join(" ")} | ${line}:${i - lineStart + 1}: expected a name after '${c}'`;
    }
    if (c === "-" || (c >= "0" && c <= "9")) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (!m) return `${out.join(" ")} | ${line}:${i - lineStart + 1}: malformed number`;
      tok("number", m[0], start); i += m[0].length; continue;
    }
    if (WORD_START.test(c)) { const w = word(i); tok("word", w, start); i += w.length; continue; }
    return `${out.join(" ")} | ${line}:${i - lineStart + 1}: unexpected character '${c}'`;
  }
  out.push(`eof:@${line}:${i - lineStart + 1}`);
  return out.join(" ");
}

function byLexer(text: string): string {
  const lexer = new LirLexer(text, "t.lir"), out: string[] = [];
  try {
    for (let t: LirToken = lexer.next(); ; t = lexer.next()) {
      out.push(`${t.kind}:${t.text}@${t.line}:${t.column}`);
      if (t.kind === "eof") return out.join(" ");
    }
  } catch (e) {
    if (!(e instanceof FzError)) throw e;
    const at = e.location as { line: number; column: number };
    return `${out.join(" ")} | ${at.line}:${at.column}: ${e.message}`;
  }
}

test("the lexer gives the tokens its regular expressions define, or the same error", (t) => {
  const alphabet = ["-", "0", "7", ".", "e", "E", "+", "Infinity", "Inf", " ", "\n", "v", "_", "a", "%", "@", "(", ":", ";c", ">", "#", "x.y", "1e", "2.", "-I"];
  let x = 5;
  const next = () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  for (let round = 0; round < 3000; round++) {
    let text = "";
    const len = Math.floor(next() * 12);
    for (let k = 0; k < len; k++) text += alphabet[Math.floor(next() * alphabet.length)]!;
    t.is(byLexer(text), byDefinition(text), JSON.stringify(text));
  }
});
