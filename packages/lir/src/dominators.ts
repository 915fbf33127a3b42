/**
 * The control-flow graph of a lowered function and its dominator tree. The
 * algorithm (Cooper, Harvey and Kennedy, "A Simple, Fast Dominance
 * Algorithm", 2001: iterate over reverse postorder until the immediate
 * dominators settle) has one home, @fzy/ir's `computeDominatorsOfGraph`;
 * this file only gives it the lowered form's edges.
 */
import { computeDominatorsOfGraph, type DominatorTree } from "@fzy/ir";
import type { LBlockId, LEdge, LFunction, LTerm } from "./types.js";

/** The edges a terminator leaves by, in order (duplicates kept: each is one edge). */
export function termEdges(t: LTerm): readonly LEdge[] {
  switch (t.op) {
    case "jump": return [t.target];
    case "brif": return [t.then, t.else];
    case "br_table": case "switch": return [t.default, ...t.targets];
    case "return": case "trap": return [];
  }
}

/** Successor lists of every block, in block order (targets outside the function are kept; the tree ignores them). */
export function lirSuccessors(f: LFunction): LBlockId[][] {
  return f.blocks.map((b) => termEdges(b.term).map((e) => e.block));
}

/** The dominator tree of a lowered function (entry = block 0). */
export function lirDominators(f: LFunction): DominatorTree<LBlockId> {
  return computeDominatorsOfGraph(lirSuccessors(f));
}
