/**
 * The part of a function a range question depends on (a backward slice,
 * Weiser 1984, over the analysis's own dependencies): the solver then
 * transfers only the slice's instructions and tracks only its variables.
 *
 * The slice is closed under:
 * - a value's operands whose intervals its transfer reads
 *   (range-transfer.ts operandsRead), or the variable a `get` reads;
 * - a variable's assignments (the `set` operands) and its reads (the `get`
 *   results: they are the variable's aliases, which edge narrowing compares);
 * - both sides of every branch comparison that involves a slice value (its
 *   branch facts are made from both sides' intervals and facts).
 *
 * Invariant: nothing outside the slice is read when a slice value, a slice
 * variable's state or a slice value's fact is computed, so the solver's
 * rounds compute the same for them with or without the rest (the round
 * numbers, and so widening, are the same: a round visits every block whose
 * inputs changed, and the rest never changes a slice block's inputs).
 */
import type { Func, Inst, ValueId, VarId } from "@fzy/ir";
import type { BranchCmp } from "./range-facts.js";
import { Adjacency } from "./range-adjacency.js";
import { operandsRead } from "./range-transfer.js";
import { type ArrayPool, FRESH, Slot } from "./range-scratch.js";

/** Membership of values and variables in a slice (1: in it). */
export interface Slice {
  readonly values: readonly number[];
  readonly vars: readonly number[];
}

/**
 * The slice of `seeds`: `accesses` are the function's `get`/`set` of a
 * variable (`accessVars` the variable of each), `cmps` each block's branch
 * comparison (range-facts.ts).
 */
export function sliceOf(
  func: Func,
  defInst: readonly (Inst | undefined)[],
  accesses: readonly Inst[],
  accessVars: readonly VarId[],
  cmps: readonly (BranchCmp | undefined)[],
  seeds: Iterable<ValueId>,
  pool: ArrayPool = FRESH,
): Slice {
  const nv = func.values.length;
  const values = new Array<number>(nv).fill(0), vars = new Array<number>(func.vars.length).fill(0);
  // The values tied to each variable (its get results and set operands) and to each compared value (the other side).
  const byVar = new Adjacency(func.vars.length, (add) => {
    for (let k = 0; k < accesses.length; k++) add(accessVars[k]!, tiedValue(accesses[k]!));
  }, pool, [Slot.ByVarStart, Slot.ByVarItems]);
  const partners = new Adjacency(nv, (add) => {
    for (const c of cmps) if (c) { add(c.x, c.y); add(c.y, c.x); }
  }, pool, [Slot.PartnersStart, Slot.PartnersItems]);
  const work: number[] = [];
  const addValue = (v: number): void => {
    if (values[v]) return;
    values[v] = 1;
    work.push(v);
  };
  for (const v of seeds) addValue(v);
  while (work.length) {
    const v = work.pop()!;
    const d = defInst[v];
    if (d && d.op === "get" && d.imm.kind === "var") {
      const x = d.imm.var;
      if (!vars[x]) {
        vars[x] = 1;
        for (let i = byVar.start[x]!; i < byVar.start[x + 1]!; i++) addValue(byVar.items[i]!);
      }
    } else if (d) operandsRead(defInst, d, addValue);
    for (let i = partners.start[v]!; i < partners.start[v + 1]!; i++) addValue(partners.items[i]!);
  }
  return { values, vars };
}

/** The value a `get`/`set` ties to its variable: the result of a `get`, the operand of a `set`. */
export const tiedValue = (access: Inst): ValueId => (access.op === "get" ? access.dst! : access.args[0]!);

/**
 * Appends the operands of `inst` the lowering may ask the range of: both
 * operands of a signed division or remainder, the index of an access to a
 * fixed array (range-analysis.ts askableValues lists them for a function).
 */
export function askableOperands(func: Func, inst: Inst, out: ValueId[]): void {
  const op = inst.op;
  if (op === "sdiv" || op === "srem") out.push(inst.args[0]!, inst.args[1]!);
  else if ((op === "array.get" || op === "array.set") && func.values[inst.args[0]!]!.type.kind === "array") out.push(inst.args[1]!);
}

/** Whether the solver must transfer `inst` for the slice: it defines a slice value or assigns a slice variable. */
export function inSlice(s: Slice, inst: Inst): boolean {
  if (inst.dst !== null) return s.values[inst.dst] === 1;
  return inst.op === "set" && inst.imm.kind === "var" && s.vars[inst.imm.var] === 1;
}
