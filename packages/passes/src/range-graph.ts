/**
 * The range solver's dependency lists, made once per function: which
 * blocks to revisit when a value's interval changes (compressed rows), and
 * which variables each compared value may be an alias of.
 */
import type { Inst, ValueId, VarId } from "@fzy/ir";
import type { BranchCmp } from "./range-facts.js";

/**
 * The variables each compared value may be an alias of, in the order of
 * their first `get`/`set` (the order the edge narrowing lists them in).
 */
export function comparedAliases(cmps: readonly (BranchCmp | undefined)[], accesses: readonly Inst[]): Map<ValueId, VarId[]> {
  const out = new Map<ValueId, VarId[]>();
  for (const c of cmps) if (c) out.set(c.x, []);
  if (out.size === 0) return out;
  for (const i of accesses) {
    const vs = out.get(i.op === "get" ? i.dst! : i.args[0]!);
    const v = (i.imm as { var: VarId }).var;
    if (vs && !vs.includes(v)) vs.push(v);
  }
  return out;
}

/** Lists of blocks per value in two flat arrays (compressed rows): no array per value. */
export class Adjacency {
  /** The blocks of row r are items[start[r] .. start[r + 1]). */
  readonly start: number[];
  readonly items: number[];

  constructor(n: number, edges: (add: (from: number, to: number) => void) => void) {
    const count = new Array<number>(n + 1).fill(0);
    edges((from) => { count[from + 1]!++; });
    for (let i = 0; i < n; i++) count[i + 1]! += count[i]!;
    this.start = count.slice();
    this.items = new Array<number>(count[n]!).fill(0);
    edges((from, to) => { this.items[count[from]!++] = to; });
  }
}
