/**
 * Array globals read as array literals (SPEC.md "Globals"). An array global
 * is immutable and each `global.get` of it gives a new array of its
 * elements, exactly what an `array.lit` of `const` elements gives; so before
 * lowering, `%a = global.get @T` becomes the `const`s of its elements and
 * `%a = array.lit [T; N], ...`. The array lowering then decides the
 * array's form as for any literal: static read-only data when the array is
 * never written and does not escape, a stack slot or a runtime array
 * otherwise (lower-arrays.ts, the matrix row of fixed arrays).
 *
 * Invariants: a module without array globals is returned unchanged (the
 * same object); the new values are appended after the function's own, named
 * `<dst>_g<k>` with a numeric suffix when that name is taken, so names stay
 * distinct and the output deterministic.
 */
import type { Func, GlobalDef, Inst, Module, ScalarInit, ValueId, ValueInfo } from "@fzy/ir";

/** `m` with every read of an array global replaced by the literal of its elements. */
export function expandArrayGlobals(m: Module): Module {
  const arrays = new Map((m.globals ?? []).filter((g) => g.init.kind === "array").map((g) => [g.name, g] as const));
  if (arrays.size === 0) return m;
  const reads = (f: Func) => f.blocks.some((b) => b.insts.some((i) => isArrayRead(i, arrays)));
  return { ...m, functions: m.functions.map((f) => (reads(f) ? expandInFunction(f, arrays) : f)) };
}

function isArrayRead(i: Inst, arrays: ReadonlyMap<string, GlobalDef>): boolean {
  return i.op === "global.get" && i.imm.kind === "global" && arrays.has(i.imm.name);
}

function expandInFunction(f: Func, arrays: ReadonlyMap<string, GlobalDef>): Func {
  const values: ValueInfo[] = [...f.values];
  const taken = new Set(values.map((v) => v.name));
  const fresh = (base: string, type: ValueInfo["type"]): ValueId => {
    let name = base;
    for (let n = 1; taken.has(name); n++) name = `${base}_${n}`;
    taken.add(name);
    values.push({ name, type });
    return (values.length - 1) as ValueId;
  };
  const blocks = f.blocks.map((b) => ({
    ...b,
    insts: b.insts.flatMap((i): Inst[] => {
      if (!isArrayRead(i, arrays)) return [i];
      const g = arrays.get((i.imm as { name: string }).name)!;
      const t = g.type as Extract<GlobalDef["type"], { kind: "array" }>;
      const elems = (g.init as { elems: readonly ScalarInit[] }).elems;
      const dst = i.dst!;
      const consts: Inst[] = elems.map((x, k) => ({
        op: "const", dst: fresh(`${f.values[dst]!.name}_g${k}`, t.elem), args: [], type: t.elem, imm: x, ...(i.loc && { loc: i.loc }),
      }));
      const lit: Inst = { op: "array.lit", dst, args: consts.map((c) => c.dst!), type: t, imm: { kind: "none" }, ...(i.loc && { loc: i.loc }) };
      return [...consts, lit];
    }),
  }));
  return { ...f, values, blocks };
}
