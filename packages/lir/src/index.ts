/**
 * @fzy/lir: the lowered form (LIR), the backend-neutral machine-level
 * program both printers read: its types, builder, `.lir` text form (print
 * and parse), verifier, and the runtime ABI as it sees it.
 */
export * from "./types.js";
export { LBuilderScratch, LFunctionBuilder } from "./builder.js";
export { RUNTIME, runtimeFn } from "./runtime-abi.js";
export { printLIR, printInst, printTerm } from "./text-printer.js";
export { CHUNK_LINES, collapseLines } from "./text-lines.js";
export { TextOut } from "./text-out.js";
export { parseLIR } from "./text-parser.js";
export { verifyLIR } from "./verifier.js";
export { SymbolIndex } from "./symbol-index.js";
/** The printers hand their workspace from call to call through it (they depend on this package, not on @fzy/ir). */
export { Spare } from "@fzy/ir";
export { lirDominators, lirSuccessors, termEdges } from "./dominators.js";
