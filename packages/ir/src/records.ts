/**
 * Constructors of the plain records a parsed module keeps by the thousand
 * (Inst, ValueInfo): each makes an ordinary object, whose prototype is
 * Object.prototype and whose own properties are exactly those of the
 * interface, in its order, so that no reader (printer, deep equality,
 * JSON, spread) can tell it from an object literal.
 *
 * Why not a literal: V8 tracks every object literal by its allocation site,
 * appending a memento to each object it allocates, and every scavenge that
 * finds a surviving object records the memento's site; a parse keeps
 * nearly every record it makes, so a literal costs several times what
 * `new` of a constructor costs (a class would do as well, but its instances
 * have their own prototype, which deep equality sees).
 */
import type { Imm, Inst, SourceLoc, ValueId, ValueInfo } from "./module.js";
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

// Instances are plain objects: the prototype every literal has.
InstRecord.prototype = Object.prototype;
LocatedInstRecord.prototype = Object.prototype;
ValueInfoRecord.prototype = Object.prototype;

type Ctor<A extends unknown[], T> = new (...args: A) => T;
const NewInst = InstRecord as unknown as Ctor<[Opcode, ValueId | null, readonly ValueId[], Type | null, Imm], Inst>;
const NewLocatedInst = LocatedInstRecord as unknown as Ctor<[Opcode, ValueId | null, readonly ValueId[], Type | null, Imm, SourceLoc], Inst>;
const NewValueInfo = ValueInfoRecord as unknown as Ctor<[string, Type], ValueInfo>;

/** The instruction `{ op, dst, args, type, imm }`, with `loc` last when given (as the literal would have it). */
export function makeInst(op: Opcode, dst: ValueId | null, args: readonly ValueId[], type: Type | null, imm: Imm, loc: SourceLoc | undefined): Inst {
  return loc ? new NewLocatedInst(op, dst, args, type, imm, loc) : new NewInst(op, dst, args, type, imm);
}

/** The value info `{ name, type }`. */
export function makeValueInfo(name: string, type: Type): ValueInfo {
  return new NewValueInfo(name, type);
}
