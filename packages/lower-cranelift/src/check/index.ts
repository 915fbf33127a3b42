/**
 * The strict CLIF checker: `checkCLIF(text)` parses CLIF text (the subset
 * this package prints, plus the general forms Cranelift 0.135 documents for
 * it) and runs the verifier's checks, returning every error with its line.
 * `assertCLIF` does the same and throws, returning the parsed file, for
 * consumers such as the executor.
 */
import type { ClifFile } from "./ast.js";
import { CLIFSyntaxError } from "./lexer.js";
import { parseCLIF } from "./parser.js";
import { type CheckError, type CheckOptions, type ValueTypes, verifyFile } from "./verify.js";

export * from "./ast.js";
export { CLIFSyntaxError } from "./lexer.js";
export { OPCODES, type Opcode, type OpcodeInfo, INT_CC, FLOAT_CC, isTrapCode } from "./opcodes.js";
export { parseCLIF } from "./parser.js";
export { DominatorTree } from "./dominators.js";
export type { CheckError, CheckOptions, ValueTypes } from "./verify.js";

/** Every problem in `text`, in line order; empty when the text is valid. A syntax error stops the check there. */
export function checkCLIF(text: string, options: CheckOptions = {}): CheckError[] {
  let file: ClifFile;
  try {
    file = parseCLIF(text);
  } catch (e) {
    if (e instanceof CLIFSyntaxError) return [{ line: e.line, message: e.message }];
    throw e;
  }
  return verifyFile(file, options);
}

/** Thrown by `assertCLIF`: all errors, one per line of the message. */
export class CLIFCheckError extends Error {
  constructor(readonly errors: readonly CheckError[]) {
    super(`invalid CLIF:\n${formatCheckErrors(errors)}`);
    this.name = "CLIFCheckError";
  }
}

/** `line N: message`, one per line. */
export function formatCheckErrors(errors: readonly CheckError[]): string {
  return errors.map((e) => `line ${e.line}: ${e.message}`).join("\n");
}

/** Valid CLIF, parsed, with the type of every value (`types[i]` belongs to `file.functions[i]`). */
export interface CheckedCLIF {
  readonly file: ClifFile;
  readonly types: readonly ValueTypes[];
}

/** Parses and checks `text`; throws CLIFCheckError listing every problem. */
export function assertCLIF(text: string, options: CheckOptions = {}): CheckedCLIF {
  let file: ClifFile;
  try {
    file = parseCLIF(text);
  } catch (e) {
    if (e instanceof CLIFSyntaxError) throw new CLIFCheckError([{ line: e.line, message: e.message }]);
    throw e;
  }
  const types: ValueTypes[] = [];
  const errors = verifyFile(file, options, types);
  if (errors.length) throw new CLIFCheckError(errors);
  return { file, types };
}
