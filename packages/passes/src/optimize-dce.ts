/**
 * Dead-value elimination: pure instructions (and loads, which the lowering
 * only emits for valid addresses) whose results nothing reads are removed,
 * and so are block parameters nothing reads, with the argument every edge
 * passes for them. A worklist over use counts (each removal may free the
 * operands it read), so the cost is linear in instructions and edges.
 *
 * A parameter passed only back to itself around a loop counts as unused.
 * Entry parameters (the function's arguments) are never removed.
 */
import type { LBlockId, LEdge, LValue } from "@fzy/lir";
import { termEdges } from "@fzy/lir";
import { instDef, instUses, isPure, mapTermEdges, type MFunction, type Replacements, termOwnUses } from "./optimize-ir.js";

type Def = { readonly block: number; readonly param: number } | { readonly block: number; readonly inst: number };

/** Remove what nothing reads (see the file header). `r` is applied first. */
export function removeDeadValues(m: MFunction, r: Replacements): void {
  r.apply(m);
  const uses = new Int32Array(m.types.length);
  const defs = new Map<LValue, Def>();
  const incoming: LEdge[][] = m.blocks.map(() => []);
  m.blocks.forEach((blk, b) => {
    if (blk.dead) return;
    if (b !== 0) blk.params.forEach((p, k) => defs.set(p, { block: b, param: k }));
    blk.insts.forEach((i, k) => {
      for (const v of instUses(i)) uses[v]!++;
      const d = instDef(i);
      if (d !== undefined && (isPure(i) || i.op === "load")) defs.set(d, { block: b, inst: k });
    });
    for (const v of termOwnUses(blk.term)) uses[v]!++;
    for (const e of termEdges(blk.term)) {
      incoming[e.block]!.push(e);
      e.args.forEach((v, k) => { if (v !== m.blocks[e.block]!.params[k]) uses[v]!++; });
    }
  });
  const dead = new Set<LValue>();
  const work: LValue[] = [];
  for (const v of defs.keys()) if (uses[v] === 0) work.push(v);
  const release = (v: LValue) => {
    if (--uses[v]! === 0 && defs.has(v)) work.push(v);
  };
  while (work.length) {
    const v = work.pop()!;
    if (dead.has(v)) continue;
    dead.add(v);
    const d = defs.get(v)!;
    if ("inst" in d) {
      for (const u of instUses(m.blocks[d.block]!.insts[d.inst]!)) release(u);
    } else {
      for (const e of incoming[d.block]!) {
        const a = e.args[d.param]!;
        if (a !== v) release(a);
      }
    }
  }
  if (dead.size === 0) return;
  const keptParams = new Map<number, boolean[]>();
  m.blocks.forEach((blk, b) => {
    if (blk.dead) return;
    const keep = blk.params.map((p) => !dead.has(p));
    if (keep.some((k) => !k)) keptParams.set(b, keep);
    blk.params = blk.params.filter((p) => !dead.has(p));
    blk.insts = blk.insts.filter((i) => {
      const d = instDef(i);
      return d === undefined || !dead.has(d);
    });
  });
  const edge = (e: LEdge): LEdge => {
    const keep = keptParams.get(e.block);
    return keep ? { block: e.block as LBlockId, args: e.args.filter((_, k) => keep[k]) } : e;
  };
  for (const blk of m.blocks) if (!blk.dead) blk.term = mapTermEdges(blk.term, edge);
}
