/**
 * Seeded mutations of .fzir text, at three levels: bytes (flips, invalid
 * UTF-8, NUL, byte-order marks, truncation), lines (delete, duplicate,
 * swap: duplicate names, missing and cyclic block targets, uses before
 * definitions) and tokens (replace a word, number, name or type by one from
 * a palette of hostile spellings). Used for the committed corpus and for
 * the parser fuzzing beyond it.
 */
import { Rng } from "../fuzz/prng.js";

/** Spellings that have broken parsers and symbol tables elsewhere. */
export const HOSTILE_TOKENS: readonly string[] = [
  // names that are reserved, special or unsafe somewhere downstream
  "fz_panic_bounds", "fz_rt_init", "fzl_m_f", "main", "kernel", "memcpy", "memset", "abort", "_start", "define", "declare",
  "function", "block0", "v0", "ss0", "fn0", "sig0", "gv0", "entry", "ret", "i32", "label", "null", "undef", "poison",
  "__proto__", "constructor", "toString", "hasOwnProperty", "prototype", "valueOf", "then",
  // numbers at and past every edge
  "0", "-0", "00", "0x", "0x_1", "1_", "_1", "1__0", "-", "--1", "0b101", "1e5", "1.", ".5", "1.0e", "1.0e+5",
  "99999999999999999999999999999999", "-9223372036854775809", "18446744073709551616", "0xffffffffffffffffff",
  "2147483648", "-2147483649", "4294967296", "nan", "-nan", "inf", "-inf", "1.0e999", "1.0e-999",
  // types
  "[i32; 99999999999]", "[i32; -1]", "[i32; 0x10]", "[[i32]]", "[i32; 2147483648]", "[str]", "i1", "u8", "f32", "handle", "void",
  // strings and escapes
  '""', '"\\u{110000}"', '"\\u{d800}"', '"\\xff"', '"\\x8"', '"\\"', '"\\u{}"', '"\\u{1F600}"', '"a\\', '"\u202e"', '"\u0000"',
  // punctuation and sigils
  "%", "$", "@", "%%x", "@@f", "->", "=", ",", ":", "::", ";", "[", "]", "{", "}", "(", ")", "{{", "}}",
];

const SPECIAL_BYTES = [0x00, 0xff, 0xfe, 0xc0, 0xc1, 0x80, 0xbf, 0xed, 0xf4, 0xf5, 0xef, 0x0d, 0x0a, 0x09, 0x22, 0x5c, 0x3b, 0x25];

/** Odd but valid UTF-8: BOM, line and paragraph separators, bidi overrides, zero-width and combining marks. */
const ODD_TEXT = ["\ufeff", "\u2028", "\u2029", "\u202e", "\u200d", "\u0301", "\r", "\r\n", "\u00a0", "\u3000", "\t", "\v", "\f", "日本", "🎉"];

const TOKEN = /%[A-Za-z0-9_]+|\$[A-Za-z0-9_]+|@[A-Za-z0-9_]+|"(?:[^"\\\n]|\\.)*"|-?[A-Za-z0-9_.]+|\[[^\]\n]*\]|->|[{}()[\],:=;]/g;

export type MutationKind = "bytes" | "lines" | "tokens" | "mixed";

/** A mutation of `src` (UTF-8 text) by `steps` random edits of the given kind. */
export function mutate(src: string, seed: number, kind: MutationKind, steps: number): Uint8Array {
  const r = new Rng(seed);
  let text = src;
  let bytes: number[] | null = null;
  for (let s = 0; s < steps; s++) {
    const k = kind === "mixed" ? r.pick(["bytes", "lines", "tokens"] as const) : kind;
    if (k === "bytes") {
      bytes ??= [...new TextEncoder().encode(text)];
      byteEdit(r, bytes);
    } else {
      if (bytes) {
        // Back to text; invalid sequences become U+FFFD, which is still hostile (not in the grammar).
        text = new TextDecoder().decode(new Uint8Array(bytes));
        bytes = null;
      }
      text = k === "lines" ? lineEdit(r, text) : tokenEdit(r, text);
    }
  }
  return bytes ? new Uint8Array(bytes) : new TextEncoder().encode(text);
}

function byteEdit(r: Rng, b: number[]): void {
  const at = r.below(b.length + 1);
  switch (r.below(6)) {
    case 0: b.splice(at, 0, r.pick(SPECIAL_BYTES)); break;
    case 1: b.splice(at, 0, r.below(256)); break;
    case 2: if (b.length) b[Math.min(at, b.length - 1)] ^= 1 << r.below(8); break;
    case 3: b.splice(at, r.range(1, 8)); break;
    case 4: b.length = at; break;
    case 5: b.splice(at, 0, ...new TextEncoder().encode(r.pick(ODD_TEXT))); break;
  }
}

function lineEdit(r: Rng, text: string): string {
  const lines = text.split("\n");
  const i = r.below(lines.length), j = r.below(lines.length);
  switch (r.below(5)) {
    case 0: lines.splice(i, 1); break;
    case 1: lines.splice(i, 0, lines[j]!); break;
    case 2: [lines[i], lines[j]] = [lines[j]!, lines[i]!]; break;
    case 3: lines.splice(i, 0, r.pick(["  jump entry", "  jump nowhere", "  ret", "  unreachable", "entry:", "}", "{", "var $v: i32", "  %x = get $v"])); break;
    case 4: lines[i] = lines[i]!.repeat(r.range(2, 4)); break;
  }
  return lines.join("\n");
}

function tokenEdit(r: Rng, text: string): string {
  const spans = [...text.matchAll(TOKEN)];
  if (spans.length === 0) return text + r.pick(HOSTILE_TOKENS);
  const m = spans[r.below(spans.length)]!;
  const at = m.index, end = at + m[0].length;
  switch (r.below(4)) {
    case 0: return text.slice(0, at) + r.pick(HOSTILE_TOKENS) + text.slice(end);
    case 1: return text.slice(0, at) + text.slice(end);
    case 2: return text.slice(0, end) + " " + m[0] + text.slice(end);
    default: {
      // Keep the sigil, change the name: shadowing, unknown and reserved names.
      const sigil = /^[%$@]/.test(m[0]) ? m[0][0] : "";
      return text.slice(0, at) + sigil + r.pick(HOSTILE_TOKENS).replace(/^[%$@"[]+/, "") + text.slice(end);
    }
  }
}
