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
import { escapeBytes, isBareName } from "./spelling.js";

/** The names claimed so far in one function. */
export class LocalNames {
  private readonly used = new Set<string>();
  /** For a name claimed more than once: the suffix to try first at its next claim (keeps repeated claims linear). */
  private next: Map<string, number> | undefined;

  /** Forgets every claim: the names of the next function (one LocalNames serves a whole module). */
  clear(): void {
    this.used.clear();
    this.next?.clear();
  }

  /** `base` if it is free, else the first free `base.K`; marks the result as taken. */
  claim(base: string): string {
    // One set operation for a free name (the common case): adding it tells whether it was there.
    const before = this.used.size;
    this.used.add(base);
    if (this.used.size > before) return base;
    // Made at the first repeated name: most functions have none.
    const next = (this.next ??= new Map());
    let k = next.get(base) ?? 1;
    while (this.used.has(`${base}.${k}`)) k++;
    next.set(base, k + 1);
    const name = `${base}.${k}`;
    this.used.add(name);
    return name;
  }
}

/** A local name as written after `%` or before `:`, quoted when it is not bare. */
function spelled(name: string): string {
  return isBareName(name) ? name : `"${escapeBytes(new TextEncoder().encode(name))}"`;
}

/** A reference to a local value or label: `%acc`, `%"1st"`. */
export function localRef(name: string): string {
  return `%${spelled(name)}`;
}

/** A label's definition line: `loop_head:`, `"1st":`. */
export function labelDef(name: string): string {
  return `${spelled(name)}:`;
}
