/**
 * Rust's `str` semantics over JavaScript strings. IR strings are UTF-8 and
 * measured in bytes; the interpreter keeps them as JS strings (UTF-16) and
 * computes byte quantities here. For well-formed text the two encodings agree
 * on equality and on substring search (both are self-synchronizing, so a
 * match of a well-formed needle always starts and ends on a char boundary),
 * which lets `===`, `includes`, `startsWith` and `endsWith` stand for Rust's
 * byte-wise operations. Where JS and Rust differ, this file follows Rust:
 *
 * - `trim` removes exactly Unicode White_Space (`char::is_whitespace`), which
 *   includes U+0085 and excludes U+FEFF, unlike `String.prototype.trim`;
 * - `replace` with an empty pattern inserts the replacement before every
 *   *char* (code point, not UTF-16 unit) and at the end.
 */

/** Rust's `char::is_whitespace` (the White_Space property); all such chars are in the BMP. */
export function isRustWhitespace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0x85) return false;
  return code === 0x85 || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a)
    || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000;
}

/** Length of the UTF-8 encoding in bytes (a lone surrogate counts 3, as in WTF-8). */
export function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 2; // the pair is 2 units and 4 bytes
      i++;
    } else n += 2;
  }
  return n;
}

/** Rust `str::trim`: strip leading and trailing White_Space. */
export function rustTrim(s: string): string {
  let start = 0, end = s.length;
  while (start < end && isRustWhitespace(s.charCodeAt(start))) start++;
  while (end > start && isRustWhitespace(s.charCodeAt(end - 1))) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

/** Rust `str::replace`: non-overlapping matches, left to right; an empty pattern matches at every char boundary. */
export function rustReplace(s: string, from: string, to: string): string {
  if (from.length > 0) return s.split(from).join(to);
  if (s.length === 0) return to;
  return to + Array.from(s).join(to) + to;
}
