/**
 * How many times each value of a function is used, by instructions and
 * terminators (the lookup-table lowering asks whether a constant has one
 * use; a chain of literal tests, whether each test is used once): one count
 * per value in a typed array, not a map entry per value.
 */
import type { Func, ValueId } from "@fzy/ir";

/** How many times each value of a function is used: `get` answers 0 for a value never used. */
export interface UseCounts { get(v: ValueId): number }

/** The UseCounts of `func`, in one typed array (no map entry per value). */
export function countUses(func: Func): UseCounts {
  const n = new Int32Array(func.values.length);
  for (const b of func.blocks) {
    for (const i of b.insts) for (let k = 0; k < i.args.length; k++) n[i.args[k]!]!++;
    const t = b.term;
    if (t.op === "br") n[t.cond]!++;
    else if (t.op === "switch") n[t.value]!++;
    else if (t.op === "ret" && t.value !== null) n[t.value]!++;
  }
  return { get: (v) => n[v] ?? 0 };
}
