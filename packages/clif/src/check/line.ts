/**
 * A cursor over the tokens of one CLIF line, with the matchers the parser
 * needs (punctuation, entity references like `v3` or `block2`, names,
 * numbers, optional `+N` offsets); every failure is a CLIFSyntaxError at
 * the line.
 */
import { CLIFSyntaxError, parseOffset, type Token } from "./lexer.js";

const entity = (prefix: string) => new RegExp(`^${prefix}(0|[1-9][0-9]*)$`);
/** Entity references: a prefix and a number without leading zeros, as the reader lexes them. */
export const VALUE = entity("v"), BLOCK = entity("block"), SS = entity("ss"), GV = entity("gv"), SIG = entity("sig"), FN = entity("fn");
/** The calling conventions of Cranelift 0.135. */
export const CALLCONVS = ["fast", "cold", "tail", "system_v", "windows_fastcall", "apple_aarch64", "probestack", "winch", "patchable", "preserve_all"];

/** Cursor over the tokens of one line. */
export class Line {
  pos = 0;
  constructor(readonly tokens: readonly Token[], readonly line: number, readonly text: string) {}

  /** A syntax error at the current token (or the end of the line). */
  fail(message: string, at = this.pos): never {
    const t = this.tokens[Math.min(at, this.tokens.length - 1)];
    const col = at < this.tokens.length ? t?.col ?? 0 : t ? t.col + t.text.length : 0;
    throw new CLIFSyntaxError(this.line, message, col);
  }
  peek(): Token | undefined {
    return this.tokens[this.pos];
  }
  isPunct(p: string): boolean {
    const t = this.peek();
    return t?.kind === "punct" && t.text === p;
  }
  eat(p: string): boolean {
    if (!this.isPunct(p)) return false;
    this.pos++;
    return true;
  }
  expect(p: string, what: string): void {
    if (!this.eat(p)) this.fail(`expected '${p}' ${what}, found ${this.describe()}`);
  }
  describe(): string {
    const t = this.peek();
    return t ? `'${t.kind === "name" ? "%" : ""}${t.text}'` : "end of line";
  }
  word(what: string): string {
    const t = this.peek();
    if (t?.kind !== "word") this.fail(`expected ${what}, found ${this.describe()}`);
    this.pos++;
    return t.text;
  }
  isWord(w?: string): boolean {
    const t = this.peek();
    return t?.kind === "word" && (w === undefined || t.text === w);
  }
  ref(re: RegExp, what: string): number {
    const w = this.word(what);
    const m = re.exec(w);
    if (!m) this.fail(`expected ${what}, found '${w}'`, this.pos - 1);
    return Number(m[1]);
  }
  value(): number {
    return this.ref(VALUE, "a value (vN)");
  }
  name(what: string): string {
    const t = this.peek();
    if (t?.kind !== "name") this.fail(`expected ${what} (%name), found ${this.describe()}`);
    this.pos++;
    return t.text;
  }
  num(what: string): string {
    const t = this.peek();
    if (t?.kind !== "num") this.fail(`expected ${what}, found ${this.describe()}`);
    this.pos++;
    return t.text;
  }
  /** An optional `+N`/`-N` offset right after an operand. */
  offset(): number {
    const t = this.peek();
    if (t?.kind !== "num" || !/^[+-]/.test(t.text)) return 0;
    this.pos++;
    const o = parseOffset(t.text);
    return typeof o === "string" ? this.fail(o, this.pos - 1) : o;
  }
  end(): void {
    if (this.pos < this.tokens.length) this.fail(`unexpected ${this.describe()} in '${this.text}'`);
  }
}

