/**
 * Intervals the solver's answer must contain, without the fixpoint: a
 * question that only needs to know whether a value is proven non-negative
 * (strength reduction) is settled "no" when its value surely holds a
 * negative number in the solver's answer, and then costs no solve.
 *
 * The argument is about any state the solver stops in (range-solver.ts):
 * there, each value's interval is its transfer (range-transfer.ts) of its
 * operands' final intervals, and each block's entry state contains, for a
 * variable bound at every reachable predecessor's exit, what each
 * predecessor passes (the join, widened or not). So an interval derived
 * here by rules that each hold for every interval containing their inputs'
 * (add: the sums of the bounds, or the full range when they leave the type;
 * a remainder: zero and the bounds its dividend allows; a `get`: what one
 * predecessor sets) is contained in the answer, whatever the rounds and
 * the widening made of the rest. What the rules do not cover is left
 * unknown (undefined), so the solver answers:
 *
 * - a value a branch compares, as an operand (its branch facts narrow it
 *   where it is read), or where one of its facts holds;
 * - a predecessor whose branch may narrow the variable on its edge (its
 *   comparison reads a value that is the variable's `get` or was set into it);
 * - a cycle (a loop met again while it is followed), a chain deeper than
 *   MAX_DEPTH, selects, and any operation whose rule is not written here.
 *
 * When the solver reaches no fixpoint it answers nothing, and nothing is
 * "proven non-negative" either: the conclusion stands.
 */
import type { BlockId, DominatorTree, Func, ValueId, VarId } from "@fzy/ir";
import { clamp, full, type Iv, zadd, zmax, zmin, zmul, zsub } from "./range-lattice.js";
import { DenseMemo, PENDING, Recursion } from "./range-memo.js";
import { type QuickRanges, SOLVER } from "./range-quick.js";
import { tiedValue } from "./range-slice.js";

/** `before` as a block leaves the variable (not at a `get`). */
const AT_END = -1;
/** No `set` of the variable before the point asked: the entry state. */
const NONE = -1;

/** How deep the rules follow definitions and predecessors before they give up. */
const MAX_DEPTH = 48;

export class Witnesses {
  private readonly compared: number[];
  /** Derived intervals by value, and entry states by block * variables + variable (null: unknown). */
  private readonly byValue: DenseMemo<ValueId, Iv | null>;
  private readonly byEntry = new Map<number, Iv | null | typeof PENDING>();
  private readonly rec = new Recursion(MAX_DEPTH);
  /** By block: whether scanSets read it. */
  private readonly scanned: Uint8Array;
  /** By `get` result, in the blocks scanned: the value the last `set` of its variable before it in its block stores (NONE: none). */
  private readonly setBefore: Int32Array;
  /** By block * variables + variable, in the blocks scanned: the value of the block's last `set` of the variable. */
  private readonly setAtEnd = new Map<number, ValueId>();
  /** mayNarrow's pairs (tiedPairs), made at its first question. */
  private tied: Set<number> | undefined;

  constructor(private readonly func: Func, private readonly dom: DominatorTree<BlockId>, private readonly quick: QuickRanges) {
    this.compared = new Array<number>(func.values.length).fill(0);
    for (const c of quick.defs.cmps) if (c) this.compared[c.x] = this.compared[c.y] = 1;
    this.byValue = new DenseMemo(func.values.length);
    this.scanned = new Uint8Array(func.blocks.length);
    this.setBefore = new Int32Array(func.values.length).fill(NONE);
  }

  /**
   * An interval the solver's answer for `v` in block `b` contains, when it
   * has one; undefined: unknown. A compared value has its own interval
   * where none of its branch facts reaches `b` (range-facts.ts: they are
   * owned by a block whose only predecessor branches on it, and hold in
   * the blocks it dominates).
   */
  of(v: ValueId, b: BlockId): Iv | undefined {
    if (!this.compared[v]) return this.value(v) ?? undefined;
    for (let a: BlockId | null = b; a !== null; a = this.dom.idom(a)) {
      const preds = this.dom.preds[a]!;
      const c = preds.length === 1 ? this.quick.defs.cmps[preds[0]!] : undefined;
      if (c && (c.x === v || c.y === v)) return undefined;
    }
    return this.derive(v) ?? undefined;
  }

  private value(v: ValueId): Iv | null {
    return this.compared[v] ? null : this.rec.memoized(this.byValue, v, null, this.derive);
  }

  private readonly derive = (v: ValueId): Iv | null => {
    const bits = this.bitsOf(v);
    if (!bits) return null;
    const q = this.quick.of(v);
    // The quick answer is the solver's; none (an unknown value) reads as the full range in every rule.
    if (q !== SOLVER) return q ?? full(bits);
    const i = this.quick.defInst[v];
    const b = this.quick.defs.defBlock[v]!;
    if (!i || b < 0 || !this.dom.isReachable(b as BlockId)) return null;
    const args = i.args;
    switch (i.op) {
      case "add": case "sub": case "mul": return this.arith(i.op, bits, args[0]!, args[1]!);
      case "srem": case "urem": return this.rem(i.op, bits, args[0]!, args[1]!);
      case "and": return this.value(args[0]!) && this.value(args[1]!) ? { lo: 0, hi: 0 } : null;
      case "sext": return this.value(args[0]!);
      case "zext": return this.zext(args[0]!);
      case "trunc": {
        const x = this.value(args[0]!);
        return x && (clamp(x.lo, x.hi, bits) === full(bits) ? full(bits) : x);
      }
      case "get": return i.imm.kind === "var" ? this.before(b as BlockId, v, i.imm.var) : null;
      default: return null;
    }
  };

  /** Interval arithmetic is monotone under inclusion; past the width the solver has the full range. */
  private arith(op: "add" | "sub" | "mul", bits: number, a: ValueId, c: ValueId): Iv | null {
    const x = this.value(a), y = x && this.value(c);
    if (!x || !y) return null;
    if (op === "add") return clamp(zadd(x.lo, y.lo), zadd(x.hi, y.hi), bits);
    if (op === "sub") return clamp(zsub(x.lo, y.hi), zsub(x.hi, y.lo), bits);
    const p = zmul(x.lo, y.lo), q = zmul(x.lo, y.hi), r = zmul(x.hi, y.lo), s = zmul(x.hi, y.hi);
    return clamp(zmin(zmin(p, q), zmin(r, s)), zmax(zmax(p, q), zmax(r, s)), bits);
  }

  /**
   * range-transfer.ts rem: with a divisor bounded by d and a dividend by n,
   * the result holds 0, down to max(1 - d.hi, n.lo) for a signed remainder
   * of a dividend that may be negative, and up to min(n.hi, d.hi - 1); a
   * divisor that may be zero or negative gives the full range.
   */
  private rem(op: "srem" | "urem", bits: number, a: ValueId, c: ValueId): Iv | null {
    const n = this.value(a), d = n && this.value(c);
    if (!n || !d) return null;
    if (d.hi <= 0) return full(bits);
    const lo = op === "srem" && n.lo < 0 ? zmax(zsub(1, d.hi), n.lo) : 0;
    return { lo, hi: zmax(0, zmin(n.hi, zsub(d.hi, 1))) };
  }

  private zext(a: ValueId): Iv | null {
    const t = this.func.values[a]!.type;
    if (t.kind === "bool") return { lo: 0, hi: 1 };
    const x = t.kind === "int" ? this.value(a) : null;
    // A dividend that may be negative gives all of the source width as unsigned, which holds 0.
    return x && (x.lo >= 0 ? x : { lo: 0, hi: 0 });
  }

  /**
   * The variable `x` as `get` result `read` in block b reads it (AT_END: as
   * the block leaves it): the value of the last `set` of x before it, or
   * the entry state.
   */
  private before(b: BlockId, read: ValueId | typeof AT_END, x: VarId): Iv | null {
    this.scanSets(b);
    const set = read === AT_END ? this.setAtEnd.get(b * this.func.vars.length + x) ?? NONE : this.setBefore[read]!;
    return set !== NONE ? this.value(set as ValueId) : this.entry(b, x);
  }

  /**
   * Block b's sets, once: for each `get` of a variable, the value the last
   * `set` of it before the `get` stores, and for each variable the block
   * sets, the last one. (Searched backwards from each `get`, a loop body of
   * 32,000 reads of one variable took 3.3 s.)
   */
  private scanSets(b: BlockId): void {
    if (this.scanned[b]) return;
    this.scanned[b] = 1;
    const insts = this.func.blocks[b]!.insts, base = b * this.func.vars.length;
    for (let k = 0; k < insts.length; k++) {
      const i = insts[k]!;
      if (i.imm.kind !== "var") continue;
      if (i.op === "set") this.setAtEnd.set(base + i.imm.var, i.args[0]!);
      else if (i.op === "get" && i.dst !== null) this.setBefore[i.dst] = this.setAtEnd.get(base + i.imm.var) ?? NONE;
    }
  }

  /** The entry state holds what any one reachable predecessor passes on an edge that does not narrow `x`. */
  private entry(b: BlockId, x: VarId): Iv | null {
    const bits = this.varBits(x);
    if (!bits) return null;
    const preds = this.dom.preds[b]!;
    // No predecessor: nothing bound, a `get` reads the full range.
    if (preds.length === 0) return full(bits);
    return this.rec.memoized(this.byEntry, b * this.func.vars.length + x, null, this.deriveEntry);
  }

  /** entry's derivation, by its key. */
  private readonly deriveEntry = (key: number): Iv | null => {
    const nvars = this.func.vars.length, b = Math.floor(key / nvars) as BlockId, x = (key % nvars) as VarId;
    const preds = this.dom.preds[b]!;
    let r: Iv | null = null;
    for (let k = 0; k < preds.length && !r; k++) {
      const p = preds[k]!;
      if (this.dom.isReachable(p) && !this.mayNarrow(p, x)) r = this.before(p, AT_END, x);
    }
    return r;
  };

  /** Whether the branch ending p may narrow `x` on its edges (range-graph.ts comparedAliases: its value is a `get` of x or was set into x). */
  private mayNarrow(p: BlockId, x: VarId): boolean {
    const c = this.quick.defs.cmps[p];
    if (!c) return false;
    return this.tiedPairs().has(x * this.func.values.length + c.x);
  }

  /** Each variable access's variable and tied value, as x * values + value: made at the first question (a search of every access per question was quadratic). */
  private tiedPairs(): Set<number> {
    if (this.tied) return this.tied;
    const { accesses, accessVars } = this.quick.defs, nv = this.func.values.length, pairs = new Set<number>();
    for (let k = 0; k < accesses.length; k++) pairs.add(accessVars[k]! * nv + tiedValue(accesses[k]!));
    return (this.tied = pairs);
  }

  private bitsOf(v: ValueId): number {
    const t = this.func.values[v]!.type;
    return t.kind === "int" ? t.bits : 0;
  }

  private varBits(x: VarId): number {
    const t = this.func.vars[x]!.type;
    return t.kind === "int" ? t.bits : 0;
  }
}
