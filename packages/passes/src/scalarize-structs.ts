/**
 * Split non-escaping structs into scalars: every field of a struct.new whose
 * value is used only by struct.get / struct.set on itself becomes a mutable
 * local variable, so SSA construction turns the fields into plain values
 * (scalar replacement of aggregates). The struct value itself disappears.
 *
 * The rewrite keeps every other value id, so analyses computed before it stay
 * valid for the values that remain.
 */
import { type Block, type Func, funcWith, type Imm, type Inst, type ModuleIndex, type ValueId, type VarId } from "@fzy/ir";
import { Scratch } from "./optimize-scratch.js";

/** scalarizeStructs' table by value, reused from one function to the next (optimize-scratch.ts): a typed array per function is an off-heap allocation. */
const FIRST_VAR = new Scratch();

/**
 * Rewrite `func`, scalarizing the struct values in `sites` (their struct.new
 * results). A plain copy-on-write: the function and its variable list are
 * new objects, and so is each block with a rewritten instruction; the other
 * blocks, every instruction that is not rewritten and the value table are
 * shared with the input (which is never mutated). No structural-sharing
 * library is needed for one flat rewrite, and none of its per-object
 * proxying and freezing is paid on the hot path.
 */
export function scalarizeStructs(ix: ModuleIndex, func: Func, sites: ReadonlySet<ValueId>): Func {
  if (sites.size === 0) return func;
  const vars = [...func.vars];
  // Per value: the variable of its first field when it is split (its other fields' follow, in declaration order), else -1.
  const firstVar = FIRST_VAR.take(func.values.length, -1);
  for (const v of [...sites].sort((a, b) => a - b)) {
    const t = func.values[v]!.type;
    if (t.kind !== "struct") continue;
    firstVar[v] = vars.length;
    for (const f of ix.structs.get(t.name)!.fields) vars.push({ name: `${func.values[v]!.name}.${f.name}`, type: f.type });
  }
  let blocks: Block[] | undefined; // made at the first block rewritten
  for (let bi = 0; bi < func.blocks.length; bi++) {
    const b = func.blocks[bi]!;
    let out: Inst[] | undefined;
    for (let k = 0; k < b.insts.length; k++) {
      const inst = b.insts[k]!;
      const rewritten = rewrite(ix, func, inst, firstVar);
      if (rewritten === undefined) {
        out?.push(inst);
        continue;
      }
      out ??= b.insts.slice(0, k);
      for (const r of rewritten) out.push(r);
    }
    if (out) (blocks ??= func.blocks.slice(0, bi)).push({ name: b.name, insts: out, term: b.term });
    else blocks?.push(b);
  }
  return funcWith(func, { vars, blocks: blocks ?? func.blocks });
}

/** What stands for `inst` once the structs of `firstVar` are split, or undefined when it stays. */
function rewrite(ix: ModuleIndex, func: Func, inst: Inst, firstVar: Int32Array): Inst[] | undefined {
  if (inst.op === "struct.new") {
    if (inst.dst === null || firstVar[inst.dst]! < 0) return undefined;
    const def = ix.structs.get((func.values[inst.dst]!.type as { name: string }).name)!;
    return fieldSets(inst, def.fields.length, firstVar[inst.dst]!);
  }
  if ((inst.op !== "struct.get" && inst.op !== "struct.set") || inst.imm.kind !== "field" || inst.args.length === 0) return undefined;
  const first = firstVar[inst.args[0]!]!;
  if (first < 0) return undefined;
  const def = ix.structs.get((func.values[inst.args[0]!]!.type as { name: string }).name)!;
  const imm: Imm = { kind: "var", var: (first + ix.fieldIndex(def, inst.imm.name)) as VarId };
  return [inst.op === "struct.get" ? { op: "get", dst: inst.dst, args: [], type: null, imm } : { op: "set", dst: null, args: [inst.args[1]!], type: null, imm }];
}

/**
 * The `set`s of a split struct.new's `n` fields to their variables, from
 * `first` on. A loop apart from rewrite: a closure there, capturing the
 * instruction, would make every call allocate a context.
 */
function fieldSets(inst: Inst, n: number, first: number): Inst[] {
  const sets = new Array<Inst>(n);
  for (let i = 0; i < n; i++) sets[i] = { op: "set", dst: null, args: [inst.args[i]!], type: null, imm: { kind: "var", var: (first + i) as VarId } };
  return sets;
}
