/**
 * The ValueInfos of a parsed module, one per value name and type where it
 * can. A ValueInfo is immutable data that no pass keys a table on, and the
 * same names recur from function to function, so most values need no object
 * of their own: the info last used for a name serves every later value of
 * that name and type. A name seen with several types keeps up to
 * INFOS_PER_NAME of them (a name such as %x holds an i32 in one function and
 * an i64 in the next, and back).
 */
import type { ValueInfo } from "./module.js";
import type { Type } from "./types.js";

/** Most types a name's ValueInfos are kept for (a search through them costs a comparison each). */
export const INFOS_PER_NAME = 16;

export class ValueInfos {
  /** The ValueInfo last used for each name id. */
  private readonly last: (ValueInfo | undefined)[];
  /** The others of a name seen with several types (the last one among them). */
  private readonly others = new Map<number, ValueInfo[]>();
  /** How many infos were made for a name's others: picks the one a full list gives up. */
  private made = 0;

  /** For names `strings` (by name id). */
  constructor(private readonly strings: readonly string[]) {
    this.last = new Array<ValueInfo | undefined>(strings.length).fill(undefined);
  }

  /** The ValueInfo of a value named by name id `id` of type `type`. */
  of(id: number, type: Type): ValueInfo {
    const known = this.last[id];
    if (known !== undefined && known.type === type) return known;
    const info = known === undefined ? { name: this.strings[id]!, type } : this.other(id, known, type);
    this.last[id] = info;
    return info;
  }

  /** The ValueInfo of name id `id` (whose last one, `last`, has another type) of type `type`, found among the name's others or made. */
  private other(id: number, last: ValueInfo, type: Type): ValueInfo {
    let others = this.others.get(id);
    if (others === undefined) this.others.set(id, (others = [last]));
    for (let k = 0; k < others.length; k++) if (others[k]!.type === type) return others[k]!;
    const info: ValueInfo = { name: last.name, type };
    if (others.length < INFOS_PER_NAME) others.push(info);
    else others[this.made++ % INFOS_PER_NAME] = info;
    return info;
  }
}
