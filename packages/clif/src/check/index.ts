/**
 * The strict CLIF checker: `checkFile(text)` parses CLIF text as
 * cranelift-reader does (whole filetests included) and runs the verifier's
 * checks, returning every error with its line and column, and apart from
 * them what it does not cover (valid CLIF it does not check). `checkCLIF`
 * returns the errors alone; `assertCLIF` throws on any, returning the parsed
 * file and value types for consumers such as the executor.
 */
import type { CheckError, ClifFile, NotCovered } from "./ast.js";
import { parseCLIF } from "./parser.js";
import { type CheckOptions, type ValueTypes, verifyFile } from "./verify.js";

export * from "./ast.js";
export { CLIFSyntaxError } from "./lexer.js";
export { OPCODES, type Opcode, type OpcodeInfo, INT_CC, FLOAT_CC, isTrapCode } from "./opcodes.js";
export { DEFAULT_CALLCONV, parseCLIF } from "./parser.js";
export { DominatorTree } from "./dominators.js";
export type { CheckOptions, ValueTypes } from "./verify.js";

/** What checking a text found. */
export interface CheckReport {
  readonly file: ClifFile;
  /** Every error, in line and column order; empty when the text is valid CLIF as far as it is covered. */
  readonly errors: readonly CheckError[];
  /** Valid constructs this checker does not check, per function (in file order). */
  readonly notCovered: readonly (readonly NotCovered[])[];
  /** The value types of each function, in file order. */
  readonly types: readonly ValueTypes[];
}

/** Parses and checks `text`, collecting every error and every construct not covered. */
export function checkFile(text: string, options: CheckOptions = {}): CheckReport {
  const file = parseCLIF(text);
  const types: ValueTypes[] = [];
  const verified = verifyFile(file, options, types);
  const errors = [...file.errors, ...verified].sort((a, b) => a.line - b.line || a.col - b.col);
  return { file, errors, notCovered: file.functions.map((f) => f.notCovered), types };
}

/** Every problem in `text`, in line order; empty when the text is valid. */
export function checkCLIF(text: string, options: CheckOptions = {}): CheckError[] {
  return [...checkFile(text, options).errors];
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
  const r = checkFile(text, options);
  if (r.errors.length) throw new CLIFCheckError(r.errors);
  return { file: r.file, types: r.types };
}

/** `FILE:LINE:COL: KIND: message`, then the source line and a caret under the column (under the whole line when the column is 0). */
export function formatDiagnostic(fileName: string, source: string, e: { line: number; col: number; message: string }, kind = "error"): string {
  const text = (source.split("\n")[e.line - 1] ?? "").replace(/\r$/, "");
  const indent = text.length - text.trimStart().length;
  const head = `${fileName}:${e.line}:${e.col || indent + 1}: ${kind}: ${e.message}`;
  if (!text.trim()) return head;
  const caret = e.col ? `${" ".repeat(e.col - 1)}^` : `${" ".repeat(indent)}${"^".repeat(text.trim().length)}`;
  return `${head}\n${text}\n${caret}`;
}
