/**
 * FunctionBuilder: the body of one function, built instruction by
 * instruction. Every instruction is typed as it is added, by the one typing
 * rule in typing.ts; an ill-typed instruction throws an FzError naming the
 * function, block and instruction.
 *
 * Invariants: values are owned by the builder that made them (the handles of
 * value-handles.ts; a value of another function or a bare number is refused
 * at the call, naming both functions); instructions are stored with the
 * function's dense value indices, so `finish()` returns a Func that needs no
 * renumbering; once finished, the builder refuses every further change.
 */
import { FzError, type IrLocation } from "./errors.js";
import type { Block, BlockId, Func, Imm, Inst, ModuleIndex, SourceLoc, SwitchCase, Term, ValueId, ValueInfo, VarId, VarInfo } from "./module.js";
import type { CheckedOp, FloatBinaryOp, FloatUnaryOp, IntBinaryOp, IntUnaryOp, OverflowOp } from "./numbers.js";
import { type FLOAT_CCS, type INT_CCS, type Opcode, OPCODES } from "./opcodes.js";
import { makeFunc } from "./records.js";
import { arrayType, type Type, typeToString } from "./types.js";
import { brConditionError, instResult, retError, switchValueError, typeWellFormed } from "./typing.js";
import { newOwner, ownerOf, type ValueOwner } from "./value-handles.js";

/** Condition codes of `icmp`: equality, signed and unsigned order. */
export type IntCC = (typeof INT_CCS)[number];
/** Condition codes of `fcmp` (ordered comparisons; `ne` is true for NaN). */
export type FloatCC = (typeof FLOAT_CCS)[number];
/** The conversions `convert` performs. */
export type ConvertOp = "sext" | "zext" | "trunc" | "sitofp" | "fptosi" | "uitofp" | "fptoui" | "fpext" | "fptrunc";

/** What a call can name: a function (its FunctionBuilder) or an import (what `ModuleBuilder.import` returns). */
export interface Callee<R extends Type | null = Type | null> {
  readonly name: string;
  readonly result: R;
}

/** What `call` gives back: nothing for a callee without a result, else its value. */
export type CallResult<R extends Type | null> = R extends null ? void : ValueId;

/** A switch case: an integer key, or (on an enum) a variant by name. */
export type CaseSpec =
  | { readonly value: bigint | number; readonly target: BlockId }
  | { readonly variant: string; readonly target: BlockId };

/** What a FunctionBuilder needs from its module: the declarations so far. */
export interface ModuleScope {
  readonly name: string;
  /** Lookups over the declarations so far. */
  index(): ModuleIndex;
}

const LOCAL = /^[A-Za-z0-9_]+$/;

interface OpenBlock {
  name: string;
  insts: Inst[];
  term: Term | null;
}

/** The body of one function: blocks, variables and typed instructions; made by `ModuleBuilder.function`. */
export class FunctionBuilder<R extends Type | null = Type | null> implements Callee<R> {
  private readonly values: ValueInfo[] = [];
  private readonly valueNames = new Set<string>();
  private readonly vars: VarInfo[] = [];
  private readonly blocks: OpenBlock[] = [];
  // Name sets keep duplicate checks O(1), so building n blocks is linear, not quadratic.
  private readonly varNames = new Set<string>();
  private readonly blockNames = new Set<string>();
  private current: BlockId | null = null;
  private autoName = 0;
  /** Source location given to the instructions and terminators added from now on (`setLoc`). */
  private srcLoc: SourceLoc | undefined;
  private readonly owner: ValueOwner;
  private readonly base: number;

  /** Made by `ModuleBuilder.function`; not meant to be called directly. */
  constructor(
    private readonly mb: ModuleScope,
    readonly name: string,
    private readonly params: readonly (readonly [string, Type])[],
    readonly result: R,
    private readonly exported: boolean,
  ) {
    ({ owner: this.owner, base: this.base } = newOwner(name, mb.name));
    for (const [n, t] of params) this.newValue(t, n);
  }

  /** The signature, without a body (for the module index). */
  header(): Func {
    return makeFunc(this.name, this.params.map(([n, type]) => ({ name: n, type })), this.result, this.exported, [], [], []);
  }

  /** The value of parameter `i` (0-based). */
  param(i: number): ValueId {
    if (!Number.isInteger(i) || i < 0 || i >= this.params.length) throw new FzError("undefined", `function ${this.name} has no parameter ${i}`);
    return (this.base + i) as ValueId;
  }

  /** The type of a value of this function. */
  typeOf(v: ValueId): Type {
    return this.values[this.local(v)]!.type;
  }

  /**
   * The index of handle `v` in this function; refuses a value of another
   * builder, naming both functions. The difference of two handles (numbers
   * of 2^32 and more) is a heap number to the engine even when it is small:
   * `| 0` makes it a small integer before it goes into an instruction. One
   * heap number stored in a field of an instruction makes that field a
   * double field for every object of its shape in the process, parsed ones
   * too, and the printers' value look-ups then deoptimized hundreds of times.
   */
  private local(v: ValueId): ValueId {
    const i = v - this.base;
    if (this.values[i] !== undefined) return (i | 0) as ValueId;
    const o = ownerOf(v);
    if (!o || o === this.owner) throw new FzError("undefined", `function ${this.name} has no value ${String(v)} (values come from this function's builder)`, this.where());
    const whose = o.module === this.mb.name ? `function ${o.func}` : `function ${o.func} of module ${o.module}`;
    throw new FzError("undefined", `a value of ${whose}${o.finished ? " (already finished)" : ""} is used in function ${this.name}: a value belongs to the function that made it`, this.where());
  }

  /** Where the next instruction goes, for errors. */
  private where(): IrLocation {
    const b = this.current === null ? undefined : this.blocks[this.current];
    return b ? { kind: "ir", func: this.name, block: b.name, inst: b.insts.length } : { kind: "ir", func: this.name };
  }

  private live(): void {
    if (this.owner.finished) throw new FzError("cfg", `function ${this.name} is finished (its module was built): a finished builder cannot change`);
  }

  private newValue(type: Type, name?: string): number {
    if (name === undefined) {
      do name = `t${this.autoName++}`; while (this.valueNames.has(name));
    } else if (!LOCAL.test(name)) {
      throw new FzError("parse", `value name '${name}' is not valid in the text format ([A-Za-z0-9_]+)`);
    } else if (this.valueNames.has(name)) {
      throw new FzError("duplicate", `value %${name} is defined twice in function ${this.name}`);
    }
    this.valueNames.add(name);
    this.values.push({ name, type });
    return this.values.length - 1;
  }

  /** Declare a mutable local variable (read with `get`, written with `set`; SSA is built later). */
  var(name: string, type: Type): VarId {
    this.live();
    if (!LOCAL.test(name)) throw new FzError("parse", `variable name '${name}' is not valid in the text format ([A-Za-z0-9_]+)`);
    if (this.varNames.has(name)) throw new FzError("duplicate", `variable $${name} is declared twice in function ${this.name}`);
    const err = typeWellFormed(this.mb.index(), type);
    if (err) throw new FzError("type", `${err} in variable $${name} of function ${this.name}`);
    this.varNames.add(name);
    this.vars.push({ name, type });
    return (this.vars.length - 1) as VarId;
  }

  /** Create a block; the first one created is the entry. */
  block(name: string): BlockId {
    this.live();
    if (!LOCAL.test(name)) throw new FzError("parse", `block name '${name}' is not valid in the text format ([A-Za-z0-9_]+)`);
    if (this.blockNames.has(name)) throw new FzError("duplicate", `block ${name} is defined twice in function ${this.name}`);
    this.blockNames.add(name);
    this.blocks.push({ name, insts: [], term: null });
    return (this.blocks.length - 1) as BlockId;
  }

  /**
   * Give the instructions and terminators added from now on source location
   * `loc` (the place in the toolchain's source they were compiled from),
   * until the next call; `setLoc()` clears it. The lowering turns locations
   * into debug info (LLVM) and source locations (CLIF); they never change
   * what the program does. `emit`'s `loc` option overrides it for one
   * instruction.
   */
  setLoc(loc?: SourceLoc): this {
    this.live();
    if (loc !== undefined) checkSourceLoc(loc);
    this.srcLoc = loc === undefined ? undefined : { file: loc.file, line: loc.line, col: loc.col };
    return this;
  }

  /** Append the following instructions to block `b`. */
  at(b: BlockId): this {
    this.live();
    if (!this.blocks[b]) throw new FzError("undefined", `function ${this.name} has no block ${b}`);
    this.current = b;
    return this;
  }

  private open(): OpenBlock {
    this.live();
    if (this.current === null) throw new FzError("cfg", `function ${this.name}: no current block (call at(block) first)`);
    const b = this.blocks[this.current]!;
    if (b.term) throw new FzError("cfg", `function ${this.name}, block ${b.name}: instruction after the terminator`);
    return b;
  }

  /**
   * Add any instruction; returns its result, or null when it has none.
   * `type` is the type parameter (const/convert suffix, array type of
   * array.lit/new); `name` names the result value; `loc` is its source
   * location (default: the one `setLoc` gave).
   */
  emit(op: Opcode, args: readonly ValueId[] = [], opts: { type?: Type; imm?: Imm; name?: string; loc?: SourceLoc } = {}): ValueId | null {
    const b = this.open();
    const type = opts.type ?? null;
    const imm = opts.imm ?? { kind: "none" };
    const loc = (): IrLocation => ({ kind: "ir", func: this.name, block: b.name, inst: b.insts.length, text: op });
    if (type) {
      const err = typeWellFormed(this.mb.index(), type);
      if (err) throw new FzError("type", err, { kind: "ir", func: this.name, block: b.name, inst: b.insts.length });
    }
    const locals = args.map((a) => this.local(a));
    const typed = instResult(this.mb.index(), this.vars, op, locals.map((a) => this.values[a]!.type), type, imm);
    if (typeof typed === "string") throw new FzError("type", typed, loc());
    let dst: ValueId | null = null;
    if (OPCODES[op].hasResult && typed) dst = this.newValue(typed, opts.name) as ValueId;
    else if (opts.name !== undefined) throw new FzError("type", `${op} gives no value to name %${opts.name}`, loc());
    if (opts.loc !== undefined) checkSourceLoc(opts.loc);
    const srcLoc = opts.loc ?? this.srcLoc;
    b.insts.push(srcLoc ? { op, dst, args: locals, type, imm, loc: srcLoc } : { op, dst, args: locals, type, imm });
    return dst === null ? null : ((this.base + dst) as ValueId);
  }

  /** Like emit, for instructions that always produce a value. */
  private val(op: Opcode, args: readonly ValueId[], opts: { type?: Type; imm?: Imm; name?: string } = {}): ValueId {
    return this.emit(op, args, opts)!;
  }

  // ---- constants

  /** An integer constant of an integer type; a number must be a safe integer, and the value must fit the type. */
  iconst(type: Type, value: bigint | number, name?: string): ValueId {
    if (typeof value === "number" && !Number.isSafeInteger(value)) {
      throw new FzError("type", `iconst needs an integer, got ${value}${Number.isInteger(value) ? " (beyond 2^53: pass a bigint)" : ""}`, this.where());
    }
    return this.val("const", [], { type, imm: { kind: "int", value: BigInt(value) }, name });
  }
  /** An i32 constant. */
  i32(value: bigint | number, name?: string): ValueId { return this.iconst({ kind: "int", bits: 32 }, value, name); }
  /** An i64 constant. */
  i64(value: bigint | number, name?: string): ValueId { return this.iconst({ kind: "int", bits: 64 }, value, name); }
  /** A bool constant. */
  bconst(value: boolean, name?: string): ValueId { return this.val("const", [], { type: { kind: "bool" }, imm: { kind: "bool", value }, name }); }
  /** An f64 constant (any double, NaN and infinities included). */
  fconst(value: number, name?: string): ValueId { return this.val("const", [], { type: { kind: "f64" }, imm: { kind: "f64", value }, name }); }
  /** An f32 constant: `value` rounded to binary32. */
  f32const(value: number, name?: string): ValueId { return this.val("const", [], { type: { kind: "f32" }, imm: { kind: "f64", value }, name }); }
  /** A string literal (any valid Unicode; a lone surrogate is refused). */
  str(value: string, name?: string): ValueId {
    if (/\p{Surrogate}/u.test(value)) throw new FzError("parse", "string literal is not valid Unicode (lone surrogate)", this.where());
    return this.val("str.lit", [], { imm: { kind: "str", value }, name });
  }
  /** The identity that optimizers must not see through (Rust's black_box). */
  opaque(a: ValueId, name?: string): ValueId { return this.val("opaque", [a], { name }); }

  // ---- arithmetic and logic (integers wrap; division traps on zero and on MIN / -1)

  /** a + b, wrapping. */
  add(a: ValueId, b: ValueId, name?: string): ValueId { return this.val("add", [a, b], { name }); }
  /** a - b, wrapping. */
  sub(a: ValueId, b: ValueId, name?: string): ValueId { return this.val("sub", [a, b], { name }); }
  /** a * b, wrapping. */
  mul(a: ValueId, b: ValueId, name?: string): ValueId { return this.val("mul", [a, b], { name }); }
  /** Signed a / b, truncating; traps on zero and on MIN / -1. */
  sdiv(a: ValueId, b: ValueId, name?: string): ValueId { return this.val("sdiv", [a, b], { name }); }
  /** Signed remainder (sign of a); traps on zero and on MIN % -1. */
  srem(a: ValueId, b: ValueId, name?: string): ValueId { return this.val("srem", [a, b], { name }); }
  /** Unsigned a / b; traps on zero. */
  udiv(a: ValueId, b: ValueId, name?: string): ValueId { return this.val("udiv", [a, b], { name }); }
  /** Unsigned remainder; traps on zero. */
  urem(a: ValueId, b: ValueId, name?: string): ValueId { return this.val("urem", [a, b], { name }); }
  /** Bitwise (or boolean) and. */
  and(a: ValueId, b: ValueId, name?: string): ValueId { return this.val("and", [a, b], { name }); }
  /** Bitwise (or boolean) or. */
  or(a: ValueId, b: ValueId, name?: string): ValueId { return this.val("or", [a, b], { name }); }
  /** Bitwise (or boolean) exclusive or. */
  xor(a: ValueId, b: ValueId, name?: string): ValueId { return this.val("xor", [a, b], { name }); }
  /** a << b, the amount masked to the bit width. */
  shl(a: ValueId, b: ValueId, name?: string): ValueId { return this.val("shl", [a, b], { name }); }
  /** Logical a >> b, the amount masked to the bit width. */
  lshr(a: ValueId, b: ValueId, name?: string): ValueId { return this.val("lshr", [a, b], { name }); }
  /** Arithmetic a >> b, the amount masked to the bit width. */
  ashr(a: ValueId, b: ValueId, name?: string): ValueId { return this.val("ashr", [a, b], { name }); }
  /** Bitwise (or boolean) not. */
  not(a: ValueId, name?: string): ValueId { return this.val("not", [a], { name }); }
  /** -a, wrapping (or the f64 negation). */
  neg(a: ValueId, name?: string): ValueId { return this.val("neg", [a], { name }); }
  /** f64 a + b. */
  fadd(a: ValueId, b: ValueId, name?: string): ValueId { return this.val("fadd", [a, b], { name }); }
  /** f64 a - b. */
  fsub(a: ValueId, b: ValueId, name?: string): ValueId { return this.val("fsub", [a, b], { name }); }
  /** f64 a * b. */
  fmul(a: ValueId, b: ValueId, name?: string): ValueId { return this.val("fmul", [a, b], { name }); }
  /** f64 a / b. */
  fdiv(a: ValueId, b: ValueId, name?: string): ValueId { return this.val("fdiv", [a, b], { name }); }
  /** Integer (or bool) comparison giving a bool. */
  icmp(cc: IntCC, a: ValueId, b: ValueId, name?: string): ValueId { return this.val("icmp", [a, b], { imm: { kind: "cc", cc }, name }); }
  /** f64 comparison giving a bool. */
  fcmp(cc: FloatCC, a: ValueId, b: ValueId, name?: string): ValueId { return this.val("fcmp", [a, b], { imm: { kind: "cc", cc }, name }); }
  /** c ? a : b, both evaluated. */
  select(c: ValueId, a: ValueId, b: ValueId, name?: string): ValueId { return this.val("select", [c, a, b], { name }); }
  /** Sign- or zero-extend, truncate, int to f64, or f64 to int (saturating), to type `to`. */
  convert(op: ConvertOp, a: ValueId, to: Type, name?: string): ValueId { return this.val(op, [a], { type: to, name }); }

  // ---- numbers (SPEC.md, "Numbers")

  /** A float operation of one operand: sqrt, fabs, floor, ceil, ftrunc (toward zero) or nearest (ties to even). */
  floatUnary(op: FloatUnaryOp, a: ValueId, name?: string): ValueId { return this.val(op, [a], { name }); }
  /** fmin/fmax (NaN when either is NaN, -0.0 < +0.0) or fcopysign (magnitude of a, sign of b). */
  floatBinary(op: FloatBinaryOp, a: ValueId, b: ValueId, name?: string): ValueId { return this.val(op, [a, b], { name }); }
  /** popcnt, clz, ctz, bswap or iabs (wrapping) of an integer. */
  intUnary(op: IntUnaryOp, a: ValueId, name?: string): ValueId { return this.val(op, [a], { name }); }
  /** rotl/rotr (amount modulo the width) or smin, smax, umin, umax. */
  intBinary(op: IntBinaryOp, a: ValueId, b: ValueId, name?: string): ValueId { return this.val(op, [a, b], { name }); }
  /** Add, subtract or multiply, trapping with Rust's message when the signed (s) or unsigned (u) result overflows. */
  checked(op: CheckedOp, a: ValueId, b: ValueId, name?: string): ValueId { return this.val(op, [a, b], { name }); }
  /** Whether the signed (s) or unsigned (u) add, subtract or multiply overflows, as a bool. */
  overflows(op: OverflowOp, a: ValueId, b: ValueId, name?: string): ValueId { return this.val(op, [a, b], { name }); }

  // ---- variables and calls

  /** Read variable `v` (it must be set on every path to here). */
  get(v: VarId, name?: string): ValueId { return this.val("get", [], { imm: { kind: "var", var: v }, name }); }
  /** Write variable `v`. */
  set(v: VarId, a: ValueId): void { this.emit("set", [a], { imm: { kind: "var", var: v } }); }

  /** Call a function or import; the result is typed by the callee (nothing for a callee without a result). */
  call<C extends Type | null>(callee: Callee<C>, args: readonly ValueId[], name?: string): CallResult<C>;
  /** Call a function or import by name; it must have a result (use `callVoid` for one without). */
  call(callee: string, args: readonly ValueId[], name?: string): ValueId;
  call(callee: Callee | string, args: readonly ValueId[], name?: string): ValueId | void {
    const target = typeof callee === "string" ? callee : callee.name;
    const sig = this.mb.index().callee(target);
    if (typeof callee === "string" && sig && sig.result === null) {
      throw new FzError("type", `@${target} returns nothing: call it with callVoid, or pass its builder or import handle to call`, this.where());
    }
    return this.emit("call", args, { imm: { kind: "func", name: target }, name }) ?? undefined;
  }
  /** Call a function or import for its effect; a result, if any, is dropped. */
  callVoid(callee: Callee | string, args: readonly ValueId[]): void {
    this.emit("call", args, { imm: { kind: "func", name: typeof callee === "string" ? callee : callee.name } });
  }

  // ---- function references

  /** A reference to function or import `callee`, of type fn(params) -> result. */
  funcRef(callee: Callee | string, name?: string): ValueId {
    return this.val("func.ref", [], { imm: { kind: "func", name: typeof callee === "string" ? callee : callee.name }, name });
  }
  /** Call the function `f` refers to; nothing when its signature has no result. */
  callIndirect(f: ValueId, args: readonly ValueId[], name?: string): ValueId | undefined {
    return this.emit("call.indirect", [f, ...args], { name }) ?? undefined;
  }

  // ---- globals

  /** Read module global `g` (declared with ModuleBuilder.global). */
  globalGet(g: string, name?: string): ValueId { return this.val("global.get", [], { imm: { kind: "global", name: g }, name }); }
  /** Write mutable module global `g`. */
  globalSet(g: string, a: ValueId): void { this.emit("global.set", [a], { imm: { kind: "global", name: g } }); }

  // ---- arrays ([T; N] fixed, [T] dynamic)

  /** A fixed array [T; N] from N values of type T; `type` is the array type. */
  arrayLit(type: Type, elems: readonly ValueId[], name?: string): ValueId { return this.val("array.lit", elems, { type, name }); }
  /** A fixed array of the given values, its type [T; N] taken from the first (there must be one). */
  arrayOf(elems: readonly ValueId[], name?: string): ValueId {
    if (elems.length === 0) throw new FzError("type", "arrayOf needs at least one element (use arrayLit with a type for [T; 0])", this.where());
    return this.arrayLit(arrayType(this.typeOf(elems[0]!), elems.length), elems, name);
  }
  /** A fixed array [elem; N] of integer (or f64) constants. */
  constArray(elem: Type, values: readonly (bigint | number)[], name?: string): ValueId {
    const elems = values.map((v) => (elem.kind === "f64" ? this.fconst(Number(v)) : elem.kind === "f32" ? this.f32const(Number(v)) : this.iconst(elem, v)));
    return this.arrayLit(arrayType(elem, values.length), elems, name);
  }
  /** A new array: [T; N] filled with `fill` (or zeros), or an empty dynamic [T]. */
  arrayNew(type: Type, fill?: ValueId, name?: string): ValueId { return this.val("array.new", fill === undefined ? [] : [fill], { type, name }); }
  /** a[i]; traps when i is out of bounds. */
  arrayGet(a: ValueId, i: ValueId, name?: string): ValueId { return this.val("array.get", [a, i], { name }); }
  /** a[i] = v; traps when i is out of bounds. */
  arraySet(a: ValueId, i: ValueId, v: ValueId): void { this.emit("array.set", [a, i, v]); }
  /** The length of an array, as i32. */
  arrayLen(a: ValueId, name?: string): ValueId { return this.val("array.len", [a], { name }); }
  /** Append v to a dynamic array. */
  arrayPush(a: ValueId, v: ValueId): void { this.emit("array.push", [a, v]); }

  // ---- maps (SPEC.md, "Maps")

  /** A new empty map of type {K: V}. */
  mapNew(type: Type, name?: string): ValueId { return this.val("map.new", [], { type, name }); }
  /** The value of key k in m, or `dflt` when m has no key k. */
  mapGet(m: ValueId, k: ValueId, dflt: ValueId, name?: string): ValueId { return this.val("map.get", [m, k, dflt], { name }); }
  /** m[k] = v: a new key goes last in the insertion order, an existing one keeps its place. */
  mapSet(m: ValueId, k: ValueId, v: ValueId): void { this.emit("map.set", [m, k, v]); }
  /** Whether m has key k. */
  mapHas(m: ValueId, k: ValueId, name?: string): ValueId { return this.val("map.has", [m, k], { name }); }
  /** Remove key k from m (nothing when absent); later keys move up one place. */
  mapRemove(m: ValueId, k: ValueId): void { this.emit("map.remove", [m, k]); }
  /** The number of keys of m, as i32. */
  mapLen(m: ValueId, name?: string): ValueId { return this.val("map.len", [m], { name }); }
  /** The key at place i (insertion order); traps when out of bounds. */
  mapKeyAt(m: ValueId, i: ValueId, name?: string): ValueId { return this.val("map.key_at", [m, i], { name }); }
  /** The value at place i (insertion order); traps when out of bounds. */
  mapValueAt(m: ValueId, i: ValueId, name?: string): ValueId { return this.val("map.value_at", [m, i], { name }); }

  // ---- structs and enums

  /** A struct value from its fields, in declaration order. */
  structNew(name: string, fields: readonly ValueId[], valueName?: string): ValueId { return this.val("struct.new", fields, { imm: { kind: "struct", name }, name: valueName }); }
  /** Read field `field` of a struct value. */
  structGet(s: ValueId, field: string, name?: string): ValueId { return this.val("struct.get", [s], { imm: { kind: "field", name: field }, name }); }
  /** Write field `field` of a struct value. */
  structSet(s: ValueId, field: string, v: ValueId): void { this.emit("struct.set", [s, v], { imm: { kind: "field", name: field } }); }
  /** An enum value of `variant`, with its payload if the variant has one. */
  enumNew(enumName: string, variant: string, payload?: ValueId, name?: string): ValueId {
    return this.val("enum.new", payload === undefined ? [] : [payload], { imm: { kind: "variant", enumName, variant }, name });
  }
  /** The variant index of an enum value (0-based, declaration order), as i32. */
  enumTag(e: ValueId, name?: string): ValueId { return this.val("enum.tag", [e], { name }); }
  /** The payload of an enum value of `variant`; traps when it is another variant. */
  enumPayload(e: ValueId, variant: string, name?: string): ValueId {
    const t = this.typeOf(e);
    return this.val("enum.payload", [e], { imm: { kind: "variant", enumName: t.kind === "enum" ? t.name : "", variant }, name });
  }

  // ---- strings (Rust str semantics)

  /** Length in bytes (UTF-8), as i32. */
  strLen(a: ValueId, name?: string): ValueId { return this.val("str.len", [a], { name }); }
  /** Byte-wise equality. */
  strEq(a: ValueId, b: ValueId, name?: string): ValueId { return this.val("str.eq", [a, b], { name }); }
  /** Strip Unicode White_Space from both ends. */
  strTrim(a: ValueId, name?: string): ValueId { return this.val("str.trim", [a], { name }); }
  /** Replace every non-overlapping `from` by `to`, left to right. */
  strReplace(a: ValueId, from: ValueId, to: ValueId, name?: string): ValueId { return this.val("str.replace", [a, from, to], { name }); }
  /** Whether b occurs in a. */
  strContains(a: ValueId, b: ValueId, name?: string): ValueId { return this.val("str.contains", [a, b], { name }); }
  /** Whether a starts with b. */
  strStartsWith(a: ValueId, b: ValueId, name?: string): ValueId { return this.val("str.starts_with", [a, b], { name }); }
  /** Whether a ends with b. */
  strEndsWith(a: ValueId, b: ValueId, name?: string): ValueId { return this.val("str.ends_with", [a, b], { name }); }
  /** a followed by b. */
  strConcat(a: ValueId, b: ValueId, name?: string): ValueId { return this.val("str.concat", [a, b], { name }); }
  /** Bytes from..to of s; traps off bounds or char boundaries (Rust &s[from..to]). */
  strSlice(s: ValueId, from: ValueId, to: ValueId, name?: string): ValueId { return this.val("str.slice", [s, from, to], { name }); }
  /** Byte index of the first needle in s, or -1. */
  strFind(s: ValueId, needle: ValueId, name?: string): ValueId { return this.val("str.find", [s, needle], { name }); }
  /** Byte i of s (i32 0..=255); traps when out of bounds. */
  strByteAt(s: ValueId, i: ValueId, name?: string): ValueId { return this.val("str.byte_at", [s, i], { name }); }
  /** A new [str] of the pieces of s between occurrences of sep. */
  strSplit(s: ValueId, sep: ValueId, name?: string): ValueId { return this.val("str.split", [s, sep], { name }); }
  /** The strings of a [str] joined with sep between them (the string builder). */
  strJoin(parts: ValueId, sep: ValueId, name?: string): ValueId { return this.val("str.join", [parts, sep], { name }); }
  /** An integer as signed decimal text. */
  strFromInt(x: ValueId, name?: string): ValueId { return this.val("str.from_int", [x], { name }); }
  /** The i64 s spells (0 when it spells none; see strParseError). */
  strParseInt(s: ValueId, name?: string): ValueId { return this.val("str.parse_int", [s], { name }); }
  /** Why s is not an i64: 0 none, 1 Empty, 2 InvalidDigit, 3 PosOverflow, 4 NegOverflow. */
  strParseError(s: ValueId, name?: string): ValueId { return this.val("str.parse_error", [s], { name }); }

  // ---- terminators (exactly one ends every block)

  private terminate(term: Term): void {
    const b = this.open();
    b.term = this.srcLoc ? { ...term, loc: this.srcLoc } : term;
  }

  /** Go to `target`. */
  jump(target: BlockId): void { this.terminate({ op: "jump", target }); }
  /** Go to `then` when the bool `cond` is true, else to `els`. */
  br(cond: ValueId, then: BlockId, els: BlockId): void {
    const c = this.local(cond);
    const t = this.values[c]!.type;
    const bad = brConditionError(t);
    if (bad) this.termTypeError(bad);
    this.terminate({ op: "br", cond: c, then, else: els });
  }
  /**
   * Dispatch on an integer (cases by `value`) or on an enum value (cases by
   * `variant` name, or by variant index as `value`); `dflt` may be null only
   * for an enum switch that names every variant.
   */
  switch(value: ValueId, cases: readonly CaseSpec[], dflt: BlockId | null): void {
    const v = this.local(value);
    const t = this.values[v]!.type;
    const bad = switchValueError(t);
    if (bad) this.termTypeError(bad);
    const resolved = cases.map((c): SwitchCase => {
      if ("variant" in c) {
        if (t.kind !== "enum") this.termTypeError(`switch on ${typeToString(t)} has a case by variant name (${c.variant}): only an enum switch has variants`);
        const i = this.mb.index().variantOfEnum(t.name, c.variant);
        if (i < 0) this.termTypeError(`enum ${t.name} has no variant ${c.variant}`);
        return { value: BigInt(i), target: c.target };
      }
      if (typeof c.value === "number" && !Number.isSafeInteger(c.value)) this.termTypeError(`switch case ${c.value} is not an integer`);
      return { value: BigInt(c.value), target: c.target };
    });
    this.terminate({ op: "switch", value: v, cases: resolved, default: dflt });
  }
  /** Return `value` (or nothing, in a function without a result). */
  ret(value: ValueId | null = null): void {
    const v = value === null ? null : this.local(value);
    const want = this.result;
    const got = v === null ? null : this.values[v]!.type;
    const bad = retError(got, want);
    if (bad) this.termTypeError(bad);
    this.terminate({ op: "ret", value: v });
  }
  /** Control never reaches here; reaching it traps. */
  unreachable(): void { this.terminate({ op: "unreachable" }); }

  private termTypeError(msg: string): never {
    const b = this.open();
    throw new FzError("type", msg, { kind: "ir", func: this.name, block: b.name, inst: b.insts.length, text: "terminator" });
  }

  /** The finished function; afterwards this builder refuses every change. Called by `ModuleBuilder.finish`. */
  finish(): Func {
    if (this.blocks.length === 0) throw new FzError("cfg", `function ${this.name} has no blocks`);
    const blocks: Block[] = this.blocks.map((b) => {
      if (!b.term) throw new FzError("cfg", `block ${b.name} has no terminator`, { kind: "ir", func: this.name, block: b.name });
      return { name: b.name, insts: b.insts, term: b.term };
    });
    this.owner.finished = true;
    return makeFunc(this.name, this.params.map(([n, type]) => ({ name: n, type })), this.result, this.exported, this.values, this.vars, blocks);
  }
}

/** A source location must have a file and a positive line (column 0: unknown); a clear error otherwise. */
function checkSourceLoc(loc: SourceLoc): void {
  const ok = typeof loc === "object" && loc !== null && typeof loc.file === "string" && loc.file.length > 0
    && Number.isInteger(loc.line) && loc.line >= 1 && loc.line <= 0xffffffff && Number.isInteger(loc.col) && loc.col >= 0 && loc.col <= 0xffffffff;
  if (!ok) throw new FzError("type", `invalid source location ${JSON.stringify(loc)} (expected { file: non-empty string, line: integer >= 1, col: integer >= 0 })`);
}
