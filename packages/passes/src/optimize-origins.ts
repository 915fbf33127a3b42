/**
 * Which origin (index into a lowered function's LOrigins table) each
 * instruction and terminator object of the function optimizer came from.
 * A side table keyed by the objects themselves, weakly, so that every
 * rewrite can carry the origin along without the objects knowing; an object
 * a pass makes anew has none.
 */

/** The origin index of an instruction or terminator object. */
const ORIGIN = new WeakMap<object, number>();

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
