/**
 * A terminator's edges by position, in termEdges' order (jump: its target;
 * brif: then, else; br_table: default, then the targets), without making
 * the list termEdges returns: the optimizer's walks over every block's
 * edges (reachability, edge counts, the edges into each block) made a small
 * array per block and walk.
 */
import type { LEdge, LTerm } from "@fzy/lir";

/** How many edges `t` has. */
export function edgeCount(t: LTerm): number {
  switch (t.op) {
    case "jump": return 1;
    case "brif": return 2;
    case "br_table": return t.targets.length + 1;
    case "return": case "trap": return 0;
  }
}

/** Edge `k` of `t` (k below edgeCount(t)). */
export function edgeAt(t: LTerm, k: number): LEdge {
  switch (t.op) {
    case "jump": return t.target;
    case "brif": return k === 0 ? t.then : t.else;
    case "br_table": return k === 0 ? t.default : t.targets[k - 1]!;
    case "return": case "trap": throw new Error(`optimizer: a ${t.op} has no edge ${k}`);
  }
}
