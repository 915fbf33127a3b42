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
 * `termEdges` order (@fzy/lir). The arrays are the encoder's, made once per
 * module: valid until the next function is encoded with it.
 */
import type { LBinOp, LBlock, LConvKind, LData, LEdge, LFunction, LInst, LIntType, LType, LValue } from "@fzy/lir";
import type { FactsScratch } from "./facts-scratch.js";

/** What a row's interval is computed from (the kinds that read an operand last, from Select on: llvm-facts.ts relies on the order). */
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
/**
 * The index of each binary operation in BINARY_OPS: an object (a keyed read cost less than Map#get per row)
 * without a prototype, so no other kind reads as an inherited property.
 */
const BINARY_INDEX: Readonly<Record<LBinOp, number>> = Object.assign(Object.create(null) as Record<LBinOp, number>, Object.fromEntries(BINARY_OPS.map((k, i) => [k, i])));

/** The conversions whose interval can be kept, by the index a Convert row holds (any other is its whole type). */
export const enum Conv { Uext, Sext, Trunc }

/** Slots of the scratch arrays (facts-scratch.ts) readersOf takes. */
const I32_READERS = 8;

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

/** `arr`, or a new array at least `need` long when it is shorter (contents not kept: encode rewrites them). */
function grow(arr: Int32Array, need: number): Int32Array {
  return arr.length >= need ? arr : new Int32Array(Math.max(need, 2 * arr.length));
}

/** A copy of `arr` at least `need` long (at least double: amortised linear growth). */
function grownCopy(arr: Int32Array, need: number): Int32Array {
  const next = new Int32Array(Math.max(need, 2 * arr.length));
  next.set(arr);
  return next;
}

/** Numeric (at most 32 bits: intervals as numbers) or not, and integer or bool (intervals tracked) or not. */
const isTracked = (t: string): boolean => t === "i32" || t === "i64" || t === "bool" || t === "i8" || t === "i16";

/** Where encoding puts what it learns besides the rows: constants, ptr_add bases, symbol_addr symbols. */
export interface EncodeSink {
  /** The base of each ptr_add, by value (-1: none); filled while encoding. */
  readonly ptrBase: Int32Array;
  /** The symbol each symbol_addr names, by value (made at the first). */
  symbols: (string | undefined)[] | undefined;
  /** Records the value of integer constant v of type `type`. */
  constant(v: LValue, value: bigint, type: LIntType): void;
}

/**
 * Encodes one function after another into the same arrays (made per module,
 * grown when a function needs more): the FactsCode of the last function
 * encoded, no object per function (the list of loads too is reused).
 */
export class FactsEncoder implements FactsCode {
  blockCount = 0;
  rowCount = 0;
  kind: Uint8Array = new Uint8Array(64);
  dst: Int32Array = new Int32Array(64);
  a: Int32Array = new Int32Array(64);
  b: Int32Array = new Int32Array(64);
  x: Int32Array = new Int32Array(64);
  blockStart: Int32Array = new Int32Array(16);
  paramStart: Int32Array = new Int32Array(16);
  params: Int32Array = new Int32Array(16);
  edgeStart: Int32Array = new Int32Array(16);
  edgeTo: Int32Array = new Int32Array(16);
  argStart: Int32Array = new Int32Array(16);
  args: Int32Array = new Int32Array(16);
  loads: Extract<LInst, { op: "load" }>[] = [];
  forward = true;
  private types: readonly LType[] = [];
  private edgeN = 0;
  private argN = 0;
  private sink: EncodeSink | undefined;

  /**
   * Encodes `fn`, filling `sink` on the way. Rows and parameters each define
   * a value of their own, so the value count bounds both and the arrays are
   * sized before reading any block; edges and their arguments, which no
   * count bounds, grow on the way. (A first pass counting them read every
   * block object twice, and each read of a large function's blocks misses
   * the cache.)
   */
  encode(fn: LFunction, sink: EncodeSink): FactsCode {
    const blocks = fn.blocks, n = blocks.length, nv = fn.valueTypes.length;
    this.types = fn.valueTypes;
    this.sink = sink;
    this.reserve(nv + 1, n + 1, nv + 1);
    this.loads.length = 0;
    this.rowCount = 0;
    this.forward = true;
    let pn = 0;
    this.edgeN = 0;
    this.argN = 0;
    this.argStart[0] = 0;
    // One call per block, indexed loops inside: a function of many blocks is encoded in one call
    // of encode, which the engine compiles on the fly (OSR) and dropped several times as new
    // terminator kinds appeared, leaving the loop in the interpreter, where for-of allocates per element.
    for (let bi = 0; bi < n; bi++) pn = this.block(blocks[bi]!, bi, pn);
    this.blockStart[n] = this.rowCount;
    this.paramStart[n] = pn;
    this.edgeStart[n] = this.edgeN;
    this.blockCount = n;
    this.sink = undefined;
    return this;
  }

  /** Encodes block `bi`, its parameters from index `pn` on; the index after them. */
  private block(block: LBlock, bi: number, pn: number): number {
    this.blockStart[bi] = this.rowCount;
    this.paramStart[bi] = pn;
    const ps = block.params, insts = block.insts;
    // Only a function that defines a value twice has more parameters than values.
    if (pn + ps.length > this.params.length) this.params = grownCopy(this.params, pn + ps.length);
    for (let k = 0; k < ps.length; k++) this.params[pn++] = ps[k]!;
    this.edgeStart[bi] = this.edgeN;
    for (let k = 0; k < insts.length; k++) this.inst(insts[k]!);
    const t = block.term;
    if (t.op === "jump") this.edge(t.target, bi);
    else if (t.op === "brif") { this.edge(t.then, bi); this.edge(t.else, bi); }
    else if (t.op === "br_table" || t.op === "switch") {
      this.edge(t.default, bi);
      const targets = t.targets;
      for (let k = 0; k < targets.length; k++) this.edge(targets[k]!, bi);
    }
    return pn;
  }

  /** Appends an edge of block `from` (its arguments after those of the edges before). */
  private edge(e: LEdge, from: number): void {
    if (e.block <= from && e.block !== 0) this.forward = false;
    const args = e.args, at = this.edgeN;
    // argStart holds one entry more than edgeTo: room for edge at + 1's start.
    if (at + 2 > this.argStart.length) {
      this.edgeTo = grownCopy(this.edgeTo, at + 2);
      this.argStart = grownCopy(this.argStart, at + 2);
    }
    if (this.argN + args.length > this.args.length) this.args = grownCopy(this.args, this.argN + args.length);
    this.edgeTo[at] = e.block;
    for (let k = 0; k < args.length; k++) this.args[this.argN++] = args[k]!;
    this.edgeN = at + 1;
    this.argStart[at + 1] = this.argN;
  }

  /** Makes the arrays of rows, blocks and parameters at least as long as a function of these counts needs. */
  private reserve(rows: number, blocks: number, params: number): void {
    if (this.kind.length < rows) {
      const size = Math.max(rows, 2 * this.kind.length);
      this.kind = new Uint8Array(size);
      this.dst = new Int32Array(size);
      this.a = new Int32Array(size);
      this.b = new Int32Array(size);
      this.x = new Int32Array(size);
    }
    this.blockStart = grow(this.blockStart, blocks);
    this.paramStart = grow(this.paramStart, blocks);
    this.edgeStart = grow(this.edgeStart, blocks);
    this.params = grow(this.params, params);
  }

  /** Appends a row (a call with several results can need more rows than instructions). */
  private row(k: Row, d: number, a: number, b: number, x: number): void {
    const r = this.rowCount;
    if (r === this.kind.length) this.growRows();
    this.kind[r] = k;
    this.dst[r] = d;
    this.a[r] = a;
    this.b[r] = b;
    this.x[r] = x;
    this.rowCount = r + 1;
  }

  private growRows(): void {
    const size = 2 * this.kind.length;
    const copy = <T extends Int32Array | Uint8Array>(old: T, next: T): T => {
      next.set(old);
      return next;
    };
    this.kind = copy(this.kind, new Uint8Array(size));
    this.dst = copy(this.dst, new Int32Array(size));
    this.a = copy(this.a, new Int32Array(size));
    this.b = copy(this.b, new Int32Array(size));
    this.x = copy(this.x, new Int32Array(size));
  }

  /**
   * The rows of one instruction (none for a store; one per result of a call).
   * One switch on the opcode, each case reading its own fields: a read of
   * `dst` shared by every opcode was a lookup over all their object shapes.
   */
  private inst(i: LInst): void {
    switch (i.op) {
      case "store": return;
      case "call": case "call_indirect":
        for (let k = 0; k < i.dsts.length; k++) this.row(Row.Full, i.dsts[k]!, 0, 0, 0);
        return;
      case "symbol_addr":
        (this.sink!.symbols ??= new Array(this.types.length))[i.dst] = i.symbol;
        return this.row(Row.Full, i.dst, 0, 0, 0);
      case "ptr_add":
        this.sink!.ptrBase[i.dst] = i.base;
        return this.row(Row.Full, i.dst, 0, 0, 0);
      case "iconst": {
        const d = i.dst;
        if (!isTracked(this.types[d]!)) return this.row(Row.Full, d, 0, 0, 0);
        if (i.type !== "bool") this.sink!.constant(d, i.value, i.type);
        return this.row(Row.Const, d, 0, 0, i.type === "bool" ? Number(i.value & 1n) : 0);
      }
      case "icmp": case "fcmp": return this.row(isTracked(this.types[i.dst]!) ? Row.Compare : Row.Full, i.dst, 0, 0, 0);
      case "load": {
        const d = i.dst;
        if (!isTracked(this.types[d]!)) return this.row(Row.Full, d, 0, 0, 0);
        this.loads.push(i);
        return this.row(Row.Load, d, 0, 0, this.loads.length - 1);
      }
      case "select": return isTracked(this.types[i.dst]!) ? this.row(Row.Select, i.dst, i.a, i.b, 0) : this.row(Row.Full, i.dst, 0, 0, 0);
      // Another kind than the kept ones is its whole type, but only once its operand is known, as for those.
      case "convert": return isTracked(this.types[i.dst]!) ? this.row(Row.Convert, i.dst, i.src, 0, convIndex(i.kind)) : this.row(Row.Full, i.dst, 0, 0, 0);
      case "binary":
        return isTracked(this.types[i.dst]!) ? this.row(Row.Binary, i.dst, i.a, i.b, BINARY_INDEX[i.kind] ?? -1) : this.row(Row.Full, i.dst, 0, 0, 0);
      default: return this.row(Row.Full, i.dst, 0, 0, 0);
    }
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
 * Where a first round over every block (llvm-facts.ts solve) changed each
 * value last, and the blocks that round made stale: position 2 * b of a
 * value set by a row of block b (or an entry parameter, b = 0), 2 * b + 1
 * by an edge of block b (-1: not changed). A block read a value changed
 * after its visit exactly when the value's last position is past 2 * b.
 */
export interface LastChanges {
  readonly position: Int32Array;
  /** The stale blocks, marked here (one bit per block: block b is bit b & 31 of word b >>> 5). */
  readonly stale: Int32Array;
}

/**
 * The blocks whose rows or edges read each value (an operand an interval is
 * computed from, or an edge argument), in increasing order without repeats.
 * A value only a Full row or a store reads is read by no block here: no
 * interval depends on it.
 *
 * With `changes`, the blocks that read a value after its last change are
 * marked stale on the way, and when there is none the readers are not made
 * (undefined): nothing would ever ask for them.
 */
export function readersOf(code: FactsCode, nv: number, scratch: FactsScratch): Readers;
export function readersOf(code: FactsCode, nv: number, scratch: FactsScratch, changes: LastChanges): Readers | undefined;
export function readersOf(code: FactsCode, nv: number, scratch: FactsScratch, changes?: LastChanges): Readers | undefined {
  const start = scratch.i32(I32_READERS, nv + 2, 0), last = scratch.i32(I32_READERS + 1, nv);
  const { kind, a, b, blockStart, edgeStart, argStart, args, blockCount } = code;
  const position = changes?.position, stale = changes?.stale;
  let out: Int32Array | undefined, anyStale = false;
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
      if (position && !anyStale) return undefined;
      for (let v = 0; v < nv; v++) start[v + 2]! += start[v + 1]!;
      out = scratch.i32(I32_READERS + 2, start[nv + 1]!);
    }
  }
  return { start, blocks: out! };

  function use(v: number, bi: number): void {
    if (v < 0 || v >= nv || last[v] === bi) return;
    last[v] = bi;
    if (out) out[start[v + 1]!++] = bi;
    else {
      start[v + 2]!++;
      if (position && position[v]! > 2 * bi) {
        stale![bi >>> 5]! |= 1 << (bi & 31);
        anyStale = true;
      }
    }
  }
}

/** The data objects a load may read from, as llvm-facts.ts asks them. */
export type DataTable = ReadonlyMap<string, LData>;
