/**
 * The CLIF printer's output buffer: the module's text as runs of lines,
 * joined once at the end. Lines are collected in a short array that is
 * joined into one part every CHUNK lines (so a big function's many short
 * line strings die young instead of living until the module is done), and
 * a part can be reserved and filled later: a function's first line and
 * preamble are known only after its body has numbered its entities.
 *
 * Invariant: the text is `parts.join("\n")` followed by the pending lines,
 * and every part is one or more whole lines joined by "\n".
 */

/** Lines joined into one part at a time. */
const CHUNK = 1024;

/** Lines of text, joined once. */
export class TextOut {
  private readonly parts: string[] = [];
  private lines: string[] = [];

  /** Appends one line (without its newline). */
  line(text: string): void {
    if (this.lines.push(text) >= CHUNK) this.flush();
  }

  private flush(): void {
    if (this.lines.length === 0) return;
    this.parts.push(this.lines.join("\n"));
    this.lines = [];
  }

  /** Reserves the place of lines written later with `fill`. */
  reserve(): number {
    this.flush();
    return this.parts.push("") - 1;
  }

  /** Puts one or more lines, joined by "\n", in a reserved place. */
  fill(slot: number, text: string): void {
    this.parts[slot] = text;
  }

  /** The whole text: every line, each but the last followed by "\n". */
  text(): string {
    this.flush();
    return this.parts.join("\n");
  }
}
