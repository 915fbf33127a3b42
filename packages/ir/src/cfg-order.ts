/**
 * The orders and edge lists of a control-flow graph that the verifier, the
 * lowering and the dominator tree (dominators.ts) share: successor and
 * predecessor lists, and reverse postorder by an iterative depth-first
 * search (an explicit stack, never recursion, so a deep CFG cannot overflow
 * the JS stack). Successor ids outside the graph are ignored (the verifier
 * reports them separately).
 */
import { type BlockId, type Func, successors, type Term } from "./module.js";

/** Successor lists of a function's blocks, in block order (duplicates kept). */
export function blockSuccessors(func: Func): BlockId[][] {
  return func.blocks.map((b) => (b.term.op === "switch" ? switchSuccessors(b.term) : successors(b.term)));
}

/**
 * module.ts `successors` of a switch (its cases' targets, then the
 * default), in one list allocated at its size: a switch of many cases
 * made its list by a map and a spread, two lists as long as its cases.
 */
function switchSuccessors(t: Extract<Term, { op: "switch" }>): BlockId[] {
  const cases = t.cases, n = cases.length;
  const out = new Array<BlockId>(t.default === null ? n : n + 1);
  for (let i = 0; i < n; i++) out[i] = cases[i]!.target;
  if (t.default !== null) out[n] = t.default;
  return out;
}

/** Predecessor lists of a function's blocks (a block appears once per edge). */
export function predecessors(func: Func): BlockId[][] {
  return predecessorsOfGraph(blockSuccessors(func));
}

/** Predecessor lists of a graph given by successor lists; out-of-range edges are dropped. */
export function predecessorsOfGraph<B extends number>(succs: readonly (readonly B[])[]): B[][] {
  // Counted first so every list is allocated at its size (a list grown by
  // push from empty reserves 17 slots: most blocks have one or two).
  const n = succs.length;
  const count = work(n).fill(0, 0, n);
  for (const ss of succs) for (const s of ss) if (s >= 0 && s < n) count[s]!++;
  const preds: B[][] = new Array(n);
  for (let b = 0; b < n; b++) preds[b] = new Array(count[b]!);
  count.fill(0, 0, n);
  for (let b = 0; b < n; b++) {
    for (const s of succs[b]!) if (s >= 0 && s < n) preds[s]![count[s]!++] = b as B;
  }
  return preds;
}

/** The blocks reachable from the entry (block 0), in reverse postorder. */
export function reversePostorder(func: Func): BlockId[] {
  return reversePostorderOfGraph(blockSuccessors(func));
}

/**
 * Reverse postorder of the nodes reachable from `entry`, by an iterative
 * depth-first search that visits successors in their listed order.
 */
export function reversePostorderOfGraph<B extends number>(succs: readonly (readonly B[])[], entry = 0 as B): B[] {
  const n = succs.length;
  if (entry < 0 || entry >= n) return [];
  const s = work(5 * n).fill(0, 0, n);
  return depthFirst(succs, entry, s, 0, 2 * n);
}

/**
 * The work space of the traversals below and of the dominator trees
 * (dominators.ts), shared by every call and grown as needed: none of them
 * calls out while it is in use, so one array serves all, and a traversal
 * allocates only what it returns. (A typed array per call costs an off-heap
 * allocation the collector must track; one grown array costs nothing per
 * call.)
 */
let WORK: Int32Array<ArrayBuffer> = new Int32Array(4096);

/** The work space with room for `size` numbers (its contents are garbage). */
export function work(size: number): Int32Array {
  if (WORK.length < size) WORK = new Int32Array(Math.max(size, WORK.length * 2));
  return WORK;
}

/**
 * One depth-first search from `entry` (in range): returns the reverse
 * postorder. In the work space `s`: the DFS parent + 1 of every node at
 * `parent` (0 for the entry and unreachable nodes; zero there on entry),
 * the preorder of the reachable nodes at `parent + n`, the stack (a node
 * and the index of its next successor to try) at `stack` (2n), and the
 * postorder after it (n).
 */
export function depthFirst<B extends number>(succs: readonly (readonly B[])[], entry: B, s: Int32Array, parent: number, stack: number): B[] {
  const n = succs.length;
  const preorder = parent + n, next = stack + n;
  let pre = 0, post = 0, top = 0;
  s[stack] = entry;
  s[next] = 0;
  s[preorder + pre++] = entry;
  s[parent + entry] = entry + 1; // marks it visited; reset below
  const postAt = stack + 2 * n;
  while (top >= 0) {
    const b = s[stack + top]!;
    const ss = succs[b]!;
    const i = s[next + top]!;
    if (i < ss.length) {
      s[next + top] = i + 1;
      const x = ss[i]!;
      if (x >= 0 && x < n && s[parent + x] === 0) {
        s[parent + x] = b + 1;
        s[preorder + pre++] = x;
        top++;
        s[stack + top] = x;
        s[next + top] = 0;
      }
    } else {
      s[postAt + post++] = b;
      top--;
    }
  }
  s[parent + entry] = 0;
  const rpo: B[] = [];
  for (let k = post - 1; k >= 0; k--) rpo.push(s[postAt + k]! as B);
  return rpo;
}
