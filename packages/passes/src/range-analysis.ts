/**
 * Integer ranges of IR values, for bounds-check elision and strength
 * reduction: an abstract interpretation over intervals (Cousot & Cousot 1977)
 * with widening at the fixpoint and two kinds of narrowing that matter for
 * index arithmetic:
 *
 * - branch facts: in a block whose only predecessor branched on
 *   `icmp %x, K`, %x is known to satisfy the condition (and so in every block
 *   that block dominates);
 * - select facts: in `select (icmp %x, K), A, B` each arm that is %x is
 *   narrowed by the condition (the wrap-around counter `off = off+1 > 4 ? 0 :
 *   off+1` stays in 0..4).
 *
 * Ranges are of the mathematical value of the signed integer; an operation
 * that may wrap gives the full range of its type. Only i8..i64 values get
 * ranges; everything else is unknown.
 */
import { type BlockId, type Func, type Inst, type ModuleIndex, type ValueId, type VarId } from "@fzy/ir";
import type { SsaPlan } from "./ssa-plan.js";

export interface Range {
  readonly lo: bigint;
  readonly hi: bigint;
}

const EMPTY: ReadonlyMap<ValueId, Range> = new Map();
const full = (bits: number): Range => ({ lo: -(1n << BigInt(bits - 1)), hi: (1n << BigInt(bits - 1)) - 1n });
const join = (a: Range | undefined, b: Range): Range => (a ? { lo: a.lo < b.lo ? a.lo : b.lo, hi: a.hi > b.hi ? a.hi : b.hi } : b);
const meet = (a: Range, b: Range): Range => ({ lo: a.lo > b.lo ? a.lo : b.lo, hi: a.hi < b.hi ? a.hi : b.hi });
const eq = (a: Range | undefined, b: Range | undefined) => a === b || (!!a && !!b && a.lo === b.lo && a.hi === b.hi);

/** Per-function result: the range of a value as seen in a block. */
export class Ranges {
  constructor(
    private readonly values: readonly (Range | undefined)[],
    private readonly facts: readonly ReadonlyMap<ValueId, Range>[],
  ) {}

  /** The range of `v` where it is used in block `b` (undefined: not an integer or unknown). */
  of(v: ValueId, b: BlockId): Range | undefined {
    const r = this.values[v];
    const f = this.facts[b]?.get(v);
    if (r && f) return meet(r, f);
    return r ?? f;
  }
}

/** Integer width of a value, or 0 when it is not an integer. */
function bitsOf(func: Func, v: ValueId): number {
  const t = func.values[v]!.type;
  return t.kind === "int" ? t.bits : 0;
}

/** The condition `x cc k` as a range for x (k a range), for signed codes; undefined when it says nothing. */
function condRange(cc: string, k: Range, bits: number, taken: boolean): Range | undefined {
  const f = full(bits);
  const neg: Record<string, string> = { slt: "sge", sge: "slt", sgt: "sle", sle: "sgt", eq: "ne", ne: "eq" };
  const c = taken ? cc : neg[cc];
  switch (c) {
    case "slt": return { lo: f.lo, hi: k.hi - 1n };
    case "sle": return { lo: f.lo, hi: k.hi };
    case "sgt": return { lo: k.lo + 1n, hi: f.hi };
    case "sge": return { lo: k.lo, hi: f.hi };
    case "eq": return k;
    default: return undefined;
  }
}

/** Narrow x by `x cc k` (taken or not); `ne` against a bound of x shrinks that bound. */
function narrow(x: Range, cc: string, k: Range, bits: number, taken: boolean): Range {
  const r = condRange(cc, k, bits, taken);
  let out = r ? meet(x, r) : x;
  const isNe = (cc === "ne") === taken;
  if (isNe && k.lo === k.hi && (cc === "ne" || cc === "eq")) {
    if (out.hi === k.lo) out = { lo: out.lo, hi: out.hi - 1n };
    if (out.lo === k.lo) out = { lo: out.lo + 1n, hi: out.hi };
  }
  return out;
}

export function analyzeRanges(ix: ModuleIndex, func: Func, plan: SsaPlan): Ranges {
  const nb = func.blocks.length;
  const values: (Range | undefined)[] = new Array(func.values.length).fill(undefined);
  const defInst: (Inst | undefined)[] = new Array(func.values.length).fill(undefined);
  for (const b of func.blocks) for (const i of b.insts) if (i.dst !== null) defInst[i.dst] = i;
  for (let p = 0; p < func.params.length; p++) {
    const bits = bitsOf(func, p as ValueId);
    if (bits) values[p] = full(bits);
  }

  // Branch facts: computed from the terminators (which refer to values whose
  // ranges may still grow, so facts are recomputed each round).
  const facts: ReadonlyMap<ValueId, Range>[] = func.blocks.map(() => EMPTY);
  const valueIn = (v: ValueId, b: BlockId): Range | undefined => {
    const r = values[v];
    const f = facts[b]!.get(v);
    return r && f ? meet(r, f) : r ?? f;
  };
  const computeFacts = () => {
    for (const b of plan.dom.rpo) {
      const idom = plan.dom.idom(b);
      const inherited = idom !== null ? facts[idom]! : EMPTY;
      const preds = plan.dom.preds[b]!;
      const t0 = preds.length === 1 ? func.blocks[preds[0]!]!.term : undefined;
      // A block without a branch fact of its own shares its dominator's map (no copy).
      if (!t0 || t0.op !== "br" || t0.then === t0.else) {
        facts[b] = inherited;
        continue;
      }
      const m = new Map<ValueId, Range>(inherited);
      if (preds.length === 1) {
        const p = preds[0]!;
        const t = func.blocks[p]!.term;
        if (t.op === "br" && t.then !== t.else) {
          const c = defInst[t.cond];
          if (c && c.op === "icmp" && c.imm.kind === "cc") {
            const [x, y] = c.args as [ValueId, ValueId];
            const bits = bitsOf(func, x);
            const kx = valueIn(x, p), ky = valueIn(y, p);
            if (bits && ky) m.set(x, narrow(meet(m.get(x) ?? full(bits), kx ?? full(bits)), c.imm.cc, ky, bits, t.then === b));
            if (bits && kx) {
              const swapped: Record<string, string> = { slt: "sgt", sle: "sge", sgt: "slt", sge: "sle", eq: "eq", ne: "ne" };
              const sc = swapped[c.imm.cc];
              const r = sc ? condRange(sc, kx, bits, t.then === b) : undefined;
              if (r) m.set(y, meet(m.get(y) ?? full(bits), r));
            }
          }
        }
      }
      facts[b] = m;
    }
  };

  const varEntry: Map<VarId, Range>[] = func.blocks.map(() => new Map());
  const varExit: Map<VarId, Range>[] = func.blocks.map(() => new Map());
  // Values known to equal each variable at the end of each block (its last set, and gets after it).
  const varAlias: Map<VarId, Set<ValueId>>[] = func.blocks.map(() => new Map());
  const visits = new Int32Array(nb);
  const thresholdSet = new Set<bigint>();
  for (const bl of func.blocks) for (const i of bl.insts) if (i.op === "const" && i.imm.kind === "int") for (const d of [-1n, 0n, 1n]) thresholdSet.add(i.imm.value + d);
  const thresholds = [...thresholdSet].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const WIDEN_AFTER = 6;

  const transfer = (b: BlockId, inst: Inst, vars: Map<VarId, Range>, alias: Map<VarId, Set<ValueId>>): Range | undefined => {
    const bits = inst.dst !== null ? bitsOf(func, inst.dst) : 0;
    const a = inst.args.map((v) => valueIn(v, b));
    const clamp = (lo: bigint, hi: bigint): Range => {
      const f = full(bits);
      return lo < f.lo || hi > f.hi ? f : { lo, hi };
    };
    switch (inst.op) {
      case "const": {
        if (inst.imm.kind !== "int" || !bits) return undefined;
        const v = BigInt.asIntN(bits, inst.imm.value);
        return { lo: v, hi: v };
      }
      case "get":
        if (inst.imm.kind !== "var") return undefined;
        if (!alias.has(inst.imm.var)) alias.set(inst.imm.var, new Set());
        alias.get(inst.imm.var)!.add(inst.dst!);
        return vars.get(inst.imm.var) ?? (bits ? full(bits) : undefined);
      case "set":
        if (inst.imm.kind === "var") {
          alias.set(inst.imm.var, new Set([inst.args[0]!]));
          const r = a[0];
          if (r) vars.set(inst.imm.var, r); else vars.delete(inst.imm.var);
        }
        return undefined;
      case "add": return a[0] && a[1] ? clamp(a[0].lo + a[1].lo, a[0].hi + a[1].hi) : bits ? full(bits) : undefined;
      case "sub": return a[0] && a[1] ? clamp(a[0].lo - a[1].hi, a[0].hi - a[1].lo) : bits ? full(bits) : undefined;
      case "mul": {
        if (!a[0] || !a[1]) return bits ? full(bits) : undefined;
        const ps = [a[0].lo * a[1].lo, a[0].lo * a[1].hi, a[0].hi * a[1].lo, a[0].hi * a[1].hi];
        return clamp(ps.reduce((x, y) => (x < y ? x : y)), ps.reduce((x, y) => (x > y ? x : y)));
      }
      case "srem": case "urem": {
        const d = a[1];
        if (!bits) return undefined;
        if (!d || d.lo <= 0n) return full(bits);
        const m = d.hi - 1n;
        const x = a[0] ?? full(bits);
        if (x.lo >= 0n) return { lo: 0n, hi: x.hi < m ? x.hi : m };
        return inst.op === "srem" ? { lo: -m > x.lo ? -m : x.lo, hi: x.hi < m ? (x.hi < 0n ? 0n : x.hi) : m } : full(bits);
      }
      case "and": {
        if (!bits) return undefined;
        const m = [a[0], a[1]].find((r) => r && r.lo >= 0n);
        return m ? { lo: 0n, hi: m.hi } : full(bits);
      }
      case "select": {
        if (!bits) return undefined;
        const c = defInst[inst.args[0]!];
        let [x, y] = [a[1], a[2]];
        if (c && c.op === "icmp" && c.imm.kind === "cc") {
          const [cx, cy] = c.args as [ValueId, ValueId];
          const k = valueIn(cy, b);
          if (k && bitsOf(func, cx)) {
            const t = condRange(c.imm.cc, k, bits, true), f = condRange(c.imm.cc, k, bits, false);
            if (inst.args[1] === cx && x && t) x = meet(x, t);
            if (inst.args[2] === cx && y && f) y = meet(y, f);
          }
        }
        return x && y ? join(x, y) : full(bits);
      }
      case "zext": {
        const src = func.values[inst.args[0]!]!.type;
        if (src.kind === "bool") return { lo: 0n, hi: 1n };
        if (a[0] && a[0].lo >= 0n) return a[0];
        return src.kind === "int" ? { lo: 0n, hi: (1n << BigInt(src.bits)) - 1n } : undefined;
      }
      case "sext": return a[0];
      case "trunc": return a[0] && bits && eq(clamp(a[0].lo, a[0].hi), a[0]) ? a[0] : bits ? full(bits) : undefined;
      case "array.len": {
        const t = func.values[inst.args[0]!]!.type;
        return t.kind === "array" ? { lo: BigInt(t.len), hi: BigInt(t.len) } : { lo: 0n, hi: full(32).hi };
      }
      case "str.len": return { lo: 0n, hi: full(32).hi };
      case "enum.tag": {
        const t = func.values[inst.args[0]!]!.type;
        const n = t.kind === "enum" ? ix.enums.get(t.name)?.variants.length ?? 1 : 1;
        return { lo: 0n, hi: BigInt(n - 1) };
      }
      default: return bits ? full(bits) : undefined;
    }
  };

  let converged = false;
  for (let round = 0; round < 40 && !converged; round++) {
    computeFacts();
    let changed = false;
    for (const b of plan.dom.rpo) {
      // Entry state: join of the predecessors' exit states.
      const entry = new Map<VarId, Range>();
      // Predecessors not yet visited contribute nothing (bottom), so loops start optimistic.
      const preds = plan.dom.preds[b]!.filter((p) => plan.dom.isReachable(p) && visits[p]! > 0);
      if (preds.length > 0) {
        for (let v = 0 as VarId; v < func.vars.length; v++) {
          let r: Range | undefined;
          let all = true;
          for (const p of preds) {
            let x = varExit[p]!.get(v);
            if (!x) { all = false; break; }
            // Edge narrowing: p branches on a comparison of a value equal to v.
            const t = func.blocks[p]!.term;
            const c = t.op === "br" && t.then !== t.else ? defInst[t.cond] : undefined;
            const vt = func.vars[v]!.type;
            if (c && c.op === "icmp" && c.imm.kind === "cc" && vt.kind === "int" && t.op === "br") {
              const [cx, cy] = c.args as [ValueId, ValueId];
              const aliases = varAlias[p]!.get(v);
              const k = valueIn(cy, p);
              if (aliases?.has(cx) && k) x = narrow(x, c.imm.cc, k, vt.bits, t.then === b);
            }
            if (x.lo > x.hi) continue; // infeasible edge
            r = join(r, x);
          }
          if (all && r) entry.set(v, r);
        }
      }
      // Widening: a variable still growing at a join after several visits gets its type's full range.
      visits[b]!++;
      if (visits[b]! > WIDEN_AFTER) {
        // Monotone from here on: keep the old interval when the new one fits in it.
        for (const [v, r] of entry) {
          const old = varEntry[b]!.get(v);
          if (!old) continue;
          const j = join(old, r);
          const t = func.vars[v]!.type;
          // Widening with thresholds: a bound that moved jumps to the next constant of the
          // function (or its neighbour) in that direction, else to the type's limit.
          const f = t.kind === "int" ? full(t.bits) : j;
          // Thresholds only for a few visits, so the fixpoint is reached in a bounded number of rounds.
          const steps = visits[b]! - WIDEN_AFTER <= 3 ? thresholds : [];
          const up = j.hi > old.hi ? steps.find((c) => c >= j.hi && c <= f.hi) ?? f.hi : old.hi;
          const down = j.lo < old.lo ? [...steps].reverse().find((c) => c <= j.lo && c >= f.lo) ?? f.lo : old.lo;
          entry.set(v, { lo: down, hi: up });
        }
      }
      if (!sameMap(entry, varEntry[b]!)) changed = true;
      varEntry[b] = entry;
      const vars = new Map(entry);
      const alias = new Map<VarId, Set<ValueId>>();
      // Inherit aliases from the immediate dominator only for variables this block does not merge.
      const id = plan.dom.idom(b);
      if (id !== null && preds.length === 1 && preds[0] === id) for (const [v, s] of varAlias[id]!) alias.set(v, new Set(s));
      for (const inst of func.blocks[b]!.insts) {
        const r = transfer(b, inst, vars, alias);
        if (inst.dst !== null && !eq(values[inst.dst], r)) {
          values[inst.dst] = r;
          changed = true;
        }
      }
      if (!sameMap(vars, varExit[b]!)) changed = true;
      varExit[b] = vars;
      varAlias[b] = alias;
    }
    converged = !changed;
  }
  // Without a fixpoint the intervals are not sound: know nothing.
  if (!converged) return new Ranges([], []);
  computeFacts();
  return new Ranges(values, facts);
}

function sameMap(a: Map<VarId, Range>, b: Map<VarId, Range>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (!eq(v, b.get(k))) return false;
  return true;
}
