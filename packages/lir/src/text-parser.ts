/**
 * Parser of the `.lir` text form (grammar by example in text-printer.ts):
 * recursive descent over the tokens of text-lexer.ts, one token of
 * lookahead. It checks the text's shape (blocks and stack slots numbered in
 * order, value ids dense, known opcodes and types) and reports every problem
 * as a `parse` FzError at a line and column. What the text means (types of
 * operands, dominance, references) is the verifier's job, so a broken module
 * can be written as text and handed to `verifyLIR`.
 */
import { FzError } from "@fzy/ir";
import {
  binaryInst, brifTerm, brTableTerm, callIndirectInst, callInst, convertInst, edge, fcmpInst, fconstInst, FuncAddrRecord, icmpInst, iconstInst, jumpTerm, loadInst,
  opaqueInst, ptrAddInst, returnTerm, selectInst, StackAddrRecord, storeInst, switchTerm, symbolAddrInst, TrapRecord, unaryInst,
} from "./records.js";
import { LirLexer, type LirToken, type LirTokenKind } from "./text-lexer.js";
import type {
  LBinOp, LUnOp, LBlock, LBlockId, LConvKind, LData, LEdge, LExtern, LFloatCC, LFunction, LInst, LIntCC, LIntType, LLoadRange, LModule,
  LOrigin, LReloc, LSourceLoc, LStackSlot, LTerm, LType, LValue,
} from "./types.js";

const TYPES: ReadonlySet<string> = new Set(["bool", "i8", "i16", "i32", "i64", "f32", "f64", "ptr"]);
const BIN_OPS: ReadonlySet<string> = new Set([
  "iadd", "isub", "imul", "sdiv", "srem", "udiv", "urem", "band", "bor", "bxor", "ishl", "ushr", "sshr", "fadd", "fsub", "fmul", "fdiv",
  "rotl", "rotr", "smin", "smax", "umin", "umax", "fmin", "fmax", "fcopysign",
]);
const UN_OPS: ReadonlySet<string> = new Set(["sqrt", "fabs", "floor", "ceil", "ftrunc", "nearest", "popcnt", "clz", "ctz", "bswap", "iabs"]);
const INT_CCS: ReadonlySet<string> = new Set(["eq", "ne", "slt", "sle", "sgt", "sge", "ult", "ule", "ugt", "uge"]);
const FLOAT_CCS: ReadonlySet<string> = new Set(["eq", "ne", "lt", "le", "gt", "ge"]);
const CONVERSIONS: ReadonlySet<string> = new Set(["sext", "uext", "trunc", "sitofp", "fptosi_sat", "bitcast", "ptr_to_int", "int_to_ptr", "uitofp", "fptoui_sat", "fpromote", "fdemote"]);
const TERMINATORS: ReadonlySet<string> = new Set(["jump", "brif", "br_table", "switch", "return", "trap"]);
/** Largest `zeroes N` data object the parser allocates (hostile text must not exhaust memory). */
const MAX_ZEROES = 1 << 28;
/** Largest value id (ids are dense, so this bounds the value table). */
const MAX_VALUE = 1 << 24;

/** Parse `.lir` text into a module; malformed text is a `parse` FzError with line:column. */
export function parseLIR(text: string, file?: string): LModule {
  return new LirParser(new LirLexer(text, file), file).module();
}

/** Per-function state: the value types as they are defined, names and origins as they are read. */
interface FunctionScope {
  readonly types: LType[];
  readonly valueNames: (string | undefined)[];
  readonly blockNames: (string | undefined)[];
  named: boolean;
  readonly origins: LOrigin[];
  readonly at: number[][];
}

class LirParser {
  /** The current token (one token of lookahead). */
  private tok: LirToken;

  constructor(private readonly lexer: LirLexer, private readonly file: string | undefined) {
    this.tok = lexer.next();
  }

  private fail(message: string, at: LirToken = this.tok): never {
    throw new FzError("parse", message, { kind: "text", file: this.file, line: at.line, column: at.column });
  }

  private describe(t: LirToken): string {
    return t.kind === "eof" ? "end of input" : `'${t.kind === "func" ? "%" : t.kind === "data" ? "@" : ""}${t.text}'`;
  }

  private next(): LirToken {
    const t = this.tok;
    if (t.kind !== "eof") this.tok = this.lexer.next();
    return t;
  }

  private expect(kind: LirTokenKind, what: string = kind): LirToken {
    if (this.tok.kind !== kind) this.fail(`expected ${what}, found ${this.describe(this.tok)}`);
    return this.next();
  }

  private isWord(w: string): boolean {
    return this.tok.kind === "word" && this.tok.text === w;
  }

  private eat(kind: LirTokenKind): boolean {
    if (this.tok.kind !== kind) return false;
    this.next();
    return true;
  }

  private eatWord(w: string): boolean {
    if (!this.isWord(w)) return false;
    this.next();
    return true;
  }

  private keyword(w: string): void {
    if (!this.eatWord(w)) this.fail(`expected '${w}', found ${this.describe(this.tok)}`);
  }

  /** A non-negative integer that fits a JS number exactly. */
  private count(what: string): number {
    const t = this.expect("number", what);
    if (!/^\d+$/.test(t.text) || !Number.isSafeInteger(Number(t.text))) this.fail(`${what} must be a non-negative integer, found '${t.text}'`, t);
    return Number(t.text);
  }

  /** `+n` or `-n` (a signed byte offset). */
  private offset(): number {
    if (this.eat("+")) return this.count("an offset");
    const t = this.expect("number", "'+offset' or '-offset'");
    if (!/^-\d+$/.test(t.text) || !Number.isSafeInteger(Number(t.text))) this.fail(`expected '+offset' or '-offset', found '${t.text}'`, t);
    return Number(t.text);
  }

  /** `range [lo, hi)` after a load (the verifier checks it against the load's type). */
  private loadRange(): LLoadRange {
    this.keyword("range");
    this.expect("[", "'['");
    const lo = this.bound("the low end of a range");
    this.expect(",", "','");
    const hi = this.bound("the high end of a range");
    this.expect(")", "')' (a range is half-open)");
    return { lo, hi };
  }

  /** A non-negative integer of any size. */
  private bound(what: string): bigint {
    const t = this.expect("number", what);
    if (!/^\d+$/.test(t.text)) this.fail(`${what} must be a non-negative integer, found '${t.text}'`, t);
    return BigInt(t.text);
  }

  private type(): LType {
    const t = this.expect("word", "a type");
    if (!TYPES.has(t.text)) this.fail(`unknown type '${t.text}'`, t);
    return t.text as LType;
  }

  private signature(): { params: LType[]; results: LType[] } {
    this.expect("(", "'('");
    const params: LType[] = [];
    if (!this.eat(")")) {
      do params.push(this.type()); while (this.eat(","));
      this.expect(")", "')'");
    }
    const results: LType[] = [];
    if (this.eat("->")) {
      do results.push(this.type()); while (this.eat(","));
    }
    return { params, results };
  }

  module(): LModule {
    this.keyword("module");
    const name = utf8Name(this.expect("string", "the module name (a quoted string)").text);
    const functions: LFunction[] = [], externs: LExtern[] = [], data: LData[] = [];
    while (this.tok.kind !== "eof") {
      if (this.eatWord("extern")) externs.push(this.externDecl());
      else if (this.eatWord("data")) data.push(this.dataDecl());
      else if (this.eatWord("function")) functions.push(this.functionDef());
      else this.fail(`expected 'extern', 'data' or 'function', found ${this.describe(this.tok)}`);
    }
    return { name, functions, externs, data };
  }

  private externDecl(): LExtern {
    const name = utf8Name(this.expect("func", "an extern name (%name)").text);
    const { params, results } = this.signature();
    let noreturn = false, pure = false;
    for (;;) {
      if (this.eatWord("noreturn")) noreturn = true;
      else if (this.eatWord("pure")) pure = true;
      else break;
    }
    return { name, params, results, noreturn, pure };
  }

  private dataDecl(): LData {
    const name = utf8Name(this.expect("data", "a data name (@name)").text);
    this.keyword("align");
    const align = this.count("an alignment");
    const writable = this.eatWord("writable");
    let bytes: Uint8Array;
    if (this.eatWord("zeroes")) {
      const at = this.tok;
      const n = this.count("a byte count");
      if (n > MAX_ZEROES) throw new FzError("limit", `a data object of ${n} bytes is over the limit of ${MAX_ZEROES}`, { kind: "text", file: this.file, line: at.line, column: at.column });
      bytes = new Uint8Array(n);
    }
    else {
      this.keyword("bytes");
      bytes = latin1Bytes(this.expect("string", "a byte string").text);
    }
    const relocs: LReloc[] = [];
    if (this.eatWord("relocs")) {
      this.expect("[", "'['");
      do {
        const offset = this.count("a relocation offset");
        this.expect(":", "':'");
        const symbol = utf8Name(this.expect("data", "a data name (@name)").text);
        relocs.push({ offset, symbol, addend: this.offset() });
      } while (this.eat(","));
      this.expect("]", "']'");
    }
    return { name, bytes, align, relocs, writable };
  }

  private functionDef(): LFunction {
    const name = utf8Name(this.expect("func", "a function name (%name)").text);
    const { params, results } = this.signature();
    const exported = this.eatWord("export");
    const open = this.expect("{", "'{'");
    const scope: FunctionScope = { types: [], valueNames: [], blockNames: [], named: false, origins: [], at: [] };
    const slots: LStackSlot[] = [];
    while (this.tok.kind === "word" && /^ss\d+$/.test(this.tok.text)) slots.push(this.slot(slots.length));
    while (this.isWord("origin")) scope.origins.push(this.origin(scope.origins.length));
    const blocks: LBlock[] = [];
    while (!this.eat("}")) blocks.push(this.block(blocks.length, scope));
    for (let v = 0; v < scope.types.length; v++) {
      if (scope.types[v] === undefined) this.fail(`value v${v} of function %${name} is never defined (value ids are dense)`, open);
    }
    const fn: LFunction = { name, params, results, exported, slots, blocks, valueTypes: scope.types };
    // Dense tables, one entry per value and per block, as the builder makes them.
    const dense = (xs: readonly (string | undefined)[], n: number) => Array.from({ length: n }, (_, i) => xs[i]);
    const names = scope.named ? { names: { values: dense(scope.valueNames, scope.types.length), blocks: dense(scope.blockNames, blocks.length) } } : {};
    const origins = scope.origins.length > 0 ? { origins: { table: scope.origins, at: scope.at } } : {};
    return { ...fn, ...names, ...origins };
  }

  /** `origin N [text "..."] [loc "file":line:col]`. */
  private origin(index: number): LOrigin {
    const t = this.next();
    const n = this.count("an origin number");
    if (n !== index) this.fail(`expected origin ${index} (origins are numbered in order), found origin ${n}`, t);
    const text = this.eatWord("text") ? utf8Name(this.expect("string", "the origin's text (a string)").text) : undefined;
    let loc: LSourceLoc | undefined;
    if (this.eatWord("loc")) {
      const file = utf8Name(this.expect("string", "a file name (a string)").text);
      this.expect(":", "':'");
      const line = this.count("a line number");
      this.expect(":", "':'");
      loc = { file, line, col: this.count("a column number") };
    }
    if (text === undefined && loc === undefined) this.fail("an origin has a text, a loc or both", t);
    return { ...(text !== undefined && { text }), ...(loc && { loc }) };
  }

  /** An optional `!N` after instruction (or terminator) `i`: its origin, recorded in the block's row (-1: none). */
  private originRef(scope: FunctionScope, row: number[], i: number): void {
    const at = this.tok;
    if (!this.eat("!")) {
      row[i] = -1;
      return;
    }
    const n = this.count("an origin number");
    if (n >= scope.origins.length) this.fail(`origin ${n} is not declared (the function declares ${scope.origins.length})`, at);
    row[i] = n;
  }

  private slot(index: number): LStackSlot {
    const t = this.next();
    if (t.text !== `ss${index}`) this.fail(`expected stack slot ss${index} (slots are numbered in order), found '${t.text}'`, t);
    this.expect("=", "'='");
    this.keyword("slot");
    const size = this.count("a slot size");
    this.expect(",", "','");
    this.keyword("align");
    return { size, align: this.count("an alignment") };
  }

  private block(index: number, scope: FunctionScope): LBlock {
    const t = this.expect("word", `block${index} or '}'`);
    if (t.text !== `block${index}`) this.fail(`expected block${index} (blocks are numbered in order), found '${t.text}'`, t);
    if (this.tok.kind === "string") {
      scope.blockNames[index] = utf8Name(this.next().text);
      scope.named = true;
    }
    const params: LValue[] = [];
    if (this.eat("(")) {
      do params.push(this.define(scope)); while (this.eat(","));
      this.expect(")", "')'");
    }
    const cold = this.eatWord("cold");
    this.expect(":", "':'");
    const insts: LInst[] = [];
    const row: number[] = [];
    while (!(this.tok.kind === "word" && TERMINATORS.has(this.tok.text))) {
      if (this.tok.kind !== "word") this.fail(`expected an instruction or a terminator, found ${this.describe(this.tok)}`);
      insts.push(this.inst(scope));
      this.originRef(scope, row, insts.length - 1);
    }
    const term = this.term();
    this.originRef(scope, row, insts.length);
    // A block keeps an origin row only when something in it has an origin (as the builder does).
    scope.at[index] = row.some((o) => o >= 0) ? row : [];
    return { params, insts, term, cold };
  }

  /** `vN: type`, a definition: records the value's type. */
  private define(scope: FunctionScope): LValue {
    const at = this.tok;
    const v = this.value();
    if (this.tok.kind === "string") {
      scope.valueNames[v] = utf8Name(this.next().text);
      scope.named = true;
    }
    this.expect(":", "':' and the value's type");
    const type = this.type();
    if (v > MAX_VALUE) this.fail(`value id v${v} is over the limit of v${MAX_VALUE}`, at);
    if (scope.types[v] === undefined) scope.types[v] = type;
    return v;
  }

  private value(): LValue {
    const t = this.expect("word", "a value (vN)");
    const n = numberAfter(t.text, 1);
    if (n < 0 || t.text.charCodeAt(0) !== 118) this.fail(`expected a value (vN), found '${t.text}'`, t);
    return n as LValue;
  }

  private values(): LValue[] {
    const out: LValue[] = [];
    do out.push(this.value()); while (this.eat(","));
    return out;
  }

  private inst(scope: FunctionScope): LInst {
    if (this.eatWord("store")) {
      const unaligned = this.eatWord("unaligned");
      const value = this.value();
      this.expect(",", "','");
      const addr = this.value();
      return storeInst(addr, this.offset(), value, unaligned || undefined);
    }
    if (this.isWord("call")) return this.call([]);
    if (this.isWord("call_indirect")) return this.callIndirect([]);
    const dsts: LValue[] = [];
    do dsts.push(this.define(scope)); while (this.eat(","));
    this.expect("=", "'='");
    if (this.isWord("call")) return this.call(dsts);
    if (this.isWord("call_indirect")) return this.callIndirect(dsts);
    if (dsts.length !== 1) this.fail("only a call defines more than one value");
    return this.operation(dsts[0]!, scope.types[dsts[0]!]!);
  }

  private call(dsts: LValue[]): LInst {
    this.keyword("call");
    const callee = utf8Name(this.expect("func", "a callee (%name)").text);
    this.expect("(", "'('");
    const args = this.tok.kind === ")" ? [] : this.values();
    this.expect(")", "')'");
    return callInst(dsts, callee, args);
  }

  private callIndirect(dsts: LValue[]): LInst {
    this.keyword("call_indirect");
    const callee = this.value();
    this.expect("(", "'('");
    const args = this.tok.kind === ")" ? [] : this.values();
    this.expect(")", "')'");
    return callIndirectInst(dsts, callee, args);
  }

  /** `vA, vB`. */
  private pair(): [LValue, LValue] {
    const a = this.value();
    this.expect(",", "','");
    return [a, this.value()];
  }

  /** The right-hand side of `vN: type = ...` for every single-result opcode. */
  private operation(dst: LValue, type: LType): LInst {
    const opTok = this.expect("word", "an opcode");
    const op = opTok.text;
    if (BIN_OPS.has(op)) {
      const a = this.value();
      this.expect(",", "','");
      return binaryInst(op as LBinOp, dst, a, this.value());
    }
    if (CONVERSIONS.has(op)) return convertInst(op as LConvKind, dst, this.value());
    if (UN_OPS.has(op)) return unaryInst(op as LUnOp, dst, this.value());
    switch (op) {
      case "iconst": {
        if (type === "f64" || type === "f32" || type === "ptr") this.fail(`iconst cannot define a ${type}`, opTok);
        const t = this.expect("number", "an integer");
        if (!/^-?\d+$/.test(t.text)) this.fail(`expected an integer, found '${t.text}'`, t);
        return iconstInst(dst, type as LIntType | "bool", BigInt(t.text));
      }
      case "fconst": {
        const t = this.next();
        const ok = (t.kind === "number" && t.text !== "-") || (t.kind === "word" && (t.text === "NaN" || t.text === "Infinity"));
        if (!ok) this.fail(`expected a float, found ${this.describe(t)}`, t);
        return fconstInst(dst, Number(t.text));
      }
      case "icmp": case "fcmp": {
        const ccTok = this.expect("word", "a condition code");
        if (!(op === "icmp" ? INT_CCS : FLOAT_CCS).has(ccTok.text)) this.fail(`unknown ${op} condition '${ccTok.text}'`, ccTok);
        const [a, b] = this.pair();
        return op === "icmp" ? icmpInst(ccTok.text as LIntCC, dst, a, b) : fcmpInst(ccTok.text as LFloatCC, dst, a, b);
      }
      case "select": {
        const cond = this.value();
        this.expect(",", "','");
        const [a, b] = this.pair();
        return selectInst(dst, cond, a, b);
      }
      case "load": {
        if (type === "bool") this.fail("load cannot define a bool", opTok);
        const readonly = this.eatWord("readonly");
        const unaligned = this.eatWord("unaligned");
        const addr = this.value();
        const offset = this.offset();
        const range = this.isWord("range") ? this.loadRange() : undefined;
        return loadInst(dst, type, addr, offset, readonly, unaligned || undefined, range);
      }
      case "stack_addr": {
        const t = this.expect("word", "a stack slot (ssN)");
        const m = /^ss(\d+)$/.exec(t.text);
        if (!m) this.fail(`expected a stack slot (ssN), found '${t.text}'`, t);
        return new StackAddrRecord(dst, Number(m![1]), this.offset());
      }
      case "symbol_addr": return symbolAddrInst(dst, utf8Name(this.expect("data", "a data name (@name)").text));
      case "func_addr": return new FuncAddrRecord(dst, utf8Name(this.expect("func", "a function (%name)").text));
      case "ptr_add": {
        const [base, offset] = this.pair();
        return ptrAddInst(dst, base, offset);
      }
      case "opaque": return opaqueInst(dst, this.value());
    }
    return this.fail(`unknown opcode '${op}'`, opTok);
  }

  private edge(): LEdge {
    const t = this.expect("word", "a block (blockN)");
    const block = t.text.startsWith("block") ? numberAfter(t.text, 5) : -1;
    if (block < 0) this.fail(`expected a block (blockN), found '${t.text}'`, t);
    let args: LValue[] = [];
    if (this.eat("(")) {
      args = this.values();
      this.expect(")", "')'");
    }
    return edge(block as LBlockId, args);
  }

  private term(): LTerm {
    const op = this.next().text;
    switch (op) {
      case "jump": return jumpTerm(this.edge());
      case "brif": {
        const cond = this.value();
        this.expect(",", "','");
        const then = this.edge();
        this.expect(",", "','");
        return brifTerm(cond, then, this.edge());
      }
      case "br_table": {
        const index = this.value();
        this.expect(",", "','");
        const dflt = this.edge();
        this.expect(",", "','");
        this.expect("[", "'['");
        const targets: LEdge[] = [];
        if (!this.eat("]")) {
          do targets.push(this.edge()); while (this.eat(","));
          this.expect("]", "']'");
        }
        return brTableTerm(index, dflt, targets);
      }
      case "switch": {
        const value = this.value();
        this.expect(",", "','");
        const dflt = this.edge();
        this.expect(",", "','");
        this.expect("[", "'['");
        const cases: bigint[] = [], targets: LEdge[] = [];
        if (!this.eat("]")) {
          do {
            const c = this.expect("number", "a case value");
            if (!/^-?\d+$/.test(c.text)) this.fail(`expected an integer case value, found '${c.text}'`, c);
            cases.push(BigInt(c.text));
            this.expect(":", "':'");
            targets.push(this.edge());
          } while (this.eat(","));
          this.expect("]", "']'");
        }
        return switchTerm(value, dflt, cases, targets);
      }
      case "return": return returnTerm(this.tok.kind === "word" && this.tok.text.charCodeAt(0) === 118 && numberAfter(this.tok.text, 1) >= 0 ? this.values() : []);
      default: return new TrapRecord();
    }
  }
}

function latin1Bytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** A name token's text holds bytes (latin-1); names are UTF-8. */
function utf8Name(s: string): string {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return new TextDecoder().decode(latin1Bytes(s));
  return s;
}

/**
 * The decimal number `text` holds from `at` to its end (`\d+`, as Number()
 * reads it), or -1 when that is not all digits. Read without a regular
 * expression or a match array: most tokens are `vN` and `blockN`.
 */
function numberAfter(text: string, at: number): number {
  const n = text.length;
  if (at >= n) return -1;
  let x = 0;
  for (let i = at; i < n; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    x = x * 10 + d;
  }
  // Past 2^53 the running sum may round differently from Number()'s reading: read those the same way.
  return n - at > 15 ? Number(text.slice(at)) : x;
}
