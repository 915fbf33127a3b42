/**
 * A compare-and-branch block held compactly: the block
 *
 *   vD = iconst.T value
 *   vD+1 = icmp cc x, vD
 *   brif vD+1, then, else
 *
 * with no parameters, not cold, as one object of plain fields. A balanced
 * tree of compares (a sparse switch on a backend without one) is made of
 * these blocks, one or two per case: as an LBlock with its instruction,
 * terminator and edge objects each block was seven heap objects, which cost
 * more to allocate, keep and read back than everything else in lowering
 * such a switch.
 *
 * It is an LBlock: `insts` and `term` make its instructions and terminator
 * when read, fresh objects at every read (kept, they would cost what this
 * saves), equal from read to read. Readers that print it read its fields
 * instead (lower-cranelift). Invariant: a reader never learns anything from
 * the identity of the objects `insts` and `term` return; the optimizer,
 * which edits instruction objects in place, copies the lists it reads, so
 * it edits only its copies.
 */
import { NO_PARAMS } from "./shared-lists.js";
import { brifTerm, edge, icmpInst, iconstInst } from "./records.js";
import type { LBlock, LBlockId, LFunction, LInst, LIntCC, LIntType, LModule, LTerm, LValue } from "./types.js";

/**
 * The number of instructions of `b`, read without making any: a
 * CompareBlock always holds two (its `insts` would build them to be
 * counted).
 */
export function instCount(b: LBlock): number {
  return b instanceof CompareBlock ? 2 : b.insts.length;
}

/** A compare-and-branch block (the header says which): `value` compared with `x` by `cc`, then the branch on the result. */
export class CompareBlock implements LBlock {
  /** No parameters: the list every block without any shares (a getter: a field per block would cost its bytes in every block). */
  get params(): readonly LValue[] {
    return NO_PARAMS;
  }

  /** Never cold. */
  get cold(): boolean {
    return false;
  }

  /**
   * `dst`: the constant's value (the comparison's is dst + 1). Each edge is
   * a target block and its arguments (no edge object is kept).
   */
  constructor(
    readonly x: LValue,
    readonly cc: LIntCC,
    readonly type: LIntType,
    readonly value: bigint,
    readonly dst: LValue,
    readonly thenBlock: LBlockId,
    readonly thenArgs: readonly LValue[],
    readonly elseBlock: LBlockId,
    readonly elseArgs: readonly LValue[],
  ) {}

  /** The constant and the comparison, made at each read. */
  get insts(): readonly LInst[] {
    const dst = this.dst;
    return [
      iconstInst(dst, this.type, this.value),
      icmpInst(this.cc, (dst + 1) as LValue, this.x, dst),
    ];
  }

  /** The branch on the comparison, made at each read. */
  get term(): LTerm {
    return brifTerm((this.dst + 1) as LValue, edge(this.thenBlock, this.thenArgs), edge(this.elseBlock, this.elseArgs));
  }
}

/**
 * `lm` with every CompareBlock replaced by an ordinary block of the same
 * meaning (fields, not getters), so a reader may spread, serialize or edit
 * its blocks like any other: the form handed to callers of `lower()`.
 * Functions without a CompareBlock, and `lm` itself when it has none, are
 * returned as they are; the printers keep reading the compact form.
 */
export function plainBlocks(lm: LModule): LModule {
  if (!lm.functions.some(hasCompareBlock)) return lm;
  return { ...lm, functions: lm.functions.map((f) => (hasCompareBlock(f) ? { ...f, blocks: f.blocks.map(plainBlock) } : f)) };
}

function hasCompareBlock(f: LFunction): boolean {
  return f.blocks.some((b) => b instanceof CompareBlock);
}

function plainBlock(b: LBlock): LBlock {
  return b instanceof CompareBlock ? { params: b.params, insts: b.insts, term: b.term, cold: b.cold } : b;
}
