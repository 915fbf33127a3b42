/**
 * The values of a function's variables as a tree of states, one materialized
 * at a time (BlockVariables' storage).
 *
 * A state is a node: its parent's state plus the node's own changes
 * (variable, previous value, value). Each block has one node, made when the
 * block is entered, under the recorded exit state of its immediate
 * dominator; the block's parameters and assignments are the node's changes,
 * and `seal` marks the prefix of them that is the block's recorded exit
 * state (later changes, made by its terminator, belong to no recorded
 * state). One dense array holds the values of the node at hand; going to
 * another node undoes changes up to the common ancestor and replays them
 * down to the target. This is the renaming walk of Cytron et al.
 * ("Efficiently Computing Static Single Assignment Form and the Control
 * Dependence Graph", TOPLAS 1991), whose per-variable stacks are popped on
 * leaving a dominator subtree, with the pushes kept as one log of undo
 * records so that blocks can come in reverse postorder rather than in a walk of the
 * dominator tree: value numbering follows that order.
 *
 * Cost: a block's immediate dominator is recorded before it; when the
 * dominator tree's subtrees are contiguous in reverse postorder (the usual
 * case) every move only climbs, and each change is undone once: linear in
 * parameters plus assignments, where a copied array per block costs blocks
 * x variables. A subtree interleaved with another replays the changes on
 * the path back down to it. A block that changes nothing records its
 * parent's node, so moves skip it.
 *
 * Invariants: node 0 is the empty state, node b + 1 block b's; a recorded
 * node's sealed changes never change; only the node at hand, the one last
 * entered, takes changes, so its changes run to the log's end; a block is
 * entered once.
 */
import type { LValue } from "@fzy/lir";
import type { Scratch } from "./optimize-scratch.js";

/** Fields per node in `nodes`: parent, depth, first change, end of its sealed changes. */
const PARENT = 0, DEPTH = 1, START = 2, SEALED = 3, FIELDS = 4;

/**
 * Changes in the log's first chunk (log2); chunk i holds twice as many as
 * chunk i - 1 up to chunk LAST_DOUBLING (1,024 changes, 24 KB), and every
 * later one as many (larger arrays would be large objects, each a fresh
 * mapping of memory). FIXED_FROM: the first change of the fixed-size chunks.
 */
const FIRST_BITS = 4, LAST_DOUBLING = 6, FIXED_FROM = ((1 << (LAST_DOUBLING + 1)) - 1) << FIRST_BITS;

/** A tree of variable states, one node per block, with one of them materialized (see the header). */
export class VariableStates {
  /** The values of the node at hand (`at`), by variable id; undefined: unassigned. */
  private readonly cur: (LValue[] | undefined)[];
  /** Per node, FIELDS numbers (depth -1: not entered yet). */
  private readonly nodes: Int32Array;
  /**
   * The changes of every node, in the order made, three entries each: the
   * variable, its previous value, its value. In chunks (see FIRST_BITS),
   * each allocated at its size when first needed: one array grown by copying
   * would be copied, past 16k entries, into new large objects several times
   * over (a tenth of the lowering of a 16,000-way join).
   */
  private readonly chunks: (number | LValue[] | undefined)[][] = [];
  private count = 0;
  private at = 0;
  private readonly path: number[] = [];
  /** Changes undone or replayed by moves (tests check it stays linear). */
  moved = 0;

  /** `tables`: where the node table comes from when reused between functions (optimize-scratch.ts), else it is made here. */
  constructor(blocks: number, vars: number, tables?: Scratch) {
    this.cur = new Array<LValue[] | undefined>(vars);
    const size = FIELDS * (blocks + 1);
    this.nodes = tables ? tables.take(size, -1) : new Int32Array(size).fill(-1);
    this.nodes[DEPTH] = this.nodes[START] = this.nodes[SEALED] = 0;
  }

  /** The value of `v` in the state at hand. */
  get(v: number): LValue[] | undefined {
    return this.cur[v];
  }

  /** Change `v` in the state at hand. */
  set(v: number, parts: LValue[]): void {
    const k = this.count++, i = chunkOf(k), o = 3 * (k - firstOf(i));
    const c = (this.chunks[i] ??= new Array(3 * sizeOf(i)));
    c[o] = v;
    c[o + 1] = this.cur[v];
    c[o + 2] = parts;
    this.cur[v] = parts;
  }

  /** Enter block `b`: its node, under recorded node `parent` (0: the empty state), becomes the state at hand. */
  enter(b: number, parent: number): void {
    const id = b + 1, nodes = this.nodes;
    if (nodes[id * FIELDS + DEPTH] !== -1) throw new Error(`variable states: block ${b} entered twice`);
    if (parent !== this.at) this.moveTo(parent);
    else this.undo(this.count, nodes[parent * FIELDS + SEALED]!);
    const start = this.count;
    nodes[id * FIELDS + PARENT] = parent;
    nodes[id * FIELDS + DEPTH] = nodes[parent * FIELDS + DEPTH]! + 1;
    nodes[id * FIELDS + START] = start;
    nodes[id * FIELDS + SEALED] = start;
    this.at = id;
  }

  /**
   * Record the state at hand as it is now; returns the node that holds it
   * (its parent when it has no change of its own).
   */
  seal(): number {
    const base = this.at * FIELDS, end = this.count;
    this.nodes[base + SEALED] = end;
    return end === this.nodes[base + START] ? this.nodes[base + PARENT]! : this.at;
  }

  /** Materialize recorded node `t`: undo up to the common ancestor with the node at hand, replay down to `t`. */
  private moveTo(t: number): void {
    const nodes = this.nodes, path = this.path;
    let a = this.at, x = t;
    // The node at hand has every change applied (it is the newest: its changes run to the log's end);
    // its ancestors their sealed ones.
    let end = this.count;
    while (nodes[a * FIELDS + DEPTH]! > nodes[x * FIELDS + DEPTH]!) {
      this.undo(end, nodes[a * FIELDS + START]!);
      a = nodes[a * FIELDS + PARENT]!;
      end = nodes[a * FIELDS + SEALED]!;
    }
    while (nodes[x * FIELDS + DEPTH]! > nodes[a * FIELDS + DEPTH]!) {
      path.push(x);
      x = nodes[x * FIELDS + PARENT]!;
    }
    while (a !== x) {
      this.undo(end, nodes[a * FIELDS + START]!);
      a = nodes[a * FIELDS + PARENT]!;
      end = nodes[a * FIELDS + SEALED]!;
      path.push(x);
      x = nodes[x * FIELDS + PARENT]!;
    }
    // The common ancestor: back to its recorded state (it differs only if it was the node at hand).
    this.undo(end, nodes[a * FIELDS + SEALED]!);
    while (path.length > 0) {
      const y = path.pop()!;
      this.redo(nodes[y * FIELDS + START]!, nodes[y * FIELDS + SEALED]!);
    }
    this.at = t;
  }

  /** Undo the changes [to, from), last first. */
  private undo(from: number, to: number): void {
    const cur = this.cur, chunks = this.chunks;
    for (let k = from - 1; k >= to; k--) {
      const i = chunkOf(k), o = 3 * (k - firstOf(i)), c = chunks[i]!;
      cur[c[o] as number] = c[o + 1] as LValue[] | undefined;
    }
    if (from > to) this.moved += from - to;
  }

  /** Replay the changes [from, to). */
  private redo(from: number, to: number): void {
    const cur = this.cur, chunks = this.chunks;
    for (let k = from; k < to; k++) {
      const i = chunkOf(k), o = 3 * (k - firstOf(i)), c = chunks[i]!;
      cur[c[o] as number] = c[o + 2] as LValue[];
    }
    if (to > from) this.moved += to - from;
  }
}

/** The chunk of change `k`: chunk i holds changes [firstOf(i), firstOf(i + 1)). */
function chunkOf(k: number): number {
  return k < FIXED_FROM ? 31 - Math.clz32((k >>> FIRST_BITS) + 1) : LAST_DOUBLING + 1 + ((k - FIXED_FROM) >>> (FIRST_BITS + LAST_DOUBLING));
}

/** The first change of chunk `i`. */
function firstOf(i: number): number {
  return i <= LAST_DOUBLING + 1 ? ((1 << i) - 1) << FIRST_BITS : FIXED_FROM + ((i - LAST_DOUBLING - 1) << (FIRST_BITS + LAST_DOUBLING));
}

/** The number of changes chunk `i` holds. */
function sizeOf(i: number): number {
  return 1 << (FIRST_BITS + Math.min(i, LAST_DOUBLING));
}
