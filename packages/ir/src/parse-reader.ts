/**
 * Token-level reading for the `.fzir` parser (parse-syntax.ts): the lexer's
 * tokens seen through the statement being parsed (a token on a later line
 * reads as "eol", which is how an instruction's operands end), errors at the
 * offending token or just past a statement that ends too early, keywords,
 * names, comma-separated lists, optional `!loc` tails and types.
 *
 * Invariant: the only recursion is into nested types, bounded by
 * MAX_TYPE_DEPTH (a `limit` error past it).
 */
import { FzError, type FzErrorCode } from "./errors.js";
import type { Lexer, Pos, TokenKind } from "./lexer.js";
import type { SourceLoc } from "./module.js";
import { PRIMITIVE_TYPES } from "./types.js";
import { Name, Typed, type TypeSyntax } from "./syntax.js";

/** Deepest nesting of array types. */
export const MAX_TYPE_DEPTH = 200;

/** The token helpers the grammar's parser is built on (it extends this class). */
export class SyntaxReader {
  /** Line of the instruction or terminator being parsed; 0 between statements. */
  protected stmtLine = 0;
  /** Scratch arrays of `list` (one per nesting depth). */
  private readonly listScratch: unknown[][] = [];
  private listDepth = 0;

  constructor(protected readonly lx: Lexer) {}

  /** The kind of the token `k` ahead; inside a statement, a token on a later line reads as "eol". */
  protected kind(k = 0): TokenKind {
    const kind = this.lx.kind(k);
    if (this.stmtLine !== 0 && kind !== "eof" && this.lx.tokenLine(k) !== this.stmtLine) return "eol";
    return kind;
  }

  protected fail(k: number, msg: string, code: FzErrorCode = "parse"): never {
    // A statement that ends too early is reported just past its last token.
    const at = this.kind(k) === "eol" && this.lx.lastEnd >= 0 ? this.lx.lastEnd : this.lx.start(k);
    this.failAt(at, msg, code);
  }

  protected failAt(pos: Pos, msg: string, code: FzErrorCode = "parse"): never {
    throw new FzError(code, msg, this.lx.loc(pos));
  }

  protected describe(k = 0): string {
    const kind = this.kind(k);
    if (kind === "eof") return "end of input";
    if (kind === "eol") return "end of line";
    if (kind === "string") return "a string literal";
    const sigil = kind === "value" ? "%" : kind === "var" ? "$" : kind === "func" ? "@" : "";
    const text = sigil + this.lx.text(k);
    return `'${text.length > 40 ? `${text.slice(0, 40)}...` : text}'`;
  }

  /** Consume a token of `kind`; returns where it starts. (`what` defaults to the token quoted, spelled only on an error.) */
  protected expect(kind: TokenKind, what?: string): Pos {
    if (this.kind() !== kind) this.fail(0, `expected ${what ?? `'${kind}'`}, found ${this.describe()}`);
    const at = this.lx.start();
    this.lx.next();
    return at;
  }

  /** Whether the current line-based statement is over. */
  protected atLineEnd(): boolean {
    const k = this.kind();
    return k === "eol" || k === "eof" || k === "}" || k === "!";
  }

  /** An optional trailing `!loc "file":line:col` (SPEC.md), then the end of the statement's line. */
  protected srcLoc(what: string): SourceLoc | undefined {
    if (this.kind() !== "!") {
      if (!this.atLineEnd()) this.fail(0, `expected end of line after ${what}, found ${this.describe()}`);
      return undefined;
    }
    return this.bangLoc();
  }

  /** `!loc "file":line:col` from its `!` (apart from srcLoc, which every statement calls, so that it stays free of closures). */
  protected bangLoc(): SourceLoc {
    this.lx.next();
    this.keyword("loc", "'loc' after '!'");
    if (this.kind() !== "string") this.fail(0, `expected a file name (a string), found ${this.describe()}`);
    const filePos = this.lx.start();
    const file = this.lx.value();
    this.lx.next();
    this.expect(":", "':' after the file name");
    const line = this.locNumber("line");
    if (line === 0) this.failAt(this.lx.lastStart, "a source line number starts at 1");
    this.expect(":", "':' after the line number");
    const col = this.locNumber("column");
    if (file === "") this.failAt(filePos, "a source location needs a file name");
    if (!this.atLineEnd() || this.kind() === "!") this.fail(0, `expected end of line after the source location, found ${this.describe()}`);
    return { file, line, col };
  }

  /** The line or column number of a `!loc`, consumed. */
  protected locNumber(w: string): number {
    if (this.kind() !== "number") this.fail(0, `expected a ${w} number, found ${this.describe()}`);
    const text = this.lx.text();
    if (!/^[0-9]+$/.test(text) || Number(text) > 0xffffffff) this.fail(0, `expected a ${w} number, found '${text}'`);
    this.lx.next();
    return Number(text);
  }

  /** A keyword (a word with exactly this text). */
  protected isKeyword(text: string, k = 0): boolean {
    return this.kind(k) === "word" && this.lx.textIs(text, k);
  }

  protected keyword(text: string, what?: string): void {
    if (!this.isKeyword(text)) this.fail(0, `expected ${what ?? `'${text}'`}, found ${this.describe()}`);
    this.lx.next();
  }

  /** The next token as a Name, consumed. */
  protected take(): Name {
    const id = this.lx.nameId();
    const n = new Name(this.lx.names.strings[id]!, id, this.lx.start());
    this.lx.next();
    return n;
  }

  /** The next token as a Name (a plain name, as `what` says), consumed. */
  protected ident(what: string): Name {
    this.identAhead(what);
    return this.take();
  }

  /** The next token is a plain name (or an error says it is not `what`). */
  protected identAhead(what: string): void {
    if (this.kind() !== "word" || !this.lx.isName(false)) this.fail(0, `expected ${what}, found ${this.describe()}`);
  }

  /** The next token as a Name (a %name, $name or @name, as `what` says), consumed. */
  protected sigil(kind: "value" | "var" | "func", what: string): Name {
    this.sigilAhead(kind, what);
    return this.take();
  }

  /** The next token is a %name, $name or @name (or an error says it is not `what`). */
  protected sigilAhead(kind: "value" | "var" | "func", what: string): void {
    if (this.kind() !== kind || (kind === "func" && !this.lx.isName(false))) this.fail(0, `expected ${what}, found ${this.describe()}`);
  }

  /** `NAME ':' TYPE` from a name already checked (`identAhead`, `sigilAhead`), consumed: a parameter, variable or field. */
  protected typed(): Typed {
    const id = this.lx.nameId(), pos = this.lx.start();
    this.lx.next();
    this.expect(":");
    return new Typed(this.lx.names.strings[id]!, id, pos, this.type());
  }

  /**
   * `X (',' X)*` up to the closing token (consumed); empty when `allowEmpty`.
   * Items gather in a scratch array per nesting depth (lists nest through
   * types), and the list kept is an exact copy: the syntax lives until the
   * module is built, and an array grown by push keeps room for 16 more.
   */
  protected list<T>(close: TokenKind, allowEmpty: boolean, item: () => T): T[] {
    if (allowEmpty && this.kind() === close) { this.lx.next(); return []; }
    const depth = this.listDepth++;
    const out = (this.listScratch[depth] ??= []) as T[];
    let n = 0;
    for (;;) {
      out[n++] = item();
      const k = this.kind();
      if (k === close) {
        this.lx.next();
        this.listDepth--;
        return out.slice(0, n);
      }
      if (k !== ",") this.fail(0, `expected ',' or '${close}', found ${this.describe()}`);
      this.lx.next();
    }
  }

  /** A type; `depth` counts enclosing array brackets. */
  protected type(depth = 0): TypeSyntax {
    const k = this.kind();
    const pos = this.lx.start();
    if (k === "[") {
      if (depth >= MAX_TYPE_DEPTH) this.fail(0, `type nested deeper than ${MAX_TYPE_DEPTH} levels`, "limit");
      this.lx.next();
      const elem = this.type(depth + 1);
      if (this.kind() === ";") {
        this.lx.next();
        if (this.kind() !== "number") this.fail(0, `expected an array length, found ${this.describe()}`);
        const len = this.take();
        this.expect("]");
        return { kind: "array", elem, len, pos };
      }
      this.expect("]", "';' or ']'");
      return { kind: "dynarray", elem, pos };
    }
    if (k === "{") {
      // A map type {K: V} (SPEC.md, "Maps"); it nests like an array type.
      if (depth >= MAX_TYPE_DEPTH) this.fail(0, `type nested deeper than ${MAX_TYPE_DEPTH} levels`, "limit");
      this.lx.next();
      const key = this.type(depth + 1);
      this.expect(":");
      const value = this.type(depth + 1);
      this.expect("}");
      return { kind: "map", key, value, pos };
    }
    if (k !== "word" || !this.lx.isName(false)) this.fail(0, `expected a type, found ${this.describe()}`);
    const name = this.lx.text();
    this.lx.next();
    if (name === "fn" && this.kind() === "(") {
      // A function reference type `fn(T, ...) [-> R]`; a `->` right after it belongs to it (greedy).
      if (depth >= MAX_TYPE_DEPTH) this.failAt(pos, `type nested deeper than ${MAX_TYPE_DEPTH} levels`, "limit");
      this.lx.next();
      const params = this.list(")", true, () => this.type(depth + 1));
      if (this.kind() !== "->") return { kind: "fn", params, result: null, pos };
      this.lx.next();
      return { kind: "fn", params, result: this.type(depth + 1), pos };
    }
    return PRIMITIVE_SYNTAX.get(name) ?? { kind: "name", name, pos };
  }
}

/**
 * One shared syntax per built-in type name: a name type's position serves
 * only the "unknown type" error, which a built-in name never gets, and most
 * types written are built-in (a record per parameter and variable saved).
 */
const PRIMITIVE_SYNTAX: ReadonlyMap<string, TypeSyntax> = new Map(
  [...PRIMITIVE_TYPES.keys()].map((name) => [name, Object.freeze({ kind: "name", name, pos: -1 })] as const),
);

