/**
 * A terminator's edges by position, in termEdges' order (jump: its target;
 * brif: then, else; br_table and switch: default, then the targets), without making
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
    case "br_table": case "switch": return t.targets.length + 1;
    case "return": case "trap": return 0;
  }
}

/** Edge `k` of `t` (k below edgeCount(t)). */
export function edgeAt(t: LTerm, k: number): LEdge {
  switch (t.op) {
    case "jump": return t.target;
    case "brif": return k === 0 ? t.then : t.else;
    case "br_table": case "switch": return k === 0 ? t.default : t.targets[k - 1]!;
    case "return": case "trap": throw new Error(`optimizer: a ${t.op} has no edge ${k}`);
  }
}

/** The edge switch `t` takes when its value is `c` (canonical: a signed value of its type, as the cases are), by binary search. */
export function switchEdge(t: Extract<LTerm, { op: "switch" }>, c: bigint): LEdge {
  const cases = t.cases;
  let lo = 0, hi = cases.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cases[mid]! < c) lo = mid + 1;
    else hi = mid;
  }
  return lo < cases.length && cases[lo] === c ? t.targets[lo]! : t.default;
}
