/**
 * Constructors of the records the lowering makes by the thousand and drops
 * a function later: instructions, terminators, edges and blocks. Each makes
 * an ordinary object (prototype Object.prototype, own properties exactly
 * those of its type in the order of types.ts), so no reader (printer, deep
 * equality, JSON, spread) can tell it from an object literal.
 *
 * Why not literals: V8 tracks each literal's allocation site and, once it
 * sees nearly all of a site's objects survive a scavenge, allocates that
 * site's objects in the old generation from then on (pretenuring). One
 * large function lowered while the young generation is full is enough to
 * make it so for the builder's sites, and then every instruction of every
 * later function is made in the old generation and dies there: stores of
 * young values into it go through the write barrier, it holds its young
 * operands alive until a full collection (which promotes them too), and
 * the full collections and their page faults grow with it. Measured on the
 * conformance corpus: nearly all instructions and blocks of the lowering
 * were allocated old after the first module. An object made by `new` of a
 * constructor is never pretenured, nor is a list made by a builtin
 * (`Array(n)`, `slice`), so these records die young, where they belong.
 * (@fzy/ir records.ts makes the opposite choice for the parser's
 * instructions, which live as long as the module.)
 */
import { record } from "@fzy/ir";
import type { LBinOp, LBlock, LBlockId, LConvKind, LEdge, LFloatCC, LInst, LIntCC, LIntType, LLoadRange, LStackSlot, LTerm, LType, LUnOp, LValue } from "./types.js";

type Writable<T> = { -readonly [K in keyof T]: T[K] };
type Of<U, Op> = Extract<U, { readonly op: Op }>;

export const IconstRecord = record(function (this: Writable<Of<LInst, "iconst">>, dst: LValue, type: LIntType | "bool", value: bigint) {
  this.op = "iconst"; this.dst = dst; this.type = type; this.value = value;
});
export const FconstRecord = record(function (this: Writable<Of<LInst, "fconst">>, dst: LValue, value: number) {
  this.op = "fconst"; this.dst = dst; this.value = value;
});
export const BinaryRecord = record(function (this: Writable<Of<LInst, "binary">>, kind: LBinOp, dst: LValue, a: LValue, b: LValue) {
  this.op = "binary"; this.kind = kind; this.dst = dst; this.a = a; this.b = b;
});
export const IcmpRecord = record(function (this: Writable<Of<LInst, "icmp">>, cc: LIntCC, dst: LValue, a: LValue, b: LValue) {
  this.op = "icmp"; this.cc = cc; this.dst = dst; this.a = a; this.b = b;
});
export const FcmpRecord = record(function (this: Writable<Of<LInst, "fcmp">>, cc: LFloatCC, dst: LValue, a: LValue, b: LValue) {
  this.op = "fcmp"; this.cc = cc; this.dst = dst; this.a = a; this.b = b;
});
export const SelectRecord = record(function (this: Writable<Of<LInst, "select">>, dst: LValue, cond: LValue, a: LValue, b: LValue) {
  this.op = "select"; this.dst = dst; this.cond = cond; this.a = a; this.b = b;
});
export const ConvertRecord = record(function (this: Writable<Of<LInst, "convert">>, kind: LConvKind, dst: LValue, src: LValue) {
  this.op = "convert"; this.kind = kind; this.dst = dst; this.src = src;
});
export const UnaryRecord = record(function (this: Writable<Of<LInst, "unary">>, kind: LUnOp, dst: LValue, src: LValue) {
  this.op = "unary"; this.kind = kind; this.dst = dst; this.src = src;
});
export const OpaqueRecord = record(function (this: Writable<Of<LInst, "opaque">>, dst: LValue, src: LValue) {
  this.op = "opaque"; this.dst = dst; this.src = src;
});
/** A plain load (neither `range`, RangeLoadRecord, nor `unaligned`: those few are literals). */
export const LoadRecord = record(function (this: Writable<Of<LInst, "load">>, dst: LValue, type: Exclude<LType, "bool">, addr: LValue, offset: number, readonly: boolean) {
  this.op = "load"; this.dst = dst; this.type = type; this.addr = addr; this.offset = offset; this.readonly = readonly;
});
/** A load whose integer result is in `range`. */
export const RangeLoadRecord = record(function (this: Writable<Of<LInst, "load">>, dst: LValue, type: Exclude<LType, "bool">, addr: LValue, offset: number, range: LLoadRange) {
  this.op = "load"; this.dst = dst; this.type = type; this.addr = addr; this.offset = offset; this.readonly = false; this.range = range;
});
/** A plain store (not `unaligned`). */
export const StoreRecord = record(function (this: Writable<Of<LInst, "store">>, addr: LValue, offset: number, value: LValue) {
  this.op = "store"; this.addr = addr; this.offset = offset; this.value = value;
});
export const StackAddrRecord = record(function (this: Writable<Of<LInst, "stack_addr">>, dst: LValue, slot: number, offset: number) {
  this.op = "stack_addr"; this.dst = dst; this.slot = slot; this.offset = offset;
});
export const PtrAddRecord = record(function (this: Writable<Of<LInst, "ptr_add">>, dst: LValue, base: LValue, offset: LValue) {
  this.op = "ptr_add"; this.dst = dst; this.base = base; this.offset = offset;
});
export const CallRecord = record(function (this: Writable<Of<LInst, "call">>, dsts: readonly LValue[], callee: string, args: readonly LValue[]) {
  this.op = "call"; this.dsts = dsts; this.callee = callee; this.args = args;
});

export const EdgeRecord = record(function (this: Writable<LEdge>, block: LBlockId, args: readonly LValue[]) {
  this.block = block; this.args = args;
});
export const JumpRecord = record(function (this: Writable<Of<LTerm, "jump">>, target: LEdge) {
  this.op = "jump"; this.target = target;
});
export const BrifRecord = record(function (this: Writable<Of<LTerm, "brif">>, cond: LValue, then: LEdge, els: LEdge) {
  this.op = "brif"; this.cond = cond; this.then = then; this.else = els;
});
export const ReturnRecord = record(function (this: Writable<Of<LTerm, "return">>, values: readonly LValue[]) {
  this.op = "return"; this.values = values;
});
export const BlockRecord = record(function (this: Writable<LBlock>, params: readonly LValue[], insts: readonly LInst[], term: LTerm, cold: boolean) {
  this.params = params; this.insts = insts; this.term = term; this.cold = cold;
});
export const SlotRecord = record(function (this: Writable<LStackSlot>, size: number, align: number) {
  this.size = size; this.align = align;
});

/** The edge `{ block, args }`. */
export function edge(block: LBlockId, args: readonly LValue[]): LEdge {
  return new EdgeRecord(block, args);
}

/** The terminator `{ op: "jump", target }`. */
export function jumpTerm(target: LEdge): LTerm {
  return new JumpRecord(target);
}

/** The terminator `{ op: "brif", cond, then, else }`. */
export function brifTerm(cond: LValue, then: LEdge, els: LEdge): LTerm {
  return new BrifRecord(cond, then, els);
}

/** The block `{ params, insts, term, cold }`. */
export function block(params: readonly LValue[], insts: readonly LInst[], term: LTerm, cold: boolean): LBlock {
  return new BlockRecord(params, insts, term, cold);
}
