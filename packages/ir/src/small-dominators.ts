/**
 * The dominator tree of a small function's CFG (under SMALL_GRAPH_BLOCKS
 * blocks), made again for each function in one object's arrays, so that the
 * resolver and the verifier, which ask for a tree per function, allocate
 * nothing per function once their object has grown to the largest function
 * (a DominatorTree allocates about ten arrays per call; most functions are
 * small).
 *
 * It is a FlatDominators (dominators.ts) that reads a function's
 * terminators: the same answers as DominatorTree on the same successor
 * lists, immediate dominators by the iterative algorithm of Cooper, Harvey
 * and Kennedy on graphs this small. Every answer is valid only until the
 * next `begin`; a caller reads it while it checks one function and keeps
 * none of it.
 */
import { FlatDominators, SMALL_GRAPH_BLOCKS } from "./dominators.js";
import type { BlockId, Func } from "./module.js";

export { SMALL_GRAPH_BLOCKS };

/** A reusable dominator tree for graphs of fewer than SMALL_GRAPH_BLOCKS nodes (entry = node 0), filled by `begin`, `edge` per successor in block order, then `finish`, or by `ofFunction`. */
export class SmallDominators extends FlatDominators<BlockId> {
  /** Start a graph of `n` blocks (0 < n < SMALL_GRAPH_BLOCKS). */
  override begin(n: number): void {
    if (!(n > 0 && n < SMALL_GRAPH_BLOCKS)) throw new RangeError(`SmallDominators: ${n} blocks`);
    super.begin(n);
  }

  /** The tree of `func`'s CFG (fewer than SMALL_GRAPH_BLOCKS blocks), its successors in module.ts `successors` order. */
  ofFunction(func: Func): this {
    const blocks = func.blocks;
    this.begin(blocks.length);
    for (let b = 0; b < blocks.length; b++) {
      const t = blocks[b]!.term;
      switch (t.op) {
        case "jump": this.edge(b, t.target); break;
        case "br": this.edge(b, t.then); this.edge(b, t.else); break;
        case "switch":
          for (let i = 0; i < t.cases.length; i++) this.edge(b, t.cases[i]!.target);
          if (t.default !== null) this.edge(b, t.default);
          break;
        case "ret": case "unreachable": break;
      }
    }
    this.finish();
    return this;
  }
}
