/**
 * The control-flow graph of a parsed function and its dominator tree, after
 * Cooper, Harvey and Kennedy, "A Simple, Fast Dominance Algorithm" (2001):
 * iterate immediate dominators over the reverse postorder until they settle.
 * Blocks are numbered by layout position; position 0 is the entry.
 */
import { blockCalls, type FunctionAst } from "./ast.js";

export class DominatorTree {
  /** Reachable blocks in reverse postorder. */
  readonly rpo: readonly number[];
  private readonly idom: (number | undefined)[];
  private readonly order: number[];
  /**
   * Each reachable block's place in a preorder of the dominator tree and the
   * size of its subtree: `a` dominates `b` exactly when b's place lies in
   * a's subtree, one comparison instead of a walk up b's dominators (which
   * made checking a chain of blocks grow with its square).
   */
  private readonly pre: Int32Array;
  private readonly size: Int32Array;

  /** `succs[i]`: positions of the successors of the block at position i. */
  constructor(readonly succs: readonly (readonly number[])[]) {
    const n = succs.length;
    const post: number[] = [];
    const seen = new Array<boolean>(n).fill(false);
    // Iterative depth-first search, so deep CFGs cannot overflow the stack.
    const stack: [number, number][] = n ? [[0, 0]] : [];
    if (n) seen[0] = true;
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const next = succs[top[0]]![top[1]++];
      if (next === undefined) {
        post.push(top[0]);
        stack.pop();
      } else if (!seen[next]) {
        seen[next] = true;
        stack.push([next, 0]);
      }
    }
    this.rpo = post.reverse();
    this.order = new Array<number>(n).fill(-1);
    this.rpo.forEach((b, i) => (this.order[b] = i));
    const preds: number[][] = Array.from({ length: n }, () => []);
    succs.forEach((ss, b) => ss.forEach((s) => preds[s]!.push(b)));
    this.idom = new Array<number | undefined>(n).fill(undefined);
    this.pre = new Int32Array(n).fill(-1);
    this.size = new Int32Array(n);
    if (!n) return;
    this.idom[0] = 0;
    for (let changed = true; changed;) {
      changed = false;
      for (const b of this.rpo.slice(1)) {
        let nd: number | undefined;
        for (const p of preds[b]!) {
          if (this.idom[p] === undefined) continue;
          nd = nd === undefined ? p : this.intersect(p, nd);
        }
        if (nd !== this.idom[b]) {
          this.idom[b] = nd;
          changed = true;
        }
      }
    }
    this.numberTree();
  }

  /** Numbers the dominator tree in preorder (iteratively: a chain of blocks is as deep as it is long). */
  private numberTree(): void {
    const n = this.succs.length, kids: number[][] = Array.from({ length: n }, () => []);
    for (const b of this.rpo) if (b !== 0) kids[this.idom[b]!]!.push(b);
    let next = 0;
    const stack: number[] = [0];
    while (stack.length) {
      const b = stack.pop()!;
      this.pre[b] = next++;
      for (let i = kids[b]!.length - 1; i >= 0; i--) stack.push(kids[b]![i]!);
    }
    // Subtree sizes, children before parents (reverse preorder).
    const byPre = new Int32Array(next);
    for (const b of this.rpo) byPre[this.pre[b]!] = b;
    for (let i = next - 1; i >= 0; i--) {
      const b = byPre[i]!;
      this.size[b]! += 1;
      if (b !== 0) this.size[this.idom[b]!]! += this.size[b]!;
    }
  }

  private intersect(a: number, b: number): number {
    while (a !== b) {
      while (this.order[a]! > this.order[b]!) a = this.idom[a]!;
      while (this.order[b]! > this.order[a]!) b = this.idom[b]!;
    }
    return a;
  }

  isReachable(b: number): boolean {
    return this.order[b] !== -1;
  }

  /** Whether block `a` dominates block `b` (every block dominates itself). */
  dominates(a: number, b: number): boolean {
    if (!this.isReachable(a) || !this.isReachable(b)) return false;
    return this.pre[a]! <= this.pre[b]! && this.pre[b]! < this.pre[a]! + this.size[a]!;
  }
}

/** Successor positions of every block (targets that are not blocks are left out; the verifier reports them). */
export function successors(f: FunctionAst): number[][] {
  const pos = f.blockPos;
  return f.blocks.map((b) => {
    const last = b.insts[b.insts.length - 1];
    if (!last) return [];
    return blockCalls(last).map((c) => pos.get(c.block)).filter((p): p is number => p !== undefined);
  });
}
