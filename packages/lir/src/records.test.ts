import test from "ava";
import {
  BinaryRecord, block, BlockRecord, BrifRecord, CallRecord, ConvertRecord, edge, FcmpRecord, FconstRecord, IcmpRecord, IconstRecord, jumpTerm,
  LoadRecord, OpaqueRecord, PtrAddRecord, RangeLoadRecord, ReturnRecord, SelectRecord, SlotRecord, StackAddrRecord, StoreRecord, UnaryRecord,
  brTableTerm, callIndirectInst, loadInst, storeInst, switchTerm, symbolAddrInst, withDst,
} from "./records.js";
import type { LBlockId, LValue } from "./types.js";

const v = (n: number) => n as LValue;
const b0 = 0 as LBlockId;

/** Each record beside the literal it stands for: the same own keys in the same order, the same values, Object.prototype. */
const PAIRS: [string, object, object][] = [
  ["iconst", new IconstRecord(v(1), "i32", 7n), { op: "iconst", dst: 1, type: "i32", value: 7n }],
  ["fconst", new FconstRecord(v(1), 0.5), { op: "fconst", dst: 1, value: 0.5 }],
  ["binary", new BinaryRecord("iadd", v(3), v(1), v(2)), { op: "binary", kind: "iadd", dst: 3, a: 1, b: 2 }],
  ["icmp", new IcmpRecord("slt", v(3), v(1), v(2)), { op: "icmp", cc: "slt", dst: 3, a: 1, b: 2 }],
  ["fcmp", new FcmpRecord("lt", v(3), v(1), v(2)), { op: "fcmp", cc: "lt", dst: 3, a: 1, b: 2 }],
  ["select", new SelectRecord(v(4), v(1), v(2), v(3)), { op: "select", dst: 4, cond: 1, a: 2, b: 3 }],
  ["convert", new ConvertRecord("sext", v(2), v(1)), { op: "convert", kind: "sext", dst: 2, src: 1 }],
  ["unary", new UnaryRecord("clz", v(2), v(1)), { op: "unary", kind: "clz", dst: 2, src: 1 }],
  ["opaque", new OpaqueRecord(v(2), v(1)), { op: "opaque", dst: 2, src: 1 }],
  ["load", new LoadRecord(v(2), "i64", v(1), 8, true), { op: "load", dst: 2, type: "i64", addr: 1, offset: 8, readonly: true }],
  ["load in range", new RangeLoadRecord(v(2), "i32", v(1), 0, false, { lo: 0n, hi: 3n }), { op: "load", dst: 2, type: "i32", addr: 1, offset: 0, readonly: false, range: { lo: 0n, hi: 3n } }],
  ["store", new StoreRecord(v(1), 4, v(2)), { op: "store", addr: 1, offset: 4, value: 2 }],
  ["stack_addr", new StackAddrRecord(v(1), 0, 8), { op: "stack_addr", dst: 1, slot: 0, offset: 8 }],
  ["ptr_add", new PtrAddRecord(v(3), v(1), v(2)), { op: "ptr_add", dst: 3, base: 1, offset: 2 }],
  ["call", new CallRecord([v(3)], "f", [v(1)]), { op: "call", dsts: [3], callee: "f", args: [1] }],
  ["unaligned load", loadInst(v(2), "i64", v(1), 0, false, true), { op: "load", dst: 2, type: "i64", addr: 1, offset: 0, readonly: false, unaligned: true }],
  ["readonly load in range", loadInst(v(2), "i8", v(1), 0, true, undefined, { lo: 0n, hi: 1n }), { op: "load", dst: 2, type: "i8", addr: 1, offset: 0, readonly: true, range: { lo: 0n, hi: 1n } }],
  ["unaligned store", storeInst(v(1), 0, v(2), true), { op: "store", addr: 1, offset: 0, value: 2, unaligned: true }],
  ["symbol_addr", symbolAddrInst(v(1), "d"), { op: "symbol_addr", dst: 1, symbol: "d" }],
  ["call_indirect", callIndirectInst([], v(1), [v(2)]), { op: "call_indirect", dsts: [], callee: 1, args: [2] }],
  ["br_table", brTableTerm(v(1), edge(b0, []), []), { op: "br_table", index: 1, default: { block: 0, args: [] }, targets: [] }],
  ["switch", switchTerm(v(1), edge(b0, []), [3n], [edge(b0, [])]), { op: "switch", value: 1, default: { block: 0, args: [] }, cases: [3n], targets: [{ block: 0, args: [] }] }],
  ["load with another result", withDst(new LoadRecord(v(2), "i64", v(1), 8, true), v(5)), { op: "load", dst: 5, type: "i64", addr: 1, offset: 8, readonly: true }],
  ["func_addr with another result", withDst({ op: "func_addr", dst: v(1), symbol: "f" }, v(4)), { op: "func_addr", dst: 4, symbol: "f" }],
  ["edge", edge(b0, [v(1)]), { block: 0, args: [1] }],
  ["jump", jumpTerm(edge(b0, [])), { op: "jump", target: { block: 0, args: [] } }],
  ["brif", new BrifRecord(v(1), edge(b0, []), edge(b0, [])), { op: "brif", cond: 1, then: { block: 0, args: [] }, else: { block: 0, args: [] } }],
  ["return", new ReturnRecord([v(1)]), { op: "return", values: [1] }],
  ["block", block([v(0)], [], new ReturnRecord([]), true), { params: [0], insts: [], term: { op: "return", values: [] }, cold: true }],
  ["block record", new BlockRecord([], [], new ReturnRecord([]), false), { params: [], insts: [], term: { op: "return", values: [] }, cold: false }],
  ["slot", new SlotRecord(16, 8), { size: 16, align: 8 }],
];

for (const [name, made, literal] of PAIRS) {
  test(`record ${name} is the literal it stands for`, (t) => {
    t.is(Object.getPrototypeOf(made), Object.prototype);
    t.deepEqual(Object.keys(made), Object.keys(literal));
    t.deepEqual(made, literal);
    t.is(JSON.stringify(made, (_, x: unknown) => (typeof x === "bigint" ? `${x}n` : x)), JSON.stringify(literal, (_, x: unknown) => (typeof x === "bigint" ? `${x}n` : x)));
  });
}
