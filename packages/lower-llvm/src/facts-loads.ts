/**
 * What an integer load may read, for llvm-facts.ts: the values a read-only
 * data object of the module holds where the load may read (the smallest
 * and largest value of the load's type there), within the range the load
 * itself carries (lir types.ts LLoadRange, which the lowering promises).
 * A load through a ptr_add may read anywhere in the object; an aligned one
 * from an object aligned at least as much only at multiples of its size.
 */
import { bitWidth, type LData, type LInst, type LIntType, type LValue } from "@fzy/lir";
import { isInt, type Range, UMAX } from "./facts-intervals.js";

type Load = Extract<LInst, { op: "load" }>;

/** How a load's address is made: the base of each ptr_add (-1: none) and the symbol each symbol_addr names. */
export interface Addresses {
  readonly ptrBase: Int32Array;
  readonly symbols: readonly (string | undefined)[] | undefined;
  readonly valueCount: number;
}

/** Where DataRanges keeps an object's range for a load of each integer type, by stride (1: every byte offset; 2: the type's size). */
const RANGE_SLOT: Readonly<Record<LIntType, number>> = { i8: 0, i16: 2, i32: 4, i64: 6 };

/** The loads' ranges of one module, by data object, type and stride (each object's bytes are read once per key). */
export class DataRanges {
  /** By object: its ranges by RANGE_SLOT + stride slot (null: none; undefined: not read yet). */
  private readonly ranges = new Map<LData, (Range | null | undefined)[]>();

  constructor(private readonly data: ReadonlyMap<string, LData>) {}

  /** What an integer load may read: its data object's values, within the range it carries (undefined: either unknown). */
  loaded(i: Load, at: Addresses): Range | undefined {
    const data = this.fromData(i, at);
    if (!i.range) return data;
    const own: Range = [i.range.lo, i.range.hi - 1n];
    if (!data) return own;
    // Both hold: their intersection (empty only where no well-formed program loads: then the carried range).
    const lo = data[0] > own[0] ? data[0] : own[0], hi = data[1] < own[1] ? data[1] : own[1];
    return lo <= hi ? [lo, hi] : own;
  }

  /** What an integer load from a read-only data object of the module may read (undefined: not such a load). */
  private fromData(i: Load, at: Addresses): Range | undefined {
    if (!isInt(i.type)) return undefined;
    let base: LValue = i.addr, exact = true;
    for (let steps = 0; steps < 8 && base >= 0 && base < at.valueCount && at.ptrBase[base]! >= 0; steps++) {
      base = at.ptrBase[base]! as LValue;
      exact = false;
    }
    const sym = at.symbols?.[base];
    const d = sym === undefined ? undefined : this.data.get(sym);
    if (!d || d.writable || d.relocs.length > 0) return undefined;
    const size = bitWidth(i.type) / 8;
    if (exact) return readRange(d.bytes, i.offset, i.offset, 1, size, i.type);
    // An aligned load from an object aligned at least as much reads at multiples of its size only.
    const stride = !i.unaligned && d.align >= size ? size : 1;
    let byKey = this.ranges.get(d);
    if (byKey === undefined) this.ranges.set(d, (byKey = new Array<Range | null | undefined>(8)));
    const slot = RANGE_SLOT[i.type] + (stride === 1 ? 0 : 1);
    let r = byKey[slot];
    if (r === undefined) byKey[slot] = r = readRange(d.bytes, 0, d.bytes.length - size, stride, size, i.type) ?? null;
    return r ?? undefined;
  }
}

/** Smallest and largest little-endian `size`-byte value at offsets from..to by `stride`; undefined when there is none. */
function readRange(bytes: Uint8Array, from: number, to: number, stride: number, size: number, t: LIntType): Range | undefined {
  if (from < 0 || to + size > bytes.length || from > to) return undefined;
  let lo = UMAX[t], hi = 0n;
  for (let o = from; o <= to; o += stride) {
    let v = 0n;
    for (let k = size - 1; k >= 0; k--) v = (v << 8n) | BigInt(bytes[o + k]!);
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/** The `!range` node text of an unsigned interval of type `t` ([lo, hi + 1) in signed spelling, as LangRef writes it). */
export function rangeNode(t: LIntType, r: Range): string {
  const w = bitWidth(t);
  const s = (x: bigint) => BigInt.asIntN(w, x).toString();
  return `!{${t} ${s(r[0])}, ${t} ${s(r[1] + 1n)}}`;
}
