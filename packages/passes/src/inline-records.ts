/**
 * The inliner's records (inline-small-functions.ts): per function, the
 * calls it inlines and, once per callee, the calls it leaves with the
 * matrix's decision. A function's scans find them out of order (each
 * nested scan gives those of the blocks it owns); they are listed in the
 * order of the blocks a split at every inlined call would give, which is
 * the order one scan over those blocks found them before calls were
 * spliced.
 */
import type { Module } from "@fzy/ir";
import type { Decision } from "./eligibility.js";

/** One record: a call of `callee` in `caller`, and the matrix's decision on it. */
export interface InlineRecord {
  readonly caller: string;
  readonly callee: string;
  readonly decision: Decision;
}


/**
 * The records a function's scans find, each with the number its block
 * would have had every inlined call split its block: the records list them
 * in that order (stable within a block), as the one scan over those blocks
 * did before calls were spliced, each callee once unless inlined.
 */
export class Candidates {
  private readonly at: number[] = [];
  private readonly callee: number[] = [];
  private readonly decision: Decision[] = [];
  private readonly order: number[] = [];

  /** Forget the records found (a new function starts). */
  clear(): void {
    this.at.length = this.callee.length = this.decision.length = 0;
  }

  /** A call of g in split-numbered block `at`, and its decision (none: not recorded). */
  add(at: number, g: number, decision: Decision | undefined): void {
    if (!decision) return;
    this.at.push(at);
    this.callee.push(g);
    this.decision.push(decision);
  }

  /** Append the records of `caller` to `records`, in order (`recorded`, stamped with `stamp`, marks each callee listed). */
  keep(caller: string, m: Module, stamp: number, recorded: Int32Array, records: InlineRecord[]): void {
    const { at, order } = this;
    order.length = 0;
    let sorted = true;
    for (let i = 0; i < at.length; i++) {
      order.push(i);
      if (i > 0 && at[i]! < at[i - 1]!) sorted = false;
    }
    if (!sorted) order.sort((a, b) => at[a]! - at[b]! || a - b);
    for (const i of order) {
      const g = this.callee[i]!, decision = this.decision[i]!;
      const first = recorded[g] !== stamp;
      recorded[g] = stamp;
      if (decision.form === "inlined" || first) records.push({ caller, callee: m.functions[g]!.name, decision });
    }
  }
}
