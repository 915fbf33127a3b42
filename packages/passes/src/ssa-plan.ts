/**
 * Where the lowering needs block parameters for the IR's mutable variables.
 *
 * The IR keeps cross-block state in variables; the lowered form is SSA. We
 * place a block parameter for variable v at block B exactly when B is in the
 * iterated dominance frontier of the blocks that assign v and v is live on
 * entry to B (pruned SSA; Cytron et al., "Efficiently Computing Static Single
 * Assignment Form and the Control Dependence Graph", TOPLAS 1991, with
 * frontiers computed as in Cooper, Harvey and Kennedy 2001). Renaming is then
 * implicit: walking blocks in reverse postorder, a block without a parameter
 * for v sees v's value at the end of its immediate dominator.
 *
 * Cost: liveness is computed one variable at a time by walking backwards
 * from the blocks that read it, stopping at blocks that assign it (the path
 * exploration of Brandner et al., "Computing Liveness Sets for SSA-Form
 * Programs", INRIA RR-7503, 2011), so each (block, variable) pair is visited
 * once and the result is a bit matrix: linear in the size of the live sets,
 * with no fixpoint iteration (an iterated set-based fixpoint needs one round
 * per loop nesting level). Frontiers are arrays without duplicates and the
 * placement marks blocks by variable stamp, so no per-variable set is built.
 */
import { type BlockId, type Func, type VarId, computeDominators, type DominatorTree } from "@fzy/ir";

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

  // Dominance frontiers (Cooper, Harvey, Kennedy: walk up from each join's predecessors).
  const df: BlockId[][] = Array.from({ length: n }, () => []);
  const lastJoin = new Int32Array(n).fill(-1);
  for (const b of dom.rpo) {
    const preds = dom.preds[b]!.filter((p) => dom.isReachable(p));
    if (preds.length < 2) continue;
    const idom = dom.idom(b);
    for (const p of preds) {
      for (let r: BlockId | null = p; r !== null && r !== idom; r = dom.idom(r)) {
        if (lastJoin[r] !== b) {
          lastJoin[r] = b;
          df[r]!.push(b);
        }
        if (r === b) break;
      }
    }
  }

  // Iterated frontiers per variable; `placed[f] === v + 1` marks f as visited for v.
  const phis: VarId[][] = Array.from({ length: n }, () => []);
  const placed = new Int32Array(n);
  const work: number[] = [];
  for (let v = 0; v < nv; v++) {
    for (const b of defBlocks[v]!) work.push(b);
    while (work.length) {
      const b = work.pop()!;
      for (const f of df[b]!) {
        if (placed[f] === v + 1) continue;
        placed[f] = v + 1;
        if (bit(live, f, v)) phis[f]!.push(v as VarId);
        if (!bit(defs, f, v)) work.push(f);
      }
    }
  }
  const liveIn = Array.from({ length: n }, (_, b) => new BitRowSet(live, b * words, words));
  return { dom, phis, liveIn };
}
