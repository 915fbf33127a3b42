/**
 * Constructors of the plain records a parsed module keeps by the thousand
 * (instructions, value infos, terminators, blocks, function headers): each makes an ordinary object, whose prototype is
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
import type { Block, BlockId, Func, Imm, Inst, Param, SourceLoc, SwitchCase, Term, ValueId, ValueInfo, VarInfo } from "./module.js";
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

function BlockRecord(this: Writable<Block>, name: string, insts: readonly Inst[], term: Term): void {
  this.name = name;
  this.insts = insts;
  this.term = term;
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

type Jump = Writable<Extract<Term, { op: "jump" }>>;
type Br = Writable<Extract<Term, { op: "br" }>>;
type Ret = Writable<Extract<Term, { op: "ret" }>>;
type Switch = Writable<Extract<Term, { op: "switch" }>>;

function JumpRecord(this: Jump, target: BlockId): void {
  this.op = "jump";
  this.target = target;
}

function BrRecord(this: Br, cond: ValueId, then: BlockId, els: BlockId): void {
  this.op = "br";
  this.cond = cond;
  this.then = then;
  this.else = els;
}

function RetRecord(this: Ret, value: ValueId | null): void {
  this.op = "ret";
  this.value = value;
}

function SwitchRecord(this: Switch, value: ValueId, cases: readonly SwitchCase[], dflt: BlockId | null): void {
  this.op = "switch";
  this.value = value;
  this.cases = cases;
  this.default = dflt;
}

function CaseRecord(this: Writable<SwitchCase>, value: bigint, target: BlockId): void {
  this.value = value;
  this.target = target;
}

// Instances are plain objects: the prototype every literal has.
for (const f of [InstRecord, LocatedInstRecord, ValueInfoRecord, BlockRecord, FuncRecord, JumpRecord, BrRecord, RetRecord, SwitchRecord, CaseRecord]) f.prototype = Object.prototype;

type Ctor<A extends unknown[], T> = new (...args: A) => T;
const NewInst = InstRecord as unknown as Ctor<[Opcode, ValueId | null, readonly ValueId[], Type | null, Imm], Inst>;
const NewLocatedInst = LocatedInstRecord as unknown as Ctor<[Opcode, ValueId | null, readonly ValueId[], Type | null, Imm, SourceLoc], Inst>;
const NewValueInfo = ValueInfoRecord as unknown as Ctor<[string, Type], ValueInfo>;
const NewBlock = BlockRecord as unknown as Ctor<[string, readonly Inst[], Term], Block>;
const NewFunc = FuncRecord as unknown as Ctor<[string, readonly Param[], Type | null, boolean, readonly ValueInfo[], readonly VarInfo[], readonly Block[]], Func>;
const NewJump = JumpRecord as unknown as Ctor<[BlockId], Term>;
const NewBr = BrRecord as unknown as Ctor<[ValueId, BlockId, BlockId], Term>;
const NewRet = RetRecord as unknown as Ctor<[ValueId | null], Term>;
const NewSwitch = SwitchRecord as unknown as Ctor<[ValueId, readonly SwitchCase[], BlockId | null], Term>;
const NewCase = CaseRecord as unknown as Ctor<[bigint, BlockId], SwitchCase>;

/** The instruction `{ op, dst, args, type, imm }`, with `loc` last when given (as the literal would have it). */
export function makeInst(op: Opcode, dst: ValueId | null, args: readonly ValueId[], type: Type | null, imm: Imm, loc: SourceLoc | undefined): Inst {
  return loc ? new NewLocatedInst(op, dst, args, type, imm, loc) : new NewInst(op, dst, args, type, imm);
}

/** The value info `{ name, type }`. */
export function makeValueInfo(name: string, type: Type): ValueInfo {
  return new NewValueInfo(name, type);
}

/** The block `{ name, insts, term }`. */
export function makeBlock(name: string, insts: readonly Inst[], term: Term): Block {
  return new NewBlock(name, insts, term);
}

/** The function `{ name, params, result, exported, values, vars, blocks }`. */
export function makeFunc(name: string, params: readonly Param[], result: Type | null, exported: boolean, values: readonly ValueInfo[], vars: readonly VarInfo[], blocks: readonly Block[]): Func {
  return new NewFunc(name, params, result, exported, values, vars, blocks);
}

/** `{ op: "jump", target }`. */
export function makeJump(target: BlockId): Term {
  return new NewJump(target);
}

/** `{ op: "br", cond, then, else }`. */
export function makeBr(cond: ValueId, then: BlockId, els: BlockId): Term {
  return new NewBr(cond, then, els);
}

/** `{ op: "ret", value }`. */
export function makeRet(value: ValueId | null): Term {
  return new NewRet(value);
}

/** `{ op: "switch", value, cases, default }`. */
export function makeSwitch(value: ValueId, cases: readonly SwitchCase[], dflt: BlockId | null): Term {
  return new NewSwitch(value, cases, dflt);
}

/** The switch case `{ value, target }`. */
export function makeCase(value: bigint, target: BlockId): SwitchCase {
  return new NewCase(value, target);
}
