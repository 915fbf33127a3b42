/**
 * Split non-escaping structs into scalars: every field of a struct.new whose
 * value is used only by struct.get / struct.set on itself becomes a mutable
 * local variable, so SSA construction turns the fields into plain values
 * (scalar replacement of aggregates). The struct value itself disappears.
 *
 * The rewrite keeps every other value id, so analyses computed before it stay
 * valid for the values that remain.
 */
import { type Func, type Inst, type ModuleIndex, type ValueId, type VarId } from "@fzy/ir";

/**
 * Rewrite `func`, scalarizing the struct values in `sites` (their struct.new
 * results). A plain copy-on-write: the function, its variable list and its
 * blocks are new objects, every instruction that is not rewritten and the
 * value table are shared with the input (which is never mutated). No
 * structural-sharing library is needed for one flat rewrite, and none of
 * its per-object proxying and freezing is paid on the hot path.
 */
export function scalarizeStructs(ix: ModuleIndex, func: Func, sites: ReadonlySet<ValueId>): Func {
  if (sites.size === 0) return func;
  const vars = [...func.vars];
  const fieldVar = new Map<ValueId, Map<string, VarId>>();
  for (const v of [...sites].sort((a, b) => a - b)) {
    const t = func.values[v]!.type;
    if (t.kind !== "struct") continue;
    const def = ix.structs.get(t.name)!;
    const m = new Map<string, VarId>();
    for (const f of def.fields) {
      vars.push({ name: `${func.values[v]!.name}.${f.name}`, type: f.type });
      m.set(f.name, (vars.length - 1) as VarId);
    }
    fieldVar.set(v, m);
  }
  const blocks = func.blocks.map((b) => {
    const out: Inst[] = [];
    for (const inst of b.insts) {
      if (inst.op === "struct.new" && inst.dst !== null && fieldVar.has(inst.dst)) {
        const def = ix.structs.get((func.values[inst.dst]!.type as { name: string }).name)!;
        const m = fieldVar.get(inst.dst)!;
        def.fields.forEach((f, i) => out.push({ op: "set", dst: null, args: [inst.args[i]!], type: null, imm: { kind: "var", var: m.get(f.name)! } }));
        continue;
      }
      const m = inst.args.length > 0 ? fieldVar.get(inst.args[0]!) : undefined;
      if (m && inst.imm.kind === "field" && inst.op === "struct.get") {
        out.push({ op: "get", dst: inst.dst, args: [], type: null, imm: { kind: "var", var: m.get(inst.imm.name)! } });
        continue;
      }
      if (m && inst.imm.kind === "field" && inst.op === "struct.set") {
        out.push({ op: "set", dst: null, args: [inst.args[1]!], type: null, imm: { kind: "var", var: m.get(inst.imm.name)! } });
        continue;
      }
      out.push(inst);
    }
    return { ...b, insts: out };
  });
  return { ...func, vars, blocks };
}
