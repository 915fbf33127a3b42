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

/**
 * How many edges `t` leaves by, and its k-th (in termEdges' order), without
 * making the list termEdges returns: walks over every block's edges (the
 * optimizer's, the LLVM printer's edge plan) made a small array per block,
 * and a large switch a large one.
 */
export function edgeCount(t: LTerm): number {
  switch (t.op) {
    case "jump": return 1;
    case "brif": return 2;
    case "br_table": case "switch": return t.targets.length + 1;
    case "return": case "trap": return 0;
  }
}

/** Edge `k` of `t`, in termEdges' order (jump: its target; brif: then, else; br_table and switch: default, then the targets). */
export function edgeAt(t: LTerm, k: number): LEdge {
  switch (t.op) {
    case "jump": return t.target;
    case "brif": return k === 0 ? t.then : t.else;
    case "br_table": case "switch": return k === 0 ? t.default : t.targets[k - 1]!;
    case "return": case "trap": throw new Error(`lowered form: a ${t.op} has no edge ${k}`);
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
