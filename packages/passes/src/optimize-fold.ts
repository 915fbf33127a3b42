/**
 * Constant folding and propagation, copy propagation through block
 * parameters, and global value numbering of pure operations and constants,
 * in one walk of the dominator tree (the scoped hash table of Briggs, Cooper
 * and Simpson, "Value Numbering", 1997, in its dominator-based form): an
 * operation identical to one in a dominating block reads that one's result
 * instead. Branches on constants become jumps.
 *
 * A value defined in a cold block (placed out of line by the printers) is
 * never given to hot code. Constants move to the entry block first
 * (hoistConstants). Nothing else moves: an instruction is kept in place
 * (its operands resolved in the object itself), replaced by a constant, or
 * dropped in favour of an identical dominating one, so no value lives
 * longer than before except an operation reused from a dominator. Loads,
 * stores, calls and `opaque` are never merged. Cost: one visit per
 * instruction and edge, a hash per pure instruction.
 */
import { fconstInst, iconstInst, jumpTerm, type LBlockId, type LEdge, type LInst, type LIntType, type LTerm, type LValue } from "@fzy/lir";
import { canonical, COMMUTATIVE, simplify } from "./optimize-constants.js";
import { edgesInto, isPure, type MFunction, type Replacements } from "./optimize-ir.js";
import { dominatorsOfBlocks, type DominatorWalk } from "./optimize-dominators.js";
import { resolvedEdge, switchEdge } from "./optimize-edges.js";
import { prependInPlace, truncate } from "./optimize-lists.js";
import { resolveInPlace } from "./optimize-remap.js";
import { Scratch } from "./optimize-scratch.js";
import { keyId as id, sharedValueTable, symbolId, trimSymbols, typeKey, type ValueTable } from "./optimize-value-table.js";

/**
 * The walk's keyed tables, shared by every function and emptied when a
 * walk starts (four maps made per function were a visible share of the
 * cost of small functions); the optimizer is not re-entrant.
 */
const DEF_BLOCK = new Scratch();
/** The per-value constants array, shared the same way (grown, never shrunk; the first entries are emptied per function). */
let CONSTS: (bigint | undefined)[] = [];

/** Float64 bits of a float constant, for its numbered key (every NaN one key, as its spelling "NaN" was). */
const F64 = new Float64Array(1), F64_WORDS = new Int32Array(F64.buffer);

/**
 * The fold of one function at a time: one Folder serves every function
 * (`start` sets each per-function field anew), so its bound callbacks are
 * made once, not per function.
 */
class Folder {
  private m!: MFunction;
  private r!: Replacements;
  /** The canonical value of every integer or bool constant, by value id (a dense array: one entry per value, no hashing). */
  private consts!: (bigint | undefined)[];
  /** The edges into each block, as the walk starts (a folded branch only drops edges, so a stale list is conservative); none for one block. */
  private incoming!: LEdge[][];
  /** Block of each value's definition (-1: none, or replaced). */
  private defBlock!: Int32Array;
  /** Operations, constants and addresses, by integer key (numbered): no string made, no map per type. */
  private ops!: ValueTable;
  /** How many instructions at the start of the entry block are the hoisted constants, already in the tables. */
  private hoisted = 0;

  /** Start on `m`, whose replacements go to `r`: the tables emptied, the constants hoisted. */
  start(m: MFunction, r: Replacements): this {
    this.m = m;
    this.r = r;
    trimSymbols();
    let insts = 0, params = 0;
    const blocks = m.blocks, n = blocks.length;
    for (let bi = 0; bi < n; bi++) {
      insts += blocks[bi]!.insts.length;
      params += blocks[bi]!.params.length;
    }
    // Room for the values the walk makes too (at most one constant per block parameter, propagateParams).
    const values = m.types.length + params;
    // Filled to the function's size: stores by value id into an empty array made it sparse (a slow dictionary).
    if (CONSTS.length < values) CONSTS = new Array<bigint | undefined>(Math.max(values, 2 * CONSTS.length)).fill(undefined);
    else CONSTS.fill(undefined, 0, values);
    this.consts = CONSTS;
    this.defBlock = DEF_BLOCK.take(values, -1);
    this.ops = sharedValueTable(insts);
    // One walk hoists the constants and notes every definition's block.
    this.hoisted = this.hoistConstants();
    // Only a block other than the entry, with parameters, reads its incoming edges (propagateParams).
    this.incoming = params === blocks[0]!.params.length ? NO_EDGES : edgesInto(m);
    return this;
  }

  /**
   * Every constant moves to the entry block, once per function: the entry
   * dominates every use, Cranelift rematerializes constants in the blocks that
   * use them (its remat rules), and LLVM spells them as immediates, so this
   * costs no register and leaves one definition of each constant. A constant
   * moved from another block becomes a fresh object without an origin: it now
   * serves every IR instruction that uses its value, and a comment or line
   * entry in the entry block would point at code that is not there. The
   * constants kept enter the walk's outermost scope here (the walk would
   * find each new and add it there); returns how many lead the entry block
   * that way (none when the entry is cold: then the walk keys them itself).
   */
  private hoistConstants(): number {
    const m = this.m, r = this.r, ops = this.ops, defBlock = this.defBlock;
    const blocks = m.blocks, entry = blocks[0]!;
    // A moved constant is a fresh object only to drop its origin (see above): without an origin table the object serves.
    const copy = m.base.origins !== undefined;
    const hoisted = HOISTED;
    for (let bi = 0; bi < blocks.length; bi++) {
      const blk = blocks[bi]!;
      if (blk.dead) continue;
      const moved = blk !== entry;
      const params = blk.params;
      for (let k = 0; k < params.length; k++) defBlock[params[k]!] = bi;
      // Compacted in place (the optimizer's own array; the write index never passes the read index).
      const insts = blk.insts;
      let w = 0;
      for (let k = 0; k < insts.length; k++) {
        const i = insts[k]!, op = i.op; // (read once: each read of an instruction's field is a megamorphic lookup)
        if (op !== "iconst" && op !== "fconst") {
          if (w++ !== k) insts[w - 1] = i;
          if (op === "binary" && (i as { readonly kind: string }).kind === "urem") m.remainders = true;
          if (op === "call" || op === "call_indirect") for (const x of (i as { readonly dsts: readonly LValue[] }).dsts) defBlock[x] = bi;
          else if (op !== "store") defBlock[(i as { readonly dst: LValue }).dst] = bi;
          continue;
        }
        // The outermost scope of the walk: never removed. One probe finds the key or the slot it goes to.
        let c: bigint | undefined;
        if (i.op === "iconst") this.intKey(i.type, (c = canonical(i.type, i.value)));
        else this.numbered(i, m.types[i.dst]!, false);
        const slot = ops.find(this.tag, this.ka, this.kb, this.kc), prior = ops.at(slot);
        if (prior >= 0) r.replace(i.dst, prior as LValue);
        else {
          ops.put(slot, this.tag, this.ka, this.kb, this.kc, i.dst);
          if (c !== undefined) this.consts[i.dst] = c;
          hoisted.push(moved && copy ? copyConst(i) : i);
          defBlock[i.dst] = 0;
        }
      }
      truncate(insts, w);
    }
    const count = hoisted.length;
    if (count > 0) prependInPlace(entry.insts, hoisted);
    hoisted.length = 0;
    if (!entry.cold) return count;
    // A cold entry: the walk keys its constants as cold ones; start it from empty tables.
    this.consts.fill(undefined, 0, m.types.length);
    ops.reset(ops.entries);
    return 0;
  }

  run(): void {
    const m = this.m;
    // One block: nothing to walk but it, and no dominator tree to build (many small functions).
    if (m.blocks.length === 1) this.visit(0 as LBlockId, NEVER);
    // The walk visited every live block (none is unreachable yet not marked dead): every instruction reads final values.
    if ((m.blocks.length === 1 ? 1 : this.walk()) === liveBlocks(m)) this.r.resolvedInstructions();
  }

  /** The walk of a function of several blocks (apart from run: its closure would be made for one block too); returns the live blocks visited. */
  private walk(): number {
    const m = this.m;
    const dom: DominatorWalk = dominatorsOfBlocks(m.blocks);
    // Iterative preorder walk of the dominator tree; scope entries are undone on the way out. The stack holds blocks
    // (>= 0) and scope exits (-1 - the table's mark when the scope opened): scopes close last in, first out. Each
    // block is pushed once and so is its scope's exit: at most twice the blocks.
    const stack = WALK.room(2 * m.blocks.length), ops = this.ops;
    let top = 0;
    stack[top++] = 0;
    const sdom = (a: LBlockId, b: LBlockId) => dom.strictlyDominates(a, b);
    let visited = 0; // live blocks
    while (top > 0) {
      const b = stack[--top]!;
      if (b < 0) {
        ops.undoTo(-1 - b);
        continue;
      }
      stack[top++] = -1 - ops.mark;
      this.visit(b as LBlockId, sdom);
      if (!m.blocks[b]!.dead) visited++;
      for (let k = dom.childCount(b) - 1; k >= 0; k--) stack[top++] = dom.child(b, k);
    }
    return visited;
  }

  /** Visit block `bi` (the table entries it makes are undone when the walk leaves its scope). */
  private visit(bi: LBlockId, sdom: (a: LBlockId, b: LBlockId) => boolean): void {
    const m = this.m, r = this.r;
    const blk = m.blocks[bi]!;
    // Constants a parameter became lead the block; the block's own instructions are kept, replaced or dropped in place
    // (the array is the optimizer's own copy, and the write index never passes the read index).
    const lead: LInst[] | undefined = bi !== 0 && blk.params.length > 0 ? LEAD : undefined;
    if (lead) {
      lead.length = 0;
      this.propagateParams(bi, sdom, lead);
    }
    const insts = blk.insts;
    // The hoisted constants are in the outermost scope already (hoistConstants).
    const skip = bi === 0 ? this.hoisted : 0;
    let w = skip;
    for (let k = skip; k < insts.length; k++) {
      const inst = resolveInPlace(insts[k]!, r);
      if (!isPure(inst)) {
        if (w++ !== k) insts[w - 1] = inst;
        continue;
      }
      const dst = (inst as { readonly dst: LValue }).dst; // (a pure instruction defines one value)
      const s = simplify(inst, dst, m.types, this.consts);
      if (s && "value" in s) {
        r.replace(dst, s.value);
        continue;
      }
      const kept: LInst = s ? iconstInst(dst, m.types[dst] as LIntType | "bool", s.konst) : inst;
      if (kept.op === "iconst") {
        const c = canonical(kept.type, kept.value);
        this.consts[dst] = c;
        this.intKey(kept.type, c);
        const slot = this.ops.find(this.tag, this.ka, this.kb, this.kc), prior = this.ops.at(slot);
        if (prior >= 0) {
          r.replace(dst, prior as LValue);
          continue;
        }
        this.ops.put(slot, this.tag, this.ka, this.kb, this.kc, dst);
        this.defBlock[dst] = bi;
        insts[w++] = kept;
        continue;
      }
      // Cold blocks are placed out of line: a value they define is never reused by hot code (nor, simply, the reverse).
      this.numbered(kept, m.types[dst]!, blk.cold);
      const slot = this.ops.find(this.tag, this.ka, this.kb, this.kc);
      const prior = this.ops.at(slot);
      if (prior >= 0) {
        r.replace(dst, prior as LValue);
        continue;
      }
      this.ops.put(slot, this.tag, this.ka, this.kb, this.kc, dst);
      this.defBlock[dst] = bi;
      insts[w++] = kept;
    }
    truncate(insts, w);
    if (lead && lead.length > 0) {
      prependInPlace(insts, lead);
      lead.length = 0;
    }
    blk.term = this.foldTerm(blk.term);
  }

  /** A parameter that receives the same value on every edge is that value (a new constant when all pass equal constants). */
  private propagateParams(bi: LBlockId, sdom: (a: LBlockId, b: LBlockId) => boolean, out: LInst[]): void {
    const m = this.m, r = this.r;
    const blk = m.blocks[bi]!;
    const incoming = this.incoming[bi]!;
    if (incoming.length === 0) return;
    const params = blk.params;
    for (let k = 0; k < params.length; k++) {
      const param = params[k]!;
      // The arguments other than the parameter itself (a loop passing it back): the first, and whether all equal it.
      let first = -1, same = true;
      for (let e = 0; e < incoming.length; e++) {
        const a = r.resolve(incoming[e]!.args[k]!);
        if (a === param) continue;
        if (first < 0) first = a;
        else if (a !== first) same = false;
      }
      if (first < 0) continue;
      if (same) {
        const db = this.defBlock[first];
        if (db !== undefined && db >= 0 && sdom(db as LBlockId, bi) && (blk.cold || !m.blocks[db]!.cold)) r.replace(param, first as LValue);
        continue;
      }
      const c = this.consts[first];
      if (c !== undefined && this.equalConstants(incoming, k, param, c, m.types[first]!)) this.constantParam(bi, param, c, out);
    }
  }

  /** Whether every edge of `incoming` passes for parameter `param` (at `k`) itself or a constant `c` of type `t`. */
  private equalConstants(incoming: readonly LEdge[], k: number, param: LValue, c: bigint, t: string): boolean {
    const r = this.r, types = this.m.types;
    for (let e = 0; e < incoming.length; e++) {
      const a = r.resolve(incoming[e]!.args[k]!);
      if (a !== param && (this.consts[a] !== c || types[a] !== t)) return false;
    }
    return true;
  }

  /** Parameter `param` of block `bi` is constant `c`: a dominating equal constant, or a new one leading the block (`out`). */
  private constantParam(bi: LBlockId, param: LValue, c: bigint, out: LInst[]): void {
    const m = this.m, r = this.r;
    this.intKey(m.types[param]!, c);
    const slot = this.ops.find(this.tag, this.ka, this.kb, this.kc), prior = this.ops.at(slot);
    if (prior >= 0) return r.replace(param, prior as LValue);
    const v = m.fresh(m.types[param]!);
    out.push(iconstInst(v, m.types[param] as LIntType | "bool", c));
    this.consts[v] = c;
    this.defBlock[v] = bi;
    this.ops.put(slot, this.tag, this.ka, this.kb, this.kc, v);
    r.replace(param, v);
  }

  /** The numbered key of `i` (tag, ka, kb, kc), when it has one: operation, kind or condition, type, operands (commutative ones ordered). */
  private tag = 0;
  private ka = 0;
  private kb = 0;
  private kc = 0;

  private numbered(i: LInst, t: string, cold: boolean): void {
    let op: number, sub = "", type = "", a: number, b = -1, c = -1;
    switch (i.op) {
      case "binary": {
        op = 1; sub = i.kind; type = t;
        const swap = COMMUTATIVE.has(i.kind) && i.a > i.b;
        a = swap ? i.b : i.a; b = swap ? i.a : i.b;
        break;
      }
      case "icmp": op = 2; sub = i.cc; a = i.a; b = i.b; break;
      case "fcmp": op = 3; sub = i.cc; a = i.a; b = i.b; break;
      case "select": op = 4; a = i.cond; b = i.a; c = i.b; break;
      case "convert": op = 5; sub = i.kind; type = t; a = i.src; break;
      case "unary": op = 6; sub = i.kind; a = i.src; break;
      case "ptr_add": op = 7; a = i.base; b = i.offset; break;
      // Constants and addresses without operands: what tells them apart goes where the operands go.
      case "fconst": {
        // An f32 and an f64 constant of one value differ; so do 0 and -0 (their bits), and every NaN is one key.
        op = 0; type = t;
        F64[0] = Number.isNaN(i.value) ? NaN : i.value;
        a = F64_WORDS[0]!; b = F64_WORDS[1]!; c = 0;
        break;
      }
      case "stack_addr": op = 0; a = i.slot; b = i.offset; c = 1; break;
      case "symbol_addr": op = 0; a = symbolId(i.symbol); c = 2; break;
      case "func_addr": op = 0; a = symbolId(i.symbol); c = 3; break;
      default: throw new Error(`optimize-fold: ${i.op} has no numbered key`);
    }
    // (id("") is NO_SUB: some operations have no kind, so no lookup for those)
    this.tag = op + 8 * ((sub === "" ? NO_SUB : id(sub)) + 1024 * (2 * typeKey(type) + (cold ? 1 : 0)));
    this.ka = a; this.kb = b; this.kc = c;
  }

  /** The numbered key of integer constant `c` (canonical) of type `t`: hot or cold alike, its value's two 32-bit halves. */
  private intKey(t: string, c: bigint): void {
    this.tag = 8 * (NO_SUB + 1024 * 2 * typeKey(t));
    if (c >= -2147483648n && c <= 2147483647n) {
      this.ka = Number(c); this.kb = 0; this.kc = 4;
    } else {
      this.ka = Number(BigInt.asIntN(32, c)); this.kb = Number(BigInt.asIntN(32, c >> 32n)); this.kc = 5;
    }
  }

  /** Whether two edges go to one block with the same values (as resolved now), without making the resolved edges. */
  private sameEdge(a: LEdge, b: LEdge): boolean {
    if (a.block !== b.block || a.args.length !== b.args.length) return false;
    const r = this.r;
    for (let k = 0; k < a.args.length; k++) if (r.resolve(a.args[k]!) !== r.resolve(b.args[k]!)) return false;
    return true;
  }

  /** Branches on constants become jumps; a branch whose edges agree becomes a jump. */
  private foldTerm(raw: LTerm): LTerm {
    const r = this.r;
    switch (raw.op) {
      case "brif": {
        const c = this.consts[r.resolve(raw.cond)];
        if (c !== undefined) return jumpTerm(resolvedEdge(c !== 0n ? raw.then : raw.else, r));
        if (this.sameEdge(raw.then, raw.else)) return jumpTerm(resolvedEdge(raw.then, r));
        return raw;
      }
      case "br_table": {
        const c = this.consts[r.resolve(raw.index)];
        if (c === undefined) return raw;
        const i = BigInt.asUintN(32, c);
        return jumpTerm(resolvedEdge(i < BigInt(raw.targets.length) ? raw.targets[Number(i)]! : raw.default, r));
      }
      case "switch": { // constants are canonical: signed, as the cases are
        const c = this.consts[r.resolve(raw.value)];
        return c === undefined ? raw : jumpTerm(resolvedEdge(switchEdge(raw, c), r));
      }
      default: return raw;
    }
  }
}

const liveBlocks = (m: MFunction): number => m.blocks.reduce((n, b) => (b.dead ? n : n + 1), 0);

/** A fresh object for constant `i` (a record of its shape: a spread is a slow generic copy). */
const copyConst = (i: Extract<LInst, { op: "iconst" | "fconst" }>): LInst => (i.op === "iconst" ? iconstInst(i.dst, i.type, i.value) : fconstInst(i.dst, i.value));

const NO_SUB = id(""); // the key part of an operation without a kind or condition (constants)

/** The one-block walk's dominance test (no block strictly dominates another there), and its edge lists: shared, never written. */
const NEVER = (): boolean => false;
const NO_EDGES: LEdge[][] = [];
/** Emptied around each use: the constants hoistConstants moves, a block's lead constants. */
const HOISTED: LInst[] = [], LEAD: LInst[] = [];
/** The walk's stack (its first entries are written before they are read). */
const WALK = new Scratch();
let FOLDER: Folder | undefined;

/** Fold, propagate and number the values of `m` (see the file header). */
export function foldValues(m: MFunction, r: Replacements): void {
  (FOLDER ??= new Folder()).start(m, r).run();
}
