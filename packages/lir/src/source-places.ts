/**
 * Values by source place (file, line, column): the printers number each
 * place once (CLIF's `@XXXX`, LLVM's `!DILocation` nodes), and a place is
 * looked up once per origin, so without a string made per look-up: a map per
 * file, then one number for the line and the column.
 */
import type { LSourceLoc } from "./types.js";

export class PlaceMap<T> {
  private readonly byFile = new Map<string, Map<number | string, T>>();

  get(loc: LSourceLoc): T | undefined {
    return this.byFile.get(loc.file)?.get(placeKey(loc.line, loc.col));
  }

  set(loc: LSourceLoc, value: T): void {
    let places = this.byFile.get(loc.file);
    if (places === undefined) this.byFile.set(loc.file, (places = new Map()));
    places.set(placeKey(loc.line, loc.col), value);
  }
}

/** One key per line and column (each below 2^32): a number while the column has at most 20 bits (exact below 2^53), else a string. */
const placeKey = (line: number, col: number): number | string => (col < 0x100000 ? line * 0x100000 + col : `${line}:${col}`);
