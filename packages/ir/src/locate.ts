/**
 * Locations of instructions and terminators, for the verifier's errors and
 * the interpreter's traps: function, block, index (the terminator's index is
 * the block's instruction count) and the instruction as printed.
 */
import type { IrLocation } from "./errors.js";
import type { Func, Module } from "./module.js";

/** The location of instruction `inst` (or the terminator, at `insts.length`) of a block. */
export function instLocation(_module: Module, func: Func, block: number, inst: number): IrLocation {
  const b = func.blocks[block];
  if (!b) return { kind: "ir", func: func.name };
  return { kind: "ir", func: func.name, block: b.name, inst };
}
