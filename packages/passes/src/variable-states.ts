/**
 * The values of a function's variables as a tree of states, one materialized
 * at a time (BlockVariables' storage).
 *
 * A state is a node: its parent's state plus the node's own changes
 * (variable, old value, new value), kept in one log. A block's state at its
 * start is a new node under the recorded exit state of its immediate
 * dominator; its parameters and assignments are that node's changes, and
 * `seal` marks the prefix of them that is its recorded exit state (later
 * changes, made by its terminator, belong to no recorded state). One dense
 * array holds the values of the node at hand; going to another node undoes
 * changes up to the common ancestor and replays them down to the target.
 * This is the renaming walk of Cytron et al. ("Efficiently Computing Static
 * Single Assignment Form...", TOPLAS 1991), whose per-variable stacks are
 * popped on leaving a dominator subtree, with the stacks kept as one undo
 * log (a trail) so that blocks can come in reverse postorder rather than in
 * a walk of the dominator tree: value numbering follows that order.
 *
 * Cost: a block's immediate dominator is recorded before it; when the
 * dominator tree's subtrees are contiguous in reverse postorder (the usual
 * case) every move only climbs, and each change is undone once: linear in
 * parameters plus assignments, where a copied array per block costs blocks
 * x variables. A subtree interleaved with another replays the changes on
 * the path back down to it.
 *
 * Invariants: node 0 is the empty state; a recorded node's sealed changes
 * never change; only the newest node takes changes (a new node is made at
 * every `branch`), so its changes run to the log's end.
 */
import type { LValue } from "@fzy/lir";

/** Fields per node in `nodes`: parent, depth, first change, end of sealed changes. */
const PARENT = 0, DEPTH = 1, START = 2, SEALED = 3, FIELDS = 4;

/** A tree of variable states with one of them materialized (see the header). */
export class VariableStates {
  /** The values of the node at hand (`at`), by variable id; undefined: unassigned. */
  private readonly cur: (LValue[] | undefined)[];
  private readonly nodes: number[] = [-1, 0, 0, 0];
  private at = 0;
  /** Changed variable, by change. */
  private readonly logVar: number[] = [];
  /** Old value then new value, two per change. */
  private readonly logVal: (LValue[] | undefined)[] = [];
  private readonly path: number[] = [];
  /** Changes undone or replayed by moves (tests check it stays linear). */
  moved = 0;

  constructor(vars: number) {
    this.cur = new Array<LValue[] | undefined>(vars);
  }

  /** The value of `v` in the state at hand. */
  get(v: number): LValue[] | undefined {
    return this.cur[v];
  }

  /** Change `v` in the state at hand (the newest node). */
  set(v: number, parts: LValue[]): void {
    this.logVar.push(v);
    this.logVal.push(this.cur[v], parts);
    this.cur[v] = parts;
  }

  /** Make the state at hand a new node under recorded node `parent` (0: the empty state); returns it. */
  branch(parent: number): number {
    this.moveTo(parent);
    const id = this.nodes.length / FIELDS;
    const start = this.logVar.length;
    this.nodes.push(parent, this.nodes[parent * FIELDS + DEPTH]! + 1, start, start);
    this.at = id;
    return id;
  }

  /**
   * Record the state at hand as it is now; returns the node that holds it
   * (its parent when it has no change of its own, so moves skip it).
   */
  seal(): number {
    const base = this.at * FIELDS, end = this.logVar.length;
    this.nodes[base + SEALED] = end;
    return end === this.nodes[base + START] ? this.nodes[base + PARENT]! : this.at;
  }

  /** Materialize recorded node `t`: undo up to the common ancestor with the node at hand, replay down to `t`. */
  private moveTo(t: number): void {
    const nodes = this.nodes, path = this.path;
    let a = this.at, x = t;
    // The node at hand has every change applied; its ancestors their sealed ones.
    let end = this.logVar.length;
    while (nodes[a * FIELDS + DEPTH]! > nodes[x * FIELDS + DEPTH]!) {
      this.undo(nodes[a * FIELDS + START]!, end);
      a = nodes[a * FIELDS + PARENT]!;
      end = nodes[a * FIELDS + SEALED]!;
    }
    while (nodes[x * FIELDS + DEPTH]! > nodes[a * FIELDS + DEPTH]!) {
      path.push(x);
      x = nodes[x * FIELDS + PARENT]!;
    }
    while (a !== x) {
      this.undo(nodes[a * FIELDS + START]!, end);
      a = nodes[a * FIELDS + PARENT]!;
      end = nodes[a * FIELDS + SEALED]!;
      path.push(x);
      x = nodes[x * FIELDS + PARENT]!;
    }
    // The common ancestor: back to its recorded state (it differs only if it was the node at hand).
    this.undo(nodes[a * FIELDS + SEALED]!, end);
    while (path.length > 0) {
      const y = path.pop()!;
      this.redo(nodes[y * FIELDS + START]!, nodes[y * FIELDS + SEALED]!);
    }
    this.at = t;
  }

  private undo(from: number, to: number): void {
    const cur = this.cur, logVar = this.logVar, logVal = this.logVal;
    for (let k = to - 1; k >= from; k--) cur[logVar[k]!] = logVal[2 * k];
    if (to > from) this.moved += to - from;
  }

  private redo(from: number, to: number): void {
    const cur = this.cur, logVar = this.logVar, logVal = this.logVal;
    for (let k = from; k < to; k++) cur[logVar[k]!] = logVal[2 * k + 1];
    if (to > from) this.moved += to - from;
  }
}
