/**
 * @fzy/lir: the lowered form (LIR), the backend-neutral machine-level
 * program both printers read: its types, builder, `.lir` text form (print
 * and parse), verifier, and the runtime ABI as it sees it.
 */
export * from "./types.js";
export { LBuilderScratch, LFunctionBuilder, NO_VALUES } from "./builder.js";
export { CompareBlock, instCount, plainBlocks } from "./compare-block.js";
export { treeSplit } from "./switch-tree.js";
export { RUNTIME, runtimeFn } from "./runtime-abi.js";
export { printLIR, printInst, printTerm } from "./text-printer.js";
export { PlaceMap } from "./source-places.js";
export { CHUNK_LINES, collapseLines } from "./text-lines.js";
export { TextOut } from "./text-out.js";
export { parseLIR } from "./text-parser.js";
export { verifyLIR } from "./verifier.js";
/** For the printers, which depend on this package, not on @fzy/ir: the hand-over of their workspace from call to call, and a module's symbols by name. */
export { Spare, StringIndex } from "@fzy/ir";
/** For the printers: the clock a lowering's passes report their time to (@fzy/ir pass-clock.ts). */
export { activeClock, PASS } from "@fzy/ir";
/** For the printers and the wasm backend: whether an error is the engine refusing a string that long, or its stack overflowing (@fzy/ir errors.ts). */
export { isStackOverflow, isStringTooLong } from "@fzy/ir";
export { edgeAt, edgeCount, lirDominators, lirSuccessors, termEdges } from "./dominators.js";
export {
  binaryInst, block, brifTerm, brTableTerm, callIndirectInst, callInst, convertInst, edge, fcmpInst, fconstInst, icmpInst, iconstInst, jumpTerm, loadFrom, loadInst,
  opaqueInst, ptrAddInst, returnTerm, selectInst, storeInst, switchTerm, symbolAddrInst, unaryInst, withDst,
} from "./records.js";
