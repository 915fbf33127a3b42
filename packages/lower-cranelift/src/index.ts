/** @fzy/lower-cranelift: the lowered form printed as Cranelift CLIF text, and a strict checker for that text. */
export { printCLIF, type CLIFOutput } from "./module.js";
export { clifType, f64Immediate, type ClifType } from "./spelling.js";
export { TRAP_CODE } from "./instructions.js";
export * from "./check/index.js";
