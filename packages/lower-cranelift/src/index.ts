/** @fzy/lower-cranelift: the lowered form printed as Cranelift CLIF text (its checker and executor live in @fzy/clif). */
export { printCLIF, type CLIFOutput } from "./module.js";
export { type DataObject, type DataReloc, POINTER_SIZE } from "./data.js";
export { clifType, f64Immediate, type ClifType } from "./spelling.js";
export { TRAP_CODE } from "./instructions.js";
export { EXAMPLES as CLIF_EXAMPLES, type Example as CLIFExample } from "./examples.js";
