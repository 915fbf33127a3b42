/**
 * The `.fzir` grammar (SPEC.md) as a recursive-descent parser over the
 * lexer's token slots (read through parse-reader.ts). Items become small
 * records; every instruction goes into the module's flat InstStore
 * (syntax.ts), so the parser allocates no object per token, instruction or
 * operand. It knows nothing of types or scopes; resolve-syntax.ts resolves
 * the result into a Module.
 *
 * Invariants: the only recursion is into nested types (parse-reader.ts);
 * every other construct is parsed by loops. An instruction or terminator
 * ends at the end of its line (or at a closing `}`), which is how operand
 * lists end.
 */
import { type Lexer, PLAIN_TOKENS, type Pos } from "./lexer.js";
import { closest, splitOpcode } from "./opcode-words.js";
import { OPCODES, TERMINATORS } from "./opcodes.js";
import { SyntaxReader } from "./parse-reader.js";
import { OP_TYPING, type OpTyping } from "./typing.js";
import { type BlockFields, type CaseSyntax, FuncSyntax, InstStore, type ItemSyntax, type LitSyntax, type ModuleSyntax, operandCode, type TermOp, type Typed, type TypeSyntax } from "./syntax.js";

export { MAX_TYPE_DEPTH } from "./parse-reader.js";

/** Parse `.fzir` text into items and an instruction store; throws FzError on malformed text. */
export function parseSyntax(lx: Lexer): ModuleSyntax {
  return new SyntaxParser(lx).module();
}

/** A split opcode word as the store takes it: the suffix by its index there. */
type OpWord = { readonly op: OpTyping; readonly code: number; readonly sfx: number };
/** The store's operand code of each plain line token's code (Lexer.lineCodes; -1: a comma or '='). */
const PLAIN_OPERAND: readonly number[] = PLAIN_TOKENS.map((k) => (k === "," || k === "=" ? -1 : operandCode(k)));
const [LINE_VALUE, LINE_WORD, LINE_COMMA, LINE_EQUALS, LINE_STRING] = (["value", "word", ",", "=", "string"] as const).map((k) => PLAIN_TOKENS.indexOf(k));

/** What `opcodeOf` answers for a terminator's keyword. */
const TERMINATOR = "terminator";

class SyntaxParser extends SyntaxReader {
  private readonly insts: InstStore;
  /** Instruction words by name id: 0 not seen yet, 1 a terminator, 2 no opcode, 3 + k the opcode splits[k]. */
  private wordCodes = new Int32Array(256);
  private readonly splits: OpWord[] = [];
  /** Whether the block being parsed has its terminator yet. */
  private term = false;
  /**
   * The block being parsed, its terminator's fields kept here until the
   * block closes: one record, rewritten for every block, that the store
   * copies into its ints (an object per block would be garbage at once).
   */
  private readonly t: { -readonly [K in keyof BlockFields]: BlockFields[K] } = {
    label: -1, labelPos: 0, from: 0, to: 0, op: "unreachable", pos: 0,
    a: -1, aPos: 0, b: -1, bPos: 0, c: -1, cPos: 0, cases: null, srcLoc: undefined,
  };

  constructor(lx: Lexer) {
    super(lx);
    // At least 16 characters an instruction (a store sized short is copied as it grows; one sized long costs pages never touched).
    this.insts = new InstStore(lx.names, lx.sourceLength >> 4);
  }

  module(): ModuleSyntax {
    if (!this.isKeyword("module")) this.fail(0, "expected 'module NAME' at the start of the file");
    this.lx.next();
    const name = this.ident("a module name");
    const items: ItemSyntax[] = [];
    for (;;) {
      const k = this.kind();
      if (k === "eof") break;
      // The keyword's text once (interned), not a comparison per keyword.
      switch (k === "word" ? this.lx.text() : "") {
        case "struct": items.push(this.struct()); break;
        case "enum": items.push(this.enum()); break;
        case "import": items.push(this.import()); break;
        case "global": items.push(this.global()); break;
        case "fn": case "export": items.push(this.func()); break;
        default: this.fail(0, `expected struct, enum, import, global or fn, found ${this.describe()}`);
      }
    }
    return { name, names: this.lx.names, items, insts: this.insts };
  }

  private struct(): ItemSyntax {
    this.lx.next();
    const name = this.ident("a struct name");
    this.expect("{");
    const fields = this.list("}", true, () => {
      this.identAhead("a field name");
      return this.typed();
    });
    return { kind: "struct", name, fields };
  }

  private enum(): ItemSyntax {
    this.lx.next();
    const name = this.ident("an enum name");
    this.expect("{");
    const variants = this.list("}", false, () => {
      const n = this.ident("a variant name");
      if (this.kind() !== "(") return { name: n, payload: null };
      this.lx.next();
      const payload = this.type();
      this.expect(")");
      return { name: n, payload };
    });
    return { kind: "enum", name, variants };
  }

  private import(): ItemSyntax {
    this.lx.next();
    const cabi = this.isKeyword("c") && this.isKeyword("fn", 1);
    if (cabi) this.lx.next();
    this.keyword("fn", "'fn' (or 'c fn') after 'import'");
    const name = this.ident("a function name");
    this.expect("(");
    const params = this.list(")", true, () => this.type());
    return { kind: "import", name, params, result: this.result(), cabi };
  }

  /** `global ['mut'] NAME ':' TYPE '=' (LITERAL | @FUNCTION | '[' LITERAL, ... ']')` (SPEC.md "Globals"). */
  private global(): ItemSyntax {
    this.lx.next();
    const mutable = this.isKeyword("mut") && this.kind(1) === "word";
    if (mutable) this.lx.next();
    const name = this.ident("a global name");
    this.expect(":");
    const type = this.type();
    this.expect("=", "'=' and an initial value");
    const k = this.kind();
    if (k === "[") {
      const pos = this.lx.start();
      this.lx.next();
      const items = this.list("]", false, () => {
        const e = this.kind();
        if (e !== "number" && e !== "word") this.fail(0, `expected a literal array element, found ${this.describe()}`);
        return this.literal();
      });
      return { kind: "global", name, mutable, type, init: { kind: "list", items, pos } };
    }
    if (k !== "number" && k !== "word" && k !== "string" && k !== "func") this.fail(0, `expected a literal initial value, found ${this.describe()}`);
    return { kind: "global", name, mutable, type, init: this.literal() };
  }

  /** A number, word, string or @name token as a literal, consumed. */
  private literal(): LitSyntax {
    const kind = this.kind() as LitSyntax["kind"];
    const lit: LitSyntax = kind === "string"
      ? { kind, text: this.lx.text(), value: this.lx.value(), pos: this.lx.start() }
      : { kind, text: this.lx.text(), pos: this.lx.start() };
    this.lx.next();
    return lit;
  }

  private result(): TypeSyntax | null {
    if (this.kind() !== "->") return null;
    this.lx.next();
    return this.type();
  }

  private func(): FuncSyntax {
    const exported = this.isKeyword("export");
    if (exported) this.lx.next();
    this.keyword("fn", exported ? "'fn' after 'export'" : "'fn'");
    this.identAhead("a function name");
    const id = this.lx.nameId(), pos = this.lx.start(), name = this.lx.names.strings[id]!;
    this.lx.next();
    this.expect("(");
    const params = this.list(")", true, this.param);
    const result = this.result();
    const open = this.expect("{");
    let vars: Typed[] = NO_VARS;
    while (this.isKeyword("var") && this.kind(1) === "var") {
      this.lx.next();
      this.sigilAhead("var", "a variable ($name)");
      if (vars === NO_VARS) vars = [];
      vars.push(this.typed());
    }
    const firstBlock = this.insts.blockCount;
    const blockCount = this.blocks(name, open);
    return new FuncSyntax(name, id, pos, exported, params, result, vars, firstBlock, blockCount);
  }

  /** `%name: TYPE`, a parameter (a field, not a closure per function). */
  private readonly param = (): Typed => {
    this.sigilAhead("value", "a parameter (%name)");
    return this.typed();
  };

  /** The blocks of a function body up to its closing `}`, into the store; returns how many. */
  private blocks(func: string, open: Pos): number {
    let n = 0;
    let label = -1, labelPos = 0;
    let from = 0;
    this.term = false;
    for (;;) {
      // Inside a block that has no terminator yet, most lines are plain; any other goes the ordinary way below, which reports it.
      if (label >= 0 && !this.term && this.plainInstruction()) continue;
      // Where a block may start (the first, or after a terminator), a plain `name:` line is read at once.
      if ((label < 0 || this.term) && this.lx.scanLabel()) {
        if (label >= 0) { this.closeBlock(label, labelPos, from); n++; }
        labelPos = this.lx.lineStarts[0]!;
        label = this.lx.lineNameId(0);
        from = this.insts.length;
        this.term = false;
        continue;
      }
      const k = this.kind();
      if (k === "}") {
        if (label >= 0) { this.closeBlock(label, labelPos, from); n++; }
        if (n === 0) this.fail(0, `function ${func} has no blocks`, "cfg");
        this.lx.next();
        return n;
      }
      if (k === "eof") {
        const at = this.lx.loc(open);
        this.fail(0, `unterminated body of function ${func} (the '{' at ${at.line}:${at.column} is never closed)`);
      }
      if ((k === "word" || k === "number") && this.kind(1) === ":") {
        if (label >= 0) { this.closeBlock(label, labelPos, from); n++; }
        this.labelAhead();
        labelPos = this.lx.start();
        label = this.lx.nameId();
        this.lx.next();
        this.lx.next();
        from = this.insts.length;
        this.term = false;
        continue;
      }
      if (this.isKeyword("var") && this.kind(1) === "var") this.fail(0, "variables are declared before the first block");
      if (label < 0) this.fail(0, `expected a block label (name:), found ${this.describe()}`);
      if (this.term) this.fail(0, `instruction after the terminator of block ${this.lx.names.strings[label]!}`, "cfg");
      this.stmtLine = this.lx.tokenLine();
      this.statement();
      this.stmtLine = 0;
    }
  }

  /** The block labelled `label` (name id, written at `labelPos`) whose instructions start at `from`, now that it ends; it must have a terminator. */
  private closeBlock(label: number, labelPos: Pos, from: number): void {
    if (!this.term) this.failAt(labelPos, `block ${this.lx.names.strings[label]!} does not end with a terminator`, "cfg");
    const t = this.t;
    t.label = label;
    t.labelPos = labelPos;
    t.from = from;
    t.to = this.insts.length;
    this.insts.addBlock(t);
  }

  /**
   * The fast path of `statement` for the common line: `[%dst =] opcode
   * [operand (, operand)*]` with name, number and string operands only (a
   * string with nothing to decode), read as one line by the lexer (no
   * token-by-token lookahead). Whatever else the line is (a terminator, a
   * type operand, a string with an escape, a `!loc`, a malformed line)
   * is rolled back for `statement`, which parses and reports it as always;
   * so what this takes, it stores exactly as `statement` would.
   */
  private plainInstruction(): boolean {
    const lx = this.lx;
    if (!lx.scanLine()) return false;
    const n = lx.lineCount, codes = lx.lineCodes;
    // A terminator (one a block) is known by its first word.
    let firstId = -1;
    if (codes[0] === LINE_WORD) {
      firstId = lx.lineNameId(0);
      if (this.opcodeOf(firstId, lx.names.strings[firstId]!) === TERMINATOR) return this.plainTerminator(firstId);
    }
    const hasDst = n >= 2 && codes[0] === LINE_VALUE && codes[1] === LINE_EQUALS;
    const w = hasDst ? 2 : 0;
    let ok = w < n && codes[w] === LINE_WORD;
    // Operands alternate with commas: tokens w+1, w+3, ... are operands, w+2, w+4, ... commas, and the line ends on an operand.
    for (let j = w + 1; ok && j < n; j++) {
      const k = codes[j]!;
      ok = (j - w) % 2 === 1 ? k !== LINE_COMMA && k !== LINE_EQUALS : k === LINE_COMMA;
    }
    if (!ok || (n - 1 > w && (n - 1 - w) % 2 === 0)) { lx.rollbackLine(); return false; }
    const dstId = hasDst ? lx.lineNameId(0) : -1;
    const wordId = w === 0 && firstId >= 0 ? firstId : lx.lineNameId(w);
    const split = this.opcodeOf(wordId, lx.names.strings[wordId]!);
    if (split === TERMINATOR || split === null) { lx.rollbackLine(); return false; }
    const from = this.insts.operands;
    for (let j = w + 1; j < n; j += 2) {
      if (codes[j] === LINE_STRING) this.insts.addOperand("string", -1, lx.lineStarts[j]!, lx.lineString(j));
      else this.insts.addNamed(PLAIN_OPERAND[codes[j]!]!, lx.lineNameId(j), lx.lineStarts[j]!);
    }
    this.insts.add(split.code, lx.lineStarts[w]!, dstId, hasDst ? lx.lineStarts[0]! : -1, split.sfx, from, lx.lineLoc);
    lx.commitLine();
    return true;
  }

  /**
   * The fast path of `terminator` for the line of plain tokens just read (Lexer.scanLine):
   * `jump L`, `br %c, L1, L2`, `ret [%v]` or `unreachable` (first word:
   * name id `word`), into the `t` fields as `terminator` reads it; any
   * other line is rolled back for `statement`, which reports it.
   */
  private plainTerminator(word: number): boolean {
    const lx = this.lx;
    const n = lx.lineCount, codes = lx.lineCodes;
    const op = lx.names.strings[word]! as TermOp;
    const ok = op === "jump" ? n === 2 && lx.lineIsLabel(1)
      : op === "br" ? n === 6 && codes[1] === LINE_VALUE && codes[2] === LINE_COMMA && lx.lineIsLabel(3) && codes[4] === LINE_COMMA && lx.lineIsLabel(5)
      : op === "ret" ? n === 1 || (n === 2 && codes[1] === LINE_VALUE)
      : op === "unreachable" && n === 1;
    if (!ok) { lx.rollbackLine(); return false; }
    this.t.op = op;
    this.t.pos = lx.lineStarts[0]!;
    this.t.a = this.t.b = this.t.c = -1;
    this.t.cases = null;
    this.t.srcLoc = lx.lineLoc;
    if (n > 1) { this.t.a = lx.lineNameId(1); this.t.aPos = lx.lineStarts[1]!; }
    if (n > 3) {
      this.t.b = lx.lineNameId(3); this.t.bPos = lx.lineStarts[3]!;
      this.t.c = lx.lineNameId(5); this.t.cPos = lx.lineStarts[5]!;
    }
    lx.commitLine();
    this.term = true;
    return true;
  }

  /** One instruction (into the store) or terminator (into the `t` fields), up to the end of its line. */
  private statement(): void {
    let dst: string | null = null;
    let dstId = -1, dstPos = -1;
    if (this.kind() === "value" && this.kind(1) === "=") {
      dstPos = this.lx.start();
      dstId = this.lx.nameId();
      dst = this.lx.names.strings[dstId]!;
      this.lx.next();
      this.lx.next();
    }
    if (this.kind() !== "word") this.fail(0, `expected an instruction, found ${this.describe()}`);
    const wordId = this.lx.nameId();
    const word = this.lx.names.strings[wordId]!;
    const split = this.opcodeOf(wordId, word);
    if (split === TERMINATOR) {
      if (dst !== null) this.fail(0, `${word} is a terminator and gives no value`);
      this.terminator(word);
      this.t.srcLoc = this.srcLoc(this.t.op);
      this.term = true;
      return;
    }
    const pos = this.lx.start();
    if (split === null) this.unknownOpcode(word, pos);
    this.lx.next();
    const from = this.insts.operands;
    if (!this.atLineEnd()) {
      for (;;) {
        this.operand();
        if (this.atLineEnd()) break;
        this.expect(",", "',' or end of line");
      }
    }
    this.insts.add(split.code, pos, dstId, dstPos, split.sfx, from, this.srcLoc(split.op.op));
  }

  /**
   * The instruction word with name id `id` (text `word`): TERMINATOR, its
   * opcode and suffix (`icmp.slt`: the longest opcode prefix and the rest),
   * or null when it names neither; looked up by id, each word split once.
   */
  private opcodeOf(id: number, word: string): OpWord | null | typeof TERMINATOR {
    if (id >= this.wordCodes.length) {
      const grown = new Int32Array(Math.max(id + 1, this.wordCodes.length * 2));
      grown.set(this.wordCodes);
      this.wordCodes = grown;
    }
    let code = this.wordCodes[id]!;
    if (code === 0) {
      const split = Object.prototype.hasOwnProperty.call(TERMINATORS, word) ? TERMINATOR : splitOpcode(word);
      code = split === TERMINATOR ? 1 : split === null ? 2 : this.splits.push(this.opWord(OP_TYPING.get(split.op)!, split.suffix)) + 2;
      this.wordCodes[id] = code;
    }
    return code === 1 ? TERMINATOR : code === 2 ? null : this.splits[code - 3]!;
  }

  private opWord(op: OpTyping, suffix: string | null): OpWord {
    return { op, code: this.insts.typingId(op), sfx: this.insts.suffixId(suffix) };
  }

  private unknownOpcode(word: string, pos: Pos): never {
    const near = closest(word, [...Object.keys(OPCODES), ...Object.keys(TERMINATORS)]);
    this.failAt(pos, `unknown opcode ${word}${near ? ` (did you mean ${near}?)` : ""}`);
  }

  private operand(): void {
    const k = this.kind();
    const at = this.lx.start();
    switch (k) {
      case "[": case "{": this.insts.addOperand("type", -1, at, this.type()); return;
      case "value": case "var": case "func": case "word": case "number": {
        const id = this.lx.nameId();
        this.insts.addOperand(k, id, at);
        this.lx.next();
        return;
      }
      case "string":
        this.insts.addOperand("string", -1, at, this.lx.value());
        this.lx.next();
        return;
      default:
        this.fail(0, `expected an operand, found ${this.describe()}`);
    }
  }

  /** The terminator `word` into the `t` fields. */
  private terminator(word: string): void {
    this.t.pos = this.lx.start();
    this.lx.next();
    this.t.op = word as TermOp;
    this.t.a = this.t.b = this.t.c = -1;
    this.t.cases = null;
    switch (word) {
      case "jump": this.labelInto(0); return;
      case "br": {
        this.sigilInto(0, "value", "a condition (%name)");
        this.expect(",");
        this.labelInto(1);
        this.expect(",");
        this.labelInto(2);
        return;
      }
      case "switch": {
        this.sigilInto(0, "value", "a value to switch on (%name)");
        this.expect("[");
        this.t.cases = this.list("]", true, this.switchCase);
        if (this.isKeyword("default")) {
          this.lx.next();
          this.labelInto(2);
        }
        return;
      }
      case "ret":
        if (!this.atLineEnd()) this.sigilInto(0, "value", "a value to return (%name)");
        return;
      default:
        this.t.op = "unreachable";
    }
  }

  /** `KEY -> label`, a case of a switch (a field, not a closure per switch). */
  private readonly switchCase = (): CaseSyntax => {
    const k = this.kind();
    if (k !== "number" && !(k === "word" && this.lx.isName(false))) this.fail(0, `expected a case (an integer or a variant name), found ${this.describe()}`);
    const key = this.lx.nameId(), keyPos = this.lx.start();
    this.lx.next();
    this.expect("->");
    this.labelAhead();
    const targetPos = this.lx.start(), target = this.lx.nameId();
    this.lx.next();
    return { keyKind: k, key, keyPos, target, targetPos };
  };

  /** The next token is a block label (or an error says it is not). */
  private labelAhead(): void {
    const k = this.kind();
    if ((k !== "word" && k !== "number") || !this.lx.isName(true)) this.fail(0, `expected a block label, found ${this.describe()}`);
  }

  /** A block label, consumed, as terminator name `slot` (0: a, 1: b, 2: c). */
  private labelInto(slot: number): void {
    this.labelAhead();
    this.nameInto(slot);
  }

  /** A %name (as `sigil` checks it), consumed, as terminator name `slot`. */
  private sigilInto(slot: number, kind: "value", what: string): void {
    if (this.kind() !== kind) this.fail(0, `expected ${what}, found ${this.describe()}`);
    this.nameInto(slot);
  }

  private nameInto(slot: number): void {
    const id = this.lx.nameId(), pos = this.lx.start();
    this.lx.next();
    if (slot === 0) { this.t.a = id; this.t.aPos = pos; }
    else if (slot === 1) { this.t.b = id; this.t.bPos = pos; }
    else { this.t.c = id; this.t.cPos = pos; }
  }

}

/** The variables of a function that declares none (shared: the syntax is only read). */
const NO_VARS: Typed[] = [];
