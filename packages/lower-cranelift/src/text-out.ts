/**
 * The CLIF printer's output buffer: bytes appended to one growing
 * Uint8Array and decoded into a string once, so printing allocates no
 * string per line, operand or number. Every byte written is ASCII (below
 * 0x80); a string holding anything else (a name or origin text in a
 * comment) is kept as it is beside the bytes, at its byte position, so the
 * text is exactly the JavaScript string the pieces make, lone surrogates
 * included.
 *
 * Invariant: the text is the parts, then the bytes 0..n as ASCII with
 * `foreign[i]` inserted at byte position `marks[i]` (marks ascending).
 */

/** Decodes ASCII bytes: Node's Buffer where there is one (a copy, no validation pass), TextDecoder otherwise. */
function ascii(bytes: Uint8Array): string {
  if (typeof Buffer === "function") return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("ascii");
  return new TextDecoder().decode(bytes);
}

/**
 * A text being printed: finished parts, then bytes plus the non-ASCII
 * strings between them. When the bytes fill the buffer they are decoded
 * into a part and the buffer is reused, so no big buffer is ever grown and
 * copied.
 */
export class TextOut {
  private readonly parts: string[] = [];
  private buf: Uint8Array;
  private n = 0;
  private readonly marks: number[] = [];
  private readonly foreign: string[] = [];

  /** `size`: bytes decoded into one part at a time. */
  constructor(size: number) {
    this.buf = new Uint8Array(size);
  }

  /** Decodes the bytes (and the strings between them) into parts and empties the buffer. */
  private flush(): void {
    let from = 0;
    for (let i = 0; i < this.marks.length; i++) {
      const at = this.marks[i]!;
      if (at > from) this.parts.push(ascii(this.buf.subarray(from, at)));
      this.parts.push(this.foreign[i]!);
      from = at;
    }
    if (this.n > from) this.parts.push(ascii(this.buf.subarray(from, this.n)));
    this.n = 0;
    this.marks.length = 0;
    this.foreign.length = 0;
  }

  /** The buffer, with room for `extra` more bytes. */
  private room(extra: number): Uint8Array {
    this.flush();
    if (extra > this.buf.length) this.buf = new Uint8Array(extra);
    return this.buf;
  }

  /** Appends a string. */
  s(text: string): void {
    const len = text.length;
    const buf = this.n + len > this.buf.length ? this.room(len) : this.buf;
    let p = this.n;
    for (let i = 0; i < len; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x80) {
        // Nothing written is kept (n is unchanged): the whole string goes beside the bytes.
        this.marks.push(this.n);
        this.foreign.push(text);
        return;
      }
      buf[p++] = c;
    }
    this.n = p;
  }

  /** Appends one ASCII character by its code. */
  c(code: number): void {
    if (this.n === this.buf.length) this.room(1);
    this.buf[this.n++] = code;
  }

  /** Appends a newline. */
  nl(): void {
    this.c(10);
  }

  /** Appends a number in decimal, as `${x}` spells it (digits without a string for non-negative integers). */
  u(x: number): void {
    if (!(x >= 0 && x <= 0x7fff_ffff && (x | 0) === x)) {
      this.s(`${x}`);
      return;
    }
    let digits = 1;
    for (let t = x; t >= 10; t = (t / 10) | 0) digits++;
    const buf = this.n + digits > this.buf.length ? this.room(digits) : this.buf;
    let p = this.n + digits;
    this.n = p;
    do {
      const q = (x / 10) | 0;
      buf[--p] = 48 + x - q * 10;
      x = q;
    } while (x > 0);
  }

  /** Moves everything written to `other` to the end of this text, leaving `other` empty. */
  take(other: TextOut): void {
    if (other.parts.length) {
      this.flush();
      for (const p of other.parts) this.parts.push(p);
      other.parts.length = 0;
    }
    const k = other.n;
    const buf = this.n + k > this.buf.length ? this.room(k) : this.buf;
    const base = this.n, src = other.buf;
    if (k < 256) for (let i = 0; i < k; i++) buf[base + i] = src[i]!;
    else buf.set(src.subarray(0, k), base);
    this.n = base + k;
    for (let i = 0; i < other.marks.length; i++) {
      this.marks.push(base + other.marks[i]!);
      this.foreign.push(other.foreign[i]!);
    }
    other.n = 0;
    other.marks.length = 0;
    other.foreign.length = 0;
  }

  /** The text, after `head`. */
  text(head: string): string {
    this.flush();
    this.parts.unshift(head);
    return this.parts.join("");
  }
}
