/**
 * A string written a UTF-16 code unit at a time, for the writers of long
 * literals (the IR printer's quoted strings, the lowered form's reader of
 * escaped strings). Appended to a string a piece at a time, a literal of a
 * megabyte was a rope of a million nodes, ten times slower per character
 * than one of 400 KB, and a piece per escape cost as much where escapes
 * are dense; here the units go into one fixed buffer, which is turned into
 * a string a buffer at a time, and the pieces are joined once.
 *
 * A writer holds one string at a time (`begin` drops what it held): one
 * shared by the calls of a function is not reentrant.
 */
export class CodeUnitWriter {
  private readonly buf = new Uint16Array(CHUNK);
  private pieces: string[] = [];
  private w = 0;

  /** Starts a new string (what was written and not taken is dropped). */
  begin(): void {
    this.pieces = [];
    this.w = 0;
  }

  /** Appends code unit `c` (0 .. 0xffff). */
  unit(c: number): void {
    if (this.w === CHUNK) this.flush();
    this.buf[this.w++] = c;
  }

  /** Appends string `s` as it is. */
  piece(s: string): void {
    this.flush();
    this.pieces.push(s);
  }

  /** The string written since `begin`. */
  end(): string {
    this.flush();
    const s = this.pieces.join("");
    this.pieces = [];
    return s;
  }

  private flush(): void {
    if (this.w === 0) return;
    this.pieces.push(String.fromCharCode.apply(null, this.buf.subarray(0, this.w) as unknown as number[]));
    this.w = 0;
  }
}

/** Code units turned into a string at once (an argument list of fromCharCode: well under engines' limits). */
const CHUNK = 4096;
