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

/**
 * Rust `str::replace`: non-overlapping matches, left to right; an empty
 * pattern matches at every char boundary. A string of LONG units or more
 * goes through replaceLong; a result longer than a JS string can be throws
 * V8's RangeError (the interpreter's `memory` trap).
 */
export function rustReplace(s: string, from: string, to: string): string {
  if (s.length >= LONG) return replaceLong(s, from, to);
  if (from.length > 0) return s.split(from).join(to);
  if (s.length === 0) return to;
  return to + Array.from(s).join(to) + to;
}

/** Strings at least this long are replaced by replaceLong. */
const LONG = 1 << 24;

/**
 * rustReplace for a long string: no list of all its pieces (V8 ends the
 * process, beyond any catch, when a list outgrows 2^27 entries) and no rope
 * of one node per piece (gigabytes for 2^27 matches), but flat chunks of
 * CHUNK pieces joined once. Exported for the tests, which run it on short strings.
 */
export function replaceLong(s: string, from: string, to: string): string {
  const out = new ChunkedJoin();
  if (from.length > 0) {
    let i = 0;
    for (let at = s.indexOf(from); at >= 0; at = s.indexOf(from, i)) {
      out.add(s.slice(i, at));
      out.add(to);
      i = at + from.length;
    }
    out.add(s.slice(i));
  } else {
    out.add(to);
    for (const ch of s) {
      out.add(ch);
      out.add(to);
    }
  }
  return out.finish();
}

/** Pieces added one by one, joined into a flat string every CHUNK of them, and the chunks once at the end. */
class ChunkedJoin {
  private readonly chunks: string[] = [];
  private parts: string[] = [];

  add(piece: string): void {
    this.parts.push(piece);
    if (this.parts.length >= CHUNK) this.flush();
  }

  finish(): string {
    this.flush();
    return this.chunks.join("");
  }

  private flush(): void {
    this.chunks.push(this.parts.join(""));
    this.parts = [];
  }
}

const CHUNK = 1 << 16;
