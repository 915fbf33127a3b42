/**
 * The printers' output buffer (CLIF and LLVM): bytes appended to one
 * growing Uint8Array and decoded into a string once, so printing allocates
 * no string per line, operand or number (a rope node per appended piece is
 * garbage the collector traces and copies). The `v`-writers spell values
 * as `v<N>`, the spelling of CLIF and of the `.lir` text. Every byte written is ASCII (below
 * 0x80); a string holding anything else (a name or origin text in a
 * comment) is kept as it is beside the bytes, at its byte position, so the
 * text is exactly the JavaScript string the pieces make, lone surrogates
 * included.
 *
 * Invariant: the text is the parts, then the bytes 0..n as ASCII with
 * `foreign[i]` inserted at byte position `marks[i]` (marks ascending).
 *
 * A growing TextOut's buffer outlives its text: `text()` hands it to the
 * next growing TextOut (one spare, at most SPARE_LIMIT bytes), so printing
 * module after module allocates no buffer and copies nothing while it
 * grows. Each fresh buffer would be memory outside the heap that, megabytes
 * per module, starts a full garbage collection of everything live.
 */
import { FzError, isStringTooLong } from "@fzy/ir";

/**
 * The longest run of bytes decoded into one string: V8 keeps a string this
 * short on its ordinary heap pages, which it reuses. A longer one goes to
 * memory of its own (Node makes a string above about 1 MB an external one,
 * a fresh allocation and copy outside the heap), which cost 10-20 ms per
 * 4.6 MB text in page faults alone, more than printing a fifth of it.
 */
const DECODED_PIECE = 1 << 16;

/**
 * The piece for the bytes decoded last of a text that already has parts (a
 * text longer than SPARE_LIMIT, whose first SPARE_LIMIT bytes are pieces
 * still in the young generation). Decoded in DECODED_PIECE pieces, those
 * bytes overflowed it, and the collector copied megabytes of live pieces
 * (a fifth of printing a 14 MB text). A piece this large goes to V8's
 * large-object space, which is never copied, and is short of Node's 1 MB
 * for an external string, so it stays on the heap.
 */
const LATE_PIECE = 1 << 19;

/**
 * Decodes ASCII bytes: Node's Buffer where there is one (latin1 reads ASCII
 * the same, without ascii's check), TextDecoder otherwise; a long text in
 * pieces of at most `piece` bytes, concatenated (V8 joins them without a
 * copy, as a rope it flattens once if a reader needs it).
 */
function ascii(bytes: Uint8Array, piece = DECODED_PIECE): string {
  if (typeof Buffer !== "function") return new TextDecoder().decode(bytes);
  const n = bytes.length;
  if (n <= piece) return Buffer.from(bytes.buffer, bytes.byteOffset, n).toString("latin1");
  const all = Buffer.from(bytes.buffer, bytes.byteOffset, n);
  let text = "";
  for (let at = 0; at < n; at += piece) text += all.toString("latin1", at, Math.min(n, at + piece));
  return text;
}

/**
 * The largest buffer kept for the next growing TextOut (larger ones are left
 * to the collector): 8 MB holds the text of a module of about 100,000 IR
 * instructions, and a library should not hold more than that between calls.
 */
const SPARE_LIMIT = 1 << 23;
/** The buffer of the last growing TextOut that finished, for the next one. */
let spare: Uint8Array | undefined;
const NO_BYTES = new Uint8Array(0);

/** Whether Node's Buffer is there: its write() copies a string's bytes in one native call. */
const HAS_BUFFER = typeof Buffer === "function";

/** A zeroed buffer of `size` bytes: a Buffer where there is one (for putNative), else a plain Uint8Array. */
function bytes(size: number): Uint8Array {
  return HAS_BUFFER ? Buffer.alloc(size) : new Uint8Array(size);
}

/**
 * Strings at least this long are copied by putNative. A loop reads a
 * string one code unit at a time, and a name made by concatenation is a
 * rope whose every read goes through its node: for a long name the one
 * native call (which flattens the rope once) measured faster.
 */
const NATIVE_COPY = 32;

/**
 * Writes `text` at `p` with Buffer#write, as UTF-8: all ASCII exactly when
 * it writes one byte per code unit (any other character takes two or more,
 * a lone surrogate three), so the end, or -1 when it is not. The caller made
 * room for 3 bytes per code unit, so nothing is cut short (a short write
 * could otherwise count as many bytes as code units).
 */
function putNative(buf: Uint8Array, p: number, text: string): number {
  const k = (buf as Buffer).write(text, p, 3 * text.length, "utf8");
  return k === text.length ? p + k : -1;
}

/**
 * `head` and `parts` as one string. A few large parts (a text longer than
 * the buffer) are concatenated, which V8 does without copying (a rope,
 * flattened once if a reader needs it); many parts are joined in one copy.
 */
function joined(head: string, parts: readonly string[]): string {
  if (parts.length > 8) return head + parts.join("");
  let text = head;
  for (let i = 0; i < parts.length; i++) text += parts[i]!;
  return text;
}

/** True for the numbers the byte writers spell themselves: integers in 0..2^31-1. */
const small = (x: number): boolean => x >= 0 && x <= 0x7fff_ffff && (x | 0) === x;

/** Writes `text` at `p` (the caller made room); the end, or -1 at a non-ASCII character. */
function put(buf: Uint8Array, p: number, text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) return -1;
    buf[p++] = c;
  }
  return p;
}

/**
 * Writes an operand as ref() does, at p (the caller made room): `sigil`
 * (0: none) and `name`, or `prefix` and `id` when `name` is undefined; the
 * end, or -1 at a non-ASCII character or an id the byte writers do not spell.
 */
function putOperand(buf: Uint8Array, p: number, name: string | undefined, prefix: string, id: number, sigil: number): number {
  if (name === undefined) {
    p = put(buf, p, prefix);
    return p >= 0 && small(id) ? putUint(buf, p, id) : -1;
  }
  if (sigil !== 0) buf[p++] = sigil;
  return put(buf, p, name);
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) return false;
  return true;
}

/** Writes `x` (small) in decimal at `p` (the caller made room for 10 digits); the end. */
function putUint(buf: Uint8Array, p: number, x: number): number {
  if (x < 10) {
    buf[p] = 48 + x;
    return p + 1;
  }
  if (x < 100) {
    // (x * 103) >> 10 is x / 10 rounded down for x below 100, without a division.
    const q = (x * 103) >> 10;
    buf[p] = 48 + q;
    buf[p + 1] = 48 + x - q * 10;
    return p + 2;
  }
  let digits = 1;
  for (let t = x; t >= 10; t = (t / 10) | 0) digits++;
  const end = p + digits;
  let at = end;
  do {
    const q = (x / 10) | 0;
    buf[--at] = 48 + x - q * 10;
    x = q;
  } while (x > 0);
  return end;
}

/** Writes `${prefix}v${dst} = ${op}${suffix}` at `p` (`dst` small; the caller made room); the end, or -1 at a non-ASCII character. */
function putHead(buf: Uint8Array, p: number, prefix: string, dst: number, op: string, suffix: string): number {
  p = put(buf, p, prefix);
  if (p < 0) return -1;
  buf[p++] = 118;
  p = putUint(buf, p, dst);
  buf[p++] = 32; buf[p++] = 61; buf[p++] = 32;
  p = put(buf, p, op);
  return p < 0 ? -1 : put(buf, p, suffix);
}

/**
 * A text being printed: finished parts, then bytes plus the non-ASCII
 * strings between them. A growing TextOut doubles its buffer when full (up
 * to SPARE_LIMIT, then it decodes the buffer into a part and reuses it), so
 * an all-ASCII text of up to SPARE_LIMIT bytes is decoded in one piece at
 * the end; a fixed-size one
 * decodes the full buffer into a part and reuses it (the scratch buffer of
 * one function's body, whose bytes move to the growing one).
 */
export class TextOut {
  private readonly parts: string[] = [];
  private buf: Uint8Array;
  private n = 0;
  private readonly marks: number[] = [];
  private readonly foreign: string[] = [];

  /** `size`: the buffer's first size; `growing`: whether it grows or is decoded into a part when full. */
  constructor(size: number, private readonly growing: boolean) {
    if (growing) size = Math.min(size, SPARE_LIMIT);
    if (growing && spare !== undefined && spare.length >= size) {
      this.buf = spare;
      spare = undefined;
    } else {
      this.buf = bytes(size);
    }
  }

  /** Decodes the bytes (and the strings between them) into parts, in pieces of at most `piece` bytes, and empties the buffer. */
  private flush(piece = DECODED_PIECE): void {
    let from = 0;
    for (let i = 0; i < this.marks.length; i++) {
      const at = this.marks[i]!;
      if (at > from) this.parts.push(ascii(this.buf.subarray(from, at), piece));
      this.parts.push(this.foreign[i]!);
      from = at;
    }
    if (this.n > from) this.parts.push(ascii(this.buf.subarray(from, this.n), piece));
    this.n = 0;
    this.forgetForeign();
  }

  /** Empties marks and foreign (setting an array's length is a call into the engine, so only when there are any). */
  private forgetForeign(): void {
    if (this.marks.length === 0) return;
    this.marks.length = 0;
    this.foreign.length = 0;
  }

  /**
   * The buffer, with room for `extra` more bytes. A growing buffer doubles
   * up to SPARE_LIMIT; past that its bytes are decoded into a part and it
   * is reused, so a text of any size needs no buffer larger than the spare
   * the next text reuses (no copy of megabytes per doubling, and no fresh
   * buffer outside the heap per module, which starts a full collection).
   */
  private room(extra: number): Uint8Array {
    if (this.growing && this.buf.length < SPARE_LIMIT) {
      let size = Math.max(this.buf.length * 2, 64);
      while (size < this.n + extra) size *= 2;
      if (size > SPARE_LIMIT && this.n + extra <= SPARE_LIMIT) size = SPARE_LIMIT;
      const next = bytes(size);
      next.set(this.buf.subarray(0, this.n));
      return (this.buf = next);
    }
    this.flush();
    if (extra > this.buf.length) this.buf = bytes(extra);
    return this.buf;
  }

  /** Appends a string. */
  s(text: string): void {
    const len = text.length;
    if (len >= NATIVE_COPY && HAS_BUFFER) return this.long(text);
    const buf = this.n + len > this.buf.length ? this.room(len) : this.buf;
    // The loop of put(), written out: s() is the hottest call of both printers, and calling put() here measured 1.25x slower on corpus x10.
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

  /** s() of a string of NATIVE_COPY or more code units, copied by putNative. */
  private long(text: string): void {
    const need = 3 * text.length;
    const buf = this.n + need > this.buf.length ? this.room(need) : this.buf;
    const p = putNative(buf, this.n, text);
    if (p >= 0) this.n = p;
    else {
      // As in s(): nothing written is kept, and the whole string goes beside the bytes.
      this.marks.push(this.n);
      this.foreign.push(text);
    }
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

  /** Appends a number in decimal, as `${x}` spells it (digits without a string for small integers). */
  u(x: number): void {
    if (!small(x)) {
      this.s(`${x}`);
      return;
    }
    const buf = this.n + 10 > this.buf.length ? this.room(10) : this.buf;
    this.n = putUint(buf, this.n, x);
  }

  /** Appends a space and a signed integer, as `${x}` spells it. */
  imm(x: number): void {
    this.c(32);
    if (x < 0 && small(-x)) {
      this.c(45);
      this.u(-x);
    } else {
      this.u(x);
    }
  }

  /**
   * Appends `${prefix}v${dst} = ${op}${suffix}`, the start of an instruction
   * that defines one value, with one check for room.
   */
  assign(prefix: string, dst: number, op: string, suffix: string): void {
    const need = prefix.length + op.length + suffix.length + 14;
    const buf = this.n + need > this.buf.length ? this.room(need) : this.buf;
    const p = small(dst) ? putHead(buf, this.n, prefix, dst, op, suffix) : -1;
    if (p >= 0) {
      this.n = p;
      return;
    }
    this.s(prefix); this.v(dst); this.s(" = "); this.s(op); this.s(suffix);
  }

  /**
   * Appends `${prefix}v${dst} = ${op}${suffix} v${a}, v${b}, v${c}`, the
   * whole text of most instructions, with one check for room; `b` and `c`
   * are -1 when the instruction has fewer operands.
   */
  inst(prefix: string, dst: number, op: string, suffix: string, a: number, b: number, c: number): void {
    const need = prefix.length + op.length + suffix.length + 50;
    const buf = this.n + need > this.buf.length ? this.room(need) : this.buf;
    let p = small(dst) && small(a) && (b === -1 || small(b)) && (c === -1 || small(c)) ? putHead(buf, this.n, prefix, dst, op, suffix) : -1;
    if (p < 0) {
      this.assign(prefix, dst, op, suffix);
      this.arg(a);
      if (b !== -1) this.next(b);
      if (c !== -1) this.next(c);
      return;
    }
    buf[p++] = 32; buf[p++] = 118;
    p = putUint(buf, p, a);
    if (b !== -1) {
      buf[p++] = 44; buf[p++] = 32; buf[p++] = 118;
      p = putUint(buf, p, b);
      if (c !== -1) {
        buf[p++] = 44; buf[p++] = 32; buf[p++] = 118;
        p = putUint(buf, p, c);
      }
    }
    this.n = p;
  }

  /** Appends ` v${x}`, an instruction's first operand. */
  arg(x: number): void {
    this.operand(32, x);
  }

  /** Appends `, v${x}`, an instruction's next operand. */
  next(x: number): void {
    this.operand(44, x);
  }

  private operand(sep: number, x: number): void {
    if (!small(x)) {
      this.s(sep === 32 ? " " : ", "); this.v(x);
      return;
    }
    const buf = this.n + 14 > this.buf.length ? this.room(14) : this.buf;
    let p = this.n;
    buf[p++] = sep;
    if (sep === 44) buf[p++] = 32;
    buf[p++] = 118;
    this.n = putUint(buf, p, x);
  }

  /**
   * Appends `lead`, then `name`, or `prefix` and `id` in decimal when `name`
   * is undefined (a generated name, `%v7`, `bb3`), then `tail`, with one
   * check for room: a printer's reference to a value or a label with the
   * text around it in one call instead of three or four. `sigil`, the code
   * of an ASCII character (0: none), goes before `name` (`%` before a local
   * name kept without it).
   */
  ref(lead: string, name: string | undefined, prefix: string, id: number, tail: string, sigil = 0): void {
    const native = name !== undefined && name.length >= NATIVE_COPY && HAS_BUFFER;
    const mid = name ?? prefix;
    const need = lead.length + (native ? 3 : 1) * mid.length + tail.length + 11;
    const buf = this.n + need > this.buf.length ? this.room(need) : this.buf;
    // The loops of put(), written out (a call of put() per piece cost more than the copy of a short piece).
    let p = this.n, ascii = true;
    for (let i = 0; i < lead.length; i++) {
      const c = lead.charCodeAt(i);
      if (c >= 0x80) { ascii = false; break; }
      buf[p++] = c;
    }
    if (sigil !== 0 && name !== undefined) buf[p++] = sigil;
    if (ascii) {
      if (native) {
        p = putNative(buf, p, mid);
        ascii = p >= 0;
      } else {
        for (let i = 0; i < mid.length; i++) {
          const c = mid.charCodeAt(i);
          if (c >= 0x80) { ascii = false; break; }
          buf[p++] = c;
        }
      }
    }
    if (ascii && name === undefined) {
      if (small(id)) p = putUint(buf, p, id);
      else ascii = false;
    }
    if (ascii) {
      for (let i = 0; i < tail.length; i++) {
        const c = tail.charCodeAt(i);
        if (c >= 0x80) { ascii = false; break; }
        buf[p++] = c;
      }
    }
    if (ascii) {
      this.n = p;
      return;
    }
    // A non-ASCII piece (or an id the byte writers do not spell): piece by piece, nothing of the above kept.
    this.s(lead);
    if (name !== undefined) {
      if (sigil !== 0) this.c(sigil);
      this.s(name);
    } else {
      this.s(prefix);
      this.u(id);
    }
    this.s(tail);
  }

  /**
   * Appends `lead`, bytes[from] .. bytes[to - 1] (ASCII) and `tail` with one
   * check for room: ref() for a name a printer keeps as bytes (written from
   * there at every use rather than read from its string each time).
   */
  refBytes(lead: string, bytes: Uint8Array, from: number, to: number, tail: string): void {
    const need = lead.length + (to - from) + tail.length;
    const buf = this.n + need > this.buf.length ? this.room(need) : this.buf;
    // The loops of put(), written out, as in ref().
    let p = this.n, ascii = true;
    for (let i = 0; i < lead.length; i++) {
      const c = lead.charCodeAt(i);
      if (c >= 0x80) { ascii = false; break; }
      buf[p++] = c;
    }
    if (ascii) {
      for (let i = from; i < to; i++) buf[p++] = bytes[i]!;
      for (let i = 0; i < tail.length; i++) {
        const c = tail.charCodeAt(i);
        if (c >= 0x80) { ascii = false; break; }
        buf[p++] = c;
      }
    }
    if (ascii) {
      this.n = p;
      return;
    }
    // A non-ASCII lead or tail: piece by piece, nothing of the above kept.
    this.s(lead);
    for (let i = from; i < to; i++) this.c(bytes[i]!);
    this.s(tail);
  }

  /**
   * Appends `${lead}${a}${mid}${b}${tail}`, operands a and b each as ref()
   * writes one (`nameA`, else `prefix` and `idA`; `sigilA` before a name),
   * with one check for room: the two operands of an instruction in one call,
   * which measured faster than a call of ref() for each.
   */
  refs(lead: string, nameA: string | undefined, sigilA: number, idA: number, mid: string, nameB: string | undefined, sigilB: number, idB: number, prefix: string, tail: string): void {
    const lenA = (nameA ?? prefix).length, lenB = (nameB ?? prefix).length;
    // Long names take ref()'s native copy; an operand short of that is at most NATIVE_COPY bytes, an id 10.
    if (lenA < NATIVE_COPY && lenB < NATIVE_COPY) {
      const need = lead.length + mid.length + tail.length + 2 * (NATIVE_COPY + 10);
      const buf = this.n + need > this.buf.length ? this.room(need) : this.buf;
      let p = put(buf, this.n, lead);
      if (p >= 0) p = putOperand(buf, p, nameA, prefix, idA, sigilA);
      if (p >= 0) p = put(buf, p, mid);
      if (p >= 0) p = putOperand(buf, p, nameB, prefix, idB, sigilB);
      if (p >= 0) p = put(buf, p, tail);
      if (p >= 0) {
        this.n = p;
        return;
      }
    }
    // A long name, a non-ASCII piece or a large id: as two refs (nothing written above is kept).
    this.ref(lead, nameA, prefix, idA, "", sigilA);
    this.ref(mid, nameB, prefix, idB, tail, sigilB);
  }

  /** Appends `${name}${x}` (`block7`, `fn2`) with one check for room; `name` is ASCII. */
  named(name: string, x: number): void {
    const need = name.length + 10;
    const buf = this.n + need > this.buf.length ? this.room(need) : this.buf;
    const p = small(x) ? put(buf, this.n, name) : -1;
    if (p < 0) {
      this.s(name);
      this.u(x);
      return;
    }
    this.n = putUint(buf, p, x);
  }

  /** Appends `v` and a value number (a non-negative integer below 2^31; anything else as `${x}` spells it). */
  v(x: number): void {
    if (this.n === this.buf.length) this.room(1);
    this.buf[this.n++] = 118;
    this.u(x);
  }

  /**
   * Appends `lead` and `text` when every character of `text` is printable
   * ASCII (0x20..0x7e); false, and nothing written, otherwise. One pass for
   * the check and the copy.
   */
  printable(lead: string, text: string): boolean {
    const len = text.length, need = lead.length + len;
    const buf = this.n + need > this.buf.length ? this.room(need) : this.buf;
    let p = put(buf, this.n, lead);
    if (p < 0) return false;
    for (let i = 0; i < len; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x20 || c >= 0x7f) return false;
      buf[p++] = c;
    }
    this.n = p;
    return true;
  }

  /** True when nothing has been written (since the last `take` or `clear`). */
  empty(): boolean {
    return this.n === 0 && this.parts.length === 0 && this.marks.length === 0;
  }

  /** Forgets everything written. */
  clear(): void {
    this.n = 0;
    if (this.parts.length) this.parts.length = 0;
    this.forgetForeign();
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
    other.forgetForeign();
  }

  /**
   * The text, after `head`; the TextOut is empty afterwards (a growing
   * one's buffer goes to the next growing TextOut).
   */
  text(head: string): string {
    let text: string | undefined;
    try {
      if (this.parts.length === 0 && this.marks.length === 0 && isAscii(head)) {
        // All ASCII: the head goes in front of the bytes, in the same buffer, and the whole text is decoded at once.
        const k = head.length, buf = this.n + k > this.buf.length ? this.room(k) : this.buf;
        buf.copyWithin(k, 0, this.n);
        put(buf, 0, head);
        text = ascii(buf.subarray(0, this.n + k));
      } else {
        this.flush(this.parts.length > 0 ? LATE_PIECE : DECODED_PIECE);
        text = joined(head, this.parts);
      }
    } catch (e) {
      if (!isStringTooLong(e)) throw e;
      throw new FzError("limit", "the printed text is longer than the longest string the JavaScript engine holds (about 536 million characters)");
    } finally {
      this.release();
    }
    return text;
  }

  /** Empties the TextOut; a growing one gives its buffer to the next (if it is the largest spare so far). */
  private release(): void {
    this.clear();
    if (!this.growing) return;
    if (this.buf.length <= SPARE_LIMIT && (spare === undefined || spare.length < this.buf.length)) spare = this.buf;
    this.buf = NO_BYTES;
  }
}
