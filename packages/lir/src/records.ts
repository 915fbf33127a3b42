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
export const RangeLoadRecord = record(function (this: Writable<Of<LInst, "load">>, dst: LValue, type: Exclude<LType, "bool">, addr: LValue, offset: number, readonly: boolean, range: LLoadRange) {
  this.op = "load"; this.dst = dst; this.type = type; this.addr = addr; this.offset = offset; this.readonly = readonly; this.range = range;
});
/** A load from an address of any alignment. */
export const UnalignedLoadRecord = record(function (this: Writable<Of<LInst, "load">>, dst: LValue, type: Exclude<LType, "bool">, addr: LValue, offset: number, readonly: boolean) {
  this.op = "load"; this.dst = dst; this.type = type; this.addr = addr; this.offset = offset; this.readonly = readonly; this.unaligned = true;
});
/** A plain store (not `unaligned`). */
export const StoreRecord = record(function (this: Writable<Of<LInst, "store">>, addr: LValue, offset: number, value: LValue) {
  this.op = "store"; this.addr = addr; this.offset = offset; this.value = value;
});
/** A store to an address of any alignment. */
export const UnalignedStoreRecord = record(function (this: Writable<Of<LInst, "store">>, addr: LValue, offset: number, value: LValue) {
  this.op = "store"; this.addr = addr; this.offset = offset; this.value = value; this.unaligned = true;
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
export const SymbolAddrRecord = record(function (this: Writable<Of<LInst, "symbol_addr">>, dst: LValue, symbol: string) {
  this.op = "symbol_addr"; this.dst = dst; this.symbol = symbol;
});
export const FuncAddrRecord = record(function (this: Writable<Of<LInst, "func_addr">>, dst: LValue, symbol: string) {
  this.op = "func_addr"; this.dst = dst; this.symbol = symbol;
});
export const CallIndirectRecord = record(function (this: Writable<Of<LInst, "call_indirect">>, dsts: readonly LValue[], callee: LValue, args: readonly LValue[]) {
  this.op = "call_indirect"; this.dsts = dsts; this.callee = callee; this.args = args;
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
export const BrTableRecord = record(function (this: Writable<Of<LTerm, "br_table">>, index: LValue, dflt: LEdge, targets: readonly LEdge[]) {
  this.op = "br_table"; this.index = index; this.default = dflt; this.targets = targets;
});
export const SwitchRecord = record(function (this: Writable<Of<LTerm, "switch">>, value: LValue, dflt: LEdge, cases: readonly bigint[], targets: readonly LEdge[]) {
  this.op = "switch"; this.value = value; this.default = dflt; this.cases = cases; this.targets = targets;
});
export const TrapRecord = record(function (this: Writable<Of<LTerm, "trap">>) {
  this.op = "trap";
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

/*
 * The instructions and terminators the passes make after the builder (a
 * folded constant, an operand renamed, a branch composed): each op has one
 * object shape, the builder's, wherever it is made. A reader that meets
 * several shapes of one op (a literal and a record of the same keys are two
 * shapes to V8) runs a generic property load at every instruction of every
 * pass after.
 */

/** `{ op: "iconst", dst, type, value }`. */
export const iconstInst = (dst: LValue, type: LIntType | "bool", value: bigint): LInst => new IconstRecord(dst, type, value);
/** `{ op: "fconst", dst, value }`. */
export const fconstInst = (dst: LValue, value: number): LInst => new FconstRecord(dst, value);
/** `{ op: "binary", kind, dst, a, b }`. */
export const binaryInst = (kind: LBinOp, dst: LValue, a: LValue, b: LValue): LInst => new BinaryRecord(kind, dst, a, b);
/** `{ op: "icmp", cc, dst, a, b }`. */
export const icmpInst = (cc: LIntCC, dst: LValue, a: LValue, b: LValue): LInst => new IcmpRecord(cc, dst, a, b);
/** `{ op: "fcmp", cc, dst, a, b }`. */
export const fcmpInst = (cc: LFloatCC, dst: LValue, a: LValue, b: LValue): LInst => new FcmpRecord(cc, dst, a, b);
/** `{ op: "select", dst, cond, a, b }`. */
export const selectInst = (dst: LValue, cond: LValue, a: LValue, b: LValue): LInst => new SelectRecord(dst, cond, a, b);
/** `{ op: "convert", kind, dst, src }`. */
export const convertInst = (kind: LConvKind, dst: LValue, src: LValue): LInst => new ConvertRecord(kind, dst, src);
/** `{ op: "unary", kind, dst, src }`. */
export const unaryInst = (kind: LUnOp, dst: LValue, src: LValue): LInst => new UnaryRecord(kind, dst, src);
/** `{ op: "opaque", dst, src }`. */
export const opaqueInst = (dst: LValue, src: LValue): LInst => new OpaqueRecord(dst, src);
/** `{ op: "ptr_add", dst, base, offset }`. */
export const ptrAddInst = (dst: LValue, base: LValue, offset: LValue): LInst => new PtrAddRecord(dst, base, offset);
/** `{ op: "symbol_addr", dst, symbol }`. */
export const symbolAddrInst = (dst: LValue, symbol: string): LInst => new SymbolAddrRecord(dst, symbol);

type Load = Of<LInst, "load">;

/** `{ op: "load", dst, type, addr, offset, readonly }`, with `unaligned` or `range` when given (a load with both is a literal: the lowering makes none, only a .lir text may hold one). */
export function loadInst(dst: LValue, type: Load["type"], addr: LValue, offset: number, readonly: boolean, unaligned?: true, range?: LLoadRange): LInst {
  if (unaligned && range) return { op: "load", dst, type, addr, offset, readonly, unaligned, range };
  if (unaligned) return new UnalignedLoadRecord(dst, type, addr, offset, readonly);
  return range ? new RangeLoadRecord(dst, type, addr, offset, readonly, range) : new LoadRecord(dst, type, addr, offset, readonly);
}

/** `load` reading `addr` instead (its other fields as they are). */
export const loadFrom = (load: Load, addr: LValue): LInst => loadInst(load.dst, load.type, addr, load.offset, load.readonly, load.unaligned, load.range);

/** `{ op: "store", addr, offset, value }`, with `unaligned` when given. */
export function storeInst(addr: LValue, offset: number, value: LValue, unaligned?: true): LInst {
  return unaligned ? new UnalignedStoreRecord(addr, offset, value) : new StoreRecord(addr, offset, value);
}

/** `{ op: "call", dsts, callee, args }`. */
export const callInst = (dsts: readonly LValue[], callee: string, args: readonly LValue[]): LInst => new CallRecord(dsts, callee, args);
/** `{ op: "call_indirect", dsts, callee, args }`. */
export const callIndirectInst = (dsts: readonly LValue[], callee: LValue, args: readonly LValue[]): LInst => new CallIndirectRecord(dsts, callee, args);

/** `{ op: "br_table", index, default, targets }`. */
export const brTableTerm = (index: LValue, dflt: LEdge, targets: readonly LEdge[]): LTerm => new BrTableRecord(index, dflt, targets);
/** `{ op: "switch", value, default, cases, targets }`. */
export const switchTerm = (value: LValue, dflt: LEdge, cases: readonly bigint[], targets: readonly LEdge[]): LTerm => new SwitchRecord(value, dflt, cases, targets);
/** `{ op: "return", values }`. */
export const returnTerm = (values: readonly LValue[]): LTerm => new ReturnRecord(values);

/** `inst` (not a call nor a store: they have no one result) defining `dst` instead, of the same shape. */
export function withDst(inst: Exclude<LInst, { op: "call" | "call_indirect" | "store" }>, dst: LValue): LInst {
  switch (inst.op) {
    case "iconst": return iconstInst(dst, inst.type, inst.value);
    case "fconst": return fconstInst(dst, inst.value);
    case "binary": return binaryInst(inst.kind, dst, inst.a, inst.b);
    case "icmp": return icmpInst(inst.cc, dst, inst.a, inst.b);
    case "fcmp": return fcmpInst(inst.cc, dst, inst.a, inst.b);
    case "select": return selectInst(dst, inst.cond, inst.a, inst.b);
    case "convert": return convertInst(inst.kind, dst, inst.src);
    case "unary": return unaryInst(inst.kind, dst, inst.src);
    case "opaque": return opaqueInst(dst, inst.src);
    case "load": return loadInst(dst, inst.type, inst.addr, inst.offset, inst.readonly, inst.unaligned, inst.range);
    case "stack_addr": return new StackAddrRecord(dst, inst.slot, inst.offset);
    case "symbol_addr": return symbolAddrInst(dst, inst.symbol);
    case "func_addr": return new FuncAddrRecord(dst, inst.symbol);
    case "ptr_add": return ptrAddInst(dst, inst.base, inst.offset);
  }
}
