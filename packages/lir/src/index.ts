/** @fzy/lir: the lowered form (LIR), the backend-neutral machine-level program both printers read: types and builder. */
export * from "./types.js";
export { LFunctionBuilder } from "./builder.js";
export { RUNTIME, runtimeFn } from "./runtime-abi.js";
