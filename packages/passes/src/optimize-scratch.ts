/**
 * Scratch arrays of the function optimizer, reused from one function to the
 * next instead of allocated per function and pass. A typed array over 64
 * bytes has an off-heap backing store that is slow to make and that the
 * collector tracks; a module lowers thousands of functions and each pass
 * wanted several such arrays per function, which made their allocation a
 * visible share of the optimizer.
 *
 * Invariants: each use site has its own Scratch (two live at once never
 * share storage); `take(n, fill)` returns an array of at least n entries
 * whose first n hold `fill` and whose tail is stale, so callers index below
 * n only and never read `.length`. The optimizer is synchronous and not
 * re-entrant, so a use site's array is free again when its pass returns.
 */
export class Scratch {
  private buf = new Int32Array(256);

  /** The array, at least `n` entries long, its entries stale (for a caller that writes each entry before reading it). */
  room(n: number): Int32Array {
    if (this.buf.length < n) this.buf = new Int32Array(Math.max(n, 2 * this.buf.length));
    return this.buf;
  }

  /** The array, its first `n` entries set to `fill`. */
  take(n: number, fill: number): Int32Array {
    const buf = this.room(n);
    // Most functions are small: a loop beats the builtin's argument checks below a few dozen entries.
    if (n <= 64) for (let i = 0; i < n; i++) buf[i] = fill;
    else buf.fill(fill, 0, n);
    return buf;
  }
}
