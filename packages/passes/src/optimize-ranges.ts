/**
 * Reductions that need value ranges of the lowered form itself: an unsigned
 * remainder by a constant C whose dividend is proven below 2C becomes a
 * compare and a conditional subtract (`x >= C ? x - C : x`), the way LLVM
 * rewrites `(acc + k) % 251` once it knows both terms; Cranelift keeps the
 * multiply-and-shift sequence, which sits on the loop-carried chain of
 * every checksum.
 *
 * Ranges are unsigned intervals of a value's width, computed on demand from
 * the definitions (constants, remainders, quotients, masks, sums without
 * wrap-around, selects, zero extensions, table loads whose contents the
 * table pass recorded, block parameters as the union of what every edge
 * passes). A value met again while its own range is being computed (a
 * loop) is taken as unbounded, so the result is sound without iteration;
 * so is one more than MAX_DEPTH definitions away. Each value is evaluated
 * at most once per query root and the depth is bounded: linear in the function.
 */
import { binaryInst, bitWidth, icmpInst, type LEdge, type LInst, type LValue, selectInst } from "@fzy/lir";
import { edgesInto, type MFunction, type Replacements } from "./optimize-ir.js";
import { Scratch } from "./optimize-scratch.js";

type Range = readonly [bigint, bigint];

/** How deep a range follows definitions before it takes "unbounded" (keeps the recursion shallow). */
const MAX_DEPTH = 64;

/** Ranges' tables, shared by every function and refilled per use (the optimizer is not re-entrant): the block (+ 1) and index of each parameter. */
const PARAM_BLOCK = new Scratch(), PARAM_INDEX = new Scratch(), REMAINDERS = new Scratch();
/** The defining instruction by value id, shared the same way (grown, never shrunk; the first entries are emptied per function). */
let DEFS: (LInst | undefined)[] = [];

class Ranges {
  private depth = 0;
  private readonly memo = new Map<LValue, Range>();
  /** By value id (dense arrays, not maps): the defining instruction, or the block (+ 1) and index of the parameter it is. */
  private readonly def: (LInst | undefined)[];
  private readonly paramBlock: Int32Array;
  private readonly paramIndex: Int32Array;
  /** The values when the tables were made (the shared tables' entries past it are stale; the rewrite adds values). */
  private readonly n: number;
  /** The edges into each block, made at the first parameter asked about. */
  private incoming_: LEdge[][] | undefined;

  /** The tables of `m`, renamed by `r`'s table `final` (Replacements.take) in the same walk; `remainders[b]` set for each block with a `urem`. */
  constructor(private readonly m: MFunction, r: Replacements, final: Int32Array | undefined, remainders: Int32Array) {
    const values = (this.n = m.types.length);
    // Filled to the function's size: stores by value id into an empty array made it sparse (a slow dictionary).
    if (DEFS.length < values) DEFS = new Array<LInst | undefined>(Math.max(values, 2 * DEFS.length)).fill(undefined);
    else DEFS.fill(undefined, 0, values);
    this.def = DEFS;
    this.paramBlock = PARAM_BLOCK.take(values, 0);
    this.paramIndex = PARAM_INDEX.take(values, 0);
    const n = m.blocks.length;
    for (let b = 0; b < n; b++) {
      const blk = m.blocks[b]!;
      if (blk.dead) continue;
      if (final) r.applyToBlock(m, blk, final);
      if (b !== 0) for (let k = 0; k < blk.params.length; k++) { this.paramBlock[blk.params[k]!] = b + 1; this.paramIndex[blk.params[k]!] = k; }
      const insts = blk.insts;
      for (let k = 0; k < insts.length; k++) {
        const i = insts[k]!, op = i.op; // (read once: see instDef)
        if (op === "store" || op === "call" || op === "call_indirect") continue;
        this.def[(i as { readonly dst: LValue }).dst] = i;
        if (op === "binary" && (i as { readonly kind: string }).kind === "urem") remainders[b] = 1;
      }
    }
  }

  private full(v: LValue): Range {
    const t = this.m.types[v]!;
    return t === "bool" ? FULL_BOOL : fullOfWidth(bitWidth(t));
  }

  of(v: LValue): Range {
    const known = this.memo.get(v) ?? this.m.knownRange(v);
    if (known) return known;
    // A cycle back to v sees "unbounded"; so does a definition chain deeper than MAX_DEPTH (no deep recursion).
    if (this.depth >= MAX_DEPTH) return this.full(v);
    this.memo.set(v, this.full(v));
    this.depth++;
    const r = this.compute(v);
    this.depth--;
    this.memo.set(v, r);
    return r;
  }

  private compute(v: LValue): Range {
    const full = this.full(v);
    if (v >= this.n) return full; // made by the rewrite
    const pb = this.paramBlock[v]!;
    if (pb > 0) {
      const edges = (this.incoming_ ??= edgesInto(this.m))[pb - 1]!, k = this.paramIndex[v]!;
      if (edges.length === 0) return full;
      return edges.map((e) => this.of(e.args[k]!)).reduce(union);
    }
    const i = this.def[v];
    if (!i) return full;
    switch (i.op) {
      case "iconst": return i.type === "bool" ? [i.value & 1n, i.value & 1n] : point(BigInt.asUintN(bitWidth(i.type), i.value));
      case "select": return union(this.of(i.a), this.of(i.b));
      case "convert": return i.kind === "uext" ? this.of(i.src) : full;
      case "binary": return this.binary(i, full);
      default: return full;
    }
  }

  private binary(i: Extract<LInst, { op: "binary" }>, full: Range): Range {
    const c = this.constant(i.b);
    switch (i.kind) {
      case "urem": return c !== undefined && c > 0n ? [0n, c - 1n] : full;
      case "udiv": {
        if (c === undefined || c === 0n) return full;
        const [lo, hi] = this.of(i.a);
        return [lo / c, hi / c];
      }
      case "band": return c !== undefined ? [0n, c] : full;
      case "iadd": {
        const [alo, ahi] = this.of(i.a), [blo, bhi] = this.of(i.b);
        return ahi + bhi <= full[1] ? [alo + blo, ahi + bhi] : full;
      }
      default: return full;
    }
  }

  /** The unsigned value of `v` when it is a constant. */
  constant(v: LValue): bigint | undefined {
    const i = v < this.n ? this.def[v] : undefined;
    return i?.op === "iconst" && i.type !== "bool" ? BigInt.asUintN(bitWidth(i.type), i.value) : undefined;
  }
}

/** The range of every value of a width, made once per width (ranges are never written: a pass makes a new one). */
const FULL_BOOL: Range = [0n, 1n], FULL: Range[] = [];
const fullOfWidth = (w: number): Range => (FULL[w] ??= [0n, (1n << BigInt(w)) - 1n]);

const point = (c: bigint): Range => [c, c];
const union = (a: Range, b: Range): Range => [a[0] < b[0] ? a[0] : b[0], a[1] > b[1] ? a[1] : b[1]];

/**
 * Rewrite the remainders the ranges allow (see the file header). The ranges
 * read final operands: `r` is applied first, in the walk that makes the
 * tables (and finds the blocks with a remainder left).
 */
export function reduceByRanges(m: MFunction, r: Replacements): void {
  const remainders = REMAINDERS.take(m.blocks.length, 0);
  const ranges = new Ranges(m, r, r.take(m), remainders);
  for (let b = 0; b < m.blocks.length; b++) {
    const blk = m.blocks[b]!;
    if (blk.dead || remainders[b] !== 1) continue;
    // The block's list is rewritten from its first reduced remainder on (most remainders stay): until then `out` is undefined.
    const insts = blk.insts;
    let out: LInst[] | undefined;
    for (let k = 0; k < insts.length; k++) {
      const i = insts[k]!;
      const c = i.op === "binary" && i.kind === "urem" ? ranges.constant(i.b) : undefined;
      if (i.op !== "binary" || c === undefined || c === 0n || ranges.of(i.a)[1] >= 2n * c) {
        out?.push(i);
        continue;
      }
      out ??= insts.slice(0, k);
      // x < 2C: x % C = x >= C ? x - C : x.
      const t = m.types[i.dst]!;
      const ge = m.fresh("bool"), less = m.fresh(t);
      out.push(icmpInst("uge", ge, i.a, i.b), binaryInst("isub", less, i.a, i.b), selectInst(i.dst, ge, less, i.a));
    }
    if (out) blk.insts = out;
  }
}
