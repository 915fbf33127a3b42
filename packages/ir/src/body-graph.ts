/**
 * The control flow graph of the function body being resolved (resolve-body.ts):
 * its blocks by label, the blocks each terminator names, and the dominance
 * the resolver checks every use against and whose reverse postorder it
 * builds the blocks in.
 *
 * Labels are looked up by their dense name ids in the module's shared
 * `blockOf` table (names.ts), emptied per function. Unknown labels are
 * reported in the order `successors` (module.ts) reads them, duplicates at
 * their second place, unreachable blocks in layout order: the messages and
 * places FunctionBuilder gives for the same mistakes.
 */
import { KEEP_TREE_BLOCKS, rememberDominators } from "./dominator-cache.js";
import { computeDominatorsOfGraph, type DominatorTree } from "./dominators.js";
import { FzError, type FzErrorCode } from "./errors.js";
import type { Pos } from "./lexer.js";
import type { BlockId, Func } from "./module.js";
import type { ModuleScope } from "./resolve-body.js";
import { SMALL_GRAPH_BLOCKS, SmallDominators } from "./small-dominators.js";
import type { BlockSyntax, FuncSyntax } from "./syntax.js";

/** What the resolver asks of a function's dominance. */
export type Dominance = Pick<DominatorTree<BlockId>, "rpo" | "isReachable" | "strictlyDominates">;

/** The CFG of one function body at a time (`declare`, then `dominance`); made once per module, so its tables serve every body. */
export class BodyGraph {
  private f!: FuncSyntax;
  private readonly small = new SmallDominators();
  /** A large function's successor lists and tree, kept for the verifier (`remember`); null for a small one. */
  private succs: BlockId[][] | null = null;
  private tree: DominatorTree<BlockId> | null = null;

  constructor(private readonly r: Pick<ModuleScope, "insts" | "names" | "blockOf" | "loc">) {}

  /** Begin function `f`: every block by label; a label used twice is reported at its second place. */
  declare(f: FuncSyntax): void {
    this.f = f;
    this.succs = null;
    this.tree = null;
    const s = this.r.insts, fb = f.firstBlock, blockOf = this.r.blockOf;
    blockOf.clear();
    for (let i = 0; i < f.blockCount; i++) {
      const label = s.label(fb + i);
      const first = blockOf.get(label);
      if (first >= 0) {
        throw this.err("duplicate", `block ${this.text(label)} of function ${f.name.text} is defined twice (first at ${lineCol(this.r, s.labelPos(fb + first))})`, s.labelPos(fb + i));
      }
      blockOf.set(label, i);
    }
  }

  /** The block labelled by name id `id` (written at `pos`). */
  block(id: number, pos: Pos): BlockId {
    const b = this.r.blockOf.get(id);
    if (b < 0) throw this.err("cfg", `unknown block ${this.text(id)} in function ${this.f.name.text}`, pos);
    return b as BlockId;
  }

  /**
   * The dominance of the function, every block reachable (else reported),
   * or null for a function of one block (whose terminator's labels are
   * checked): each use there is checked against its own block, with no tree.
   */
  dominance(): Dominance | null {
    const s = this.r.insts, fb = this.f.firstBlock, nb = this.f.blockCount;
    if (nb === 1) {
      const op = s.termOp(fb);
      if (op !== "ret" && op !== "unreachable") this.successorsOf(fb); // every label names a block
      return null;
    }
    const dom = nb < SMALL_GRAPH_BLOCKS ? this.smallDominators() : (this.tree = computeDominatorsOfGraph((this.succs = this.successors())));
    for (let i = 0; i < nb; i++) {
      if (!dom.isReachable(i as BlockId)) throw this.err("cfg", `block ${this.text(s.label(fb + i))} is unreachable from the entry`, s.labelPos(fb + i));
    }
    return dom;
  }

  /** Keep a large function's tree on `func` (built from this graph) for the verifier. */
  remember(func: Func): void {
    if (this.tree !== null && this.succs !== null && this.succs.length >= KEEP_TREE_BLOCKS) rememberDominators(func, this.succs, this.tree);
  }

  /** Each block's successors by block id, in the order the terminator names them (module.ts `successors`). */
  private successors(): BlockId[][] {
    const fb = this.f.firstBlock;
    const out = new Array<BlockId[]>(this.f.blockCount);
    for (let i = 0; i < out.length; i++) out[i] = this.successorsOf(fb + i);
    return out;
  }

  /** The dominance of a function of fewer than SMALL_GRAPH_BLOCKS blocks, in `small` (the successors as `successors` reads them, unknown labels reported in the same order). */
  private smallDominators(): SmallDominators {
    const s = this.r.insts, fb = this.f.firstBlock, nb = this.f.blockCount, d = this.small;
    d.begin(nb);
    for (let i = 0; i < nb; i++) {
      const t = fb + i;
      switch (s.termOp(t)) {
        case "jump": d.edge(i, this.block(s.termA(t), s.termAPos(t))); break;
        case "br": d.edge(i, this.block(s.termB(t), s.termBPos(t))); d.edge(i, this.block(s.termC(t), s.termCPos(t))); break;
        case "ret": case "unreachable": break;
        case "switch":
          for (const c of s.termCases(t)!) d.edge(i, this.block(c.target, c.targetPos));
          if (s.termC(t) >= 0) d.edge(i, this.block(s.termC(t), s.termCPos(t)));
      }
    }
    d.finish();
    return d;
  }

  /** The blocks terminator of `t` names, in order; an unknown label is reported at the first. */
  private successorsOf(t: BlockSyntax): BlockId[] {
    const s = this.r.insts;
    switch (s.termOp(t)) {
      case "jump": return [this.block(s.termA(t), s.termAPos(t))];
      case "br": { const a = this.block(s.termB(t), s.termBPos(t)); return [a, this.block(s.termC(t), s.termCPos(t))]; }
      case "ret": case "unreachable": return [];
      case "switch": {
        const out: BlockId[] = [];
        for (const c of s.termCases(t)!) out.push(this.block(c.target, c.targetPos));
        if (s.termC(t) >= 0) out.push(this.block(s.termC(t), s.termCPos(t)));
        return out;
      }
    }
  }

  private text(id: number): string {
    return this.r.names.strings[id]!;
  }

  private err(code: FzErrorCode, message: string, pos: Pos): FzError {
    return new FzError(code, message, this.r.loc(pos));
  }
}

/** `line:column` of source offset `pos`, as a message names an earlier place. */
export function lineCol(scope: Pick<ModuleScope, "loc">, pos: Pos): string {
  const l = scope.loc(pos);
  return `${l.line}:${l.column}`;
}
