/**
 * `parseModule`: `.fzir` text to a Module. The text is first parsed to a
 * syntax tree (parse-syntax.ts), then resolved in an order that lets any item refer
 * to any other, wherever it is written:
 *   1. every struct and enum name, so types may name later definitions;
 *   2. every struct, enum, import and function signature, so calls may name
 *      later functions;
 *   3. each function body through FunctionBuilder, which types every
 *      instruction by the one typing rule. Blocks are created in layout
 *      order (the printer keeps it), but instructions are emitted block by
 *      block in reverse postorder of the CFG, so a definition that dominates
 *      a use is always built before it.
 *
 * Every failure is an FzError at a text location (line, column, file; an
 * instruction's own errors point at its opcode, a terminator's at its keyword):
 * errors the builder raises at an `ir` location are re-thrown at the
 * instruction's text location with their code and message unchanged. Any
 * other exception is a bug in this file and is reported as an FzError
 * saying so, never as a raw TypeError or RangeError.
 */
import { type FunctionBuilder, ModuleBuilder } from "./builder.js";
import { computeDominatorsOfGraph, type DominatorTree } from "./dominators.js";
import { FzError, type FzErrorCode, type TextLocation } from "./errors.js";
import { decodeUtf8 } from "./lexer.js";
import type { BlockId, GlobalInit, Imm, Module, ModuleIndex, SwitchCase, Term, ValueId, VarId } from "./module.js";
import { FLOAT_CCS, INT_CCS, OPCODES } from "./opcodes.js";
import { type BlockSyntax, type InstSyntax, type ItemSyntax, type ModuleSyntax, type Name, type Operand, parseSyntax, type TermSyntax, type TypeSyntax } from "./parse-syntax.js";
import { BOOL, F32, F64, HANDLE, I16, I32, I64, I8, STR, type Type, typeToString } from "./types.js";

/** Parse `.fzir` text (a string, or UTF-8 bytes) into a Module; throws FzError on any malformed input. */
export function parseModule(source: string | Uint8Array, file?: string): Module {
  try {
    let text: string;
    if (typeof source === "string") text = source;
    else if (source instanceof Uint8Array) text = decodeUtf8(source, file);
    else throw new FzError("parse", "source must be a string or a Uint8Array", { kind: "text", file, line: 1, column: 1 });
    return new Resolver(parseSyntax(text, file)).module();
  } catch (e) {
    if (e instanceof FzError) throw e;
    const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    // Stack or memory exhaustion is the input's size; anything else is our bug.
    if (e instanceof RangeError) throw new FzError("limit", `input too large to parse (${what})`, { kind: "text", file, line: 1, column: 1 });
    throw new FzError("parse", `internal parser error (${what})`, { kind: "text", file, line: 1, column: 1 });
  }
}

const PRIMITIVES: ReadonlyMap<string, Type> = new Map([
  ["i8", I8], ["i16", I16], ["i32", I32], ["i64", I64], ["bool", BOOL], ["f64", F64], ["f32", F32], ["str", STR], ["handle", HANDLE],
]);

const INT_LIT = /^-?(?:0x[0-9a-fA-F](?:_?[0-9a-fA-F])*|[0-9](?:_?[0-9])*)$/;
const FLOAT_LIT = /^-?[0-9]+\.[0-9]+(?:[eE]-?[0-9]+)?$/;

/** The value of an INT literal, or null when the text is not one. */
export function parseIntLiteral(text: string): bigint | null {
  // Most literals are a few plain decimal digits: read them without the regex and the string
  // copies (up to 15 digits a double holds exactly); anything else takes the general path.
  const neg = text.charCodeAt(0) === 45;
  const from = neg ? 1 : 0;
  if (text.length > from && text.length - from <= 15) {
    let n = 0, i = from;
    for (; i < text.length; i++) {
      const d = text.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      n = n * 10 + d;
    }
    if (i === text.length) return BigInt(neg ? -n : n);
  }
  if (!INT_LIT.test(text)) return null;
  const v = BigInt(text.slice(neg ? 1 : 0).replace(/_/g, ""));
  return neg ? -v : v;
}

/** The value of a FLOAT literal (including nan, inf, -inf), or null when the text is not one. */
export function parseFloatLiteral(text: string): number | null {
  if (text === "nan") return NaN;
  if (text === "inf") return Infinity;
  if (text === "-inf") return -Infinity;
  return FLOAT_LIT.test(text) ? Number(text) : null;
}

function err(code: FzErrorCode, message: string, loc: TextLocation): FzError {
  return new FzError(code, message, loc);
}

/** Run a builder call; its errors are re-thrown at `loc` with their code and message. */
function at<T>(loc: TextLocation, f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw relocated(e, loc);
  }
}

/** A builder's error (at an `ir` location) moved to text location `loc`; any other exception unchanged. */
function relocated(e: unknown, loc: TextLocation): unknown {
  return e instanceof FzError && e.location?.kind !== "text" ? new FzError(e.code, e.message, loc) : e;
}

/** Where a value is defined: a parameter (block -1) or instruction `index` of `block`; `name` is where it is written. */
interface Def {
  readonly block: number;
  readonly index: number;
  readonly name: Name;
  id: ValueId | null;
}

type FuncItem = Extract<ItemSyntax, { kind: "func" }>;

class Resolver {
  private readonly mb: ModuleBuilder;
  /** Struct and enum names, to tell the two apart when resolving a type. */
  private readonly typeNames = new Map<string, "struct" | "enum">();

  constructor(private readonly tree: ModuleSyntax) {
    this.mb = new ModuleBuilder(tree.name.text);
  }

  module(): Module {
    const items = this.tree.items;
    const seen = new Map<string, Name>();
    for (const it of items) {
      const first = seen.get(it.name.text);
      if (first) throw err("duplicate", `${it.name.text} is defined twice (first at ${first.loc.line}:${first.loc.column})`, it.name.loc);
      if ((it.kind === "struct" || it.kind === "enum") && PRIMITIVES.has(it.name.text)) {
        throw err("duplicate", `${it.name.text} is a built-in type and cannot name a ${it.kind}`, it.name.loc);
      }
      seen.set(it.name.text, it.name);
      if (it.kind === "struct" || it.kind === "enum") this.typeNames.set(it.name.text, it.kind);
    }
    const ofKind = (kind: ItemSyntax["kind"]) => items.filter((it) => it.kind === kind);
    for (const it of ofKind("struct")) this.struct(it as Extract<ItemSyntax, { kind: "struct" }>);
    for (const it of ofKind("enum")) this.enum(it as Extract<ItemSyntax, { kind: "enum" }>);
    for (const it of ofKind("import")) {
      const imp = it as Extract<ItemSyntax, { kind: "import" }>;
      const params = imp.params.map((t) => this.type(t));
      const result = imp.result && this.type(imp.result);
      at(imp.name.loc, () => this.mb.import(imp.name.text, params, result, imp.cabi ? { abi: "c" } : {}));
    }
    for (const it of ofKind("global")) this.global(it as Extract<ItemSyntax, { kind: "global" }>);
    const funcs = ofKind("func") as FuncItem[];
    const builders = funcs.map((f) => this.declareFunction(f));
    funcs.forEach((f, i) => new BodyResolver(this, builders[i]!, f).build());
    return at(this.tree.name.loc, () => this.mb.finish());
  }

  /** A global's initializer is a literal of its type: an integer, float, true/false, a string, a function (@name) or a list of literals. */
  private global(g: Extract<ItemSyntax, { kind: "global" }>): void {
    const type = this.type(g.type);
    const i = g.init;
    const init = (i.kind === "string" ? { kind: "str", value: i.value } : i.kind === "func" ? { kind: "func", name: i.text }
      : i.kind === "list" ? { kind: "array", elems: i.items.map(literal) } : literal(i)) as GlobalInit;
    at(g.name.loc, () => this.mb.global(g.name.text, type, init, { mutable: g.mutable }));
  }

  private struct(s: Extract<ItemSyntax, { kind: "struct" }>): void {
    unique(s.fields.map((f) => f.name), (n) => `field ${n} of struct ${s.name.text}`);
    const fields = s.fields.map((f) => [f.name.text, this.type(f.type)] as const);
    at(s.name.loc, () => this.mb.struct(s.name.text, fields));
  }

  private enum(e: Extract<ItemSyntax, { kind: "enum" }>): void {
    unique(e.variants.map((v) => v.name), (n) => `variant ${n} of enum ${e.name.text}`);
    const variants = e.variants.map((v) => (v.payload ? ([v.name.text, this.type(v.payload)] as const) : v.name.text));
    at(e.name.loc, () => this.mb.enum(e.name.text, variants));
  }

  private declareFunction(f: FuncItem): FunctionBuilder {
    unique(f.params.map((p) => p.name), (n) => `parameter %${n} of function ${f.name.text}`);
    const params = f.params.map((p) => [p.name.text, this.type(p.type)] as const);
    const result = f.result && this.type(f.result);
    return at(f.name.loc, () => this.mb.function(f.name.text, params, result, { exported: f.exported }));
  }

  /** Resolve a written type; depth is bounded by the syntax parser. */
  type(t: TypeSyntax): Type {
    switch (t.kind) {
      case "name": {
        const p = PRIMITIVES.get(t.name);
        if (p) return p;
        const k = this.typeNames.get(t.name);
        if (!k) throw err("type", `unknown type ${t.name}`, t.loc);
        return { kind: k, name: t.name };
      }
      case "dynarray": return { kind: "dynarray", elem: this.type(t.elem) };
      case "fn": return { kind: "fn", params: t.params.map((p) => this.type(p)), result: t.result && this.type(t.result) };
      case "map": return { kind: "map", key: this.type(t.key), value: this.type(t.value) };
      case "array": {
        const n = parseIntLiteral(t.len.text);
        if (n === null) throw err("parse", `malformed array length ${t.len.text}`, t.len.loc);
        if (n < 0n || n > 0x7fffffffn) throw err("type", `array length ${n} out of range (0 to 2147483647)`, t.len.loc);
        return { kind: "array", elem: this.type(t.elem), len: Number(n) };
      }
    }
  }

  /** Lookups over the module's declarations. */
  index(): ModuleIndex {
    return this.mb.index();
  }
}

/** Throw a `duplicate` error at the second of two equal names. */
function unique(names: readonly Name[], what: (n: string) => string): void {
  const seen = new Map<string, Name>();
  for (const n of names) {
    const first = seen.get(n.text);
    if (first) throw err("duplicate", `${what(n.text)} is defined twice (first at ${first.loc.line}:${first.loc.column})`, n.loc);
    seen.set(n.text, n);
  }
}

/** Resolves one function body into its FunctionBuilder. */
class BodyResolver {
  private readonly blocks = new Map<string, BlockId>();
  private readonly vars = new Map<string, VarId>();
  private readonly defs = new Map<string, Def>();
  /** Names given to results the text leaves unnamed. */
  private fresh = 0;
  private dom!: DominatorTree<BlockId>;

  constructor(private readonly r: Resolver, private readonly fb: FunctionBuilder, private readonly f: FuncItem) {}

  build(): void {
    const { f, fb } = this;
    unique(f.vars.map((v) => v.name), (n) => `variable $${n} of function ${f.name.text}`);
    for (const v of f.vars) {
      const type = this.r.type(v.type);
      this.vars.set(v.name.text, at(v.name.loc, () => fb.var(v.name.text, type)));
    }
    unique(f.blocks.map((b) => b.label), (n) => `block ${n} of function ${f.name.text}`);
    for (const b of f.blocks) this.blocks.set(b.label.text, fb.block(b.label.text));
    this.collectDefs();
    this.dom = computeDominatorsOfGraph(f.blocks.map((b) => targets(b.term).map((t) => this.block(t))));
    f.blocks.forEach((b, i) => {
      if (!this.dom.isReachable(i as BlockId)) throw err("cfg", `block ${b.label.text} is unreachable from the entry`, b.label.loc);
    });
    for (const b of this.dom.rpo) this.emitBlock(b);
  }

  /** Every value name and where it is defined; duplicates are reported in text order. */
  private collectDefs(): void {
    const add = (def: Def) => {
      const first = this.defs.get(def.name.text)?.name;
      if (first) throw err("duplicate", `value %${def.name.text} is defined twice in function ${this.f.name.text} (first at ${first.loc.line}:${first.loc.column})`, def.name.loc);
      this.defs.set(def.name.text, def);
    };
    this.f.params.forEach((p, i) => add({ block: -1, index: i, name: p.name, id: this.fb.param(i) }));
    const blocks = this.f.blocks;
    for (let bi = 0; bi < blocks.length; bi++) {
      const insts = blocks[bi]!.insts;
      for (let ii = 0; ii < insts.length; ii++) {
        const dst = insts[ii]!.dst;
        if (dst) add({ block: bi, index: ii, name: dst, id: null });
      }
    }
  }

  private block(n: Name): BlockId {
    const b = this.blocks.get(n.text);
    if (b === undefined) throw err("cfg", `unknown block ${n.text} in function ${this.f.name.text}`, n.loc);
    return b;
  }

  /** The id of a value used at instruction `index` of `block` (the terminator's index is insts.length). */
  private use(n: Name, block: number, index: number): ValueId {
    const d = this.defs.get(n.text);
    if (!d) throw err("undefined", `use of undefined value %${n.text}`, n.loc);
    const ok = d.block === -1 || (d.block === block ? d.index < index : this.dom.strictlyDominates(d.block as BlockId, block as BlockId));
    if (!ok || d.id === null) throw err("undefined", `%${n.text} is not defined on every path to this use`, n.loc);
    return d.id;
  }

  private emitBlock(bi: BlockId): void {
    const b: BlockSyntax = this.f.blocks[bi]!;
    this.fb.at(bi);
    for (let ii = 0; ii < b.insts.length; ii++) {
      const inst = b.insts[ii]!;
      let dst: ValueId | null;
      try {
        dst = this.emit(inst, bi, ii);
      } catch (e) {
        throw relocated(e, inst.loc);
      }
      if (inst.dst) this.defs.get(inst.dst.text)!.id = dst;
    }
    const term = this.term(b.term, bi, b.insts.length);
    this.fb.setLoc(b.term.srcLoc);
    at(b.term.loc, () => {
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
      case "br": return { op: "br", cond: this.use(t.cond, bi, index), then: this.block(t.then), else: this.block(t.else) };
      case "ret": return { op: "ret", value: t.value && this.use(t.value, bi, index) };
      case "unreachable": return { op: "unreachable" };
      case "switch": {
        const value = this.use(t.value, bi, index);
        const type = this.fb.typeOf(value);
        // Same message as the builder's check, which would only come after the cases.
        if (type.kind !== "int" && type.kind !== "enum") throw err("type", `switch needs an integer or enum, got ${typeToString(type)}`, t.loc);
        const cases = t.cases.map((c): SwitchCase => {
          if (type.kind === "enum") {
            if (c.key.kind !== "word") throw err("type", `switch on enum ${type.name} needs variant names as cases, got ${c.key.text}`, c.key.loc);
            const v = this.r.index().enums.get(type.name)?.variants.findIndex((x) => x.name === c.key.text) ?? -1;
            if (v < 0) throw err("type", `enum ${type.name} has no variant ${c.key.text}`, c.key.loc);
            return { value: BigInt(v), target: this.block(c.target) };
          }
          const k = c.key.kind === "number" ? parseIntLiteral(c.key.text) : null;
          if (k === null) throw err("type", `switch on ${typeToString(type)} needs integer cases, got ${c.key.text}`, c.key.loc);
          return { value: k, target: this.block(c.target) };
        });
        return { op: "switch", value, cases, default: t.default && this.block(t.default) };
      }
    }
  }

  /** Build one instruction; returns its result value. */
  private emit(inst: InstSyntax, bi: number, ii: number): ValueId | null {
    const { op, operands: ops } = inst;
    const fmt = OPCODES[op].format;
    const count = (min: number, max = min) => {
      if (ops.length < min || ops.length > max) {
        const want = max === min ? `${min}` : max === Infinity ? `at least ${min}` : `${min} or ${max}`;
        throw err("parse", `${op} takes ${want} operand(s), got ${ops.length}`, inst.loc);
      }
    };
    const values = (from: number) => (from === 0 ? ops : ops.slice(from)).map((o, i) => this.value(o, from + i, inst, bi, ii));
    if (fmt !== "const" && fmt !== "convert" && fmt !== "cmp" && inst.suffix) {
      throw err("parse", `${op} takes no suffix (found .${inst.suffix.text})`, inst.suffix.loc);
    }
    let type: Type | null = null;
    let imm: Imm = { kind: "none" };
    let noResult = false;
    let args: ValueId[] = [];
    switch (fmt) {
      case "const": type = this.suffixType(inst); count(1); imm = literal(ops[0]!); break;
      case "strlit":
        count(1);
        if (ops[0]!.kind !== "string") throw operandError(inst, 0, "a string literal");
        imm = { kind: "str", value: ops[0]!.value };
        break;
      case "unary": count(1); args = values(0); break;
      case "binary": count(2); args = values(0); break;
      case "ternary": count(3); args = values(0); break;
      case "cmp": {
        const ccs: readonly string[] = op === "icmp" ? INT_CCS : FLOAT_CCS;
        if (!inst.suffix) throw err("parse", `${op} needs a condition code suffix (${op}.${ccs[0]}: one of ${ccs.join(" ")})`, inst.loc);
        if (!ccs.includes(inst.suffix.text)) throw err("parse", `unknown condition code ${op}.${inst.suffix.text} (expected one of ${ccs.join(" ")})`, inst.suffix.loc);
        count(2);
        imm = { kind: "cc", cc: inst.suffix.text };
        args = values(0);
        break;
      }
      case "convert": type = this.suffixType(inst); count(1); args = values(0); break;
      case "getvar": count(1); imm = this.variable(ops[0]!, inst); break;
      case "setvar": count(2); imm = this.variable(ops[0]!, inst); args = values(1); break;
      case "call":
        count(1, Infinity);
        if (ops[0]!.kind !== "func") throw operandError(inst, 0, "a callee (@name)");
        imm = { kind: "func", name: ops[0]!.text };
        args = values(1);
        break;
      case "funcref":
        count(1);
        if (ops[0]!.kind !== "func") throw operandError(inst, 0, "a function (@name)");
        imm = { kind: "func", name: ops[0]!.text };
        break;
      case "callind": {
        count(1, Infinity);
        args = values(0);
        const ft = this.fb.typeOf(args[0]!);
        if (ft.kind === "fn" && ft.result === null) noResult = true;
        break;
      }
      case "globalget": case "globalset":
        count(fmt === "globalget" ? 1 : 2);
        if (ops[0]!.kind !== "func") throw operandError(inst, 0, "a global (@name)");
        imm = { kind: "global", name: ops[0]!.text };
        args = values(1);
        break;
      case "arraylit": case "arraynew": {
        count(1, fmt === "arraynew" ? 2 : Infinity);
        const t = ops[0]!;
        if (t.kind !== "type" && t.kind !== "word") throw operandError(inst, 0, "an array type");
        type = this.r.type(t.kind === "type" ? t.type : { kind: "name", name: t.text, loc: t.loc });
        args = values(1);
        break;
      }
      case "mapnew": {
        count(1);
        const t = ops[0]!;
        if (t.kind !== "type") throw operandError(inst, 0, "a map type {K: V}");
        type = this.r.type(t.type);
        break;
      }
      case "structnew": count(1, Infinity); imm = { kind: "struct", name: ident(ops[0]!, inst, 0, "a struct name") }; args = values(1); break;
      case "field": case "fieldset":
        count(fmt === "field" ? 2 : 3);
        imm = { kind: "field", name: ident(ops[1]!, inst, 1, "a field name") };
        args = [this.value(ops[0]!, 0, inst, bi, ii), ...values(2)];
        break;
      case "enumnew": {
        count(1, 2);
        const v = ops[0]!;
        const parts = v.kind === "word" ? v.text.split(".") : [];
        if (parts.length !== 2) throw operandError(inst, 0, "a variant (Enum.Variant)");
        imm = { kind: "variant", enumName: parts[0]!, variant: parts[1]! };
        args = values(1);
        break;
      }
      case "payload": {
        count(2);
        args = [this.value(ops[0]!, 0, inst, bi, ii)];
        const t = this.fb.typeOf(args[0]!);
        imm = { kind: "variant", enumName: t.kind === "enum" ? t.name : "", variant: ident(ops[1]!, inst, 1, "a variant name") };
        break;
      }
    }
    return this.fb.emit(op, args, { type: type ?? undefined, imm, name: inst.dst?.text ?? (noResult ? undefined : this.freshName(inst, imm)), loc: inst.srcLoc });
  }

  /** A name for a result the text leaves unnamed, distinct from every name in the function. */
  private freshName(inst: InstSyntax, imm: Imm): string | undefined {
    if (!OPCODES[inst.op].hasResult) return undefined;
    if (imm.kind === "func" && this.r.index().callee(imm.name)?.result === null) return undefined;
    let name: string;
    do name = `t${this.fresh++}`; while (this.defs.has(name));
    return name;
  }

  private value(o: Operand, i: number, inst: InstSyntax, bi: number, ii: number): ValueId {
    if (o.kind !== "value") throw operandError(inst, i, "a value (%name)");
    return this.use(o, bi, ii);
  }

  private variable(o: Operand, inst: InstSyntax): Imm {
    if (o.kind !== "var") throw operandError(inst, 0, "a variable ($name)");
    const v = this.vars.get(o.text);
    if (v === undefined) throw err("undefined", `unknown variable $${o.text} in function ${this.f.name.text}`, o.loc);
    return { kind: "var", var: v };
  }

  private suffixType(inst: InstSyntax): Type {
    const s = inst.suffix;
    if (!s) throw err("parse", `${inst.op} needs a type suffix (${inst.op}.i32)`, inst.loc);
    return this.r.type({ kind: "name", name: s.text, loc: s.loc });
  }
}

/** Block labels a terminator names, in order. */
function targets(t: TermSyntax): Name[] {
  switch (t.op) {
    case "jump": return [t.target];
    case "br": return [t.then, t.else];
    case "switch": return [...t.cases.map((c) => c.target), ...(t.default ? [t.default] : [])];
    case "ret": case "unreachable": return [];
  }
}

function operandError(inst: InstSyntax, i: number, want: string): FzError {
  const o = inst.operands[i]!;
  const shown = o.kind === "type" ? "a type" : o.kind === "string" ? "a string" : o.kind === "value" ? `%${o.text}` : o.kind === "var" ? `$${o.text}` : o.kind === "func" ? `@${o.text}` : o.text;
  return err("parse", `operand ${i + 1} of ${inst.op} must be ${want}, found ${shown}`, o.loc);
}

function ident(o: Operand, inst: InstSyntax, i: number, want: string): string {
  if (o.kind !== "word" || o.text.includes(".")) throw operandError(inst, i, want);
  return o.text;
}

/** The immediate of a const: an INT, a FLOAT (nan, inf, -inf included) or true/false. */
function literal(o: Operand): Imm {
  if (o.kind === "word" && (o.text === "true" || o.text === "false")) return { kind: "bool", value: o.text === "true" };
  if (o.kind === "number" || o.kind === "word") {
    const i = parseIntLiteral(o.text);
    if (i !== null) return { kind: "int", value: i };
    const f = parseFloatLiteral(o.text);
    if (f !== null) return { kind: "f64", value: f };
    if (o.kind === "number") throw err("parse", `malformed number ${o.text}`, o.loc);
  }
  throw err("parse", "const needs a literal (an integer, a float or true/false)", o.loc);
}
