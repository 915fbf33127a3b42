/**
 * Typed arrays that llvm-facts.ts reuses from one function to the next
 * within one `printLLVM` call: a typed array longer than a few words has its
 * memory outside the collected heap, and making one per function cost more
 * than the analysis that used it. Each array is handed out with its first n
 * elements set, so a function never sees what the one before left there.
 *
 * Invariant: an array handed out for slot k stays valid only until slot k
 * is asked for again (the next function's facts). Asked for without a fill
 * value, its elements are whatever they were: the caller sets each before
 * reading it.
 */

/** Growth of a reused array: at least what is asked, at least double the old length (amortised linear). */
function capacity(old: number, n: number): number {
  return Math.max(n, 2 * old, 64);
}

import { FactsEncoder } from "./facts-code.js";

/** Reused typed arrays by slot. */
export class FactsScratch {
  /** The encoder of the functions' code (facts-code.ts), whose arrays are reused the same way. */
  readonly encoder = new FactsEncoder();
  private readonly bytes: Uint8Array[] = [];
  private readonly ints: Int32Array[] = [];
  private readonly doubles: Float64Array[] = [];

  /** Byte array `slot`, at least n long, its first n elements set to `fill` when given. */
  u8(slot: number, n: number, fill?: number): Uint8Array {
    let a = this.bytes[slot];
    if (!a || a.length < n) a = this.bytes[slot] = new Uint8Array(capacity(a?.length ?? 0, n));
    if (fill !== undefined) a.fill(fill, 0, n);
    return a;
  }

  /** Int32 array `slot`, at least n long, its first n elements set to `fill` when given. */
  i32(slot: number, n: number, fill?: number): Int32Array {
    let a = this.ints[slot];
    if (!a || a.length < n) a = this.ints[slot] = new Int32Array(capacity(a?.length ?? 0, n));
    if (fill !== undefined) a.fill(fill, 0, n);
    return a;
  }

  /** Float64 array `slot`, at least n long, its first n elements set to `fill` when given. */
  f64(slot: number, n: number, fill?: number): Float64Array {
    let a = this.doubles[slot];
    if (!a || a.length < n) a = this.doubles[slot] = new Float64Array(capacity(a?.length ?? 0, n));
    if (fill !== undefined) a.fill(fill, 0, n);
    return a;
  }
}
