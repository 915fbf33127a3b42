/**
 * Global reads and writes the lowering need not see as such (SPEC.md
 * "Globals"), rewritten before lowering:
 * - An immutable array global reads as a new array of its elements, exactly
 *   what an `array.lit` of `const` elements gives; so `%a = global.get @T`
 *   becomes the `const`s of its elements and `%a = array.lit [T; N], ...`.
 *   The array lowering then decides the array's form as for any literal:
 *   static read-only data when the array is never written and does not
 *   escape, a stack slot or a runtime array otherwise (lower-arrays.ts, the
 *   matrix row of fixed arrays).
 * - A mutable array global `T: [E; N]` gets N mutable scalar globals
 *   `T[0]` .. `T[N-1]` (names no text can spell, so they never clash), the
 *   elements of one writable data object laid out as the array
 *   (lower-globals.ts). A read is an `array.lit` of the N
 *   element reads, a copy as the semantics say; `global.set @T, %a` stores
 *   each `array.get %a, k` into `T[k]`. An element access through the
 *   global therefore costs N loads (or stores) and the copy, whatever the
 *   index: simple and exactly the semantics, but linear in N; a lowering
 *   that reads an element in place, when no write can come between the
 *   read of the global and the access, would make it constant.
 * - An immutable str global reads as a `str.lit` of its text, which is what
 *   its constant is; so every `global.get` of str left for the lowering reads
 *   a mutable global (stored-strings.ts StoredStrings.copies relies on it).
 *
 * Invariants: a module without array or str globals is returned unchanged
 * (the same object); the new values are appended after the function's own,
 * named `<dst>_g<k>` with a numeric suffix when that name is taken, so names
 * stay distinct and the output deterministic.
 */
import { type Block, type Func, funcWith, type GlobalDef, I32, type Inst, type Module, type ScalarInit, type Type, type ValueId, type ValueInfo } from "@fzy/ir";

type ArrayType = Extract<Type, { kind: "array" }>;

/** The name of element k's cell of mutable array global `g`. */
const elemGlobal = (g: string, k: number): string => `${g}[${k}]`;

/** The array global and index of element global `name` (made here), or null for any other global. */
export function arrayElement(name: string): { readonly array: string; readonly index: number } | null {
  const m = /^(.*)\[(\d+)\]$/.exec(name);
  return m ? { array: m[1]!, index: Number(m[2]) } : null;
}

/** `m` with every read of an array or immutable str global, and every write of an array global, rewritten. */
export function expandArrayGlobals(m: Module): Module {
  const expanded = new Map((m.globals ?? []).filter((g) => g.init.kind === "array" || (g.init.kind === "str" && !g.mutable)).map((g) => [g.name, g] as const));
  if (expanded.size === 0) return m;
  // The array global stays declared: its elements' cells are one data object, laid out as the array (lower-globals.ts).
  const globals = (m.globals ?? []).flatMap((g): GlobalDef[] => (g.mutable && g.init.kind === "array" ? [g, ...elementGlobals(g)] : [g]));
  return { ...m, globals, functions: m.functions.map((f) => expandInFunction(f, expanded)) };
}

/** The scalar globals that hold mutable array global `g`'s elements. */
function elementGlobals(g: GlobalDef): GlobalDef[] {
  const t = g.type as ArrayType;
  const elems = (g.init as { elems: readonly ScalarInit[] }).elems;
  return elems.map((init, k) => ({ name: elemGlobal(g.name, k), type: t.elem, mutable: true, init }));
}

function rewritten(i: Inst, expanded: ReadonlyMap<string, GlobalDef>): boolean {
  return (i.op === "global.get" || i.op === "global.set") && i.imm.kind === "global" && expanded.has(i.imm.name);
}

/** `f` with its reads and writes of expanded globals rewritten; `f` itself when it has none (one walk either way). */
function expandInFunction(f: Func, expanded: ReadonlyMap<string, GlobalDef>): Func {
  let blocks: Block[] | undefined; // made at the first block rewritten; blocks without such a read or write stay the same objects
  let names: FreshNames | undefined;
  for (let bi = 0; bi < f.blocks.length; bi++) {
    const b = f.blocks[bi]!;
    let out: Inst[] | undefined;
    for (let k = 0; k < b.insts.length; k++) {
      const i = b.insts[k]!;
      if (!rewritten(i, expanded)) {
        out?.push(i);
        continue;
      }
      out ??= b.insts.slice(0, k);
      expandInst(f, i, expanded.get((i.imm as { name: string }).name)!, (names ??= new FreshNames(f)), out);
    }
    if (out) (blocks ??= f.blocks.slice(0, bi)).push({ name: b.name, insts: out, term: b.term });
    else blocks?.push(b);
  }
  return blocks && names ? funcWith(f, { values: names.values, blocks }) : f;
}

/** `f`'s values, to which new ones are appended under names no other value has. */
class FreshNames {
  readonly values: ValueInfo[];
  /** Every new name has an underscore, so only names with one can clash: the rest stay out of the set. */
  private readonly taken = new Set<string>();

  constructor(f: Func) {
    this.values = f.values.slice();
    for (let v = 0; v < this.values.length; v++) if (this.values[v]!.name.includes("_")) this.taken.add(this.values[v]!.name);
  }

  /** A new value of `type` named `base`, or `base_n` with the first n that is free. */
  fresh(base: string, type: Type): ValueId {
    let name = base;
    for (let n = 1; this.taken.has(name); n++) name = `${base}_${n}`;
    this.taken.add(name);
    this.values.push({ name, type });
    return (this.values.length - 1) as ValueId;
  }
}

/** The instructions that stand for `i`, a read or write of expanded global `g`, appended to `out`. */
function expandInst(f: Func, i: Inst, g: GlobalDef, names: FreshNames, out: Inst[]): void {
  const at = i.loc && { loc: i.loc };
  if (g.init.kind === "str") {
    out.push({ op: "str.lit", dst: i.dst, args: [], type: null, imm: { kind: "str", value: g.init.value }, ...at });
    return;
  }
  const t = g.type as ArrayType;
  if (i.op === "global.set") {
    // global.set @T, %a: each element of %a into its cell.
    const base = `${f.values[i.args[0]!]!.name}_s`;
    for (let k = 0; k < t.len; k++) {
      const ix = names.fresh(`${base}${k}_i`, I32), el = names.fresh(`${base}${k}`, t.elem);
      out.push(
        { op: "const", dst: ix, args: [], type: I32, imm: { kind: "int", value: BigInt(k) }, ...at },
        { op: "array.get", dst: el, args: [i.args[0]!, ix], type: null, imm: { kind: "none" }, ...at },
        { op: "global.set", dst: null, args: [el], type: null, imm: { kind: "global", name: elemGlobal(g.name, k) }, ...at },
      );
    }
    return;
  }
  const dst = i.dst!;
  const elems = (g.init as { elems: readonly ScalarInit[] }).elems;
  const reads: ValueId[] = [];
  for (let k = 0; k < elems.length; k++) {
    const v = names.fresh(`${f.values[dst]!.name}_g${k}`, t.elem);
    reads.push(v);
    out.push(g.mutable
      ? { op: "global.get", dst: v, args: [], type: null, imm: { kind: "global", name: elemGlobal(g.name, k) }, ...at }
      : { op: "const", dst: v, args: [], type: t.elem, imm: elems[k]!, ...at });
  }
  out.push({ op: "array.lit", dst, args: reads, type: t, imm: { kind: "none" }, ...at });
}
