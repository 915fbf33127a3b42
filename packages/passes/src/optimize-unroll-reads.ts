/**
 * The work of one unrolling pass, counted for the unrolling's tests
 * (optimize-unroll.test.ts, optimize-unroll-nested.test.ts): they run it on
 * generated functions at two sizes and hold the reads to linear growth.
 */
import type { LFunction } from "@fzy/lir";
import { decide } from "./eligibility.js";
import { type MBlock, MFunction } from "./optimize-ir.js";
import { unrollSmallLoops } from "./optimize-unroll.js";

/** What unrolling one function cost and decided. */
export interface UnrollWork {
  /** Reads of a block out of the function's block list. */
  readonly reads: number;
  /** The matrix's rule for each loop offered, in the order offered. */
  readonly rules: readonly string[];
  /** Whether anything was unrolled (unrollSmallLoops' answer). */
  readonly changed: boolean;
}

/** Unrolls the small loops of `fn` with the matrix in mode on, counting every read of a block by index. */
export function unrollWork(fn: LFunction): UnrollWork {
  const m = new MFunction(fn);
  let reads = 0;
  (m as { blocks: MBlock[] }).blocks = new Proxy(m.blocks, {
    get(target, key, receiver) {
      if (typeof key === "string" && /^\d+$/.test(key)) reads++;
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  const rules: string[] = [];
  const changed = unrollSmallLoops(m, (_s, i) => {
    const d = decide({ ...i, mode: "on" });
    rules.push(d.rule);
    return d;
  });
  return { reads, rules, changed };
}
