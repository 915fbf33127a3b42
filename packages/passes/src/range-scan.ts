/**
 * The range solver's view of a function, from one scan of its
 * instructions: each value's defining instruction, the integer constants
 * (the widening thresholds), the `get`/`set` of variables with the block of
 * each, each block's branch comparison, and, for a slice (range-slice.ts),
 * the instructions, accesses and comparisons that belong to it.
 *
 * One scan, not several: on a module of any size each instruction read is
 * a cache miss, so the askable values (when they are the seeds) are listed
 * in the same pass, and every solve of a function starts from the same
 * scan (scanDefinitions, made once by the quick evaluation, range-quick.ts).
 */
import type { BlockId, Func, Inst, ValueId, VarId } from "@fzy/ir";
import { type BranchCmp, branchCmp } from "./range-facts.js";
import type { Iv } from "./range-lattice.js";
import { askableOperands, inSlice, type Slice, sliceOf } from "./range-slice.js";
import { type ArrayPool, FRESH } from "./range-scratch.js";

/** Seeds: the askable values (range-analysis.ts askableValues), listed by the scan itself. */
export const ASKABLE: unique symbol = Symbol("askable values");

export interface FunctionScan {
  readonly defInst: readonly (Inst | undefined)[];
  /** The block of each value's definition (-1: none). */
  readonly defBlock: readonly number[];
  /** Every integer constant of the function (not only the slice's). */
  readonly constInsts: readonly Inst[];
  /** The `get`/`set` of the variables solved, and the variable and block of each. */
  readonly accesses: readonly Inst[];
  readonly accessVars: readonly VarId[];
  readonly accessBlocks: readonly number[];
  /** Each block's branch comparison, when it compares a value solved. */
  readonly cmps: (BranchCmp | undefined)[];
  /** The slice of the seeds; undefined: the whole function. */
  readonly slice: Slice | undefined;
  /** The instructions of each block that are transferred: all of them, or those of the slice. */
  readonly insts: readonly (readonly Inst[])[];
  /** Definitions' consts. */
  readonly consts: (Iv | undefined)[];
}

/** What one pass over a function's instructions gives, before any slice (shared by every solve of the function). */
export interface Definitions {
  readonly defInst: readonly (Inst | undefined)[];
  /** The block of each value's definition (-1: none). */
  readonly defBlock: readonly number[];
  readonly constInsts: readonly Inst[];
  /** Every `get`/`set` of a variable, and the variable (read once: `imm` objects have many shapes) and block of each. */
  readonly accesses: readonly Inst[];
  readonly accessVars: readonly VarId[];
  readonly accessBlocks: readonly number[];
  /** Each block's branch comparison (range-facts.ts branchCmp). */
  readonly cmps: readonly (BranchCmp | undefined)[];
  /** The interval of each integer constant, made at its first transfer (TransferEnv consts): the same in every evaluation of the function. */
  readonly consts: (Iv | undefined)[];
}

/** The one pass over `func`; appends the askable values to `askable` when given. */
export function scanDefinitions(func: Func, askable?: ValueId[]): Definitions {
  const nb = func.blocks.length, nv = func.values.length;
  const defInst = new Array<Inst | undefined>(nv).fill(undefined);
  const defBlock = new Array<number>(nv).fill(-1);
  const constInsts: Inst[] = [], accesses: Inst[] = [], accessVars: VarId[] = [], accessBlocks: number[] = [];
  for (let b = 0; b < nb; b++) {
    const insts = func.blocks[b]!.insts;
    for (let k = 0; k < insts.length; k++) {
      const i = insts[k]!;
      if (i.dst !== null) { defInst[i.dst] = i; defBlock[i.dst] = b; }
      // The op first: `imm` objects have many shapes, so reading imm.kind of every instruction is slow.
      const op = i.op;
      if (op === "const") {
        if (i.imm.kind === "int") constInsts.push(i);
      } else if ((op === "get" || op === "set") && i.imm.kind === "var") {
        accesses.push(i);
        accessVars.push(i.imm.var);
        accessBlocks.push(b);
      } else if (askable) askableOperands(func, i, askable);
    }
  }
  const cmps = func.blocks.map((_, b) => branchCmp(func, defInst, b as BlockId));
  // (Grown as constants are transferred: most functions never solve, and the quick evaluation transfers few.)
  return { defInst, defBlock, constInsts, accesses, accessVars, accessBlocks, cmps, consts: [] };
}

/**
 * Scans `func` for the slice of `seeds` (the whole function when undefined),
 * from `defs` when the function was scanned already (it is not changed).
 */
export function scanFunction(func: Func, seeds: Iterable<ValueId> | typeof ASKABLE | undefined, defs?: Definitions, pool: ArrayPool = FRESH): FunctionScan {
  const askable: ValueId[] | undefined = seeds === ASKABLE ? [] : undefined;
  if (askable && defs) for (const bl of func.blocks) for (const i of bl.insts) askableOperands(func, i, askable);
  const scan = defs ?? scanDefinitions(func, askable);
  const { defInst, defBlock, constInsts, accesses: all, accessVars: allVars, accessBlocks: allBlocks, cmps: allCmps, consts } = scan;
  const slice = seeds && sliceOf(func, defInst, all, allVars, allCmps, askable ?? (seeds as Iterable<ValueId>), pool);
  if (!slice) return { defInst, defBlock, constInsts, accesses: all, accessVars: allVars, accessBlocks: allBlocks, cmps: allCmps.slice(), slice, insts: func.blocks.map((bl) => bl.insts), consts };
  // A comparison of values outside the slice narrows nothing in it (range-slice.ts).
  const cmps = allCmps.map((c) => (c && slice.values[c.x] ? c : undefined));
  const accesses: Inst[] = [], accessVars: VarId[] = [], accessBlocks: number[] = [];
  for (let k = 0; k < all.length; k++) {
    if (slice.vars[allVars[k]!] === 1) { accesses.push(all[k]!); accessVars.push(allVars[k]!); accessBlocks.push(allBlocks[k]!); }
  }
  const insts = sliceInsts(func, slice, defBlock, accessBlocks);
  return { defInst, defBlock, constInsts, accesses, accessVars, accessBlocks, cmps, slice, insts, consts };
}

const NO_INSTS: readonly Inst[] = [];

/**
 * Each block's instructions in the slice, in order. Only the blocks that
 * define a slice value or access a slice variable are read (a slice is
 * mostly a few blocks of a function, and each instruction read is a cache
 * miss); the others share one empty list.
 */
function sliceInsts(func: Func, slice: Slice, defBlock: readonly number[], accessBlocks: readonly number[]): (readonly Inst[])[] {
  const nb = func.blocks.length, holds = new Array<number>(nb).fill(0), values = slice.values;
  for (let v = 0; v < values.length; v++) if (values[v] === 1 && defBlock[v]! >= 0) holds[defBlock[v]!] = 1;
  for (let k = 0; k < accessBlocks.length; k++) holds[accessBlocks[k]!] = 1;
  const out = new Array<readonly Inst[]>(nb);
  for (let b = 0; b < nb; b++) out[b] = holds[b] ? func.blocks[b]!.insts.filter((i) => inSlice(slice, i)) : NO_INSTS;
  return out;
}
