/**
 * The values of an unrolling's copies (optimize-unroll.ts): the map from
 * each value of the loop to its value in one copy, and an instruction
 * copied under it. The map is dense by value id and serves every copy of
 * one unrolling, since each copy maps the same values; a Map per copy was
 * made and filled for every trip.
 */
import { callIndirectInst, callInst, type LInst, type LValue, storeInst, withDst } from "@fzy/lir";
import { carryOrigin, instDef, type MBlock, mapInstUses, type MFunction } from "./optimize-ir.js";
import { Scratch } from "./optimize-scratch.js";

const COPY = new Scratch();

/**
 * The value map of the copies of one unrolling, dense by value id: every
 * value it maps (a region block's definition or a header parameter) is
 * older than the unrolling, so below `n`; the values it maps to may be
 * newer. A value it does not map reads as itself.
 */
export class CopyMap {
  private readonly to: Int32Array;
  /** The value `v` reads as in the current copy. */
  readonly val = (v: LValue): LValue => {
    const x = v < this.n ? this.to[v]! : -1;
    return x >= 0 ? (x as LValue) : v;
  };

  constructor(private readonly n: number) {
    this.to = COPY.take(n, -1);
  }

  set(v: LValue, to: LValue): void {
    this.to[v] = to;
  }
}

/** `map` for one copy: every value the region's blocks define, to itself (`keep`, copy 0) or to a fresh value. */
export function fillCopyMap(m: MFunction, blocks: readonly MBlock[], keep: boolean, map: CopyMap): void {
  for (let x = 0; x < blocks.length; x++) {
    const blk = blocks[x]!;
    if (x > 0) for (const p of blk.params) map.set(p, keep ? p : m.fresh(m.types[p]!));
    for (const i of blk.insts) {
      if (i.op === "call" || i.op === "call_indirect") for (const d of i.dsts) map.set(d, keep ? d : m.fresh(m.types[d]!));
      else {
        const d = instDef(i);
        if (d !== undefined) map.set(d, keep ? d : m.fresh(m.types[d]!));
      }
    }
  }
}

/**
 * `inst` with its operands and results renamed by `val`, always a new object
 * for a store too: finish renames instruction objects in place, and one
 * object in two copies would be renamed twice. Every copy keeps the origin
 * of `inst`: it is the same IR instruction's code, in another trip.
 */
export function copyInst(inst: LInst, val: (v: LValue) => LValue): LInst {
  const used = mapInstUses(inst, val);
  // A store reading only values from outside the loop is unchanged by the map; its copies still need their own objects.
  if (used.op === "store") return used !== inst ? used : carryOrigin(inst, storeInst(used.addr, used.offset, used.value, used.unaligned));
  if (used.op === "call") return carryOrigin(inst, callInst(used.dsts.map(val), used.callee, used.args));
  if (used.op === "call_indirect") return carryOrigin(inst, callIndirectInst(used.dsts.map(val), used.callee, used.args));
  const dst = val(used.dst);
  return dst === used.dst ? used : carryOrigin(inst, withDst(used, dst));
}
