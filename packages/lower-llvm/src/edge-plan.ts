/**
 * The control-flow plan of one function: which blocks are printed in which
 * order, where each terminator edge lands, and the phi rows every block
 * parameter gets. Block parameters become phis, and three LLVM rules shape
 * the plan:
 *
 * - the entry block has no predecessors, so when LIR block 0 is a branch
 *   target a separate `entry` block (which also holds the allocas) jumps to it
 *   and its phis take the function arguments from there;
 * - a phi names predecessors, not edges, so when one terminator reaches the
 *   same block with parameters by edges carrying different arguments, every
 *   argument list but the first goes through a split block of its own
 *   (`bbP.eI`, I the index of the first such edge in the terminator);
 * - a phi has one row per incoming edge, so a block reached twice with the
 *   same arguments gets the same row twice.
 *
 * Instructions after a call to a `noreturn` extern are dead: the block ends
 * there with `unreachable`, and its original terminator contributes no edges.
 * Blocks the entry cannot reach are not printed (LLVM would need phis without
 * rows for them).
 *
 * Labels are numbered so that everything is kept in typed arrays by number
 * (no object per block, edge or row): LIR block b is label b, the prologue
 * is label `prologueId` (the number of LIR blocks), split blocks follow in
 * print order. The plan reads each block object once (its instructions for
 * noreturn calls, its terminator's edges) and each reachable edge's arguments
 * once more; everything after works on the arrays. The arrays are reused
 * from one function to the next (one EdgePlan per module): a plan is valid
 * until the next `plan` call.
 */
import { edgeAt, type LEdge, type LFunction, type LInst, type LTerm } from "@fzy/lir";

/** Label of the generated entry block. */
export const PROLOGUE_LABEL = "entry";

/** `arr` if it holds `need` elements, else a longer copy (amortised doubling). */
function fit<T extends Int32Array | Uint8Array>(arr: T, need: number, make: (n: number) => T): T {
  if (arr.length >= need) return arr;
  const next = make(Math.max(need, 2 * arr.length));
  next.set(arr);
  return next;
}
const ints = (n: number) => new Int32Array(n);
const bytes = (n: number) => new Uint8Array(n);

/** Where a block's instructions stop: after its first call to a noreturn extern, else its length. */
function keptLength(insts: readonly LInst[], isNoreturn: (callee: string) => boolean): number {
  for (let k = 0; k < insts.length; k++) {
    const i = insts[k]!;
    if (i.op === "call" && isNoreturn(i.callee)) return k + 1;
  }
  return insts.length;
}

/** Whether an edge of terminator `t` of block b goes back to b or an earlier block other than block 0. */
function goesBack(t: LTerm, b: number): boolean {
  const back = (to: number) => to <= b && to !== 0;
  switch (t.op) {
    case "jump": return back(t.target.block);
    case "brif": return back(t.then.block) || back(t.else.block);
    case "br_table": case "switch": return back(t.default.block) || t.targets.some((e) => back(e.block));
    case "return": case "trap": return false;
  }
}

/** The printed control flow of one function, in arrays by label id, LIR block id, edge and row. */
export class EdgePlan {
  /** The number of LIR blocks. */
  blockCount = 0;
  /** A separate `entry` block precedes LIR block 0. */
  prologue = false;
  /** The label id of the prologue (the number of LIR blocks). */
  prologueId = 0;
  /** Label ids are below this. */
  labelCount = 0;
  /**
   * Every edge of every block's own terminator (those cut by a noreturn call
   * included) goes to a later block or to block 0: the blocks' order is a
   * topological order of the flow that does not enter the function again
   * (facts-code.ts FactsCode.forward, the same test).
   */
  forward = true;
  /** Label ids in print order (LIR order, each split block right after its source): the first `printed`. */
  order = ints(16);
  printed = 0;
  /** By LIR block: the instructions that run (cut after a noreturn call). */
  kept = ints(16);
  /** By LIR block: 1 when its terminator is `trap` (after a noreturn call), which has no edges. */
  trapped = bytes(16);
  /** By LIR block: its terminator's edges are edges `edgeStart[b] .. edgeStart[b + 1] - 1`, in `termEdges` order (@fzy/lir). */
  edgeStart = ints(16);
  /** By edge: the label id it lands on (its target block, or the split block carrying its arguments). */
  route = ints(16);
  /** By label id: the label leads to a cold block (a split block to its target). */
  cold = bytes(16);
  /** By split block (label id - prologueId - 1): the LIR block it comes from and the index of its edge in the terminator. */
  splitFrom = ints(16);
  splitEdge = ints(16);
  /** By split block: the LIR block it jumps to. */
  splitTarget = ints(16);
  /** By LIR block: its first phi row (-1: none); rows are chained by `rowNext` in edge order, the prologue's first. */
  rowHead = ints(16);
  rowNext = ints(16);
  /** By row: the label id it comes from, and where its arguments start in `args` (-1: the function's arguments). */
  rowFrom = ints(16);
  rowArgs = ints(16);
  /** The arguments of the rows, one list after another. */
  args = ints(16);
  private rowTail = ints(16);
  private rows = 0;
  private argN = 0;
  private params = ints(16);
  private reached = bytes(16);
  private stack = ints(16);

  /** The number of edges of LIR block b's printed terminator. */
  edgeCount(b: number): number {
    return this.edgeStart[b + 1]! - this.edgeStart[b]!;
  }

  /**
   * Plans the printed control flow of `fn` (replacing the plan of the
   * function before). `isNoreturn` undefined: no callee is noreturn (no
   * block is cut, and no instruction needs reading here).
   */
  plan(fn: LFunction, isNoreturn: ((callee: string) => boolean) | undefined): this {
    const n = fn.blocks.length;
    if (n === 0) throw new Error(`lower-llvm: function ${fn.name} has no blocks`);
    this.blockCount = n;
    this.prologueId = n;
    this.scan(fn, isNoreturn);
    this.reach(fn);
    this.rows = 0;
    this.argN = 0;
    this.rowHead.fill(-1, 0, n);
    this.printed = 0;
    this.order = fit(this.order, n, ints);
    let next = n + 1, entryTargeted = false;
    const { edgeStart, reached, params } = this;
    const blocks = fn.blocks;
    for (let p = 0; p < n; p++) {
      if (!reached[p]) continue;
      this.order[this.printed++] = p;
      // Read from the block again rather than kept in a table by block: the table saved one property
      // read per block, and for a function of many blocks it was one more large array of pointers.
      const term = blocks[p]!.term, e0 = edgeStart[p]!, count = edgeStart[p + 1]! - e0;
      if (count === 0) continue;
      // A terminator whose edges all go to different blocks needs no splits: every edge is direct, one row each.
      if (term.op === "jump") {
        entryTargeted = this.direct(fn, term.target, p) || entryTargeted;
      } else if (term.op === "brif" && term.then.block !== term.else.block) {
        entryTargeted = this.direct(fn, term.then, p) || entryTargeted;
        entryTargeted = this.direct(fn, term.else, p) || entryTargeted;
      } else {
        // A brif to one block, a br_table or a switch: edges by index (a switch may have many: no list made).
        for (let k = 0; k < count; k++) {
          const edge = edgeAt(term, k);
          this.check(fn, edge, p);
          if (edge.block === 0) entryTargeted = true;
        }
        next = this.shared(fn, term, count, p, e0, next, params);
      }
    }
    if (entryTargeted) {
      const r = this.newRow(n, -1);
      this.rowNext[r] = this.rowHead[0]!;
      this.rowHead[0] = r;
    }
    this.prologue = entryTargeted;
    this.labelCount = next;
    this.cold[n] = 0;
    return this;
  }

  /**
   * Reads every block once: where its instructions stop, its terminator's
   * edges (targets into `route`, which are also their labels unless split),
   * its parameter count and whether it is cold.
   */
  private scan(fn: LFunction, isNoreturn: ((callee: string) => boolean) | undefined): void {
    const n = fn.blocks.length;
    this.kept = fit(this.kept, n, ints);
    this.trapped = fit(this.trapped, n, bytes);
    this.edgeStart = fit(this.edgeStart, n + 1, ints);
    this.params = fit(this.params, n, ints);
    this.cold = fit(this.cold, n + 1, bytes);
    this.rowHead = fit(this.rowHead, n, ints);
    this.rowTail = fit(this.rowTail, n, ints);
    this.forward = true;
    let e = 0;
    for (let b = 0; b < n; b++) {
      const block = fn.blocks[b]!;
      const insts = block.insts, kept = isNoreturn ? keptLength(insts, isNoreturn) : insts.length;
      this.kept[b] = kept;
      this.params[b] = block.params.length;
      this.cold[b] = block.cold ? 1 : 0;
      this.edgeStart[b] = e;
      const t = block.term;
      if (kept !== insts.length) {
        this.trapped[b] = 1;
        if (this.forward && goesBack(t, b)) this.forward = false;
        continue;
      }
      this.trapped[b] = 0;
      if (t.op === "jump") e = this.edge(e, t.target.block);
      else if (t.op === "brif") e = this.edge(this.edge(e, t.then.block), t.else.block);
      else if (t.op === "br_table" || t.op === "switch") {
        e = this.edge(e, t.default.block);
        const targets = t.targets;
        for (let k = 0; k < targets.length; k++) e = this.edge(e, targets[k]!.block);
      }
    }
    this.edgeStart[n] = e;
    for (let b = 0; b < n && this.forward; b++) {
      for (let k = this.edgeStart[b]!, end = this.edgeStart[b + 1]!; k < end; k++) {
        const to = this.route[k]!;
        if (to <= b && to !== 0) this.forward = false;
      }
    }
  }

  private edge(e: number, to: number): number {
    if (e === this.route.length) this.route = fit(this.route, e + 1, ints);
    this.route[e] = to;
    return e + 1;
  }

  /** Reachability from the entry over the scanned edges, with an explicit worklist (no recursion depth limit). */
  private reach(fn: LFunction): void {
    const n = fn.blocks.length;
    const reached = (this.reached = fit(this.reached, n, bytes));
    reached.fill(0, 0, n);
    const stack = (this.stack = fit(this.stack, n, ints));
    const { edgeStart, route } = this;
    let top = 0;
    stack[top++] = 0;
    reached[0] = 1;
    while (top > 0) {
      const b = stack[--top]!;
      for (let e = edgeStart[b]!, end = edgeStart[b + 1]!; e < end; e++) {
        const to = route[e]!;
        if (to < 0 || to >= n) throw new Error(`lower-llvm: ${fn.name} bb${b} branches to missing block ${to}`);
        if (!reached[to]) {
          reached[to] = 1;
          stack[top++] = to;
        }
      }
    }
  }

  /** Checks an edge's argument count against its target's parameters. */
  private check(fn: LFunction, edge: LEdge, from: number): void {
    if (edge.args.length !== this.params[edge.block]!) {
      throw new Error(`lower-llvm: ${fn.name} bb${from} passes ${edge.args.length} arguments to bb${edge.block}, which has ${this.params[edge.block]!} parameters`);
    }
  }

  /** A direct edge of block `from`: its phi row when the target has parameters; true when it targets the entry. */
  private direct(fn: LFunction, edge: LEdge, from: number): boolean {
    this.check(fn, edge, from);
    if (this.params[edge.block]! > 0) this.addRow(edge.block, from, edge.args);
    return edge.block === 0;
  }

  /** A new row from label `from` (its arguments at `argsAt`, -1 for the function's arguments), not yet chained. */
  private newRow(from: number, argsAt: number): number {
    const r = this.rows++;
    if (r === this.rowFrom.length) {
      this.rowFrom = fit(this.rowFrom, r + 1, ints);
      this.rowArgs = fit(this.rowArgs, r + 1, ints);
      this.rowNext = fit(this.rowNext, r + 1, ints);
    }
    this.rowFrom[r] = from;
    this.rowArgs[r] = argsAt;
    this.rowNext[r] = -1;
    return r;
  }

  /** Appends a row of block `to` from label `from` passing `args`. */
  private addRow(to: number, from: number, args: readonly number[]): void {
    const at = this.argN;
    this.args = fit(this.args, at + args.length, ints);
    for (let k = 0; k < args.length; k++) this.args[at + k] = args[k]!;
    this.argN = at + args.length;
    const r = this.newRow(from, at);
    if (this.rowHead[to]! < 0) this.rowHead[to] = r;
    else this.rowNext[this.rowTail[to]!] = r;
    this.rowTail[to] = r;
  }

  /**
   * The routes of a terminator with several edges into one block: per target
   * with parameters, the first argument list goes direct and every other
   * distinct one through a split block (keyed by the list's text, so a
   * terminator with many edges into one block stays linear); an edge
   * repeating a list shares its route. Returns the next free label id.
   */
  private shared(fn: LFunction, term: LTerm, count: number, p: number, e0: number, next: number, params: Int32Array): number {
    let seen: Map<number, Map<string, number>> | undefined;
    for (let index = 0; index < count; index++) {
      const edge = edgeAt(term, index), to = edge.block;
      if (params[to] === 0) continue;
      seen ??= new Map();
      let lists = seen.get(to);
      if (!lists) seen.set(to, (lists = new Map()));
      const key = edge.args.join(",");
      const known = lists.get(key);
      if (known !== undefined) {
        if (known === to) this.addRow(to, p, edge.args);
        this.route[e0 + index] = known;
        continue;
      }
      if (lists.size === 0) {
        lists.set(key, to);
        this.addRow(to, p, edge.args);
        continue;
      }
      const label = next++, s = label - this.prologueId - 1;
      this.splitFrom = fit(this.splitFrom, s + 1, ints);
      this.splitEdge = fit(this.splitEdge, s + 1, ints);
      this.splitTarget = fit(this.splitTarget, s + 1, ints);
      this.cold = fit(this.cold, label + 1, bytes);
      // Every block is printed at most once and every split label once: room for all blocks and the splits so far.
      this.order = fit(this.order, this.blockCount + s + 1, ints);
      this.splitFrom[s] = p;
      this.splitEdge[s] = index;
      this.splitTarget[s] = to;
      this.cold[label] = this.cold[to]!;
      this.order[this.printed++] = label;
      this.route[e0 + index] = label;
      lists.set(key, label);
      this.addRow(to, label, edge.args);
    }
    return next;
  }
}
