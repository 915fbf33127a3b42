/**
 * The range solver's view of a function, from one scan of its
 * instructions: each value's defining instruction, the integer constants
 * (the widening thresholds), the `get`/`set` of variables with the block of
 * each, each block's branch comparison, and, for a slice (range-slice.ts),
 * the instructions, accesses and comparisons that belong to it.
 *
 * One scan, not several: on a module of any size each instruction read is
 * a cache miss, so the askable values (when they are the seeds) are listed
 * in the same pass.
 */
import type { BlockId, Func, Inst, ValueId, VarId } from "@fzy/ir";
import { type BranchCmp, branchCmp } from "./range-facts.js";
import { askableOperands, inSlice, type Slice, sliceOf } from "./range-slice.js";

/** Seeds: the askable values (range-analysis.ts askableValues), listed by the scan itself. */
export const ASKABLE: unique symbol = Symbol("askable values");

export interface FunctionScan {
  readonly defInst: readonly (Inst | undefined)[];
  /** Every integer constant of the function (not only the slice's). */
  readonly constInsts: readonly Inst[];
  /** The `get`/`set` of the variables solved, and the block of each. */
  readonly accesses: readonly Inst[];
  readonly accessBlocks: readonly number[];
  /** Each block's branch comparison, when it compares a value solved. */
  readonly cmps: (BranchCmp | undefined)[];
  /** The slice of the seeds; undefined: the whole function. */
  readonly slice: Slice | undefined;
  /** The instructions of each block that are transferred: all of them, or those of the slice. */
  readonly insts: readonly (readonly Inst[])[];
}

/** Scans `func` for the slice of `seeds` (the whole function when undefined). */
export function scanFunction(func: Func, seeds: Iterable<ValueId> | typeof ASKABLE | undefined): FunctionScan {
  const nb = func.blocks.length;
  const defInst = new Array<Inst | undefined>(func.values.length).fill(undefined);
  const constInsts: Inst[] = [];
  let accesses: Inst[] = [], accessBlocks: number[] = [];
  const askable: ValueId[] | undefined = seeds === ASKABLE ? [] : undefined;
  for (let b = 0; b < nb; b++) {
    const insts = func.blocks[b]!.insts;
    for (let k = 0; k < insts.length; k++) {
      const i = insts[k]!;
      if (i.dst !== null) defInst[i.dst] = i;
      // The op first: `imm` objects have many shapes, so reading imm.kind of every instruction is slow.
      const op = i.op;
      if (op === "const") {
        if (i.imm.kind === "int") constInsts.push(i);
      } else if ((op === "get" || op === "set") && i.imm.kind === "var") {
        accesses.push(i);
        accessBlocks.push(b);
      } else if (askable) askableOperands(func, i, askable);
    }
  }
  const cmps = func.blocks.map((_, b) => branchCmp(func, defInst, b as BlockId));
  const slice = seeds && sliceOf(func, defInst, accesses, cmps, askable ?? (seeds as Iterable<ValueId>));
  if (!slice) return { defInst, constInsts, accesses, accessBlocks, cmps, slice, insts: func.blocks.map((bl) => bl.insts) };
  // A comparison of values outside the slice narrows nothing in it (range-slice.ts).
  for (let b = 0; b < nb; b++) if (cmps[b] && !slice.values[cmps[b]!.x]) cmps[b] = undefined;
  const keep = accesses.map((i) => slice.vars[(i.imm as { var: VarId }).var] === 1);
  accesses = accesses.filter((_, k) => keep[k]);
  accessBlocks = accessBlocks.filter((_, k) => keep[k]);
  const insts = func.blocks.map((bl) => bl.insts.filter((i) => inSlice(slice, i)));
  return { defInst, constInsts, accesses, accessBlocks, cmps, slice, insts };
}
