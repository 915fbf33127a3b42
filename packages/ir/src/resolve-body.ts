/**
 * Resolves one function body from the parser's instruction store into its
 * FunctionBuilder, which types every instruction by the one typing rule.
 * Blocks are created in layout order (the printer keeps it), but
 * instructions are emitted block by block in reverse postorder of the CFG,
 * so a definition that dominates a use is always built before it.
 *
 * Every failure is an FzError at a text location: errors the builder raises
 * at an `ir` location are re-thrown at the instruction's opcode (or the
 * terminator's keyword) with their code and message unchanged.
 */
import type { FunctionBuilder } from "./builder.js";
import { computeDominatorsOfGraph, type DominatorTree } from "./dominators.js";
import { FzError, type FzErrorCode, type TextLocation } from "./errors.js";
import type { Pos } from "./lexer.js";
import type { BlockId, Imm, SwitchCase, Term, ValueId, VarId } from "./module.js";
import { FLOAT_CCS, INT_CCS, OPCODES } from "./opcodes.js";
import type { BlockSyntax, FuncSyntax, InstStore, Name, TermSyntax, TypeSyntax } from "./syntax.js";
import { type Type, typeToString } from "./types.js";
import { literal, parseIntLiteral } from "./literals.js";

/** What a body needs from the module's resolver. */
export interface ModuleScope {
  type(t: TypeSyntax): Type;
  /** The line and column of source offset `pos`. */
  loc(pos: Pos): TextLocation;
  /** Whether callee @name has no result (undefined when there is no such callee). */
  calleeIsVoid(name: string): boolean;
  variantIndex(enumName: string, variant: string): number;
  readonly insts: InstStore;
}

/** Resolves one function body into its FunctionBuilder. */
export class BodyResolver {
  private readonly blocks = new Map<string, BlockId>();
  private readonly vars = new Map<string, VarId>();
  /** Value name -> definition index; a definition is a parameter (block -1) or instruction `index` of `block`. */
  private readonly defs = new Map<string, number>();
  private readonly defBlock: number[] = [];
  private readonly defIndex: number[] = [];
  private readonly defPos: Pos[] = [];
  /** The value of each definition once built, or -1. */
  private readonly defId: number[] = [];
  /** Names given to results the text leaves unnamed. */
  private fresh = 0;
  private dom!: DominatorTree<BlockId>;
  private readonly s: InstStore;

  constructor(private readonly r: ModuleScope, private readonly fb: FunctionBuilder, private readonly f: FuncSyntax) {
    this.s = r.insts;
  }

  private err(code: FzErrorCode, message: string, pos: Pos): FzError {
    return new FzError(code, message, this.r.loc(pos));
  }

  private at<T>(pos: Pos, f: () => T): T {
    try {
      return f();
    } catch (e) {
      throw this.relocated(e, pos);
    }
  }

  /** A builder's error (at an `ir` location) moved to `pos`; any other exception unchanged. */
  private relocated(e: unknown, pos: Pos): unknown {
    return e instanceof FzError && e.location?.kind !== "text" ? new FzError(e.code, e.message, this.r.loc(pos)) : e;
  }

  build(): void {
    const { f, fb } = this;
    this.unique(f.vars.map((v) => v.name), (n) => `variable $${n} of function ${f.name.text}`);
    for (const v of f.vars) {
      const type = this.r.type(v.type);
      this.vars.set(v.name.text, this.at(v.name.pos, () => fb.var(v.name.text, type)));
    }
    this.unique(f.blocks.map((b) => b.label), (n) => `block ${n} of function ${f.name.text}`);
    for (const b of f.blocks) this.blocks.set(b.label.text, fb.block(b.label.text));
    this.collectDefs();
    this.dom = computeDominatorsOfGraph(f.blocks.map((b) => targets(b.term).map((t) => this.block(t))));
    f.blocks.forEach((b, i) => {
      if (!this.dom.isReachable(i as BlockId)) throw this.err("cfg", `block ${b.label.text} is unreachable from the entry`, b.label.pos);
    });
    for (const b of this.dom.rpo) this.emitBlock(b);
  }

  private unique(names: readonly Name[], what: (n: string) => string): void {
    unique(this.r, names, what);
  }

  private lineCol(pos: Pos): string {
    const l = this.r.loc(pos);
    return `${l.line}:${l.column}`;
  }

  /** Every value name and where it is defined; duplicates are reported in text order. */
  private collectDefs(): void {
    const add = (name: string, pos: Pos, block: number, index: number, id: number) => {
      const first = this.defs.get(name);
      if (first !== undefined) {
        throw this.err("duplicate", `value %${name} is defined twice in function ${this.f.name.text} (first at ${this.lineCol(this.defPos[first]!)})`, pos);
      }
      this.defs.set(name, this.defBlock.length);
      this.defBlock.push(block);
      this.defIndex.push(index);
      this.defPos.push(pos);
      this.defId.push(id);
    };
    this.f.params.forEach((p, i) => add(p.name.text, p.name.pos, -1, i, this.fb.param(i)));
    const blocks = this.f.blocks, s = this.s;
    for (let bi = 0; bi < blocks.length; bi++) {
      const b = blocks[bi]!;
      for (let i = b.from; i < b.to; i++) {
        const dst = s.dst[i];
        if (dst !== null) add(dst!, s.dstPos[i]!, bi, i - b.from, -1);
      }
    }
  }

  private block(n: Name): BlockId {
    const b = this.blocks.get(n.text);
    if (b === undefined) throw this.err("cfg", `unknown block ${n.text} in function ${this.f.name.text}`, n.pos);
    return b;
  }

  /** The id of value `name` (written at `pos`) used at instruction `index` of `block` (the terminator's index is the block's length). */
  private use(name: string, pos: Pos, block: number, index: number): ValueId {
    const d = this.defs.get(name);
    if (d === undefined) throw this.err("undefined", `use of undefined value %${name}`, pos);
    const db = this.defBlock[d]!;
    const ok = db === -1 || (db === block ? this.defIndex[d]! < index : this.dom.strictlyDominates(db as BlockId, block as BlockId));
    if (!ok || this.defId[d] === -1) throw this.err("undefined", `%${name} is not defined on every path to this use`, pos);
    return this.defId[d] as ValueId;
  }

  private emitBlock(bi: BlockId): void {
    const b: BlockSyntax = this.f.blocks[bi]!;
    const s = this.s;
    this.fb.at(bi);
    for (let i = b.from; i < b.to; i++) {
      let dst: ValueId | null;
      try {
        dst = this.emit(i, bi, i - b.from);
      } catch (e) {
        throw this.relocated(e, s.pos[i]!);
      }
      const name = s.dst[i];
      if (name !== null) this.defId[this.defs.get(name!)!] = dst!;
    }
    const term = this.term(b.term, bi, b.to - b.from);
    this.fb.setLoc(b.term.srcLoc);
    this.at(b.term.pos, () => {
      switch (term.op) {
        case "jump": return this.fb.jump(term.target);
        case "br": return this.fb.br(term.cond, term.then, term.else);
        case "switch": return this.fb.switch(term.value, term.cases, term.default);
        case "ret": return this.fb.ret(term.value);
        case "unreachable": return this.fb.unreachable();
      }
    });
    this.fb.setLoc();
  }

  private term(t: TermSyntax, bi: number, index: number): Term {
    switch (t.op) {
      case "jump": return { op: "jump", target: this.block(t.target) };
      case "br": return { op: "br", cond: this.use(t.cond.text, t.cond.pos, bi, index), then: this.block(t.then), else: this.block(t.else) };
      case "ret": return { op: "ret", value: t.value && this.use(t.value.text, t.value.pos, bi, index) };
      case "unreachable": return { op: "unreachable" };
      case "switch": {
        const value = this.use(t.value.text, t.value.pos, bi, index);
        const type = this.fb.typeOf(value);
        // Same message as the builder's check, which would only come after the cases.
        if (type.kind !== "int" && type.kind !== "enum") throw this.err("type", `switch needs an integer or enum, got ${typeToString(type)}`, t.pos);
        const cases = t.cases.map((c): SwitchCase => {
          if (type.kind === "enum") {
            if (c.key.kind !== "word") throw this.err("type", `switch on enum ${type.name} needs variant names as cases, got ${c.key.text}`, c.key.pos);
            const v = this.r.variantIndex(type.name, c.key.text);
            if (v < 0) throw this.err("type", `enum ${type.name} has no variant ${c.key.text}`, c.key.pos);
            return { value: BigInt(v), target: this.block(c.target) };
          }
          const k = c.key.kind === "number" ? parseIntLiteral(c.key.text) : null;
          if (k === null) throw this.err("type", `switch on ${typeToString(type)} needs integer cases, got ${c.key.text}`, c.key.pos);
          return { value: k, target: this.block(c.target) };
        });
        return { op: "switch", value, cases, default: t.default && this.block(t.default) };
      }
    }
  }

  /** Operands `from` to the instruction's last as values. */
  private values(i: number, from: number, bi: number, ii: number): ValueId[] {
    const s = this.s;
    const to = s.opTo[i]!;
    const out: ValueId[] = [];
    for (let j = s.opFrom[i]! + from; j < to; j++) out.push(this.value(i, j, bi, ii));
    return out;
  }

  /** Build instruction `i` (instruction `ii` of block `bi`); returns its result value. */
  private emit(i: number, bi: number, ii: number): ValueId | null {
    const s = this.s;
    const op = s.op[i]!;
    const o0 = s.opFrom[i]!;
    const n = s.opTo[i]! - o0;
    const fmt = OPCODES[op].format;
    const count = (min: number, max = min) => {
      if (n < min || n > max) {
        const want = max === min ? `${min}` : max === Infinity ? `at least ${min}` : `${min} or ${max}`;
        throw this.err("parse", `${op} takes ${want} operand(s), got ${n}`, s.pos[i]!);
      }
    };
    const suffix = s.suffix[i]!;
    if (fmt !== "const" && fmt !== "convert" && fmt !== "cmp" && suffix !== null) {
      throw this.err("parse", `${op} takes no suffix (found .${suffix})`, s.pos[i]! + op.length + 1);
    }
    let type: Type | null = null;
    let imm: Imm = NONE;
    let noResult = false;
    let args: ValueId[] = NO_ARGS;
    switch (fmt) {
      case "const": {
        type = this.suffixType(i);
        count(1);
        const lit = literal(s.kind[o0]!, s.text[o0]!);
        if (typeof lit === "string") throw this.err("parse", lit, s.at[o0]!);
        imm = lit;
        break;
      }
      case "strlit":
        count(1);
        if (s.kind[o0] !== "string") throw this.operandError(i, 0, "a string literal");
        imm = { kind: "str", value: s.extra[o0] as string };
        break;
      case "unary": count(1); args = this.values(i, 0, bi, ii); break;
      case "binary": count(2); args = this.values(i, 0, bi, ii); break;
      case "ternary": count(3); args = this.values(i, 0, bi, ii); break;
      case "cmp": {
        const ccs: readonly string[] = op === "icmp" ? INT_CCS : FLOAT_CCS;
        if (suffix === null) throw this.err("parse", `${op} needs a condition code suffix (${op}.${ccs[0]}: one of ${ccs.join(" ")})`, s.pos[i]!);
        if (!ccs.includes(suffix)) throw this.err("parse", `unknown condition code ${op}.${suffix} (expected one of ${ccs.join(" ")})`, s.pos[i]! + op.length + 1);
        count(2);
        imm = { kind: "cc", cc: suffix };
        args = this.values(i, 0, bi, ii);
        break;
      }
      case "convert": type = this.suffixType(i); count(1); args = this.values(i, 0, bi, ii); break;
      case "getvar": count(1); imm = this.variable(i, o0); break;
      case "setvar": count(2); imm = this.variable(i, o0); args = this.values(i, 1, bi, ii); break;
      case "call":
        count(1, Infinity);
        if (s.kind[o0] !== "func") throw this.operandError(i, 0, "a callee (@name)");
        imm = { kind: "func", name: s.text[o0]! };
        args = this.values(i, 1, bi, ii);
        break;
      case "funcref":
        count(1);
        if (s.kind[o0] !== "func") throw this.operandError(i, 0, "a function (@name)");
        imm = { kind: "func", name: s.text[o0]! };
        break;
      case "callind": {
        count(1, Infinity);
        args = this.values(i, 0, bi, ii);
        const ft = this.fb.typeOf(args[0]!);
        if (ft.kind === "fn" && ft.result === null) noResult = true;
        break;
      }
      case "globalget": case "globalset":
        count(fmt === "globalget" ? 1 : 2);
        if (s.kind[o0] !== "func") throw this.operandError(i, 0, "a global (@name)");
        imm = { kind: "global", name: s.text[o0]! };
        args = this.values(i, 1, bi, ii);
        break;
      case "arraylit": case "arraynew": {
        count(1, fmt === "arraynew" ? 2 : Infinity);
        const k = s.kind[o0];
        if (k !== "type" && k !== "word") throw this.operandError(i, 0, "an array type");
        type = this.r.type(k === "type" ? (s.extra[o0] as TypeSyntax) : { kind: "name", name: s.text[o0]!, pos: s.at[o0]! });
        args = this.values(i, 1, bi, ii);
        break;
      }
      case "mapnew":
        count(1);
        if (s.kind[o0] !== "type") throw this.operandError(i, 0, "a map type {K: V}");
        type = this.r.type(s.extra[o0] as TypeSyntax);
        break;
      case "structnew": count(1, Infinity); imm = { kind: "struct", name: this.ident(i, 0, "a struct name") }; args = this.values(i, 1, bi, ii); break;
      case "field": case "fieldset":
        count(fmt === "field" ? 2 : 3);
        imm = { kind: "field", name: this.ident(i, 1, "a field name") };
        args = [this.value(i, o0, bi, ii), ...this.values(i, 2, bi, ii)];
        break;
      case "enumnew": {
        count(1, 2);
        const parts = s.kind[o0] === "word" ? s.text[o0]!.split(".") : [];
        if (parts.length !== 2) throw this.operandError(i, 0, "a variant (Enum.Variant)");
        imm = { kind: "variant", enumName: parts[0]!, variant: parts[1]! };
        args = this.values(i, 1, bi, ii);
        break;
      }
      case "payload": {
        count(2);
        args = [this.value(i, o0, bi, ii)];
        const t = this.fb.typeOf(args[0]!);
        imm = { kind: "variant", enumName: t.kind === "enum" ? t.name : "", variant: this.ident(i, 1, "a variant name") };
        break;
      }
    }
    const dst = s.dst[i]!;
    const name = dst ?? (noResult ? undefined : this.freshName(op, imm));
    return this.fb.emit(op, args, { type: type ?? undefined, imm, name, loc: s.srcLoc[i] });
  }

  /** A name for a result the text leaves unnamed, distinct from every name in the function. */
  private freshName(op: keyof typeof OPCODES, imm: Imm): string | undefined {
    if (!OPCODES[op].hasResult) return undefined;
    if (imm.kind === "func" && this.r.calleeIsVoid(imm.name)) return undefined;
    let name: string;
    do name = `t${this.fresh++}`; while (this.defs.has(name));
    return name;
  }

  /** Operand `j` (a store index) of instruction `i` as a value. */
  private value(i: number, j: number, bi: number, ii: number): ValueId {
    const s = this.s;
    if (s.kind[j] !== "value") throw this.operandError(i, j - s.opFrom[i]!, "a value (%name)");
    return this.use(s.text[j]!, s.at[j]!, bi, ii);
  }

  private variable(i: number, j: number): Imm {
    const s = this.s;
    if (s.kind[j] !== "var") throw this.operandError(i, 0, "a variable ($name)");
    const v = this.vars.get(s.text[j]!);
    if (v === undefined) throw this.err("undefined", `unknown variable $${s.text[j]!} in function ${this.f.name.text}`, s.at[j]!);
    return { kind: "var", var: v };
  }

  private suffixType(i: number): Type {
    const s = this.s;
    const suffix = s.suffix[i]!;
    const op = s.op[i]!;
    if (suffix === null) throw this.err("parse", `${op} needs a type suffix (${op}.i32)`, s.pos[i]!);
    return this.r.type({ kind: "name", name: suffix, pos: s.pos[i]! + op.length + 1 });
  }

  /** Operand `k` (0-based) of instruction `i` as a plain name. */
  private ident(i: number, k: number, want: string): string {
    const s = this.s;
    const j = s.opFrom[i]! + k;
    if (s.kind[j] !== "word" || s.text[j]!.includes(".")) throw this.operandError(i, k, want);
    return s.text[j]!;
  }

  private operandError(i: number, k: number, want: string): FzError {
    const s = this.s;
    const j = s.opFrom[i]! + k;
    const kind = s.kind[j]!, text = s.text[j]!;
    const shown = kind === "type" ? "a type" : kind === "string" ? "a string" : kind === "value" ? `%${text}` : kind === "var" ? `$${text}` : kind === "func" ? `@${text}` : text;
    return this.err("parse", `operand ${k + 1} of ${s.op[i]!} must be ${want}, found ${shown}`, s.at[j]!);
  }
}

/** Throw a `duplicate` error at the second of two equal names. */
export function unique(scope: { loc(pos: Pos): TextLocation }, names: readonly Name[], what: (n: string) => string): void {
  const seen = new Map<string, Name>();
  for (const n of names) {
    const first = seen.get(n.text);
    if (first) {
      const l = scope.loc(first.pos);
      throw new FzError("duplicate", `${what(n.text)} is defined twice (first at ${l.line}:${l.column})`, scope.loc(n.pos));
    }
    seen.set(n.text, n);
  }
}

const NONE: Imm = { kind: "none" };
const NO_ARGS: ValueId[] = [];

/** Block labels a terminator names, in order. */
function targets(t: TermSyntax): Name[] {
  switch (t.op) {
    case "jump": return [t.target];
    case "br": return [t.then, t.else];
    case "switch": return [...t.cases.map((c) => c.target), ...(t.default ? [t.default] : [])];
    case "ret": case "unreachable": return [];
  }
}
