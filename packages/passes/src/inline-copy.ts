/**
 * A callee's instructions and terminators copied into a caller by the
 * inliner (inline-small-functions.ts), their ids mapped without tables: a
 * parameter to the call's argument, any other value to `valueBase` + id, a
 * variable to `varBase` + id, a block to `base` + id. A spliced callee's
 * values map through a table instead (SplicedValues): the result of a call
 * spliced in it is the value that call returns, not one of its own.
 * Instructions are never written once made, so an empty operand list is
 * shared.
 */
/*
 * Copied instructions and value infos are made by @fzy/ir's makeInst and
 * makeValueInfo, the parser's own constructors: not literals (V8 tracks each
 * literal with a memento that every scavenge reads, and a caller's copied
 * body lives until its function is lowered), and of one shape with parsed ones.
 */
import { type BlockId, type Imm, type Inst, makeInst, type Term, type ValueId, type VarId } from "@fzy/ir";

/** The operands of an instruction without any (shared: instructions are never written). */
export const NO_ARGS: readonly ValueId[] = [];

/** A callee's value in the caller: a parameter is the call's argument, any other value is appended from `valueBase` on. */
export function mapValue(v: ValueId, callArgs: readonly ValueId[], np: number, valueBase: number): ValueId {
  return v < np ? callArgs[v]! : ((valueBase + v) as ValueId);
}

/** A list of callee values, mapped (see mapValue). */
export function mapValues(a: readonly ValueId[], callArgs: readonly ValueId[], np: number, valueBase: number): ValueId[] {
  const out: ValueId[] = new Array(a.length);
  for (let x = 0; x < a.length; x++) out[x] = mapValue(a[x]!, callArgs, np, valueBase);
  return out;
}

/** Callee instruction `i`, mapped. */
export function copyInst(i: Inst, callArgs: readonly ValueId[], np: number, valueBase: number, varBase: number): Inst {
  const a = i.args;
  // Lists of their exact length (most have at most two).
  const args: readonly ValueId[] = a.length === 0 ? a : a.length === 1 ? [mapValue(a[0]!, callArgs, np, valueBase)]
    : a.length === 2 ? [mapValue(a[0]!, callArgs, np, valueBase), mapValue(a[1]!, callArgs, np, valueBase)] : mapValues(a, callArgs, np, valueBase);
  const dst = i.dst === null ? null : mapValue(i.dst, callArgs, np, valueBase);
  const imm: Imm = i.imm.kind === "var" ? { kind: "var", var: (varBase + i.imm.var) as VarId } : i.imm;
  // Source locations survive inlining (debug info).
  return makeInst(i.op, dst, args, i.type, imm, i.loc);
}

/** Block `src` of a callee, mapped, with room for `extra` instructions after (a `ret`'s `set`). */
export function copyInsts(src: readonly Inst[], extra: number, callArgs: readonly ValueId[], np: number, valueBase: number, varBase: number): Inst[] {
  const insts: Inst[] = new Array(src.length + extra);
  for (let j = 0; j < src.length; j++) insts[j] = copyInst(src[j]!, callArgs, np, valueBase, varBase);
  return insts;
}

/** The `set` of the result variable a `ret %v` of the callee becomes. */
export function setResult(v: ValueId, callArgs: readonly ValueId[], np: number, valueBase: number, retImm: Imm): Inst {
  return makeInst("set", null, [mapValue(v, callArgs, np, valueBase)], null, retImm, undefined);
}

/** A callee's terminator, mapped: a `ret` becomes a jump to the continuation, after a `set` of the result variable (the last of `insts`, left for it). */
export function copyTerm(t: Term, insts: Inst[], callArgs: readonly ValueId[], np: number, valueBase: number, base: number, contId: BlockId, retImm: Imm | null): Term {
  switch (t.op) {
    case "jump": return { op: "jump", target: (base + t.target) as BlockId };
    case "br": return { op: "br", cond: mapValue(t.cond, callArgs, np, valueBase), then: (base + t.then) as BlockId, else: (base + t.else) as BlockId };
    case "switch": return { op: "switch", value: mapValue(t.value, callArgs, np, valueBase), cases: t.cases.map((c) => ({ value: c.value, target: (base + c.target) as BlockId })), default: t.default === null ? null : ((base + t.default) as BlockId) };
    case "ret":
      if (t.value !== null && retImm !== null) insts[insts.length - 1] = setResult(t.value, callArgs, np, valueBase, retImm);
      return { op: "jump", target: contId };
    case "unreachable": return t;
  }
}

/**
 * The value maps of the callees being spliced (a nest of them, one per
 * level), a stack in one typed array shared by every function: a level's
 * callee value v (not a parameter: those are the call's arguments) maps to
 * `map[at + v]`. The caller's later instructions are copied after a nested
 * splice returns, so a level reads `map` again then (a push may grow it).
 */
export class SplicedValues {
  map = new Int32Array(64);
  top = 0;

  /** A level for a callee of `n` values, `np` of them parameters: its `at`. */
  push(n: number, np: number): number {
    const need = this.top + n - np;
    if (need > this.map.length) {
      const grown = new Int32Array(Math.max(need, this.map.length * 2));
      grown.set(this.map.subarray(0, this.top));
      this.map = grown;
    }
    const at = this.top - np;
    this.top = need;
    return at;
  }

  /** Drop the level pushed with `at` (and those above it). */
  pop(at: number, np: number): void {
    this.top = at + np;
  }
}

/** A spliced callee's value in the caller: a parameter is the call's argument, any other value is its entry of `map` (SplicedValues). */
export function mapSpliced(v: ValueId, callArgs: readonly ValueId[], np: number, map: Int32Array, at: number): ValueId {
  return v < np ? callArgs[v]! : (map[at + v]! as ValueId);
}

/** A list of spliced callee values, mapped (see mapSpliced). */
export function mapSplicedValues(a: readonly ValueId[], callArgs: readonly ValueId[], np: number, map: Int32Array, at: number): ValueId[] {
  const out: ValueId[] = new Array(a.length);
  for (let x = 0; x < a.length; x++) out[x] = mapSpliced(a[x]!, callArgs, np, map, at);
  return out;
}

/** Spliced callee instruction `i`, mapped (copyInst, its values through `map`). */
export function copySpliced(i: Inst, callArgs: readonly ValueId[], np: number, map: Int32Array, at: number, varBase: number): Inst {
  const a = i.args;
  const args: readonly ValueId[] = a.length === 0 ? a : a.length === 1 ? [mapSpliced(a[0]!, callArgs, np, map, at)]
    : a.length === 2 ? [mapSpliced(a[0]!, callArgs, np, map, at), mapSpliced(a[1]!, callArgs, np, map, at)] : mapSplicedValues(a, callArgs, np, map, at);
  const dst = i.dst === null ? null : mapSpliced(i.dst, callArgs, np, map, at);
  const imm: Imm = i.imm.kind === "var" ? { kind: "var", var: (varBase + i.imm.var) as VarId } : i.imm;
  return makeInst(i.op, dst, args, i.type, imm, i.loc);
}
