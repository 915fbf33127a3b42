/**
 * Constructors of the plain records a parsed module keeps by the thousand
 * (instructions, value infos, function headers): each makes an ordinary
 * object, whose prototype is Object.prototype and whose own properties are
 * exactly those of the interface, in its order, so that no reader (printer,
 * deep equality, JSON, spread) can tell it from an object literal.
 *
 * Why not a literal: V8 tracks every object literal by its allocation site,
 * appending a memento to each object it allocates, and every scavenge that
 * finds a surviving object records the memento's site; a parse keeps
 * nearly every record it makes, so a literal costs several times what
 * `new` of a constructor costs (a class would do as well, but its instances
 * have their own prototype, which deep equality sees).
 *
 * Blocks and terminators stay literals: made this way they measured slower
 * on a large parse (the fuzz batch), where V8 comes to allocate a literal
 * site's objects directly in the old generation (pretenuring), which no
 * constructor call gets.
 */
import type { Block, Func, Imm, Inst, Param, SourceLoc, ValueId, ValueInfo, VarInfo } from "./module.js";
import type { Opcode } from "./opcodes.js";
import type { Type } from "./types.js";

type Writable<T> = { -readonly [K in keyof T]: T[K] };

function InstRecord(this: Writable<Inst>, op: Opcode, dst: ValueId | null, args: readonly ValueId[], type: Type | null, imm: Imm): void {
  this.op = op;
  this.dst = dst;
  this.args = args;
  this.type = type;
  this.imm = imm;
}

function LocatedInstRecord(this: Writable<Inst>, op: Opcode, dst: ValueId | null, args: readonly ValueId[], type: Type | null, imm: Imm, loc: SourceLoc): void {
  this.op = op;
  this.dst = dst;
  this.args = args;
  this.type = type;
  this.imm = imm;
  this.loc = loc;
}

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

// Instances are plain objects: the prototype every literal has.
for (const f of [InstRecord, LocatedInstRecord, ValueInfoRecord, FuncRecord]) f.prototype = Object.prototype;

type Ctor<A extends unknown[], T> = new (...args: A) => T;
const NewInst = InstRecord as unknown as Ctor<[Opcode, ValueId | null, readonly ValueId[], Type | null, Imm], Inst>;
const NewLocatedInst = LocatedInstRecord as unknown as Ctor<[Opcode, ValueId | null, readonly ValueId[], Type | null, Imm, SourceLoc], Inst>;
const NewValueInfo = ValueInfoRecord as unknown as Ctor<[string, Type], ValueInfo>;
const NewFunc = FuncRecord as unknown as Ctor<[string, readonly Param[], Type | null, boolean, readonly ValueInfo[], readonly VarInfo[], readonly Block[]], Func>;

/** The instruction `{ op, dst, args, type, imm }`, with `loc` last when given (as the literal would have it). */
export function makeInst(op: Opcode, dst: ValueId | null, args: readonly ValueId[], type: Type | null, imm: Imm, loc: SourceLoc | undefined): Inst {
  return loc ? new NewLocatedInst(op, dst, args, type, imm, loc) : new NewInst(op, dst, args, type, imm);
}

/** The value info `{ name, type }`. */
export function makeValueInfo(name: string, type: Type): ValueInfo {
  return new NewValueInfo(name, type);
}

/** The function `{ name, params, result, exported, values, vars, blocks }`. */
export function makeFunc(name: string, params: readonly Param[], result: Type | null, exported: boolean, values: readonly ValueInfo[], vars: readonly VarInfo[], blocks: readonly Block[]): Func {
  return new NewFunc(name, params, result, exported, values, vars, blocks);
}
