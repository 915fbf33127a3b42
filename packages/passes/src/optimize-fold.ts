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
 * (hoistConstants). Nothing else
 * moves: an instruction is kept in place, replaced by a constant, or
 * dropped in favour of an identical dominating one, so no value lives
 * longer than before except an operation reused from a dominator. Loads, stores, calls and `opaque` are never merged. Cost: one
 * visit per instruction and edge, a hash per pure instruction.
 */
import { type LBlockId, type LEdge, type LInst, type LTerm, type LValue } from "@fzy/lir";
import { canonical, COMMUTATIVE, compareSelf, foldBinary, foldCompare, foldConvert, identity, type Simplified } from "./optimize-constants.js";
import { edgesInto, instDef, isPure, mapInstUses, type MFunction, type Replacements } from "./optimize-ir.js";
import { sharedValueTable, type ValueTable } from "./optimize-value-table.js";

/** An entry made in a scope, to undo when the walk leaves it: a numbered key's slot, a string key, or an integer constant. */
type Added = number | string | { readonly of: Map<bigint, LValue>; readonly value: bigint };

/** Small integers for the kind, condition and type strings of the numbered keys: a few dozen, shared by every function (only their equality matters). */
const IDS = new Map<string, number>();

/** The small integer of `s` (see IDS). */
function id(s: string): number {
  let x = IDS.get(s);
  if (x === undefined) IDS.set(s, (x = IDS.size));
  return x;
}

/**
 * The walk's keyed tables, shared by every function and emptied when a
 * walk starts (four maps made per function were a visible share of the
 * cost of small functions); the optimizer is not re-entrant.
 */
const TABLE = new Map<string, LValue>();
const FLOATS = new Map<string, LValue>();
const INTS = new Map<string, Map<bigint, LValue>>();

class Folder {
  /** The canonical value of every integer or bool constant, by value id (a dense array: one entry per value, no hashing). */
  private readonly consts: (bigint | undefined)[];
  /** The edges into each block, as the walk starts (a folded branch only drops edges, so a stale list is conservative). */
  private readonly incoming: LEdge[][];
  /** Block of each value's definition. */
  private readonly defBlock: number[];
  /** Float constants and addresses, by string key (few per function). */
  private readonly table = TABLE;
  /** Integer and bool constants, by type and canonical value (no string made per constant). */
  private readonly ints = INTS;
  /** Operations, by integer key (numbered): one per pure instruction, no string made. */
  private readonly ops: ValueTable;
  private readonly resolveFn = (v: LValue): LValue => this.r.resolve(v);
  /** How many instructions at the start of the entry block are the hoisted constants, already in the tables. */
  private readonly hoisted: number;

  constructor(private readonly m: MFunction, private readonly r: Replacements) {
    // The shared tables start empty (a function that threw mid-walk may have left entries).
    TABLE.clear();
    FLOATS.clear();
    for (const of of INTS.values()) of.clear();
    // Filled to the function's size: stores by value id into an empty array made it sparse (a slow dictionary).
    this.consts = new Array<bigint | undefined>(m.types.length).fill(undefined);
    this.defBlock = new Array<number>(m.types.length).fill(-1);
    this.hoisted = this.hoistConstants();
    let insts = 0;
    const blocks = m.blocks, n = blocks.length;
    for (let bi = 0; bi < n; bi++) insts += blocks[bi]!.insts.length;
    this.ops = sharedValueTable(insts);
    this.incoming = edgesInto(m);
    for (let bi = 0; bi < n; bi++) {
      const b = blocks[bi]!;
      for (const p of b.params) this.defBlock[p] = bi;
      for (const i of b.insts) {
        if (i.op === "call" || i.op === "call_indirect") for (const x of i.dsts) this.defBlock[x] = bi;
        else if (i.op !== "store") this.defBlock[i.dst] = bi;
      }
    }
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
    const m = this.m, r = this.r;
    const entry = m.blocks[0]!;
    const floats = FLOATS;
    const hoisted: LInst[] = [];
    for (const blk of m.blocks) {
      if (blk.dead) continue;
      const moved = blk !== entry;
      // Compacted in place (the optimizer's own array; the write index never passes the read index).
      const insts = blk.insts;
      let w = 0;
      for (let k = 0; k < insts.length; k++) {
        const i = insts[k]!;
        if (i.op !== "iconst" && i.op !== "fconst") {
          insts[w++] = i;
          continue;
        }
        let prior: LValue | undefined;
        if (i.op === "iconst") {
          const of = this.intsOf(i.type);
          const c = canonical(i.type, i.value);
          prior = of.get(c);
          if (prior === undefined) { of.set(c, i.dst); this.consts[i.dst] = c; }
        } else {
          const key = keyOf(i, m.types[i.dst]!);
          prior = floats.get(key);
          if (prior === undefined) floats.set(key, i.dst);
        }
        if (prior !== undefined) r.replace(i.dst, prior);
        else hoisted.push(moved ? copyConst(i) : i);
      }
      insts.length = w;
    }
    if (hoisted.length > 0) entry.insts = [...hoisted, ...entry.insts];
    if (!entry.cold) {
      for (const [key, v] of floats) this.table.set(key, v);
      return hoisted.length;
    }
    // A cold entry: the walk keys its constants as cold ones; start it from empty tables.
    for (const of of this.ints.values()) of.clear();
    this.consts.fill(undefined);
    return 0;
  }

  run(): void {
    const m = this.m;
    // One block: nothing to walk but it, and no dominator tree to build (many small functions).
    if (m.blocks.length === 1) {
      this.visit(0 as LBlockId, () => false);
      return;
    }
    const dom = m.dominators(m.successors());
    // Iterative preorder walk of the dominator tree; scope entries are undone on the way out.
    const stack: { b: LBlockId; added: Added[] | null }[] = [{ b: 0 as LBlockId, added: null }];
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      if (top.added) {
        for (const k of top.added) {
          if (typeof k === "number") this.ops.remove(k);
          else if (typeof k === "string") this.table.delete(k);
          else k.of.delete(k.value);
        }
        stack.pop();
        continue;
      }
      top.added = this.visit(top.b, (a, b) => dom.strictlyDominates(a, b));
      const kids = dom.children(top.b);
      for (let k = kids.length - 1; k >= 0; k--) stack.push({ b: kids[k]!, added: null });
    }
  }

  private visit(bi: LBlockId, sdom: (a: LBlockId, b: LBlockId) => boolean): Added[] {
    const m = this.m, r = this.r;
    const blk = m.blocks[bi]!;
    const added: Added[] = [];
    // Constants a parameter became lead the block; the block's own instructions are kept, replaced or dropped in place
    // (the array is the optimizer's own copy, and the write index never passes the read index).
    const lead: LInst[] = [];
    if (bi !== 0 && blk.params.length > 0) this.propagateParams(bi, sdom, lead, added);
    const resolve = this.resolveFn;
    const insts = blk.insts;
    // The hoisted constants are in the outermost scope already (hoistConstants).
    const skip = bi === 0 ? this.hoisted : 0;
    let w = skip;
    for (let k = skip; k < insts.length; k++) {
      const inst = mapInstUses(insts[k]!, resolve);
      const dst = instDef(inst);
      if (dst === undefined || !isPure(inst)) {
        insts[w++] = inst;
        continue;
      }
      const s = this.simplify(inst, dst);
      if (s && "value" in s) {
        r.replace(dst, s.value);
        continue;
      }
      const kept: LInst = s ? { op: "iconst", dst, type: m.types[dst] as never, value: s.konst } : inst;
      if (kept.op === "iconst") {
        const c = canonical(kept.type, kept.value);
        this.consts[dst] = c;
        const of = this.intsOf(kept.type);
        const prior = of.get(c);
        if (prior !== undefined) {
          r.replace(dst, prior);
          continue;
        }
        of.set(c, dst);
        added.push({ of, value: c });
        this.defBlock[dst] = bi;
        insts[w++] = kept;
        continue;
      }
      // Cold blocks are placed out of line: a value they define is never reused by hot code (nor, simply, the reverse).
      if (this.numbered(kept, m.types[dst]!, blk.cold)) {
        const prior = this.ops.get(this.tag, this.ka, this.kb, this.kc);
        if (prior >= 0) {
          r.replace(dst, prior as LValue);
          continue;
        }
        added.push(this.ops.add(this.tag, this.ka, this.kb, this.kc, dst));
        this.defBlock[dst] = bi;
        insts[w++] = kept;
        continue;
      }
      const key = blk.cold ? `${keyOf(kept, m.types[dst]!)}|cold` : keyOf(kept, m.types[dst]!);
      const prior = this.table.get(key);
      if (prior !== undefined) {
        r.replace(dst, prior);
        continue;
      }
      this.table.set(key, dst);
      added.push(key);
      this.defBlock[dst] = bi;
      insts[w++] = kept;
    }
    insts.length = w;
    if (lead.length > 0) blk.insts = lead.concat(insts);
    blk.term = this.foldTerm(blk.term);
    return added;
  }

  /** A parameter that receives the same value on every edge is that value (a new constant when all pass equal constants). */
  private propagateParams(bi: LBlockId, sdom: (a: LBlockId, b: LBlockId) => boolean, out: LInst[], added: Added[]): void {
    const m = this.m, r = this.r;
    const blk = m.blocks[bi]!;
    const incoming = this.incoming[bi]!;
    if (incoming.length === 0) return;
    blk.params.forEach((param, k) => {
      const args = incoming.map((e) => r.resolve(e.args[k]!)).filter((a) => a !== param);
      if (args.length === 0) return;
      const first = args[0]!;
      if (args.every((a) => a === first)) {
        const db = this.defBlock[first];
        if (db !== undefined && db >= 0 && sdom(db as LBlockId, bi) && (blk.cold || !m.blocks[db]!.cold)) r.replace(param, first);
        return;
      }
      const c = this.consts[first];
      if (c === undefined || !args.every((a) => this.consts[a] === c && m.types[a] === m.types[first])) return;
      const of = this.intsOf(m.types[param]!);
      const prior = of.get(c);
      if (prior !== undefined) return r.replace(param, prior);
      const v = m.fresh(m.types[param]!);
      out.push({ op: "iconst", dst: v, type: m.types[param] as never, value: c });
      this.consts[v] = c;
      this.defBlock[v] = bi;
      of.set(c, v);
      added.push({ of, value: c });
      r.replace(param, v);
    });
  }

  /** The numbered key of `i` (tag, ka, kb, kc), when it has one: operation, kind or condition, type, operands (commutative ones ordered). */
  private tag = 0;
  private ka = 0;
  private kb = 0;
  private kc = 0;

  private numbered(i: LInst, t: string, cold: boolean): boolean {
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
      default: return false;
    }
    this.tag = op + 8 * (id(sub) + 1024 * (2 * id(type) + (cold ? 1 : 0)));
    this.ka = a; this.kb = b; this.kc = c;
    return true;
  }

  /** The integer constants of type `t` in scope, by canonical value. */
  private intsOf(t: string): Map<bigint, LValue> {
    let of = this.ints.get(t);
    if (!of) this.ints.set(t, (of = new Map()));
    return of;
  }

  private simplify(inst: LInst, dst: LValue): Simplified {
    const m = this.m;
    const k = (v: LValue) => this.consts[v];
    switch (inst.op) {
      case "binary": {
        const t = m.types[dst]!;
        if (t === "f64" || t === "f32") return undefined;
        const a = k(inst.a), b = k(inst.b);
        if (a !== undefined && b !== undefined) {
          const v = foldBinary(inst.kind, t, a, b);
          return v === undefined ? undefined : { konst: v };
        }
        return identity(inst.kind, t, inst.a, inst.b, a, b);
      }
      case "icmp": {
        const a = k(inst.a), b = k(inst.b);
        if (a !== undefined && b !== undefined) return { konst: foldCompare(inst.cc, m.types[inst.a]!, a, b) ? 1n : 0n };
        return inst.a === inst.b ? { konst: compareSelf(inst.cc) ? 1n : 0n } : undefined;
      }
      case "select": {
        const c = k(inst.cond);
        if (c !== undefined) return { value: c !== 0n ? inst.a : inst.b };
        return inst.a === inst.b ? { value: inst.a } : undefined;
      }
      case "convert": {
        const s = k(inst.src);
        if (s === undefined) return undefined;
        const v = foldConvert(inst.kind, m.types[inst.src]!, m.types[dst]!, s);
        return v === undefined ? undefined : { konst: v };
      }
      case "ptr_add":
        return k(inst.offset) === 0n ? { value: inst.base } : undefined;
      default:
        return undefined;
    }
  }

  /** Branches on constants become jumps; a branch whose edges agree becomes a jump. */
  private foldTerm(raw: LTerm): LTerm {
    const r = this.r;
    const edge = (e: LEdge): LEdge => ({ block: e.block, args: e.args.map((v) => r.resolve(v)) });
    switch (raw.op) {
      case "brif": {
        const c = this.consts[r.resolve(raw.cond)];
        if (c !== undefined) return { op: "jump", target: edge(c !== 0n ? raw.then : raw.else) };
        if (sameEdge(edge(raw.then), edge(raw.else))) return { op: "jump", target: edge(raw.then) };
        return raw;
      }
      case "br_table": {
        const c = this.consts[r.resolve(raw.index)];
        if (c === undefined) return raw;
        const i = BigInt.asUintN(32, c);
        return { op: "jump", target: edge(i < BigInt(raw.targets.length) ? raw.targets[Number(i)]! : raw.default) };
      }
      default:
        return raw;
    }
  }
}

function sameEdge(a: LEdge, b: LEdge): boolean {
  return a.block === b.block && a.args.length === b.args.length && a.args.every((v, i) => v === b.args[i]);
}

/**
 * The string key of the pure instructions value numbering does not number
 * (`numbered` covers the operations with operands; integer constants have
 * their own tables): float constants and addresses.
 */
function keyOf(i: LInst, t: string): string {
  switch (i.op) {
    case "fconst": return `f|${t}|${Object.is(i.value, -0) ? "-0" : String(i.value)}`; // an f32 and an f64 constant of one value differ
    case "stack_addr": return `sa|${i.slot}|${i.offset}`;
    case "symbol_addr": return `sy|${i.symbol}`;
    case "func_addr": return `fa|${i.symbol}`;
    default: throw new Error(`optimize-fold: ${i.op} has no string key`);
  }
}

/** A fresh object for constant `i` (an object literal of its shape: a spread is a slow generic copy). */
function copyConst(i: Extract<LInst, { op: "iconst" | "fconst" }>): LInst {
  return i.op === "iconst" ? { op: "iconst", dst: i.dst, type: i.type, value: i.value } : { op: "fconst", dst: i.dst, value: i.value };
}

/** Fold, propagate and number the values of `m` (see the file header). */
export function foldValues(m: MFunction, r: Replacements): void {
  new Folder(m, r).run();
}
