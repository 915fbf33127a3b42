/** @fzy/lower: the public entry of the Fzy backend library. */
export { loadWasmBackend } from "./wasm-backend.js";
export { lower, lowerText, lowerToLIR, instantiate, BACKENDS, type Backend, type Target, type LowerOptions, type LowerResult, type DataObject, type Diagnostic } from "./lower.js";
// WasmExit from the entry without binaryen, so importing @fzy/lower does not load the wasm backend.
export { WasmExit } from "@fzy/lower-wasm/wasi";
export type { WasmProgram, HostFunctions } from "@fzy/lower-wasm";
export { type HostCalls, HOST_CALLS, hostWrapperName } from "./host-calls.js";
export { parseTrace, serializeTrace, formatTrace, recordInterpreterImports, fnv1a64, TraceError, TRACE_VERSION, type TraceCall, type TraceValue } from "./trace.js";
export { formatReport, type LoweringReport, type FunctionReport, type Counts, FAST_PATHS, type FastPath, type Mode } from "@fzy/passes";
export { FzError, parseModule, printModule, verifyModule, interpret, ModuleBuilder, PassClock, PASSES, PASS_MEANINGS, type PassName, type PassTimes } from "@fzy/ir";
export { formatPassTimes } from "./pass-times.js";
// What code written against the builder names: its handles, option types and the types of the IR.
export {
  FunctionBuilder, type FunctionOptions, type Callee, type CallResult, type CaseSpec, type ConvertOp, type IntCC, type FloatCC,
  type Module, type Func, type ValueId, type BlockId, type VarId, type Type, type IValue, type FzErrorCode,
  I8, I16, I32, I64, BOOL, F64, STR, HANDLE, arrayType, dynArrayType, structType, enumType, intType, typeToString,
} from "@fzy/ir";
