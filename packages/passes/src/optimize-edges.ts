/**
 * The edge a `switch` terminator takes for a known value (fold and jump
 * threading), and an edge with its arguments resolved (the fold's folded
 * branches). A terminator's edges by position are @fzy/lir's edgeCount
 * and edgeAt.
 */
import { edge, type LEdge, type LTerm, type LValue } from "@fzy/lir";
import type { Resolver } from "./optimize-remap.js";
import { firstAtLeastBig } from "./sorted-lists.js";

/** Edge `e` with its arguments resolved through `r` (a new edge and list: edges may be shared between terminators). */
export function resolvedEdge(e: LEdge, r: Resolver): LEdge {
  const args = e.args, out: LValue[] = [];
  for (let k = 0; k < args.length; k++) out.push(r.resolve(args[k]!));
  return edge(e.block, out);
}

/** The edge switch `t` takes when its value is `c` (canonical: a signed value of its type, as the cases are), by binary search. */
export function switchEdge(t: Extract<LTerm, { op: "switch" }>, c: bigint): LEdge {
  const cases = t.cases, at = firstAtLeastBig(cases, c);
  return at < cases.length && cases[at] === c ? t.targets[at]! : t.default;
}
