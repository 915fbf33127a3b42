/**
 * Where the lowering needs block parameters for the IR's mutable variables.
 *
 * The IR keeps cross-block state in variables; the lowered form is SSA. We
 * place a block parameter for variable v at block B exactly when B is in the
 * iterated dominance frontier of the blocks that assign v and v is live on
 * entry to B (pruned SSA; Cytron et al., "Efficiently Computing Static Single
 * Assignment Form and the Control Dependence Graph", TOPLAS 1991, with
 * frontiers computed as in Cooper, Harvey and Kennedy 2001). Renaming is then
 * implicit: walking blocks in reverse postorder, a block without a parameter
 * for v sees v's value at the end of its immediate dominator.
 */
import { type BlockId, type Func, type VarId, computeDominators, type DominatorTree, successors } from "@fzy/ir";

export interface SsaPlan {
  readonly dom: DominatorTree<BlockId>;
  /** Variables that get a block parameter at each block, in variable order. */
  readonly phis: readonly (readonly VarId[])[];
  /** Variables live on entry to each block. */
  readonly liveIn: readonly ReadonlySet<VarId>[];
}

export function planSsa(func: Func): SsaPlan {
  const dom = computeDominators(func);
  const n = func.blocks.length;
  const nv = func.vars.length;

  // Upward-exposed uses and definitions per block.
  const uses: Set<VarId>[] = [];
  const defs: Set<VarId>[] = [];
  for (const b of func.blocks) {
    const u = new Set<VarId>(), d = new Set<VarId>();
    for (const inst of b.insts) {
      if (inst.imm.kind !== "var") continue;
      if (inst.op === "get" && !d.has(inst.imm.var)) u.add(inst.imm.var);
      if (inst.op === "set") d.add(inst.imm.var);
    }
    uses.push(u);
    defs.push(d);
  }

  // Liveness: backward dataflow to a fixpoint, visiting in postorder.
  const liveIn: Set<VarId>[] = func.blocks.map((_, i) => new Set(uses[i]));
  const succs = func.blocks.map((b) => successors(b.term));
  const post = [...dom.rpo].reverse();
  for (let changed = true; changed;) {
    changed = false;
    for (const b of post) {
      const out = new Set<VarId>();
      for (const s of succs[b]!) for (const v of liveIn[s]!) out.add(v);
      for (const v of out) {
        if (!defs[b]!.has(v) && !liveIn[b]!.has(v)) {
          liveIn[b]!.add(v);
          changed = true;
        }
      }
    }
  }

  // Dominance frontiers (Cooper, Harvey, Kennedy: walk up from each join's predecessors).
  const df: Set<BlockId>[] = func.blocks.map(() => new Set());
  for (const b of dom.rpo) {
    const preds = dom.preds[b]!.filter((p) => dom.isReachable(p));
    if (preds.length < 2) continue;
    const idom = dom.idom(b);
    for (const p of preds) {
      for (let r: BlockId | null = p; r !== null && r !== idom; r = dom.idom(r)) {
        df[r]!.add(b);
        if (r === b) break;
      }
    }
  }

  const phis: VarId[][] = func.blocks.map(() => []);
  for (let v = 0 as VarId; v < nv; v++) {
    const work: BlockId[] = [];
    for (let b = 0; b < n; b++) if (defs[b]!.has(v)) work.push(b as BlockId);
    const placed = new Set<BlockId>();
    while (work.length) {
      const b = work.pop()!;
      for (const f of df[b]!) {
        if (placed.has(f)) continue;
        placed.add(f);
        if (liveIn[f]!.has(v)) phis[f]!.push(v);
        if (!defs[f]!.has(v)) work.push(f);
      }
    }
  }
  for (const p of phis) p.sort((a, b) => a - b);
  return { dom, phis, liveIn };
}
