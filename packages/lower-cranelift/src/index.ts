/** @fzy/lower-cranelift: the lowered form printed as Cranelift CLIF text (its checker and executor live in @fzy/clif). */
export { ClifModuleWriter, printCLIF, type CLIFOutput } from "./module.js";
export { clifType, f64Immediate, type ClifType } from "./spelling.js";
export { TRAP_CODE } from "./instructions.js";
export { ClifLimitError, MAX_BLOCKS } from "./scope.js";
