/**
 * One function as the few numbers llvm-facts.ts solves over: each
 * instruction that sets a value as a row of typed arrays (what its
 * interval is computed from), block parameters, terminator edges with their
 * arguments, the edges into each block, and the blocks that read each value,
 * all as flat arrays by index (compressed rows). Reading a lowered
 * instruction object is a property load on one of many object shapes (about
 * 50 ns each); the solver visits a block several times, so it reads each
 * instruction once here and then only typed arrays.
 *
 * Invariants: rows follow the block and instruction order of the function
 * (the order llvm-facts.ts visits them in); `blockStart[b] .. blockStart[b + 1]`
 * are block b's rows, and likewise for parameters and edges; edges come in
 * `termEdges` order (@fzy/lir). The arrays are the scratch's (facts-scratch.ts):
 * valid until the next function is encoded with it.
 */
import type { LBinOp, LConvKind, LData, LEdge, LFunction, LInst, LIntType, LTerm, LValue } from "@fzy/lir";
import type { FactsScratch } from "./facts-scratch.js";

/** What a row's interval is computed from. */
export const enum Row {
  /** The whole type of its value (calls, addresses, floats, whatever the transfer does not know). */
  Full,
  /** An integer or bool constant (`x` holds a bool's value). */
  Const,
  /** A comparison: 0 or 1. */
  Compare,
  /** A load (`x` indexes `loads`). */
  Load,
  /** `a` or `b`. */
  Select,
  /** A conversion of `a` (`x` is a Conv, or -1 for one whose interval is not kept). */
  Convert,
  /** `a kind b` (`x` indexes BINARY_OPS). */
  Binary,
}

/** The binary operations by the index a Binary row holds. */
export const BINARY_OPS: readonly LBinOp[] = [
  "iadd", "isub", "imul", "sdiv", "srem", "udiv", "urem", "band", "bor", "bxor", "ishl", "ushr", "sshr",
  "fadd", "fsub", "fmul", "fdiv", "rotl", "rotr", "smin", "smax", "umin", "umax", "fmin", "fmax", "fcopysign",
];
const BINARY_INDEX = new Map<string, number>(BINARY_OPS.map((k, i) => [k, i]));

/** The conversions whose interval can be kept, by the index a Convert row holds (any other is its whole type). */
export const enum Conv { Uext, Sext, Trunc }

/** Slots of the scratch arrays (facts-scratch.ts) this file takes: int32 slots from I32_CODE on, byte slot U8_ROW. */
const I32_CODE = 8, U8_ROW = 8;

/** The encoded function. */
export interface FactsCode {
  readonly blockCount: number;
  readonly rowCount: number;
  readonly kind: Uint8Array;
  readonly dst: Int32Array;
  readonly a: Int32Array;
  readonly b: Int32Array;
  readonly x: Int32Array;
  readonly blockStart: Int32Array;
  readonly paramStart: Int32Array;
  readonly params: Int32Array;
  readonly edgeStart: Int32Array;
  readonly edgeTo: Int32Array;
  /** Arguments of edge e: args[argStart[e]] .. args[argStart[e + 1] - 1]. */
  readonly argStart: Int32Array;
  readonly args: Int32Array;
  /** The load instructions, by the index a Load row holds. */
  readonly loads: readonly Extract<LInst, { op: "load" }>[];
  /** Whether every edge goes to a later block or to block 0 (see llvm-facts.ts solve). */
  readonly forward: boolean;
}

/** Int32 rows from the scratch, copied into larger ones when full (edges and their arguments: their count is not known ahead). */
class Rows {
  n = 0;
  arr: Int32Array;
  constructor(private readonly scratch: FactsScratch, private readonly slot: number, size: number) {
    this.arr = scratch.i32(slot, size);
  }
  push(v: number): void {
    if (this.n === this.arr.length) {
      const next = this.scratch.i32(this.slot, 2 * this.arr.length + 16);
      next.set(this.arr.subarray(0, this.n));
      this.arr = next;
    }
    this.arr[this.n++] = v;
  }
}

/** The instruction rows being written: one per instruction but a store (more for a call with several results). */
class RowTable {
  n = 0;
  kind: Uint8Array;
  dst: Int32Array;
  a: Int32Array;
  b: Int32Array;
  x: Int32Array;
  constructor(private readonly scratch: FactsScratch, size: number) {
    this.kind = scratch.u8(U8_ROW, size);
    this.dst = scratch.i32(I32_CODE, size);
    this.a = scratch.i32(I32_CODE + 1, size);
    this.b = scratch.i32(I32_CODE + 2, size);
    this.x = scratch.i32(I32_CODE + 3, size);
  }
  add(k: Row, d: number, a: number, b: number, x: number): void {
    const r = this.n;
    if (r === this.kind.length || r === this.dst.length) this.grow();
    this.kind[r] = k;
    this.dst[r] = d;
    this.a[r] = a;
    this.b[r] = b;
    this.x[r] = x;
    this.n = r + 1;
  }
  private grow(): void {
    const size = 2 * this.n + 16, n = this.n, sc = this.scratch;
    const copy32 = (old: Int32Array, slot: number) => { const a = sc.i32(slot, size); a.set(old.subarray(0, n)); return a; };
    const kind = sc.u8(U8_ROW, size);
    kind.set(this.kind.subarray(0, n));
    this.kind = kind;
    this.dst = copy32(this.dst, I32_CODE);
    this.a = copy32(this.a, I32_CODE + 1);
    this.b = copy32(this.b, I32_CODE + 2);
    this.x = copy32(this.x, I32_CODE + 3);
  }
}

/** Calls `f` on each edge of a terminator, in `termEdges` order (@fzy/lir), without building a list. */
export function forEachEdge(t: LTerm, f: (e: LEdge) => void): void {
  switch (t.op) {
    case "jump": f(t.target); return;
    case "brif": f(t.then); f(t.else); return;
    case "br_table": f(t.default); for (const e of t.targets) f(e); return;
    case "return": case "trap": return;
  }
}

/** Numeric (at most 32 bits: intervals as numbers) or not, and integer or bool (intervals tracked) or not. */
const isTracked = (t: string): boolean => t === "i32" || t === "i64" || t === "bool" || t === "i8" || t === "i16";

/**
 * Encodes `fn`, also filling `ptrBase` (the base of each ptr_add) and
 * `symbols` (the symbol each symbol_addr names, made on the first) and
 * setting each integer constant with `constant`.
 */
export function encode(
  fn: LFunction, scratch: FactsScratch, ptrBase: Int32Array, symbols: { list: (string | undefined)[] | undefined },
  constant: SetConstant,
): FactsCode {
  const blocks = fn.blocks, n = blocks.length, types = fn.valueTypes, nv = types.length;
  let count = 0, paramCount = 0;
  for (let bi = 0; bi < n; bi++) {
    count += blocks[bi]!.insts.length;
    paramCount += blocks[bi]!.params.length;
  }
  const t = new RowTable(scratch, count + 1);
  const row: RowFn = (k, d, a, b, x) => t.add(k, d, a, b, x);
  const blockStart = scratch.i32(I32_CODE + 4, n + 1), paramStart = scratch.i32(I32_CODE + 5, n + 1);
  const params = scratch.i32(I32_CODE + 6, paramCount + 1), edgeStart = scratch.i32(I32_CODE + 7, n + 1);
  const edgeTo = new Rows(scratch, I32_CODE + 8, 2 * n + 1);
  const argStart = new Rows(scratch, I32_CODE + 9, 2 * n + 2);
  const args = new Rows(scratch, I32_CODE + 10, paramCount + 16);
  const loads: Extract<LInst, { op: "load" }>[] = [];
  let pn = 0, forward = true, bi = 0;
  const edge = (e: LEdge) => {
    if (e.block <= bi && e.block !== 0) forward = false;
    edgeTo.push(e.block);
    for (const v of e.args) args.push(v);
    argStart.push(args.n);
  };
  argStart.push(0);
  for (bi = 0; bi < n; bi++) {
    const block = blocks[bi]!;
    blockStart[bi] = t.n;
    paramStart[bi] = pn;
    for (const p of block.params) params[pn++] = p;
    edgeStart[bi] = edgeTo.n;
    for (const i of block.insts) encodeInst(i, types, row, loads, ptrBase, symbols, nv, constant);
    forEachEdge(block.term, edge);
  }
  blockStart[n] = t.n;
  paramStart[n] = pn;
  edgeStart[n] = edgeTo.n;
  return {
    blockCount: n, rowCount: t.n, kind: t.kind, dst: t.dst, a: t.a, b: t.b, x: t.x, blockStart, paramStart, params,
    edgeStart, edgeTo: edgeTo.arr, argStart: argStart.arr, args: args.arr, loads, forward,
  };
}

/** Records the value of integer constant v of type `type`. */
export type SetConstant = (v: LValue, value: bigint, type: LIntType) => void;

type RowFn = (k: Row, d: number, a: number, b: number, x: number) => void;

/** The rows of one instruction (none for a store; one per result of a call). */
function encodeInst(
  i: LInst, types: readonly string[], row: RowFn, loads: Extract<LInst, { op: "load" }>[], ptrBase: Int32Array,
  symbols: { list: (string | undefined)[] | undefined }, nv: number, constant: SetConstant,
): void {
  switch (i.op) {
    case "store": return;
    case "call": case "call_indirect":
      for (const d of i.dsts) row(Row.Full, d, 0, 0, 0);
      return;
    case "symbol_addr":
      (symbols.list ??= new Array(nv))[i.dst] = i.symbol;
      return row(Row.Full, i.dst, 0, 0, 0);
    case "ptr_add":
      ptrBase[i.dst] = i.base;
      return row(Row.Full, i.dst, 0, 0, 0);
    default: break;
  }
  const d = i.dst;
  if (!isTracked(types[d]!)) return row(Row.Full, d, 0, 0, 0);
  switch (i.op) {
    case "iconst":
      if (i.type !== "bool") constant(d, i.value, i.type);
      return row(Row.Const, d, 0, 0, i.type === "bool" ? Number(i.value & 1n) : 0);
    case "icmp": case "fcmp": return row(Row.Compare, d, 0, 0, 0);
    case "load":
      loads.push(i);
      return row(Row.Load, d, 0, 0, loads.length - 1);
    case "select": return row(Row.Select, d, i.a, i.b, 0);
    case "convert": {
      // Another kind is its whole type, but only once its operand is known, as for the kept ones.
      return row(Row.Convert, d, i.src, 0, convIndex(i.kind));
    }
    case "binary": return row(Row.Binary, d, i.a, i.b, BINARY_INDEX.get(i.kind) ?? -1);
    default: return row(Row.Full, d, 0, 0, 0);
  }
}

function convIndex(k: LConvKind): number {
  return k === "uext" ? Conv.Uext : k === "sext" ? Conv.Sext : k === "trunc" ? Conv.Trunc : -1;
}

/** Blocks by value in one flat array: the blocks of v are blocks[start[v]] .. blocks[start[v + 1] - 1]. */
export interface Readers {
  readonly start: Int32Array;
  readonly blocks: Int32Array;
}

/**
 * The blocks whose rows or edges read each value (an operand an interval is
 * computed from, or an edge argument), in increasing order without repeats.
 * A value only a Full row or a store reads is read by no block here: no
 * interval depends on it.
 */
export function readersOf(code: FactsCode, nv: number, scratch: FactsScratch): Readers {
  const start = scratch.i32(I32_CODE + 11, nv + 2, 0), last = scratch.i32(I32_CODE + 12, nv);
  const { kind, a, b, blockStart, edgeStart, argStart, args, blockCount } = code;
  let out: Int32Array | undefined;
  for (let pass = 0; pass < 2; pass++) {
    last.fill(-1, 0, nv);
    for (let bi = 0; bi < blockCount; bi++) {
      for (let r = blockStart[bi]!, end = blockStart[bi + 1]!; r < end; r++) {
        const k = kind[r]!;
        if (k === Row.Select || k === Row.Binary) {
          use(a[r]!, bi);
          use(b[r]!, bi);
        } else if (k === Row.Convert) use(a[r]!, bi);
      }
      for (let k = argStart[edgeStart[bi]!]!, end = argStart[edgeStart[bi + 1]!]!; k < end; k++) use(args[k]!, bi);
    }
    if (!out) {
      for (let v = 0; v < nv; v++) start[v + 2]! += start[v + 1]!;
      out = scratch.i32(I32_CODE + 13, start[nv + 1]!);
    }
  }
  return { start, blocks: out! };

  function use(v: number, bi: number): void {
    if (v < 0 || v >= nv || last[v] === bi) return;
    last[v] = bi;
    if (out) out[start[v + 1]!++] = bi;
    else start[v + 2]!++;
  }
}

/** The data objects a load may read from, as llvm-facts.ts asks them. */
export type DataTable = ReadonlyMap<string, LData>;
