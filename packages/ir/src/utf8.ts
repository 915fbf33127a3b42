/**
 * Decoding a `.fzir` file's bytes: well-formed UTF-8 (RFC 3629) only, and
 * the first invalid sequence reported at its line and column, counted in
 * code points as the lexer counts them (lexer.ts).
 */
import { FzError } from "./errors.js";

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
