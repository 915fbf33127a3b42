/**
 * Locations of instructions and terminators, for the verifier's errors and
 * the interpreter's traps: function, block, index (the terminator's index is
 * the block's instruction count) and the instruction as printed. The printer
 * never throws, so this is safe on malformed modules.
 */
import type { IrLocation } from "./errors.js";
import type { Func, Module } from "./module.js";
import { printInst, printTerm } from "./printer.js";

/** The location of instruction `inst` (or the terminator, at `insts.length`) of a block. */
export function instLocation(module: Module, func: Func, block: number, inst: number): IrLocation {
  const b = func.blocks[block];
  if (!b) return { kind: "ir", func: func.name };
  const i = b.insts[inst];
  const text = i ? printInst(func, i) : inst === b.insts.length ? printTerm(func, b.term, module) : undefined;
  return text === undefined ? { kind: "ir", func: func.name, block: b.name, inst } : { kind: "ir", func: func.name, block: b.name, inst, text };
}
