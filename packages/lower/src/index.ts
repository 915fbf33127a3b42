/** @fzy/lower: the public entry of the Fzy backend library. */
export { lower, lowerText, BACKENDS, type Backend, type Target, type LowerOptions, type LowerResult, type DataObject, type Diagnostic } from "./lower.js";
export { formatReport, type LoweringReport, type FunctionReport, type Counts, FAST_PATHS, type FastPath, type Mode } from "@fzy/passes";
export { FzError, parseModule, printModule, verifyModule, interpret, ModuleBuilder } from "@fzy/ir";
