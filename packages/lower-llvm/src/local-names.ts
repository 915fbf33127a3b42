/**
 * The local names of one LLVM function. Values and labels share one
 * namespace per function, so every local goes through one `LocalNames`
 * (function.ts says in which order): a name already taken gets `.1`, `.2`,
 * ... (the first free one), so the same function always prints the same
 * names.
 *
 * Spelling (LangRef, "Identifiers"): a name matching
 * `[-a-zA-Z$._][-a-zA-Z$._0-9]*` is written bare, anything else (a leading
 * digit, a space, non-ASCII) quoted with `\XX` escapes.
 */
import { escapeBytes } from "./spelling.js";

const BARE_NAME = /^[-a-zA-Z$._][-a-zA-Z$._0-9]*$/;

/** The names claimed so far in one function. */
export class LocalNames {
  /** Each taken name, with the suffix to try first when it is claimed again (keeps repeated claims linear). */
  private readonly used = new Map<string, number>();

  /** Whether `name` is taken. */
  has(name: string): boolean {
    return this.used.has(name);
  }

  /** `base` if it is free, else the first free `base.K`; marks the result as taken. */
  claim(base: string): string {
    const next = this.used.get(base);
    if (next === undefined) {
      this.used.set(base, 1);
      return base;
    }
    let k = next;
    while (this.used.has(`${base}.${k}`)) k++;
    this.used.set(base, k + 1);
    const name = `${base}.${k}`;
    this.used.set(name, 1);
    return name;
  }
}

/** A local name as written after `%` or before `:`, quoted when it is not bare. */
function spelled(name: string): string {
  return BARE_NAME.test(name) ? name : `"${escapeBytes(new TextEncoder().encode(name))}"`;
}

/** A reference to a local value or label: `%acc`, `%"1st"`. */
export function localRef(name: string): string {
  return `%${spelled(name)}`;
}

/** A label's definition line: `loop_head:`, `"1st":`. */
export function labelDef(name: string): string {
  return `${spelled(name)}:`;
}
