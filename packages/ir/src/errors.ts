/**
 * Errors are values with locations: every failure the library reports to a
 * user (malformed text, ill-typed module, unsupported option, runtime trap in
 * the interpreter) is an FzError with a stable code, one readable message and
 * where it happened. The CLI prints `error[code]: message` and exits non-zero.
 */

/** A position in .fzir text, 1-based. */
export interface TextLocation {
  readonly kind: "text";
  readonly file?: string;
  readonly line: number;
  readonly column: number;
}

/** A place in a module: function, block and instruction index (terminator = insts.length). */
export interface IrLocation {
  readonly kind: "ir";
  readonly func: string;
  readonly block?: string;
  readonly inst?: number;
  /** The instruction as printed, for the message. */
  readonly text?: string;
}

export type Location = TextLocation | IrLocation;

/** Stable error codes; a code never changes meaning. */
export type FzErrorCode =
  | "parse"       // malformed .fzir text
  | "type"        // ill-typed module
  | "cfg"         // control-flow contract broken (terminators, targets, reachability)
  | "undefined"   // use of an undefined value or variable
  | "duplicate"   // a name defined twice
  | "limit"       // input over a hard limit (nesting, literal size, ...)
  | "option"      // bad option or backend name
  | "unsupported" // construct the selected backend cannot lower yet
  | "io"          // file not readable / writable
  | "trap";       // the interpreter trapped (see Trap)

export class FzError extends Error {
  constructor(
    readonly code: FzErrorCode,
    message: string,
    readonly location?: Location,
  ) {
    super(message);
    this.name = "FzError";
  }

  /** One line: `file:line:col: error[code]: message` or `in function f, block b, instruction 3 (...): error[code]: ...`. */
  format(): string {
    return `${formatLocation(this.location)}error[${this.code}]: ${this.message}`;
  }
}

export function formatLocation(loc: Location | undefined): string {
  if (!loc) return "";
  if (loc.kind === "text") return `${loc.file ?? "<input>"}:${loc.line}:${loc.column}: `;
  let s = `in function ${loc.func}`;
  if (loc.block !== undefined) s += `, block ${loc.block}`;
  if (loc.inst !== undefined) s += `, instruction ${loc.inst}`;
  if (loc.text !== undefined) s += ` (${loc.text})`;
  return s + ": ";
}

/**
 * Whether `e` is the engine's refusal to make a string longer than it can
 * hold (2^29 - 24 UTF-16 units in V8): a decoder's ERR_STRING_TOO_LONG
 * or V8's own RangeError. A printer that meets it reports a "limit"
 * FzError: the text of a module can be longer than any string.
 */
export function isStringTooLong(e: unknown): boolean {
  return (e instanceof Error && (e as { code?: unknown }).code === "ERR_STRING_TOO_LONG") || (e instanceof RangeError && /invalid string length/i.test(e.message));
}

/**
 * Whether `e` is the engine's stack overflow (V8's RangeError "Maximum call
 * stack size exceeded"): binaryen's recursion on deeply nested code, or a
 * program's own recursion run as WebAssembly.
 */
export function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message);
}
