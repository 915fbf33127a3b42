/**
 * The `.fzir` grammar (SPEC.md) as a recursive-descent parser from tokens to
 * a syntax tree that keeps every name's text location. It knows nothing of
 * types or scopes; resolve-syntax.ts resolves the tree into a Module.
 *
 * Invariants: the only recursion is into nested array types, bounded by
 * MAX_TYPE_DEPTH (a `limit` error past it); every other construct is parsed
 * by loops. An instruction or terminator ends at the end of its line (or at a
 * closing `}`), which is how operand lists end.
 */
import { FzError, type FzErrorCode, type TextLocation } from "./errors.js";
import { Lexer, type Token, type TokenKind } from "./lexer.js";
import type { SourceLoc } from "./module.js";
import { isOpcode, type Opcode, OPCODES, TERMINATORS } from "./opcodes.js";

/** Deepest nesting of array types. */
export const MAX_TYPE_DEPTH = 200;

export interface Name {
  readonly text: string;
  readonly loc: TextLocation;
}

export type TypeSyntax =
  | { readonly kind: "name"; readonly name: string; readonly loc: TextLocation }
  | { readonly kind: "array"; readonly elem: TypeSyntax; readonly len: Name; readonly loc: TextLocation }
  | { readonly kind: "dynarray"; readonly elem: TypeSyntax; readonly loc: TextLocation }
  | { readonly kind: "fn"; readonly params: readonly TypeSyntax[]; readonly result: TypeSyntax | null; readonly loc: TextLocation }
  | { readonly kind: "map"; readonly key: TypeSyntax; readonly value: TypeSyntax; readonly loc: TextLocation };

/** One operand as written; its meaning depends on the opcode's format. */
export type Operand =
  | { readonly kind: "value" | "var" | "func" | "word" | "number"; readonly text: string; readonly loc: TextLocation }
  | { readonly kind: "string"; readonly text: string; readonly value: string; readonly loc: TextLocation }
  | { readonly kind: "type"; readonly type: TypeSyntax; readonly loc: TextLocation };

export interface InstSyntax {
  readonly dst: Name | null;
  readonly op: Opcode;
  /** The `.SUFFIX` after the opcode (type or condition code). */
  readonly suffix: Name | null;
  readonly operands: readonly Operand[];
  /** Where the opcode is written; errors about the instruction point here. */
  readonly loc: TextLocation;
  /** The source location the instruction carries (`!loc "file":line:col`), not where it is in this text. */
  readonly srcLoc?: SourceLoc;
}

export interface CaseSyntax {
  /** An integer (number) or a variant name (word). */
  readonly key: Name & { readonly kind: "number" | "word" };
  readonly target: Name;
}

export type TermSyntax = (
  | { readonly op: "jump"; readonly target: Name; readonly loc: TextLocation }
  | { readonly op: "br"; readonly cond: Name; readonly then: Name; readonly else: Name; readonly loc: TextLocation }
  | { readonly op: "switch"; readonly value: Name; readonly cases: readonly CaseSyntax[]; readonly default: Name | null; readonly loc: TextLocation }
  | { readonly op: "ret"; readonly value: Name | null; readonly loc: TextLocation }
  | { readonly op: "unreachable"; readonly loc: TextLocation }
) & { readonly srcLoc?: SourceLoc };

export interface BlockSyntax {
  readonly label: Name;
  readonly insts: readonly InstSyntax[];
  readonly term: TermSyntax;
}

export interface Typed<N = Name> {
  readonly name: N;
  readonly type: TypeSyntax;
}

export type ItemSyntax =
  | { readonly kind: "struct"; readonly name: Name; readonly fields: readonly Typed[] }
  | { readonly kind: "enum"; readonly name: Name; readonly variants: readonly { readonly name: Name; readonly payload: TypeSyntax | null }[] }
  | { readonly kind: "import"; readonly name: Name; readonly params: readonly TypeSyntax[]; readonly result: TypeSyntax | null; readonly cabi: boolean }
  | { readonly kind: "global"; readonly name: Name; readonly mutable: boolean; readonly type: TypeSyntax; readonly init: Operand | { readonly kind: "list"; readonly items: readonly Operand[]; readonly loc: TextLocation } }
  | {
      readonly kind: "func"; readonly name: Name; readonly exported: boolean; readonly params: readonly Typed[];
      readonly result: TypeSyntax | null; readonly vars: readonly Typed[]; readonly blocks: readonly BlockSyntax[];
    };

export interface ModuleSyntax {
  readonly name: Name;
  readonly items: readonly ItemSyntax[];
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const LABEL = /^[A-Za-z0-9_]+$/;

/** Parse `.fzir` text into a syntax tree; throws FzError on malformed text. */
export function parseSyntax(src: string, file?: string): ModuleSyntax {
  return new SyntaxParser(new Lexer(src, file)).module();
}

class SyntaxParser {
  /** Line of the instruction or terminator being parsed; 0 between statements. */
  private stmtLine = 0;
  private last: Token | null = null;
  /** The "eol" view of the last token seen past a statement's line (a statement's end is peeked several times). */
  private eolOf: Token | null = null;
  private eol: Token | null = null;
  private readonly operandScratch: Operand[] = [];

  constructor(private readonly lx: Lexer) {}

  /** The token `k` ahead; inside a statement, a token on a later line reads as "eol". */
  private peek(k = 0): Token {
    const t = this.lx.peek(k);
    if (this.stmtLine !== 0 && t.kind !== "eof" && t.line !== this.stmtLine) {
      if (this.eolOf !== t) {
        this.eolOf = t;
        this.eol = { ...t, kind: "eol" };
      }
      return this.eol!;
    }
    return t;
  }

  private loc(t: Token): TextLocation {
    return this.lx.loc(t.line, t.column);
  }

  private fail(t: Token, msg: string, code: FzErrorCode = "parse"): never {
    // A statement that ends too early is reported just past its last token.
    const at = t.kind === "eol" && this.last ? this.lx.loc(this.last.line, this.last.end) : this.loc(t);
    throw new FzError(code, msg, at);
  }

  private next(): Token {
    this.last = this.lx.next();
    return this.last;
  }

  private describe(t: Token): string {
    if (t.kind === "eof") return "end of input";
    if (t.kind === "eol") return "end of line";
    if (t.kind === "string") return "a string literal";
    const sigil = t.kind === "value" ? "%" : t.kind === "var" ? "$" : t.kind === "func" ? "@" : "";
    const text = sigil + t.text;
    return `'${text.length > 40 ? `${text.slice(0, 40)}...` : text}'`;
  }

  private expect(kind: TokenKind, what = `'${kind}'`): Token {
    const t = this.peek();
    if (t.kind !== kind) this.fail(t, `expected ${what}, found ${this.describe(t)}`);
    return this.next();
  }

  /** Whether the current line-based statement is over. */
  private atLineEnd(): boolean {
    const k = this.peek().kind;
    return k === "eol" || k === "eof" || k === "}" || k === "!";
  }

  /** An optional trailing `!loc "file":line:col` (SPEC.md), then the end of the statement's line. */
  private srcLoc(what: string): SourceLoc | undefined {
    if (this.peek().kind !== "!") {
      if (!this.atLineEnd()) this.fail(this.peek(), `expected end of line after ${what}, found ${this.describe(this.peek())}`);
      return undefined;
    }
    this.next();
    this.keyword("loc", "'loc' after '!'");
    const file = this.expect("string", "a file name (a string)");
    const pos = (w: string): number => {
      const t = this.expect("number", `a ${w} number`);
      if (!/^[0-9]+$/.test(t.text) || Number(t.text) > 0xffffffff) this.fail(t, `expected a ${w} number, found '${t.text}'`);
      return Number(t.text);
    };
    this.expect(":", "':' after the file name");
    const line = pos("line");
    if (line === 0) this.fail(this.last!, "a source line number starts at 1");
    this.expect(":", "':' after the line number");
    const col = pos("column");
    if (file.value === "") this.fail(file, "a source location needs a file name");
    if (!this.atLineEnd() || this.peek().kind === "!") this.fail(this.peek(), `expected end of line after the source location, found ${this.describe(this.peek())}`);
    return { file: file.value!, line, col };
  }

  /** A keyword (a word with exactly this text). */
  private isKeyword(text: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === "word" && t.text === text;
  }

  private keyword(text: string, what = `'${text}'`): Token {
    if (!this.isKeyword(text)) this.fail(this.peek(), `expected ${what}, found ${this.describe(this.peek())}`);
    return this.next();
  }

  private ident(what: string): Name {
    const t = this.peek();
    if (t.kind !== "word" || !IDENT.test(t.text)) this.fail(t, `expected ${what}, found ${this.describe(t)}`);
    this.next();
    return { text: t.text, loc: this.loc(t) };
  }

  private label(): Name {
    const t = this.peek();
    if ((t.kind !== "word" && t.kind !== "number") || !LABEL.test(t.text)) this.fail(t, `expected a block label, found ${this.describe(t)}`);
    this.next();
    return { text: t.text, loc: this.loc(t) };
  }

  private sigil(kind: "value" | "var" | "func", what: string): Name {
    const t = this.peek();
    if (t.kind !== kind || (kind === "func" && !IDENT.test(t.text))) this.fail(t, `expected ${what}, found ${this.describe(t)}`);
    this.next();
    return { text: t.text, loc: this.loc(t) };
  }

  module(): ModuleSyntax {
    if (!this.isKeyword("module")) this.fail(this.peek(), "expected 'module NAME' at the start of the file");
    this.next();
    const name = this.ident("a module name");
    const items: ItemSyntax[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === "eof") break;
      if (this.isKeyword("struct")) items.push(this.struct());
      else if (this.isKeyword("enum")) items.push(this.enum());
      else if (this.isKeyword("import")) items.push(this.import());
      else if (this.isKeyword("global")) items.push(this.global());
      else if (this.isKeyword("fn") || this.isKeyword("export")) items.push(this.func());
      else this.fail(t, `expected struct, enum, import, global or fn, found ${this.describe(t)}`);
    }
    return { name, items };
  }

  /** `X (',' X)*` up to the closing token (consumed); empty when `allowEmpty`. */
  private list<T>(close: TokenKind, allowEmpty: boolean, item: () => T): T[] {
    const out: T[] = [];
    if (allowEmpty && this.peek().kind === close) { this.next(); return out; }
    for (;;) {
      out.push(item());
      const t = this.peek();
      if (t.kind === close) { this.next(); return out; }
      if (t.kind !== ",") this.fail(t, `expected ',' or '${close}', found ${this.describe(t)}`);
      this.next();
    }
  }

  private struct(): ItemSyntax {
    this.next();
    const name = this.ident("a struct name");
    this.expect("{");
    const fields = this.list("}", true, () => {
      const n = this.ident("a field name");
      this.expect(":");
      return { name: n, type: this.type() };
    });
    return { kind: "struct", name, fields };
  }

  private enum(): ItemSyntax {
    this.next();
    const name = this.ident("an enum name");
    this.expect("{");
    const variants = this.list("}", false, () => {
      const n = this.ident("a variant name");
      if (this.peek().kind !== "(") return { name: n, payload: null };
      this.next();
      const payload = this.type();
      this.expect(")");
      return { name: n, payload };
    });
    return { kind: "enum", name, variants };
  }

  private import(): ItemSyntax {
    this.next();
    const cabi = this.isKeyword("c") && this.isKeyword("fn", 1);
    if (cabi) this.next();
    this.keyword("fn", "'fn' (or 'c fn') after 'import'");
    const name = this.ident("a function name");
    this.expect("(");
    const params = this.list(")", true, () => this.type());
    return { kind: "import", name, params, result: this.result(), cabi };
  }

  /** `global ['mut'] NAME ':' TYPE '=' (LITERAL | @FUNCTION | '[' LITERAL, ... ']')` (SPEC.md "Globals"). */
  private global(): ItemSyntax {
    this.next();
    const mutable = this.isKeyword("mut") && this.peek(1).kind === "word";
    if (mutable) this.next();
    const name = this.ident("a global name");
    this.expect(":");
    const type = this.type();
    this.expect("=", "'=' and an initial value");
    const t = this.peek();
    if (t.kind === "[") {
      this.next();
      const items = this.list("]", false, () => {
        const k = this.peek();
        if (k.kind !== "number" && k.kind !== "word") this.fail(k, `expected a literal array element, found ${this.describe(k)}`);
        return this.operand();
      });
      return { kind: "global", name, mutable, type, init: { kind: "list", items, loc: this.loc(t) } };
    }
    if (t.kind !== "number" && t.kind !== "word" && t.kind !== "string" && t.kind !== "func") this.fail(t, `expected a literal initial value, found ${this.describe(t)}`);
    return { kind: "global", name, mutable, type, init: this.operand() };
  }

  private result(): TypeSyntax | null {
    if (this.peek().kind !== "->") return null;
    this.next();
    return this.type();
  }

  private func(): ItemSyntax {
    const exported = this.isKeyword("export");
    if (exported) this.next();
    this.keyword("fn", exported ? "'fn' after 'export'" : "'fn'");
    const name = this.ident("a function name");
    this.expect("(");
    const params = this.list(")", true, () => {
      const n = this.sigil("value", "a parameter (%name)");
      this.expect(":");
      return { name: n, type: this.type() };
    });
    const result = this.result();
    const open = this.expect("{");
    const vars: Typed[] = [];
    while (this.isKeyword("var") && this.peek(1).kind === "var") {
      this.next();
      const n = this.sigil("var", "a variable ($name)");
      this.expect(":");
      vars.push({ name: n, type: this.type() });
    }
    return { kind: "func", name, exported, params, result, vars, blocks: this.blocks(name.text, open) };
  }

  private blocks(func: string, open: Token): BlockSyntax[] {
    const blocks: BlockSyntax[] = [];
    let label: Name | null = null;
    let insts: InstSyntax[] = [];
    let term: TermSyntax | null = null;
    const close = () => {
      if (label === null) return;
      if (term === null) throw new FzError("cfg", `block ${label.text} does not end with a terminator`, label.loc);
      blocks.push({ label, insts, term });
    };
    for (;;) {
      const t = this.peek();
      if (t.kind === "}") {
        close();
        if (blocks.length === 0) this.fail(t, `function ${func} has no blocks`, "cfg");
        this.next();
        return blocks;
      }
      if (t.kind === "eof") this.fail(t, `unterminated body of function ${func} (the '{' at ${open.line}:${open.column} is never closed)`);
      if ((t.kind === "word" || t.kind === "number") && this.peek(1).kind === ":") {
        close();
        label = this.label();
        this.next();
        insts = [];
        term = null;
        continue;
      }
      if (this.isKeyword("var") && this.peek(1).kind === "var") this.fail(t, "variables are declared before the first block");
      if (label === null) this.fail(t, `expected a block label (name:), found ${this.describe(t)}`);
      if (term !== null) this.fail(t, `instruction after the terminator of block ${label.text}`, "cfg");
      this.stmtLine = t.line;
      const s = this.statement();
      this.stmtLine = 0;
      if ("inst" in s) insts.push(s.inst);
      else term = s.term;
    }
  }

  /** One instruction or terminator, up to the end of its line. */
  private statement(): { inst: InstSyntax } | { term: TermSyntax } {
    let dst: Name | null = null;
    if (this.peek().kind === "value" && this.peek(1).kind === "=") {
      dst = this.sigil("value", "a value");
      this.next();
    }
    const t = this.peek();
    if (t.kind !== "word") this.fail(t, `expected an instruction, found ${this.describe(t)}`);
    if (Object.prototype.hasOwnProperty.call(TERMINATORS, t.text)) {
      if (dst) this.fail(t, `${t.text} is a terminator and gives no value`);
      const term = this.terminator();
      const srcLoc = this.srcLoc(term.op);
      return { term: srcLoc ? { ...term, srcLoc } : term };
    }
    this.next();
    const { op, suffix } = this.opcode(t);
    // Operands gather in a scratch list, then one array of their exact length is kept (a pushed-to array keeps 16 slots).
    const scratch = this.operandScratch;
    scratch.length = 0;
    if (!this.atLineEnd()) {
      for (;;) {
        scratch.push(this.operand());
        if (this.atLineEnd()) break;
        this.expect(",", "',' or end of line");
      }
    }
    const operands = scratch.slice();
    const srcLoc = this.srcLoc(op);
    return { inst: srcLoc ? { dst, op, suffix, operands, loc: this.loc(t), srcLoc } : { dst, op, suffix, operands, loc: this.loc(t) } };
  }

  /** Split `icmp.slt` into the longest opcode prefix and its suffix. */
  private opcode(t: Token): { op: Opcode; suffix: Name | null } {
    if (isOpcode(t.text)) return { op: t.text, suffix: null };
    // The prefixes ending before each '.', longest first (no split and join per instruction).
    for (let end = t.text.lastIndexOf("."); end > 0; end = t.text.lastIndexOf(".", end - 1)) {
      const op = t.text.slice(0, end);
      if (isOpcode(op)) return { op, suffix: { text: t.text.slice(end + 1), loc: this.lx.loc(t.line, t.column + op.length + 1) } };
    }
    const near = closest(t.text, [...Object.keys(OPCODES), ...Object.keys(TERMINATORS)]);
    this.fail(t, `unknown opcode ${t.text}${near ? ` (did you mean ${near}?)` : ""}`);
  }

  private operand(): Operand {
    const t = this.peek();
    const loc = this.loc(t);
    switch (t.kind) {
      case "[": case "{": return { kind: "type", type: this.type(), loc };
      case "value": case "var": case "func": case "word": case "number":
        this.next();
        return { kind: t.kind, text: t.text, loc };
      case "string":
        this.next();
        return { kind: "string", text: t.text, value: t.value!, loc };
      default:
        this.fail(t, `expected an operand, found ${this.describe(t)}`);
    }
  }

  private terminator(): TermSyntax {
    const t = this.next();
    const loc = this.loc(t);
    switch (t.text) {
      case "jump": return { op: "jump", target: this.label(), loc };
      case "br": {
        const cond = this.sigil("value", "a condition (%name)");
        this.expect(",");
        const then = this.label();
        this.expect(",");
        return { op: "br", cond, then, else: this.label(), loc };
      }
      case "switch": {
        const value = this.sigil("value", "a value to switch on (%name)");
        this.expect("[");
        const cases = this.list("]", true, () => {
          const k = this.peek();
          if (k.kind !== "number" && !(k.kind === "word" && IDENT.test(k.text))) this.fail(k, `expected a case (an integer or a variant name), found ${this.describe(k)}`);
          this.next();
          this.expect("->");
          return { key: { kind: k.kind, text: k.text, loc: this.loc(k) }, target: this.label() };
        });
        let dflt: Name | null = null;
        if (this.isKeyword("default")) {
          this.next();
          dflt = this.label();
        }
        return { op: "switch", value, cases, default: dflt, loc };
      }
      case "ret":
        return { op: "ret", value: this.atLineEnd() ? null : this.sigil("value", "a value to return (%name)"), loc };
      default:
        return { op: "unreachable", loc };
    }
  }

  /** A type; `depth` counts enclosing array brackets. */
  private type(depth = 0): TypeSyntax {
    const t = this.peek();
    const loc = this.loc(t);
    if (t.kind === "[") {
      if (depth >= MAX_TYPE_DEPTH) this.fail(t, `type nested deeper than ${MAX_TYPE_DEPTH} levels`, "limit");
      this.next();
      const elem = this.type(depth + 1);
      if (this.peek().kind === ";") {
        this.next();
        const n = this.peek();
        if (n.kind !== "number") this.fail(n, `expected an array length, found ${this.describe(n)}`);
        this.next();
        this.expect("]");
        return { kind: "array", elem, len: { text: n.text, loc: this.loc(n) }, loc };
      }
      this.expect("]", "';' or ']'");
      return { kind: "dynarray", elem, loc };
    }
    if (t.kind === "{") {
      // A map type {K: V} (SPEC.md, "Maps"); it nests like an array type.
      if (depth >= MAX_TYPE_DEPTH) this.fail(t, `type nested deeper than ${MAX_TYPE_DEPTH} levels`, "limit");
      this.next();
      const key = this.type(depth + 1);
      this.expect(":");
      const value = this.type(depth + 1);
      this.expect("}");
      return { kind: "map", key, value, loc };
    }
    if (t.kind !== "word" || !IDENT.test(t.text)) this.fail(t, `expected a type, found ${this.describe(t)}`);
    this.next();
    if (t.text === "fn" && this.peek().kind === "(") {
      // A function reference type `fn(T, ...) [-> R]`; a `->` right after it belongs to it (greedy).
      if (depth >= MAX_TYPE_DEPTH) this.fail(t, `type nested deeper than ${MAX_TYPE_DEPTH} levels`, "limit");
      this.next();
      const params = this.list(")", true, () => this.type(depth + 1));
      if (this.peek().kind !== "->") return { kind: "fn", params, result: null, loc };
      this.next();
      return { kind: "fn", params, result: this.type(depth + 1), loc };
    }
    return { kind: "name", name: t.text, loc };
  }
}

/** The candidate nearest to `word` by edit distance, if it is near enough to be a likely typo. */
function closest(word: string, candidates: readonly string[]): string | null {
  if (word.length > 40) return null;
  let best: string | null = null;
  let bestD = Math.max(1, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestD) { best = c; bestD = d; }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}
