/** @fzy/ir: the IR's types, opcode table, builder, text format, verifier and reference interpreter. */
export * from "./errors.js";
export * from "./types.js";
export * from "./module.js";
export * from "./opcodes.js";
export { instType, typeWellFormed, type Typed } from "./typing.js";
export { ModuleBuilder, FunctionBuilder, type FunctionOptions } from "./builder.js";
