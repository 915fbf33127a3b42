/** @fzy/ir: the IR's types, opcode table, builder, text format, verifier and reference interpreter. */
export * from "./errors.js";
export * from "./types.js";
export * from "./module.js";
export * from "./opcodes.js";
export * from "./numbers.js";
export { nearest } from "./interpreter-numbers.js";
export { globalDefError, globalRefError, instType, typeWellFormed, type Typed } from "./typing.js";
export {
  ModuleBuilder, FunctionBuilder, type FunctionOptions, type Callee, type CallResult, type CaseSpec, type ConvertOp, type IntCC, type FloatCC,
} from "./builder.js";
export { checkSymbols, symbolProblem, RESERVED_PREFIXES, C_LIBRARY_NAMES } from "./symbols.js";
export { blockSuccessors, predecessors, predecessorsOfGraph, reversePostorder, reversePostorderOfGraph } from "./cfg-order.js";
export * from "./dominators.js";
export { dominatorsOf } from "./dominator-cache.js";
export { verifyModule, verifyModuleAll } from "./verifier.js";
export { instLocation } from "./locate.js";
export { Trap, type TrapKind, TRAP_MESSAGES, boundsMessage, isInterpreterLimit, MAX_ARRAY_ELEMENTS } from "./trap.js";
export { IStruct, IEnum, IFuncRef, IMap, type IHandle, type IValue, formatValue, formatF64, quoteString, toIValue } from "./values.js";
export { CodeUnitWriter } from "./code-units.js";
export { Interpreter, interpret, type InterpretOptions, type HostFunction } from "./interpreter.js";
export { isRustWhitespace, rustReplace, rustTrim, utf8Length } from "./rust-str.js";
export { parseModule } from "./resolve-syntax.js";
export { funcWith, makeFunc, makeInst, makeValueInfo, record } from "./records.js";
export { parseIntLiteral, parseFloatLiteral } from "./literals.js";
export { printModule, printFunction, printInst, printTerm } from "./printer.js";
export { MAX_STRING, MAX_WORD } from "./lexer.js";
export { MAX_TYPE_DEPTH } from "./parse-syntax.js";
export { StringIndex } from "./names.js";
export { Spare } from "./spare.js";
export { activeClock, type FunctionTime, inPass, PASS, PASS_MEANINGS, PASSES, PassClock, type PassName, type PassTimes, runWithClock, SLOWEST_KEPT } from "./pass-clock.js";
