/**
 * The builder API for toolchains that construct modules in code (the parser
 * uses it too). Every instruction is typed as it is added, by the one typing
 * rule in typing.ts; an ill-typed instruction throws an FzError naming the
 * function, block and instruction.
 *
 *   const mb = new ModuleBuilder("m");
 *   const f = mb.function("kernel", [["n", I32]], I32, { exported: true });
 *   const entry = f.block("entry"); f.at(entry);
 *   f.ret(f.add(f.param(0), f.iconst(I32, 1)));
 *   const module = mb.finish();
 */
import { FzError } from "./errors.js";
import {
  type Block, type BlockId, type EnumDef, type Func, type Imm, type ImportDef, type Inst, type Module,
  ModuleIndex, type StructDef, type SwitchCase, type Term, type ValueId, type ValueInfo, type VarId, type VarInfo,
} from "./module.js";
import { type Opcode, OPCODES } from "./opcodes.js";
import { type Type, typeToString } from "./types.js";
import { instType, typeWellFormed } from "./typing.js";

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const LOCAL = /^[A-Za-z0-9_]+$/;

/** Names must have a text form (SPEC.md: IDENT for items, fields and variants; LABEL-like for locals). */
function checkName(kind: string, name: string, re: RegExp): void {
  if (!re.test(name)) throw new FzError("parse", `${kind} name '${name}' is not valid in the text format (${re === IDENT ? "[A-Za-z_][A-Za-z0-9_]*" : "[A-Za-z0-9_]+"})`);
}

export interface FunctionOptions {
  readonly exported?: boolean;
}

interface OpenBlock {
  name: string;
  insts: Inst[];
  term: Term | null;
}

export class ModuleBuilder {
  private readonly structs: StructDef[] = [];
  private readonly enums: EnumDef[] = [];
  private readonly imports: ImportDef[] = [];
  private readonly functions: FunctionBuilder[] = [];
  private readonly names = new Set<string>();
  private indexCache: ModuleIndex | null = null;

  constructor(readonly name: string) {}

  private claim(kind: string, name: string): void {
    checkName(kind, name, IDENT);
    if (this.names.has(name)) throw new FzError("duplicate", `${kind} ${name} is defined twice`);
    this.names.add(name);
    this.indexCache = null;
  }

  struct(name: string, fields: readonly (readonly [string, Type])[]): Type {
    this.claim("struct", name);
    const seen = new Set<string>();
    for (const [f] of fields) {
      checkName("field", f, IDENT);
      if (seen.has(f)) throw new FzError("duplicate", `field ${f} of struct ${name} is defined twice`);
      seen.add(f);
    }
    this.structs.push({ name, fields: fields.map(([n, type]) => ({ name: n, type })) });
    return { kind: "struct", name };
  }

  enum(name: string, variants: readonly (string | readonly [string, Type])[]): Type {
    this.claim("enum", name);
    const vs = variants.map((v) => (typeof v === "string" ? { name: v, payload: null } : { name: v[0], payload: v[1] }));
    if (vs.length === 0) throw new FzError("type", `enum ${name} has no variants`);
    const seen = new Set<string>();
    for (const v of vs) {
      checkName("variant", v.name, IDENT);
      if (seen.has(v.name)) throw new FzError("duplicate", `variant ${v.name} of enum ${name} is defined twice`);
      seen.add(v.name);
    }
    this.enums.push({ name, variants: vs });
    return { kind: "enum", name };
  }

  import(name: string, params: readonly Type[], result: Type | null): void {
    this.claim("import", name);
    this.imports.push({ name, params, result });
  }

  /** Declare a function (its signature is callable at once) and return its body builder. */
  function(name: string, params: readonly (readonly [string, Type])[], result: Type | null, options: FunctionOptions = {}): FunctionBuilder {
    this.claim("function", name);
    const fb = new FunctionBuilder(this, name, params, result, options.exported ?? false);
    this.functions.push(fb);
    return fb;
  }

  /** Lookups over what is declared so far. */
  index(): ModuleIndex {
    if (!this.indexCache) {
      this.indexCache = new ModuleIndex({
        name: this.name, structs: this.structs, enums: this.enums, imports: this.imports,
        functions: this.functions.map((f) => f.header()),
      });
    }
    return this.indexCache;
  }

  /** Check that every named type used in declarations exists. */
  private checkTypes(): void {
    const ix = this.index();
    const check = (t: Type, where: string) => {
      const err = typeWellFormed(ix, t);
      if (err) throw new FzError("type", `${err} in ${where}`);
    };
    for (const s of this.structs) for (const f of s.fields) check(f.type, `struct ${s.name}`);
    for (const e of this.enums) for (const v of e.variants) if (v.payload) check(v.payload, `enum ${e.name}`);
    for (const i of this.imports) for (const t of [...i.params, ...(i.result ? [i.result] : [])]) check(t, `import ${i.name}`);
    for (const f of this.functions) {
      const h = f.header();
      for (const p of h.params) check(p.type, `function ${h.name}`);
      if (h.result) check(h.result, `function ${h.name}`);
    }
  }

  finish(): Module {
    this.checkTypes();
    return {
      name: this.name,
      structs: this.structs,
      enums: this.enums,
      imports: this.imports,
      functions: this.functions.map((f) => f.finish()),
    };
  }
}

export class FunctionBuilder {
  private readonly values: ValueInfo[] = [];
  private readonly valueNames = new Set<string>();
  private readonly vars: VarInfo[] = [];
  private readonly blocks: OpenBlock[] = [];
  // Name sets keep duplicate checks O(1), so building n blocks is linear, not quadratic.
  private readonly varNames = new Set<string>();
  private readonly blockNames = new Set<string>();
  private current: BlockId | null = null;
  private autoName = 0;

  constructor(
    private readonly mb: ModuleBuilder,
    readonly name: string,
    private readonly params: readonly (readonly [string, Type])[],
    private readonly result: Type | null,
    private readonly exported: boolean,
  ) {
    for (const [n, t] of params) this.newValue(t, n);
  }

  /** The signature, without a body (for the module index). */
  header(): Func {
    return {
      name: this.name, params: this.params.map(([n, type]) => ({ name: n, type })), result: this.result,
      exported: this.exported, values: [], vars: [], blocks: [],
    };
  }

  param(i: number): ValueId {
    if (i < 0 || i >= this.params.length) throw new FzError("undefined", `function ${this.name} has no parameter ${i}`);
    return i as ValueId;
  }

  typeOf(v: ValueId): Type {
    const info = this.values[v];
    if (!info) throw new FzError("undefined", `function ${this.name} has no value ${v}`);
    return info.type;
  }

  private newValue(type: Type, name?: string): ValueId {
    if (name === undefined) {
      do name = `t${this.autoName++}`; while (this.valueNames.has(name));
    } else if (!LOCAL.test(name)) {
      checkName("value", name, LOCAL);
    } else if (this.valueNames.has(name)) {
      throw new FzError("duplicate", `value %${name} is defined twice in function ${this.name}`);
    }
    this.valueNames.add(name);
    this.values.push({ name, type });
    return (this.values.length - 1) as ValueId;
  }

  /** Declare a mutable local variable. */
  var(name: string, type: Type): VarId {
    checkName("variable", name, LOCAL);
    if (this.varNames.has(name)) throw new FzError("duplicate", `variable $${name} is declared twice in function ${this.name}`);
    const err = typeWellFormed(this.mb.index(), type);
    if (err) throw new FzError("type", `${err} in variable $${name} of function ${this.name}`);
    this.varNames.add(name);
    this.vars.push({ name, type });
    return (this.vars.length - 1) as VarId;
  }

  /** Create a block; the first one created is the entry. */
  block(name: string): BlockId {
    checkName("block", name, LOCAL);
    if (this.blockNames.has(name)) throw new FzError("duplicate", `block ${name} is defined twice in function ${this.name}`);
    this.blockNames.add(name);
    this.blocks.push({ name, insts: [], term: null });
    return (this.blocks.length - 1) as BlockId;
  }

  /** Append following instructions to `b`. */
  at(b: BlockId): this {
    if (!this.blocks[b]) throw new FzError("undefined", `function ${this.name} has no block ${b}`);
    this.current = b;
    return this;
  }

  private open(): OpenBlock {
    if (this.current === null) throw new FzError("cfg", `function ${this.name}: no current block (call at(block) first)`);
    const b = this.blocks[this.current]!;
    if (b.term) throw new FzError("cfg", `function ${this.name}, block ${b.name}: instruction after the terminator`);
    return b;
  }

  /**
   * Add any instruction. `type` is the type parameter (const/convert suffix,
   * array type of array.lit/new); `name` names the result value.
   */
  emit(op: Opcode, args: readonly ValueId[] = [], opts: { type?: Type; imm?: Imm; name?: string } = {}): ValueId | null {
    const b = this.open();
    const type = opts.type ?? null;
    const imm = opts.imm ?? { kind: "none" };
    if (type) {
      const err = typeWellFormed(this.mb.index(), type);
      if (err) throw new FzError("type", err, { kind: "ir", func: this.name, block: b.name, inst: b.insts.length });
    }
    const typed = instType(this.mb.index(), this.vars, op, args.map((a) => this.typeOf(a)), type, imm);
    if (!typed.ok) throw new FzError("type", typed.reason, { kind: "ir", func: this.name, block: b.name, inst: b.insts.length, text: op });
    let dst: ValueId | null = null;
    if (OPCODES[op].hasResult && typed.type) dst = this.newValue(typed.type, opts.name);
    else if (opts.name !== undefined) throw new FzError("type", `${op} gives no value to name %${opts.name}`, { kind: "ir", func: this.name, block: b.name, inst: b.insts.length, text: op });
    b.insts.push({ op, dst, args, type, imm });
    return dst;
  }

  /** Like emit, for instructions that always produce a value. */
  private val(op: Opcode, args: readonly ValueId[], opts: { type?: Type; imm?: Imm; name?: string } = {}): ValueId {
    return this.emit(op, args, opts)!;
  }

  iconst(type: Type, value: bigint | number, name?: string): ValueId { return this.val("const", [], { type, imm: { kind: "int", value: BigInt(value) }, name }); }
  bconst(value: boolean, name?: string): ValueId { return this.val("const", [], { type: { kind: "bool" }, imm: { kind: "bool", value }, name }); }
  fconst(value: number, name?: string): ValueId { return this.val("const", [], { type: { kind: "f64" }, imm: { kind: "f64", value }, name }); }
  str(value: string, name?: string): ValueId {
    if (/\p{Surrogate}/u.test(value)) throw new FzError("parse", "string literal is not valid Unicode (lone surrogate)");
    return this.val("str.lit", [], { imm: { kind: "str", value }, name }); }
  opaque(a: ValueId): ValueId { return this.val("opaque", [a]); }

  add(a: ValueId, b: ValueId): ValueId { return this.val("add", [a, b]); }
  sub(a: ValueId, b: ValueId): ValueId { return this.val("sub", [a, b]); }
  mul(a: ValueId, b: ValueId): ValueId { return this.val("mul", [a, b]); }
  sdiv(a: ValueId, b: ValueId): ValueId { return this.val("sdiv", [a, b]); }
  srem(a: ValueId, b: ValueId): ValueId { return this.val("srem", [a, b]); }
  udiv(a: ValueId, b: ValueId): ValueId { return this.val("udiv", [a, b]); }
  urem(a: ValueId, b: ValueId): ValueId { return this.val("urem", [a, b]); }
  and(a: ValueId, b: ValueId): ValueId { return this.val("and", [a, b]); }
  or(a: ValueId, b: ValueId): ValueId { return this.val("or", [a, b]); }
  xor(a: ValueId, b: ValueId): ValueId { return this.val("xor", [a, b]); }
  shl(a: ValueId, b: ValueId): ValueId { return this.val("shl", [a, b]); }
  lshr(a: ValueId, b: ValueId): ValueId { return this.val("lshr", [a, b]); }
  ashr(a: ValueId, b: ValueId): ValueId { return this.val("ashr", [a, b]); }
  not(a: ValueId): ValueId { return this.val("not", [a]); }
  neg(a: ValueId): ValueId { return this.val("neg", [a]); }
  fadd(a: ValueId, b: ValueId): ValueId { return this.val("fadd", [a, b]); }
  fsub(a: ValueId, b: ValueId): ValueId { return this.val("fsub", [a, b]); }
  fmul(a: ValueId, b: ValueId): ValueId { return this.val("fmul", [a, b]); }
  fdiv(a: ValueId, b: ValueId): ValueId { return this.val("fdiv", [a, b]); }
  icmp(cc: string, a: ValueId, b: ValueId): ValueId { return this.val("icmp", [a, b], { imm: { kind: "cc", cc } }); }
  fcmp(cc: string, a: ValueId, b: ValueId): ValueId { return this.val("fcmp", [a, b], { imm: { kind: "cc", cc } }); }
  select(c: ValueId, a: ValueId, b: ValueId): ValueId { return this.val("select", [c, a, b]); }
  convert(op: "sext" | "zext" | "trunc" | "sitofp" | "fptosi", a: ValueId, to: Type): ValueId { return this.val(op, [a], { type: to }); }

  get(v: VarId, name?: string): ValueId { return this.val("get", [], { imm: { kind: "var", var: v }, name }); }
  set(v: VarId, a: ValueId): void { this.emit("set", [a], { imm: { kind: "var", var: v } }); }
  /** Call a function or import; null when the callee has no result. */
  call(callee: string, args: readonly ValueId[]): ValueId | null { return this.emit("call", args, { imm: { kind: "func", name: callee } }); }

  arrayLit(type: Type, elems: readonly ValueId[]): ValueId { return this.val("array.lit", elems, { type }); }
  arrayNew(type: Type, fill?: ValueId): ValueId { return this.val("array.new", fill === undefined ? [] : [fill], { type }); }
  arrayGet(a: ValueId, i: ValueId): ValueId { return this.val("array.get", [a, i]); }
  arraySet(a: ValueId, i: ValueId, v: ValueId): void { this.emit("array.set", [a, i, v]); }
  arrayLen(a: ValueId): ValueId { return this.val("array.len", [a]); }
  arrayPush(a: ValueId, v: ValueId): void { this.emit("array.push", [a, v]); }

  structNew(name: string, fields: readonly ValueId[]): ValueId { return this.val("struct.new", fields, { imm: { kind: "struct", name } }); }
  structGet(s: ValueId, field: string): ValueId { return this.val("struct.get", [s], { imm: { kind: "field", name: field } }); }
  structSet(s: ValueId, field: string, v: ValueId): void { this.emit("struct.set", [s, v], { imm: { kind: "field", name: field } }); }

  enumNew(enumName: string, variant: string, payload?: ValueId): ValueId {
    return this.val("enum.new", payload === undefined ? [] : [payload], { imm: { kind: "variant", enumName, variant } });
  }
  enumTag(e: ValueId): ValueId { return this.val("enum.tag", [e]); }
  enumPayload(e: ValueId, variant: string): ValueId {
    const t = this.typeOf(e);
    return this.val("enum.payload", [e], { imm: { kind: "variant", enumName: t.kind === "enum" ? t.name : "", variant } });
  }

  strLen(a: ValueId): ValueId { return this.val("str.len", [a]); }
  strEq(a: ValueId, b: ValueId): ValueId { return this.val("str.eq", [a, b]); }
  strTrim(a: ValueId): ValueId { return this.val("str.trim", [a]); }
  strReplace(a: ValueId, from: ValueId, to: ValueId): ValueId { return this.val("str.replace", [a, from, to]); }
  strContains(a: ValueId, b: ValueId): ValueId { return this.val("str.contains", [a, b]); }
  strStartsWith(a: ValueId, b: ValueId): ValueId { return this.val("str.starts_with", [a, b]); }
  strEndsWith(a: ValueId, b: ValueId): ValueId { return this.val("str.ends_with", [a, b]); }
  strConcat(a: ValueId, b: ValueId): ValueId { return this.val("str.concat", [a, b]); }

  private terminate(term: Term): void {
    const b = this.open();
    b.term = term;
  }

  jump(target: BlockId): void { this.terminate({ op: "jump", target }); }
  br(cond: ValueId, then: BlockId, els: BlockId): void {
    const t = this.typeOf(cond);
    if (t.kind !== "bool") this.termTypeError(`br condition must be bool, got ${typeToString(t)}`);
    this.terminate({ op: "br", cond, then, else: els });
  }
  /** Dispatch on an integer, or on an enum value's variant index. */
  switch(value: ValueId, cases: readonly SwitchCase[], dflt: BlockId | null): void {
    const t = this.typeOf(value);
    if (t.kind !== "int" && t.kind !== "enum") this.termTypeError(`switch needs an integer or enum, got ${typeToString(t)}`);
    this.terminate({ op: "switch", value, cases, default: dflt });
  }
  ret(value: ValueId | null = null): void {
    const want = this.result;
    const got = value === null ? null : this.typeOf(value);
    if ((want === null) !== (got === null) || (want && got && typeToString(want) !== typeToString(got))) {
      this.termTypeError(`ret of ${got ? typeToString(got) : "nothing"} in a function returning ${want ? typeToString(want) : "nothing"}`);
    }
    this.terminate({ op: "ret", value });
  }
  unreachable(): void { this.terminate({ op: "unreachable" }); }

  private termTypeError(msg: string): never {
    const b = this.open();
    throw new FzError("type", msg, { kind: "ir", func: this.name, block: b.name, inst: b.insts.length, text: "terminator" });
  }

  finish(): Func {
    if (this.blocks.length === 0) throw new FzError("cfg", `function ${this.name} has no blocks`);
    const blocks: Block[] = this.blocks.map((b) => {
      if (!b.term) throw new FzError("cfg", `block ${b.name} has no terminator`, { kind: "ir", func: this.name, block: b.name });
      return { name: b.name, insts: b.insts, term: b.term };
    });
    return {
      name: this.name, params: this.params.map(([n, type]) => ({ name: n, type })), result: this.result,
      exported: this.exported, values: this.values, vars: this.vars, blocks,
    };
  }
}
