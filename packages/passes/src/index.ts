/** @fzy/passes: the lowered form, the runtime ABI, analyses, the eligibility matrix and the shared lowering. */
export * from "./lowered.js";
export { LFunctionBuilder } from "./lowered-builder.js";
export { RUNTIME, runtimeFn } from "./runtime-abi.js";
