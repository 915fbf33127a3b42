/**
 * Where the lowering needs block parameters for the IR's mutable variables.
 *
 * The IR keeps cross-block state in variables; the lowered form is SSA. We
 * place a block parameter for variable v at block B exactly when B is in the
 * iterated dominance frontier of the blocks that assign v and v is live on
 * entry to B (pruned SSA; Cytron et al., "Efficiently Computing Static Single
 * Assignment Form and the Control Dependence Graph", TOPLAS 1991, with the
 * iterated frontiers found as in Sreedhar and Gao 1995). Renaming is then
 * implicit: walking blocks in reverse postorder, a block without a parameter
 * for v sees v's value at the end of its immediate dominator.
 *
 * Cost: liveness is computed one variable at a time by walking backwards
 * from the blocks that read it, stopping at blocks that assign it (the path
 * exploration of Brandner et al., "Computing Liveness Sets for SSA-Form
 * Programs", INRIA RR-7503, 2011), so each (block, variable) pair is visited
 * once and the result is a bit matrix: linear in the size of the live sets,
 * with no fixpoint iteration (an iterated set-based fixpoint needs one round
 * per loop nesting level). Placement marks blocks by variable stamp, so no
 * per-variable set is built.
 */
import { blockSuccessors, type BlockId, type Func, type VarId, computeDominators, type DominatorTree } from "@fzy/ir";

export interface SsaPlan {
  readonly dom: DominatorTree<BlockId>;
  /** Variables that get a block parameter at each block, in variable order. */
  readonly phis: readonly (readonly VarId[])[];
  /** Variables live on entry to each block (iterated in increasing variable order). */
  readonly liveIn: readonly ReadonlySet<VarId>[];
}

/** One row of a bit matrix (block x variable) seen as a read-only set of variables. */
class BitRowSet implements ReadonlySet<VarId> {
  constructor(private readonly bits: Uint32Array, private readonly from: number, private readonly words: number) {}

  has(v: VarId): boolean {
    const w = v >>> 5;
    return v >= 0 && w < this.words && (this.bits[this.from + w]! & (1 << (v & 31))) !== 0;
  }

  get size(): number {
    let n = 0;
    for (let w = 0; w < this.words; w++) {
      let x = this.bits[this.from + w]!;
      while (x !== 0) { x &= x - 1; n++; }
    }
    return n;
  }

  *values(): IterableIterator<VarId> {
    for (let w = 0; w < this.words; w++) {
      const x = this.bits[this.from + w]!;
      if (x === 0) continue;
      for (let i = 0; i < 32; i++) if (x & (1 << i)) yield ((w << 5) + i) as VarId;
    }
  }

  keys(): IterableIterator<VarId> {
    return this.values();
  }

  *entries(): IterableIterator<[VarId, VarId]> {
    for (const v of this.values()) yield [v, v];
  }

  [Symbol.iterator](): IterableIterator<VarId> {
    return this.values();
  }

  forEach(cb: (value: VarId, key: VarId, set: ReadonlySet<VarId>) => void, thisArg?: unknown): void {
    for (const v of this.values()) cb.call(thisArg, v, v, this);
  }
}

export function planSsa(func: Func): SsaPlan {
  const dom = computeDominators(func);
  const n = func.blocks.length;
  const nv = func.vars.length;
  const words = (nv + 31) >>> 5;
  const bit = (m: Uint32Array, b: number, v: number) => (m[b * words + (v >>> 5)]! & (1 << (v & 31))) !== 0;
  const setBit = (m: Uint32Array, b: number, v: number) => { m[b * words + (v >>> 5)]! |= 1 << (v & 31); };

  // Definitions per block (bit matrix), and for each variable the blocks that
  // read it before any assignment in the block (upward-exposed uses) and the
  // blocks that assign it, in block order.
  const defs = new Uint32Array(n * words);
  const useBlocks: number[][] = Array.from({ length: nv }, () => []);
  const defBlocks: number[][] = Array.from({ length: nv }, () => []);
  const seenUse = new Uint32Array(n * words);
  for (let b = 0; b < n; b++) {
    for (const inst of func.blocks[b]!.insts) {
      if (inst.imm.kind !== "var") continue;
      const v = inst.imm.var;
      if (inst.op === "get" && !bit(defs, b, v) && !bit(seenUse, b, v)) {
        setBit(seenUse, b, v);
        useBlocks[v]!.push(b);
      }
      if (inst.op === "set" && !bit(defs, b, v)) {
        setBit(defs, b, v);
        defBlocks[v]!.push(b);
      }
    }
  }

  // Liveness, one variable at a time: from each reading block, backwards
  // through reachable predecessors until a block that assigns the variable.
  // Unreachable blocks keep their own uses only (they are never walked into).
  const live = new Uint32Array(n * words);
  const stack: number[] = [];
  for (let v = 0; v < nv; v++) {
    for (const b of useBlocks[v]!) {
      if (bit(live, b, v)) continue;
      setBit(live, b, v);
      if (dom.isReachable(b as BlockId)) stack.push(b);
      while (stack.length) {
        const x = stack.pop()!;
        for (const p of dom.preds[x]!) {
          if (bit(live, p, v) || bit(defs, p, v) || !dom.isReachable(p)) continue;
          setBit(live, p, v);
          stack.push(p);
        }
      }
    }
  }

  // Iterated dominance frontiers without building the frontiers (their total
  // size is quadratic on some graphs, e.g. deep nests with long back edges):
  // Sreedhar and Gao, "A Linear Time Algorithm for Placing phi-nodes" (POPL
  // 1995), on the DJ graph. Roots are taken deepest first from a bucket per
  // dominator-tree level; from each root its dominator subtree is walked once
  // per variable, and every join edge x -> y with level(y) <= level(root) puts
  // y in the frontier. Like the frontiers of Cooper, Harvey and Kennedy, a
  // block is a join only with two or more reachable incoming edges (this
  // matters for the entry block with one back edge).
  const succs = blockSuccessors(func);
  const level = new Int32Array(n);
  for (const b of dom.rpo) {
    const d = dom.idom(b);
    level[b] = d === null ? 0 : level[d]! + 1;
  }
  const joinEdges = new Int32Array(n);
  for (const b of dom.rpo) for (const p of dom.preds[b]!) if (dom.isReachable(p)) joinEdges[b]!++;
  const buckets: number[][] = [];
  const inIdf = new Int32Array(n); // === v + 1 once b is in IDF(defs of v)
  const visited = new Int32Array(n); // === v + 1 once b's subtree is walked for v
  const phis: VarId[][] = Array.from({ length: n }, () => []);
  const walk: number[] = [];
  for (let v = 0; v < nv; v++) {
    const stamp = v + 1;
    let top = -1;
    const push = (b: number) => {
      const l = level[b]!;
      (buckets[l] ??= []).push(b);
      if (l > top) top = l;
    };
    for (const b of defBlocks[v]!) if (dom.isReachable(b as BlockId)) push(b);
    for (; top >= 0; top--) {
      const bucket = buckets[top];
      while (bucket !== undefined && bucket.length > 0) {
        const root = bucket.pop()!;
        if (visited[root] === stamp) continue;
        visited[root] = stamp;
        walk.push(root);
        while (walk.length) {
          const x = walk.pop()!;
          for (const y of succs[x]!) {
            if (dom.idom(y) === x || level[y]! > top || inIdf[y] === stamp || joinEdges[y]! < 2) continue;
            inIdf[y] = stamp;
            // Pruned: a frontier block where v is dead gets no parameter and
            // need not be followed: every live block beyond it is reached from
            // a definition on a path that avoids it (as LLVM's IDFCalculator).
            if (!bit(live, y, v)) continue;
            phis[y]!.push(v as VarId);
            if (!bit(defs, y, v)) push(y);
          }
          for (const c of dom.children(x as BlockId)) {
            if (visited[c] !== stamp) {
              visited[c] = stamp;
              walk.push(c);
            }
          }
        }
      }
    }
  }
  const liveIn = Array.from({ length: n }, (_, b) => new BitRowSet(live, b * words, words));
  return { dom, phis, liveIn };
}
