/**
 * The output buffer of one `printLLVM` call: the text is written as UTF-8
 * bytes into one growing byte array and decoded into a string once at the
 * end. Appending short pieces to strings makes a rope node per piece (and a
 * line string per line) that the collector must trace and copy while the
 * module is printed; bytes in one array are neither traced nor copied but
 * on growth (doubling, so amortised linear), and decoding mostly-ASCII
 * UTF-8 is a single fast pass.
 *
 * Invariant: `bytes[0..length)` is the UTF-8 encoding of everything put so
 * far, in order. (A lone UTF-16 surrogate, which has no UTF-8 encoding,
 * becomes U+FFFD; the printed text comes from UTF-8 input and has none.)
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** An append-only UTF-8 text buffer. */
export class TextSink {
  private bytes = new Uint8Array(1 << 16);
  private length = 0;

  /** Appends `text`. */
  put(text: string): void {
    const n = text.length;
    if (this.length + n > this.bytes.length) this.grow(n);
    const b = this.bytes;
    let at = this.length;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x80) {
        this.length = at;
        this.putWide(text.slice(i));
        return;
      }
      b[at++] = c;
    }
    this.length = at;
  }

  /** Appends a non-negative integer below 2^53 in decimal, without making its string. */
  int(value: number): void {
    if (value < 10) {
      if (this.length + 1 > this.bytes.length) this.grow(1);
      this.bytes[this.length++] = 0x30 + value;
      return;
    }
    this.put(String(value));
  }

  /** Appends a line break. */
  nl(): void {
    if (this.length + 1 > this.bytes.length) this.grow(1);
    this.bytes[this.length++] = 0x0a;
  }

  /** Everything appended, as one string. */
  text(): string {
    return decoder.decode(this.bytes.subarray(0, this.length));
  }

  /** The rest of a piece that has a non-ASCII character: encoded by the platform (at most 3 bytes per UTF-16 unit). */
  private putWide(rest: string): void {
    if (this.length + rest.length * 3 > this.bytes.length) this.grow(rest.length * 3);
    this.length += encoder.encodeInto(rest, this.bytes.subarray(this.length)).written;
  }

  private grow(extra: number): void {
    let size = this.bytes.length * 2;
    while (size < this.length + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.bytes.subarray(0, this.length));
    this.bytes = next;
  }
}
