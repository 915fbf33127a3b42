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
 * - A small cold block that leaves the function (a panic shared by the
 *   checks of one operation) is copied to every branch to it instead of
 *   being a merge block (copiedExits): as one, it held the rest of the
 *   function in its `block`.
 * - A loop header (the target of a back edge) puts its code in a wasm
 *   `loop`; a back edge is a `br` to it. When a child outside the loop
 *   holds at least as much of the code as the loop, the children outside
 *   it (afterLoops) follow the `loop`, as merge blocks follow a `block`
 *   around it, rather than sitting inside it where the loop branches to
 *   them: so loops in sequence stay one flat sequence instead of each
 *   nesting in the one before (8,000 loops in a row ran binaryen out of
 *   stack).
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
import { tableDispatch } from "./table-dispatch.js";

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

/** What the structuring lays a reducible block graph out by (shapeOf). */
export interface Shape {
  /** Per block, its in-edges from blocks earlier in RPO: two or more make it a merge block. */
  readonly forwardIn: Int32Array;
  /** Per block, 1 when it is the target of a back edge. */
  readonly loopHeader: Uint8Array;
  /** Per block, how many blocks its code holds (its dominator-tree subtree): a conditional continues with its larger side. */
  readonly weight: Int32Array;
  /**
   * Per block, 1 when its code follows the loop of its immediate dominator
   * (a loop header) instead of sitting inside it (afterLoops).
   */
  readonly afterLoop: Uint8Array;
  /** Per block, 1 when its code is copied to every branch to it instead of following a `block` (copiedExits). */
  readonly copied: Uint8Array;
  /** How deep the loops nest: 0 without loops, 1 for loops none of which holds another. */
  readonly loopDepth: number;
}

/**
 * The most instructions a block's code may have to be copied (copiedExits):
 * a panic's call and its operands' conversions.
 */
export const COPIED_MAX_INSTS = 16;

/** The shape of `fn`'s block graph, or null when it is irreducible (a cycle entered other than through a block that dominates it). */
export function shapeOf(fn: LFunction, dom: Dominators): Shape | null {
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
  const copied = copiedExits(fn, forwardIn);
  const loopOf = loopHeader.includes(1) ? innermostLoops(dom, loopHeader) : undefined;
  return { forwardIn, loopHeader, weight, afterLoop: afterLoops(dom, loopHeader, weight, copied, loopOf), copied, loopDepth: loopDepthOf(dom, loopHeader, loopOf) };
}

/**
 * Shape.copied: the cold blocks of several forward predecessors that leave
 * the function (a panic, a return), take no parameters and have at most
 * COPIED_MAX_INSTS instructions. As a merge block, such a block's code
 * would follow a `block` around its immediate dominator's whole code: a
 * panic shared by the checks of one operation (a string slice's range and
 * char-boundary checks) then held the rest of the function, one more level
 * per operation, so a chain of slices nested as deep as it was long
 * (binaryen's time grew with the square of that, and 4,000 ran it out of
 * stack). Copied where each check branches to it, it nests nothing. Its
 * reads are of values that dominate it, so of every branch to it too.
 */
function copiedExits(fn: LFunction, forwardIn: Int32Array): Uint8Array {
  const copied = new Uint8Array(fn.blocks.length);
  fn.blocks.forEach((b, x) => {
    const exits = b.term.op === "trap" || b.term.op === "return";
    if (forwardIn[x]! >= 2 && b.cold && exits && b.params.length === 0 && b.insts.length <= COPIED_MAX_INSTS) copied[x] = 1;
  });
  return copied;
}

/**
 * Shape.afterLoop: a loop header's children outside its loop (innermostLoops,
 * its exits), all of them when one holds at least as many blocks as the
 * rest of its code. Like a conditional, a loop continues with its larger
 * side: loops in sequence stay one flat sequence (an exit holds the rest of
 * the function), while in a loop nest each small exit stays in its loop
 * (following the loop would cost every level one more wasm block).
 */
function afterLoops(dom: Dominators, loopHeader: Uint8Array, weight: Int32Array, copied: Uint8Array, loopOf: Int32Array | undefined): Uint8Array {
  const afterLoop = new Uint8Array(loopHeader.length);
  if (!loopOf) return afterLoop;
  for (const x of dom.rpo) {
    if (!loopHeader[x]) continue;
    // (A copied block is placed at each branch to it, in the loop or out: not an exit to place.)
    const exits = dom.children(x).filter((y) => loopOf[y] !== x && !copied[y]);
    let inLoop = weight[x]!, largest = 0;
    for (const y of exits) { inLoop -= weight[y]!; largest = Math.max(largest, weight[y]!); }
    // All or none: an exit left inside the loop could not be reached by a branch from one that follows it.
    if (largest >= inLoop) for (const y of exits) afterLoop[y] = 1;
  }
  return afterLoop;
}

/** Shape.loopDepth: a header's depth is one more than its enclosing loop's (loopOf of a header), outer headers first in RPO. */
function loopDepthOf(dom: Dominators, loopHeader: Uint8Array, loopOf: Int32Array | undefined): number {
  if (!loopOf) return 0;
  const depth = new Int32Array(loopHeader.length);
  let deepest = 0;
  for (const h of dom.rpo) {
    if (!loopHeader[h]) continue;
    const outer = loopOf[h]!;
    depth[h] = 1 + (outer >= 0 ? depth[outer]! : 0);
    if (depth[h]! > deepest) deepest = depth[h]!;
  }
  return deepest;
}

/**
 * The innermost loop of every block of a reducible graph (Havlak, "Nesting
 * of reducible and irreducible loops", TOPLAS 1997, on reducible graphs):
 * headers inner first (descending RPO), each loop's body found backwards
 * from its back edges' sources, an inner loop already found standing for
 * its whole body (union-find), so each edge is followed about once.
 */
function innermostLoops(dom: Dominators, loopHeader: Uint8Array): Int32Array {
  const n = loopHeader.length, rpo = dom.rpo;
  const loopOf = new Int32Array(n).fill(-1);
  /** Union-find: each block's representative, the outermost loop header found so far that holds it. */
  const rep = Int32Array.from({ length: n }, (_, b) => b);
  const find = (b: number): number => {
    let r = b;
    while (rep[r] !== r) r = rep[r]!;
    while (rep[b] !== r) { const up = rep[b]!; rep[b] = r; b = up; }
    return r;
  };
  const seen = new Int32Array(n).fill(-1);
  const work: number[] = [];
  const visit = (h: number, p: number) => {
    if (dom.rpoIndex[p]! < 0) return;
    const q = find(p);
    if (q !== h && seen[q] !== h) { seen[q] = h; work.push(q); }
  };
  for (let k = rpo.length - 1; k >= 0; k--) {
    const h = rpo[k]!;
    if (!loopHeader[h]) continue;
    for (const p of dom.preds[h]!) if (dom.dominates(h, p)) visit(h, p);
    while (work.length > 0) {
      const y = work.pop()!;
      loopOf[y] = h;
      rep[y] = h;
      for (const p of dom.preds[y]!) visit(h, p);
    }
  }
  return loopOf;
}

/** Where a block's code goes relative to its immediate dominator's (see the file header). */
const enum Place {
  /** Where the dominator branches to it: its one forward predecessor. */
  Inline,
  /** After a `block` around the dominator's code: it has two or more forward predecessors. */
  Merge,
  /** After the dominator's `loop` (Shape.afterLoop). */
  AfterLoop,
  /** Where each branch to it is (Shape.copied). */
  Copied,
}

function placeOf(shape: Shape, y: number): Place {
  return shape.copied[y] ? Place.Copied : shape.afterLoop[y] ? Place.AfterLoop : shape.forwardIn[y]! >= 2 ? Place.Merge : Place.Inline;
}

/**
 * The reachable blocks of a function (dominator tree `dom`, block graph
 * `shape`) in about the order structuredBody lays out their code: a block,
 * then the children it branches to directly (smaller first), then its merge
 * children in RPO, then (for a loop header) the children after its loop in
 * RPO; in RPO when the graph is irreducible (no shape). Every block comes
 * after the blocks that dominate it. Copied blocks (Shape.copied) are left
 * out: their code is where each branch to them is.
 */
export function layoutOrder(dom: Dominators, shape: Shape | null): readonly LBlockId[] {
  if (!shape || dom.rpo.length === 0) return dom.rpo;
  const weight = shape.weight;
  const order: LBlockId[] = [], stack: LBlockId[] = [dom.rpo[0]!];
  while (stack.length > 0) {
    const x = stack.pop()!;
    order.push(x);
    const kids = dom.children(x);
    for (let i = kids.length - 1; i >= 0; i--) if (placeOf(shape, kids[i]!) === Place.AfterLoop) stack.push(kids[i]!);
    for (let i = kids.length - 1; i >= 0; i--) if (placeOf(shape, kids[i]!) === Place.Merge) stack.push(kids[i]!);
    const inline = kids.filter((y) => placeOf(shape, y) === Place.Inline).sort((a, b) => weight[b]! - weight[a]!);
    for (const y of inline) stack.push(y);
  }
  return order;
}

/** The body of `fn` (dominator tree `dom`, reducible block graph `shape`) as one structured statement. */
export function structuredBody(fn: LFunction, dom: Dominators, shape: Shape, code: BlockCode): Expr {
  const { loopHeader, weight } = shape;
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
  /** Whether the code of `t` goes where `from` branches to it (a forward edge to a block with no other, not placed after from's loop; or a copied block). */
  const placedInline = (from: number, t: number) => at[t]! > at[from]! && (placeOf(shape, t) === Place.Inline || shape.copied[t] === 1);
  /** The reversed statements of block `x` but for what follows it (its merge children and loop). */
  const own = (x: number): Expr[] => {
    const r = terminator(fn.blocks[x]!.term, x, branch, inlineWeight, code), body = code.body(x);
    for (let i = body.length - 1; i >= 0; i--) r.push(body[i]!);
    return r;
  };
  const branch = (from: number, e: LEdge): Expr[] => {
    const t = e.block;
    const r = shape.copied[t] ? own(t) : placedInline(from, t) ? take(t) : at[t]! <= at[from]! ? [m.br(loopLabel(t))] : [m.br(mergeLabel(t))];
    const c = code.copy(e);
    if (c !== 0) r.push(c);
    return r;
  };
  const inlineWeight = (from: number, e: LEdge) => (placedInline(from, e.block) ? weight[e.block]! : 0);
  for (let k = rpo.length - 1; k >= 0; k--) {
    const x = rpo[k]!;
    if (shape.copied[x]) continue; // (made at each branch to it)
    let r = own(x);
    const follow = (y: number) => {
      const after = take(y);
      after.push(m.block(mergeLabel(y), r.reverse()));
      r = after;
    };
    for (const y of dom.children(x)) if (placeOf(shape, y) === Place.Merge) follow(y); // in RPO
    if (loopHeader[x]) {
      r = [m.loop(loopLabel(x), m.block(null, r.reverse(), binaryen.none))];
      for (const y of dom.children(x)) if (placeOf(shape, y) === Place.AfterLoop) follow(y);
    }
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
    case "br_table":
      return tableDispatch(term, x, branch, code);
  }
}
