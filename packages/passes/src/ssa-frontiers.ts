/**
 * Dominance frontiers of the SSA plan's flow graph (ssa-plan.ts), for
 * Cytron's worklist over explicit frontiers.
 */
import { type Flow, grown, rows } from "./ssa-liveness.js";
import type { Ints, IntTables } from "./ssa-tables.js";

/**
 * The (block, frontier block) pairs of dominanceFrontiers, shared by every
 * call and grown as needed (as Sites' pairs): the walk calls out to nothing
 * while they are in use, and a list grown per function is copied as it
 * grows, past 16k entries into new large objects each time.
 */
let FRONTIER_PAIRS: Int32Array = new Int32Array(1024);

/**
 * Dominance frontiers as compressed rows, by Cooper, Harvey and Kennedy's
 * runner walk from each predecessor of a join up to the join's immediate
 * dominator; undefined when their total size passes `budget`. A walk stops
 * at a block whose frontier already holds the join: the walk that put it
 * there went on from that block to the same immediate dominator, so the
 * rest of the climb adds nothing (without the stop, an if-else ladder n
 * deep climbs the whole ladder from each of its n arms).
 */
export function dominanceFrontiers(g: Flow, budget: number, tables: IntTables): { start: Ints; items: Ints } | undefined {
  const last = tables.ints(g.n, -1);
  let pairs = FRONTIER_PAIRS, used = 0;
  const count = tables.ints(g.n + 1);
  for (let y = 0; y < g.n; y++) {
    if (!g.reachable[y] || !g.isJoin(y)) continue;
    const stop = g.idom[y]!;
    for (let i = g.predStart[y]!; i < g.predStart[y + 1]!; i++) {
      for (let r = g.pred[i]!; r !== stop && r >= 0; r = g.idom[r]!) {
        if (last[r] === y) break;
        last[r] = y;
        if (used + 2 > pairs.length) pairs = FRONTIER_PAIRS = grown(pairs, used + 2, used);
        pairs[used++] = r;
        pairs[used++] = y;
        count[r + 1]!++;
        if (used > 2 * budget) return undefined;
      }
    }
  }
  const [start, items] = rows(g.n, count, pairs, used, tables);
  return { start, items };
}
