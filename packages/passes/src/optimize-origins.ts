/**
 * Which origin (index into a lowered function's LOrigins table) each
 * instruction and terminator object of the function optimizer came from.
 * A side table keyed by the objects themselves, so that every rewrite can
 * carry the origin along without the objects knowing; an object a pass
 * makes anew has none.
 *
 * It holds one function's objects: the optimizer works on one function at
 * a time (it is not re-entrant), and `startOrigins` empties the table when
 * it starts the next. A Map, not a WeakMap over every function: the
 * collector visits each entry of a WeakMap as an ephemeron at every full
 * marking, and with a source location on every instruction (every object
 * an entry) recording origins took 12% of lower()'s time and the collector
 * 9% on corpus x10 through Cranelift.
 */

/** The origin index of an instruction or terminator object of the function being optimized. */
let ORIGIN = new Map<object, number>();

/** A new function: the last one's entries go (a fresh table: clear() would keep the largest one's room). */
export function startOrigins(): void {
  if (ORIGIN.size > 0) ORIGIN = new Map<object, number>();
}

/** Record that `o` came from origin `index`. */
export function setOrigin(o: object, index: number): void {
  ORIGIN.set(o, index);
}

/** The origin index of `o`, if it has one. */
export function originOf(o: object): number | undefined {
  return ORIGIN.get(o);
}

/** `to` (a rewrite of `from`) with `from`'s origin; `to` itself. */
export function carryOrigin<T extends object>(from: object, to: T): T {
  if (to !== from) {
    const o = ORIGIN.get(from);
    if (o !== undefined) ORIGIN.set(to, o);
  }
  return to;
}
