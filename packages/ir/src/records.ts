/**
 * Constructors of the plain records a parsed module keeps by the thousand
 * (instructions, value infos, function headers): each makes an ordinary
 * object, whose prototype is Object.prototype and whose own properties are
 * exactly those of the interface, in its order, so that no reader (printer,
 * deep equality, JSON, spread) can tell it from an object literal.
 *
 * An instruction is made by a literal. V8 tracks a literal's allocation
 * site, and once it sees that nearly every object of the site survives (a
 * parse keeps every instruction it makes), it allocates the site's objects
 * directly in the old generation (pretenuring); an object made by `new` of
 * a constructor is never pretenured, so the scavenger copied each
 * instruction twice, into the survivor space and out of it, which cost more
 * than the memento V8 appends to a literal's object until it decides.
 *
 * Value infos and function headers, far fewer (value infos are shared:
 * value-infos.ts), are made by constructors, as a class instance would be
 * but with Object.prototype, which deep equality requires; blocks and
 * terminators are literals, for the pretenuring above.
 */
import type { Block, Func, Imm, Inst, Param, SourceLoc, ValueId, ValueInfo, VarInfo } from "./module.js";
import type { Opcode } from "./opcodes.js";
import type { Type } from "./types.js";

type Writable<T> = { -readonly [K in keyof T]: T[K] };

function ValueInfoRecord(this: Writable<ValueInfo>, name: string, type: Type): void {
  this.name = name;
  this.type = type;
}

function FuncRecord(this: Writable<Func>, name: string, params: readonly Param[], result: Type | null, exported: boolean, values: readonly ValueInfo[], vars: readonly VarInfo[], blocks: readonly Block[]): void {
  this.name = name;
  this.params = params;
  this.result = result;
  this.exported = exported;
  this.values = values;
  this.vars = vars;
  this.blocks = blocks;
}

type Ctor<A extends unknown[], T> = new (...args: A) => T;

/**
 * `f` as the constructor of plain records of type T: instances have
 * Object.prototype, as a literal has, and `f` sets every key, in the order
 * of T. The way to make a record V8 never pretenures (@fzy/lir records.ts:
 * the lowering's records, which die young).
 */
export function record<A extends unknown[], T>(f: (this: Writable<T>, ...args: A) => void): Ctor<A, T> {
  f.prototype = Object.prototype;
  return f as unknown as Ctor<A, T>;
}
const NewValueInfo = record<[string, Type], ValueInfo>(ValueInfoRecord);
const NewFunc = record<[string, readonly Param[], Type | null, boolean, readonly ValueInfo[], readonly VarInfo[], readonly Block[]], Func>(FuncRecord);

/** The instruction `{ op, dst, args, type, imm }`, with `loc` last when given (as the literal would have it). */
export function makeInst(op: Opcode, dst: ValueId | null, args: readonly ValueId[], type: Type | null, imm: Imm, loc: SourceLoc | undefined): Inst {
  return loc ? { op, dst, args, type, imm, loc } : { op, dst, args, type, imm };
}

/** The value info `{ name, type }`. */
export function makeValueInfo(name: string, type: Type): ValueInfo {
  return new NewValueInfo(name, type);
}

/**
 * `f` with another body: the same head, and `values`, `vars` and `blocks`
 * where given. Every function a pass rewrites is made here (not by a spread
 * of `f`), so that functions keep the one object shape the parser gives
 * them: a reader of `f.blocks` that meets functions made several ways runs
 * a slower, generic property load in every pass.
 */
export function funcWith(f: Func, body: { readonly values?: readonly ValueInfo[]; readonly vars?: readonly VarInfo[]; readonly blocks?: readonly Block[] }): Func {
  return makeFunc(f.name, f.params, f.result, f.exported, body.values ?? f.values, body.vars ?? f.vars, body.blocks ?? f.blocks);
}

/** The function `{ name, params, result, exported, values, vars, blocks }`. */
export function makeFunc(name: string, params: readonly Param[], result: Type | null, exported: boolean, values: readonly ValueInfo[], vars: readonly VarInfo[], blocks: readonly Block[]): Func {
  return new NewFunc(name, params, result, exported, values, vars, blocks);
}
