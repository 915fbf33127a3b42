/**
 * @fzy/clif: a toolkit for Cranelift CLIF text. A strict checker
 * (`checkCLIF`, `assertCLIF`: every error with its line and column, and what
 * it does not cover said apart from errors) and an executor that runs CLIF
 * natively without Cranelift (`buildCLIFExecutable`: CLIF to C, compiled by
 * the system C compiler; a real Cranelift through FZ_CLIF_TOOL).
 */
export * from "./check/index.js";
export { parseF64, parseIntImmediate, parseOffset } from "./check/lexer.js";
export * from "./exec/index.js";
export { dataValue, formatValue, parseRunComment, type RunCommand } from "./run/commands.js";
export { runCommands, type RunOutcome } from "./run/runner.js";
