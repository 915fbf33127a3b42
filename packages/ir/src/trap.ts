/**
 * Traps: the runtime failures of an IR program. A trap ends the program with
 * one message that is identical on every backend (SPEC.md, "Traps"); the
 * interpreter throws a `Trap`, native code prints `panic: MESSAGE`. The
 * messages are built here only, so the interpreter, the lowering and the
 * runtime's tests quote one source.
 *
 * `import`, `fuel`, `stack` and `memory` are the interpreter's own limits (a
 * missing host function, an exhausted instruction budget, too deep a
 * recursion, an array, string or map larger than the host holds); they have
 * no counterpart in SPEC.md's table (natively, an allocation that fails
 * panics with `memory allocation of N bytes failed`).
 */
import { FzError, type IrLocation } from "./errors.js";

/** Every reason the interpreter can trap. */
export type TrapKind =
  | "bounds" | "div_zero" | "rem_zero" | "div_overflow" | "rem_overflow"
  | "unreachable" | "payload" | "import" | "fuel" | "stack" | "memory"
  | "add_overflow" | "sub_overflow" | "mul_overflow";

/** The fixed messages of SPEC.md's trap table (bounds takes its numbers, see `boundsMessage`). */
export const TRAP_MESSAGES = {
  div_zero: "attempt to divide by zero",
  rem_zero: "attempt to calculate the remainder with a divisor of zero",
  div_overflow: "attempt to divide with overflow",
  rem_overflow: "attempt to calculate the remainder with overflow",
  unreachable: "entered unreachable code",
  payload: "enum payload read from the wrong variant",
  add_overflow: "attempt to add with overflow",
  sub_overflow: "attempt to subtract with overflow",
  mul_overflow: "attempt to multiply with overflow",
} as const satisfies Partial<Record<TrapKind, string>>;

/** The bounds-check message, `index out of bounds: the len is LEN but the index is INDEX`. */
export function boundsMessage(len: number, index: number | bigint): string {
  return `index out of bounds: the len is ${len} but the index is ${index}`;
}

/** A runtime trap of the interpreter: an FzError with code "trap" and the trap's kind. */
export class Trap extends FzError {
  constructor(readonly kind: TrapKind, message: string, location?: IrLocation) {
    super("trap", message, location);
    this.name = "Trap";
  }

  /** The same trap, located at an instruction (the innermost location wins). */
  at(location: IrLocation): Trap {
    return this.location ? this : new Trap(this.kind, this.message, location);
  }
}

/** A trap with one of the fixed messages. */
export function trap(kind: keyof typeof TRAP_MESSAGES): Trap {
  return new Trap(kind, TRAP_MESSAGES[kind]);
}

/** The kinds that are the interpreter's own limits (see the header): a program that meets one has no reference outcome. */
export function isInterpreterLimit(kind: TrapKind): boolean {
  return kind === "import" || kind === "fuel" || kind === "stack" || kind === "memory";
}

/** The interpreter's limit on the elements of one array (2^26): a larger one traps with kind `memory`. */
export const MAX_ARRAY_ELEMENTS = 1 << 26;

/** A `memory` trap: `what` says which allocation (an array of N elements, a string, a map) and why it failed. */
export function memoryTrap(what: string): Trap {
  return new Trap("memory", `memory allocation failed: ${what}`);
}

/** The `memory` trap of an array of `n` elements, past MAX_ARRAY_ELEMENTS. */
export function arrayLimitTrap(n: number): Trap {
  return memoryTrap(`an array of ${n} elements is over the interpreter's limit of ${MAX_ARRAY_ELEMENTS}`);
}

/**
 * The `memory` trap for a RangeError the host threw when a string, array or
 * map outgrew what it can hold (V8's messages); undefined for any other error.
 */
export function hostLimitTrap(e: unknown): Trap | undefined {
  if (!(e instanceof RangeError)) return undefined;
  if (/Invalid string length/.test(e.message)) return memoryTrap("a string longer than the interpreter can hold");
  if (/Invalid (typed )?array length|Array buffer allocation failed/.test(e.message)) return memoryTrap("an array longer than the interpreter can hold");
  if (/Map maximum size exceeded/.test(e.message)) return memoryTrap("a map larger than the interpreter can hold");
  return undefined;
}

/** An out-of-bounds trap. */
export function boundsTrap(len: number, index: number | bigint): Trap {
  return new Trap("bounds", boundsMessage(len, index));
}
