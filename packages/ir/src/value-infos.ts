/**
 * The ValueInfos of a parsed module, one per value name and type where it
 * can. A ValueInfo is immutable data that no pass keys a table on, and the
 * same names recur from function to function, so most values need no object
 * of their own: the info last used for a name serves every later value of
 * that name and type, and a name seen with several types (%x holds an i32
 * in one function and an i64 in the next, and back) finds its other infos
 * in the table of the type, by name id: one look-up, not a search through
 * the name's infos. A name enters a table only once it changes type, so the
 * many names written once (a large function's) cost no table entry. Tables
 * are kept for at most TYPES_KEPT type objects (a type made anew for each
 * use, such as an array type, would otherwise keep a table each); a value of
 * any other type gets an info of its own.
 */
import type { ValueInfo } from "./module.js";
import type { Type } from "./types.js";
import { makeValueInfo } from "./records.js";

/** Most type objects whose infos are kept in a table. */
export const TYPES_KEPT = 64;

export class ValueInfos {
  /** The ValueInfo last used for each name id, and its type (beside it: the check reads no info). */
  private readonly last: (ValueInfo | undefined)[];
  private readonly lastTypes: (Type | undefined)[];
  /** The infos made for each type object (up to TYPES_KEPT of them), by name id. */
  private readonly byType = new Map<Type, Map<number, ValueInfo>>();
  /** The type asked for last and its table (consecutive values mostly share a type). */
  private recentType: Type | null = null;
  private recentTable: Map<number, ValueInfo> | undefined = undefined;

  /** For names `strings` (by name id). */
  constructor(private readonly strings: readonly string[]) {
    this.last = new Array<ValueInfo | undefined>(strings.length).fill(undefined);
    this.lastTypes = new Array<Type | undefined>(strings.length).fill(undefined);
  }

  /** The ValueInfo of a value named by name id `id` of type `type`. */
  of(id: number, type: Type): ValueInfo {
    if (this.lastTypes[id] === type) return this.last[id]!;
    const known = this.last[id];
    let info: ValueInfo;
    if (known === undefined) {
      info = makeValueInfo(this.strings[id]!, type); // a name seen once needs no table (most names of a large function)
    } else {
      // The name changes type: its last info goes in the table of its type, to be found when the name comes back to it.
      const table = this.table(known.type);
      if (table !== undefined && !table.has(id)) table.set(id, known);
      info = this.ofType(id, type);
    }
    this.last[id] = info;
    this.lastTypes[id] = type;
    return info;
  }

  /** The table of `type`, made if there is room for it, or undefined. */
  private table(type: Type): Map<number, ValueInfo> | undefined {
    if (type === this.recentType) return this.recentTable;
    let table = this.byType.get(type);
    if (table === undefined && this.byType.size < TYPES_KEPT) this.byType.set(type, (table = new Map()));
    this.recentType = type;
    this.recentTable = table;
    return table;
  }

  /** The info of name id `id` and `type` from the type's table, made (and kept there) if it is new. */
  private ofType(id: number, type: Type): ValueInfo {
    const table = this.table(type);
    if (table === undefined) return makeValueInfo(this.strings[id]!, type);
    let info = table.get(id);
    if (info === undefined) table.set(id, (info = makeValueInfo(this.strings[id]!, type)));
    return info;
  }
}
