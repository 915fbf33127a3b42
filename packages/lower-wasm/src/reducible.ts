/**
 * An irreducible block graph made reducible, so that structure.ts can lay
 * out every function (binaryen's Relooper, which took the irreducible ones
 * before, nests once per block of a chain and works in time quadratic in
 * it: 1,600 irreducible loops in a row ran out of stack, 1,600 nested ones
 * took 6 s).
 *
 * A cycle entered at several blocks gets one new block, its dispatch,
 * which every edge into those entries now goes through: the edge passes
 * the number of the entry it went to (its label) and its own arguments,
 * and the dispatch's branch on the label (a `brif` on a bool for two
 * entries, else a `br_table`) goes on to that entry with them (Erosa and
 * Hendren, "Taming control flow", 1994). The dispatch then dominates the
 * cycle, which becomes a loop with it as its header. LLVM's FixIrreducible
 * sends only the edges from outside and those into one entry through its
 * guard block; here the cycle's other inner edges go through it too, or
 * each other entry, reached from the dispatch and from inside, would be a
 * merge block of the dispatch and a cycle of n entries would nest n wasm
 * blocks deep.
 *
 * Cycles nest: the strongly connected components (Tarjan) of the whole
 * graph first, then, in each, those of what is left once its one entry
 * (its own, or its new dispatch) is taken out, and so on (Ramalingam's
 * loop-nesting forest, "On loops, dominators, and dominance frontiers",
 * 2002). Each level costs the blocks and edges in its components: linear
 * for loops in sequence, the size times the depth for nested ones. A
 * graph without such a cycle comes back as the same object (function.ts
 * asks only of graphs shapeOf finds irreducible).
 *
 * Paths keep their dominators: a path through a dispatch is a path of the
 * graph before with the dispatch in front of the entry, or goes on from
 * the dispatch to another entry of the same cycle, which every path from
 * outside the cycle could reach, so no block of the cycle dominated what
 * it reaches from there. Values defined before still reach their uses.
 *
 * The dispatch's parameters: the label, then slots by type, as many of each
 * type as the entry that needs most of it (an edge fills its entry's slots,
 * and passes zero to the rest); the labels and zeros are constants put at
 * the start of the entry block, which dominates every edge. (function.ts
 * gives them no local: each read spells the constant, see constantsOf.)
 */
import { block, edge, type LBlock, type LBlockId, type LEdge, type LFunction, type LInst, lirSuccessors, type LTerm, type LType, type LValue } from "@fzy/lir";
import type { Dominators } from "./structure.js";

/**
 * `fn` with every cycle of several entries given a dispatch block (new
 * blocks after the old ones, whose ids stay); `dom`: fn's dominator tree,
 * for its reachable blocks and their predecessors.
 */
export function makeReducible(fn: LFunction, dom: Dominators): LFunction {
  return new Reducer(fn, dom).run();
}

/** A region whose cycles are still to look at: `nodes` without `header` (-1: none). */
interface Region {
  readonly nodes: readonly number[];
  readonly header: number;
}

class Reducer {
  private readonly blocks: LBlock[];
  private readonly types: LType[];
  private readonly succs: number[][];
  private readonly preds: number[][] = [];
  /** Constants for the entry block, and the value of each label and type's zero made so far. */
  private readonly consts: LInst[] = [];
  private readonly labels = new Map<number, LValue>();
  private readonly zeros = new Map<LType, LValue>();
  /** Per block: the stamp of the region, component or rewrite it was last marked in. */
  private mark: number[] = [];
  private stamp = 0;
  /** Per block, components' scratch: Tarjan's index (-1: not visited), low link, and whether it is on the stack. */
  private index = new Int32Array(0);
  private low = new Int32Array(0);
  private onStack = new Uint8Array(0);

  constructor(private readonly fn: LFunction, private readonly dom: Dominators) {
    this.blocks = fn.blocks.slice();
    this.types = fn.valueTypes.slice();
    this.succs = lirSuccessors(fn);
  }

  run(): LFunction {
    // The reachable blocks, and their reachable predecessors (lists of this object's own: dispatches rewrite them).
    const dom = this.dom, reachable: number[] = dom.rpo.slice();
    for (const b of reachable) this.preds[b] = dom.preds[b]!.filter((p) => dom.rpoIndex[p]! >= 0);
    const work: Region[] = [{ nodes: reachable, header: -1 }];
    for (let r = work.pop(); r !== undefined; r = work.pop()) {
      for (const scc of this.components(r)) {
        const entries = this.entriesOf(scc);
        if (entries.length === 1) work.push({ nodes: scc, header: entries[0]! });
        else work.push({ nodes: [...scc, this.dispatch(entries)], header: this.blocks.length - 1 });
      }
    }
    if (this.blocks.length === this.fn.blocks.length) return this.fn;
    const entry = this.blocks[0]!;
    this.blocks[0] = block(entry.params, [...this.consts, ...entry.insts], entry.term, entry.cold);
    const f = this.fn, origins = this.origins();
    return {
      name: f.name, params: f.params, results: f.results, exported: f.exported, slots: f.slots, blocks: this.blocks, valueTypes: this.types,
      ...(f.names !== undefined ? { names: f.names } : {}), ...(origins !== undefined ? { origins } : {}),
    };
  }

  /**
   * The cycles of region `r` (Tarjan's strongly connected components over
   * its blocks but its header, iteratively): each component that has an
   * edge inside it. The scratch arrays are the object's, reset for the
   * region's blocks after, so a small region costs only its own size.
   */
  private components(r: Region): number[][] {
    const inRegion = ++this.stamp, mark = this.mark;
    for (const b of r.nodes) if (b !== r.header) mark[b] = inRegion;
    this.room(this.blocks.length);
    const index = this.index, low = this.low, onStack = this.onStack, stack: number[] = [], out: number[][] = [];
    const frames: number[] = [], next: number[] = []; // the block of each frame and the position in its successors
    let count = 0;
    for (const root of r.nodes) {
      if (root === r.header || index[root] !== -1) continue;
      index[root] = low[root] = count++; stack.push(root); onStack[root] = 1;
      frames.push(root); next.push(0);
      while (frames.length > 0) {
        const top = frames.length - 1, b = frames[top]!, succ = this.succs[b]!;
        if (next[top]! < succ.length) {
          const s = succ[next[top]!++]!;
          if (mark[s] !== inRegion) continue;
          if (index[s] === -1) {
            index[s] = low[s] = count++; stack.push(s); onStack[s] = 1;
            frames.push(s); next.push(0);
          } else if (onStack[s]) low[b] = Math.min(low[b]!, index[s]!);
          continue;
        }
        frames.pop(); next.pop();
        if (frames.length > 0) { const p = frames[frames.length - 1]!; low[p] = Math.min(low[p]!, low[b]!); }
        if (low[b] !== index[b]) continue;
        const scc: number[] = [];
        for (let x = -1; x !== b;) { x = stack.pop()!; onStack[x] = 0; scc.push(x); }
        if (scc.length > 1 || succ.includes(b)) out.push(scc);
      }
    }
    for (const b of r.nodes) index[b] = -1;
    return out;
  }

  /** The scratch arrays of `components` for `n` blocks (index -1: not visited). */
  private room(n: number): void {
    if (this.index.length >= n) return;
    const index = new Int32Array(2 * n).fill(-1);
    index.set(this.index);
    this.index = index;
    this.low = new Int32Array(2 * n);
    this.onStack = new Uint8Array(2 * n);
  }

  /** The blocks of cycle `scc` entered from outside it (the function's entry is entered from outside). */
  private entriesOf(scc: readonly number[]): number[] {
    const inScc = ++this.stamp, mark = this.mark;
    for (const b of scc) mark[b] = inScc;
    return scc.filter((b) => b === 0 || this.preds[b]!.some((p) => mark[p] !== inScc));
  }

  /** A new block that every edge into `entries` goes through, returning its id. */
  private dispatch(entries: readonly number[]): number {
    const d = this.blocks.length;
    // Slots by type: as many of each as the entry that needs most of it.
    const slots = new Map<LType, number>();
    for (const e of entries) {
      const need = new Map<LType, number>();
      for (const p of this.blocks[e]!.params) need.set(this.types[p]!, (need.get(this.types[p]!) ?? 0) + 1);
      for (const [t, c] of need) slots.set(t, Math.max(c, slots.get(t) ?? 0));
    }
    // Two entries: a bool label and a brif (true: the first); more: an i32 label and a br_table.
    const two = entries.length === 2, label = this.fresh(two ? "bool" : "i32"), params: LValue[] = [label], firstOf = new Map<LType, number>();
    for (const [t, c] of slots) {
      firstOf.set(t, params.length);
      for (let k = 0; k < c; k++) params.push(this.fresh(t));
    }
    /** Where each entry's parameters go among the dispatch's (by position in params). */
    const placesOf = entries.map((e) => {
      const used = new Map<LType, number>();
      return this.blocks[e]!.params.map((p) => {
        const t = this.types[p]!, k = used.get(t) ?? 0;
        used.set(t, k + 1);
        return firstOf.get(t)! + k;
      });
    });
    const targets = entries.map((e, j) => edge(e as LBlockId, placesOf[j]!.map((at) => params[at]!)));
    const term: LTerm = two
      ? { op: "brif", cond: label, then: targets[0]!, else: targets[1]! }
      : { op: "br_table", index: label, default: targets[targets.length - 1]!, targets };
    this.blocks.push(block(params, [], term, false));
    // Every edge into an entry, from inside the cycle or out, now goes to the dispatch with the entry's label.
    const entryOf = new Map(entries.map((e, j) => [e, j]));
    const rewritten = ++this.stamp, mark = this.mark, dPreds: number[] = [];
    for (const e of entries) {
      for (const p of this.preds[e]!) {
        dPreds.push(p);
        if (mark[p] === rewritten) continue;
        mark[p] = rewritten;
        const from = this.blocks[p]!;
        this.blocks[p] = block(from.params, from.insts, this.redirected(from.term, entryOf, d, (j, args) => {
          const out = params.map((v) => this.zero(this.types[v]!));
          out[0] = this.label(j, two);
          placesOf[j]!.forEach((at, k) => { out[at] = args[k]!; });
          return out;
        }), from.cold);
        this.succs[p] = this.succs[p]!.map((s) => (entryOf.has(s) ? d : s));
      }
      this.preds[e] = [d];
    }
    this.preds[d] = dPreds;
    this.succs[d] = entries.slice();
    return d;
  }

  /** `t` with each edge to an entry (entryOf) going to `d` with the arguments `argsTo` gives. */
  private redirected(t: LTerm, entryOf: ReadonlyMap<number, number>, d: number, argsTo: (j: number, args: readonly LValue[]) => LValue[]): LTerm {
    const re = (e: LEdge): LEdge => {
      const j = entryOf.get(e.block);
      return j === undefined ? e : edge(d as LBlockId, argsTo(j, e.args));
    };
    switch (t.op) {
      case "jump": return { op: "jump", target: re(t.target) };
      case "brif": return { op: "brif", cond: t.cond, then: re(t.then), else: re(t.else) };
      case "br_table": return { op: "br_table", index: t.index, default: re(t.default), targets: t.targets.map(re) };
      case "switch": return { op: "switch", value: t.value, default: re(t.default), cases: t.cases, targets: t.targets.map(re) };
      case "return": case "trap": return t;
    }
  }

  private fresh(t: LType): LValue {
    this.types.push(t);
    return (this.types.length - 1) as LValue;
  }

  /** The label of entry `j`: the i32 constant j, or for one of two entries the bool j === 0 (one constant each, defined in the entry block). */
  private label(j: number, two: boolean): LValue {
    const key = two ? -1 - j : j;
    let v = this.labels.get(key);
    if (v === undefined) {
      v = two ? this.fresh("bool") : this.fresh("i32");
      this.consts.push(two ? { op: "iconst", dst: v, type: "bool", value: j === 0 ? 1n : 0n } : { op: "iconst", dst: v, type: "i32", value: BigInt(j) });
      this.labels.set(key, v);
    }
    return v;
  }

  /** A zero of type `t` (one per type, defined in the entry block): the argument of a slot the edge's entry does not use. */
  private zero(t: LType): LValue {
    let v = this.zeros.get(t);
    if (v === undefined) {
      if (t === "f32" || t === "f64") {
        v = this.fresh(t);
        this.consts.push({ op: "fconst", dst: v, value: 0 });
      } else if (t === "ptr") {
        const w = this.zero("i64");
        v = this.fresh(t);
        this.consts.push({ op: "convert", kind: "int_to_ptr", dst: v, src: w });
      } else {
        v = this.fresh(t);
        this.consts.push({ op: "iconst", dst: v, type: t, value: 0n });
      }
      this.zeros.set(t, v);
    }
    return v;
  }

  /** The origins with the entry block's row shifted past the constants put before its instructions. */
  private origins(): LFunction["origins"] {
    const o = this.fn.origins, row = o?.at[0];
    if (o === undefined || row === undefined) return o;
    const at = o.at.slice();
    at[0] = [...this.consts.map(() => -1), ...row];
    return { table: o.table, at };
  }
}
