/**
 * The working tables one call hands to the next call of the same kind (a
 * printer's workspace, a lowering's or the verifier's scratch). Tables
 * sized by the largest function seen cost far more to allocate fresh, in
 * memory the system has to map, than to refill; keeping them from call to
 * call makes every call after the first pay only for its writes.
 *
 * Held through a WeakRef, so the collector may take the tables (and the
 * megabytes a large function made them grow to) when memory is short; a
 * call that finds none makes its own. `take` empties the slot, so two calls
 * never share tables (a nested call, or one that threw before giving its
 * tables back, makes new ones).
 */
export class Spare<T extends object> {
  private ref: WeakRef<T> | undefined;

  /** The tables the last call gave back, if the collector left them (then no other call can take them). */
  take(): T | undefined {
    const t = this.ref?.deref();
    this.ref = undefined;
    return t;
  }

  /** Hands tables no call uses any more to the next call. */
  give(t: T): void {
    this.ref = new WeakRef(t);
  }
}
