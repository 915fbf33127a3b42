/** @fzy/passes: analyses, the eligibility matrix and the shared lowering. */
export * from "./eligibility.js";
export { analyzeEscapes } from "./escape-analysis.js";
export { blocksInLoops } from "./loop-analysis.js";
export { analyzeRanges, Ranges, type Range } from "./range-analysis.js";
export { planSsa, type SsaPlan } from "./ssa-plan.js";
export { inlineSmallFunctions } from "./inline-small-functions.js";
export { scalarizeStructs } from "./scalarize-structs.js";
export {
  type FunctionSink, inlineOptionsOf, type LowerEachResult, lowerModule, lowerModuleEach, resolveOptions, type LowerModuleOptions, type LowerModuleResult,
} from "./lower-module.js";
export * from "./report.js";
