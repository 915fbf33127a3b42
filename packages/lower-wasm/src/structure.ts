/**
 * A function's block graph as structured wasm, when the graph is reducible
 * (every cycle entered only through a block that dominates it): Ramsey's
 * construction ("Beyond Relooper: recursive translation of unstructured
 * control flow to structured control flow", ICFP 2022), from the dominator
 * tree and reverse postorder (RPO).
 *
 * - A block x's code is its instructions, then its terminator, with each
 *   edge's parallel copy before the branch.
 * - A dominator-tree child of x that has two or more forward in-edges (a
 *   merge block) follows a wasm `block` around x's code; a branch to it is a
 *   `br` out of that block. With several, the one of lowest RPO is
 *   innermost.
 * - Any other child has x as its one forward predecessor: its code is
 *   placed where x branches to it.
 * - A loop header (the target of a back edge) puts its code in a wasm
 *   `loop`; a back edge is a `br` to it.
 *
 * Every code so built ends in a branch, a return or a trap, never falling
 * through. So a conditional needs no `else`: `if (c) { then-code }` is
 * followed by the else-code in the same sequence. A long chain of checks
 * stays one flat sequence instead of nesting once per check (binaryen's
 * Relooper nested it, took time quadratic in its length, and recursed once
 * per level: a chain of 4,000 checked additions took 8 s where the stack
 * was large enough, and ran out of a default one).
 *
 * The blocks are visited once each, in reverse RPO (a dominator-tree child
 * comes after its parent in RPO, so its code is ready when the parent
 * needs it); code is kept as statement lists in reverse order so that a
 * child's list becomes the tail of its parent's without being copied. Time
 * and memory are linear in the function's size.
 */
import binaryen from "binaryen";
import { type LBlockId, type lirDominators, type LEdge, type LFunction, type LTerm, termEdges } from "@fzy/lir";

type Expr = binaryen.ExpressionRef;

/** What the structuring needs of the function's translation. */
export interface BlockCode {
  readonly m: binaryen.Module;
  /** Block `b`'s instructions as statements (its terminator not included). */
  body(b: number): Expr[];
  /** The statements of a terminator that leaves the function (return, trap); refuses a sparse switch. */
  exit(term: LTerm): Expr[];
  /** The parallel copy of edge `e`'s arguments into its target's parameters, or 0 when it copies nothing. */
  copy(e: LEdge): Expr;
  /** The value `v` read. */
  get(v: number): Expr;
}

/** A function's dominator tree (with its RPO). */
export type Dominators = ReturnType<typeof lirDominators>;

/** What the structuring lays a reducible block graph out by. */
interface Shape {
  /** Per block, its in-edges from blocks earlier in RPO: two or more make it a merge block. */
  readonly forwardIn: Int32Array;
  /** Per block, 1 when it is the target of a back edge. */
  readonly loopHeader: Uint8Array;
  /** Per block, how many blocks its code holds (its dominator-tree subtree): a conditional continues with its larger side. */
  readonly weight: Int32Array;
}

/** The shape of `fn`'s block graph, or null when it is irreducible (a cycle entered other than through a block that dominates it). */
function shapeOf(fn: LFunction, dom: Dominators): Shape | null {
  const rpo = dom.rpo, at = dom.rpoIndex, n = fn.blocks.length;
  const forwardIn = new Int32Array(n), loopHeader = new Uint8Array(n), weight = new Int32Array(n);
  for (const x of rpo) {
    for (const e of termEdges(fn.blocks[x]!.term)) {
      const t = e.block;
      if (at[t]! > at[x]!) forwardIn[t]!++;
      else if (dom.dominates(t, x)) loopHeader[t] = 1;
      else return null;
    }
  }
  for (let k = rpo.length - 1; k >= 0; k--) {
    const x = rpo[k]!, d = dom.idom(x);
    weight[x]! += 1;
    if (d !== null) weight[d]! += weight[x]!;
  }
  return { forwardIn, loopHeader, weight };
}

/**
 * The reachable blocks of `fn` in about the order structuredBody lays out
 * their code: a block, then the children it branches to directly (smaller
 * first), then its merge children in RPO; in RPO when the graph is
 * irreducible. Every block comes after the blocks that dominate it.
 */
export function layoutOrder(fn: LFunction, dom: Dominators): readonly LBlockId[] {
  const shape = shapeOf(fn, dom);
  if (!shape || dom.rpo.length === 0) return dom.rpo;
  const { forwardIn, weight } = shape;
  const order: LBlockId[] = [], stack: LBlockId[] = [dom.rpo[0]!];
  while (stack.length > 0) {
    const x = stack.pop()!;
    order.push(x);
    const kids = dom.children(x);
    for (let i = kids.length - 1; i >= 0; i--) if (forwardIn[kids[i]!]! >= 2) stack.push(kids[i]!);
    const inline = kids.filter((y) => forwardIn[y]! < 2).sort((a, b) => weight[b]! - weight[a]!);
    for (const y of inline) stack.push(y);
  }
  return order;
}

/** The body of `fn` (whose dominator tree is `dom`) as one structured statement, or null when its block graph is irreducible. */
export function structuredBody(fn: LFunction, dom: Dominators, code: BlockCode): Expr | null {
  const shape = shapeOf(fn, dom);
  if (!shape) return null;
  const { forwardIn, loopHeader, weight } = shape;
  const rpo = dom.rpo, at = dom.rpoIndex;
  const n = fn.blocks.length;
  const { m } = code;
  /** Each block's code, statements in reverse order, until its parent takes it. */
  const rev: (Expr[] | undefined)[] = new Array(n);
  const take = (b: number): Expr[] => {
    const r = rev[b]!;
    rev[b] = undefined;
    return r;
  };
  /** Whether the code of `t` goes where `from` branches to it (a forward edge to a block with no other). */
  const placedInline = (from: number, t: number) => at[t]! > at[from]! && forwardIn[t]! < 2;
  const branch = (from: number, e: LEdge): Expr[] => {
    const t = e.block;
    const r = placedInline(from, t) ? take(t) : at[t]! <= at[from]! ? [m.br(loopLabel(t))] : [m.br(mergeLabel(t))];
    const c = code.copy(e);
    if (c !== 0) r.push(c);
    return r;
  };
  const inlineWeight = (from: number, e: LEdge) => (placedInline(from, e.block) ? weight[e.block]! : 0);
  for (let k = rpo.length - 1; k >= 0; k--) {
    const x = rpo[k]!;
    let r = terminator(fn.blocks[x]!.term, x, branch, inlineWeight, code);
    const body = code.body(x);
    for (let i = body.length - 1; i >= 0; i--) r.push(body[i]!);
    for (const y of dom.children(x)) { // in RPO
      if (forwardIn[y]! < 2) continue;
      const after = take(y);
      after.push(m.block(mergeLabel(y), r.reverse()));
      r = after;
    }
    if (loopHeader[x]) r = [m.loop(loopLabel(x), m.block(null, r.reverse(), binaryen.none))];
    rev[x] = r;
  }
  return m.block(null, take(rpo[0]!).reverse(), binaryen.none);
}

const mergeLabel = (b: number) => `B${b}`;
const loopLabel = (b: number) => `L${b}`;

/** The reversed statements of block `x`'s terminator, its branches made by `branch`. */
function terminator(
  term: LTerm, x: number, branch: (from: number, e: LEdge) => Expr[], inlineWeight: (from: number, e: LEdge) => number, code: BlockCode,
): Expr[] {
  const m = code.m;
  switch (term.op) {
    case "return": case "trap": case "switch": // (a sparse switch, which wasm cannot spell, is refused there)
      return code.exit(term).reverse();
    case "jump":
      return branch(x, term.target);
    case "brif": {
      // The side whose code holds more blocks continues the sequence; the other goes in the `if`.
      if (inlineWeight(x, term.then) > inlineWeight(x, term.else)) {
        const r = branch(x, term.then);
        r.push(m.if(m.i32.eqz(code.get(term.cond)), m.block(null, branch(x, term.else).reverse(), binaryen.none)));
        return r;
      }
      const r = branch(x, term.else);
      r.push(m.if(code.get(term.cond), m.block(null, branch(x, term.then).reverse(), binaryen.none)));
      return r;
    }
    case "br_table": {
      // One wasm block per distinct edge (target and arguments); br_table leaves the innermost for the first.
      const labels = new Map<string, string>(), edges: LEdge[] = [];
      const labelOf = (e: LEdge) => {
        const key = `${e.block}:${e.args.join(",")}`;
        let l = labels.get(key);
        if (l === undefined) { l = `T${x}_${edges.length}`; labels.set(key, l); edges.push(e); }
        return l;
      };
      const names = term.targets.map(labelOf), fallback = labelOf(term.default);
      let inner: Expr = m.switch(names, fallback, code.get(term.index));
      for (let k = 0; k < edges.length - 1; k++) inner = m.block(null, [m.block(`T${x}_${k}`, [inner]), ...branch(x, edges[k]!).reverse()], binaryen.none);
      const last = edges.length - 1, r = branch(x, edges[last]!);
      r.push(m.block(`T${x}_${last}`, [inner]));
      return r;
    }
  }
}
