/** @fzy/lower: the public entry of the Fzy backend library. */
export { lower, lowerText, BACKENDS, type Backend, type Target, type LowerOptions, type LowerResult, type DataObject, type Diagnostic } from "./lower.js";
export { type HostCalls, HOST_CALLS, hostWrapperName } from "./host-calls.js";
export { parseTrace, serializeTrace, formatTrace, recordInterpreterImports, fnv1a64, TraceError, TRACE_VERSION, type TraceCall, type TraceValue } from "./trace.js";
export { formatReport, type LoweringReport, type FunctionReport, type Counts, FAST_PATHS, type FastPath, type Mode } from "@fzy/passes";
export { FzError, parseModule, printModule, verifyModule, interpret, ModuleBuilder } from "@fzy/ir";
