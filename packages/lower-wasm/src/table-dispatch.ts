/**
 * A `br_table` terminator as structured wasm (structure.ts places the code
 * this returns). A wasm `br_table` can only leave blocks around it, so each
 * distinct edge (target and arguments) is one `block`, the edges' code
 * following one another, each block nested in the next:
 *
 *   block T_n-1 ( ... block T_1 ( block T_0 ( br_table ... ) code of edge 0 ) code of edge 1 ... )
 *
 * The nesting is as deep as the table has distinct edges. binaryen then
 * works in time that grows with the square of that depth (each named block
 * it makes looks through all it encloses for branches to it), and the text
 * form, indented by depth, grows with its square: a jump table of 1,000
 * distinct edges (a join of 1,000 predecessors, each passing its own values)
 * printed 25 MB of text, one of 4,000 about 400 MB in 20 s.
 *
 * So a table of more than ONE_LEVEL_EDGES distinct edges dispatches in two
 * levels: its indices are cut into chunks of S consecutive ones (S a power
 * of two about the square root of the table's length); an outer `br_table`
 * on `index >> log2 S` picks the chunk, and the chunk's own `br_table` on
 * `index & (S - 1)` the edge. An edge whose indices lie in one chunk is that
 * chunk's (nested inside it); any other, and the default edge, is a block
 * of the outer level, which the inner tables may branch to as well. Each
 * edge's code is still placed once (structure.ts may have placed a target
 * block's whole code there). The depth is the chunks plus the shared edges
 * plus one chunk's edges: about twice the square root of the length for a
 * table of distinct targets.
 */
import binaryen from "binaryen";
import type { LEdge, LTerm } from "@fzy/lir";
import type { BlockCode } from "./structure.js";

type Expr = binaryen.ExpressionRef;
type BrTable = Extract<LTerm, { op: "br_table" }>;

/** Tables with at most this many distinct edges dispatch in one level (every table of the conformance modules). */
export const ONE_LEVEL_EDGES = 64;

/**
 * The reversed statements of block `x`'s br_table: the dispatch, then each
 * edge's code as `branch` makes it (reversed statements).
 */
export function tableDispatch(term: BrTable, x: number, branch: (from: number, e: LEdge) => Expr[], code: BlockCode): Expr[] {
  const m = code.m;
  // The distinct edges, in order of first use (the default last unless a target uses it), and each index's edge.
  const keys = new Map<string, number>(), edges: LEdge[] = [];
  const edgeOf = (e: LEdge): number => {
    const key = `${e.block}:${e.args.join(",")}`;
    let k = keys.get(key);
    if (k === undefined) keys.set(key, (k = edges.push(e) - 1));
    return k;
  };
  const targets = term.targets.map(edgeOf), fallback = edgeOf(term.default);
  const label = (k: number) => `T${x}_${k}`;
  const codeOf = (k: number) => branch(x, edges[k]!);
  if (edges.length <= ONE_LEVEL_EDGES) {
    const all = edges.map((_, k) => k);
    return nested(m, m.switch(targets.map(label), label(fallback), code.get(term.index)), all.map(label), all.map((k) => () => codeOf(k)));
  }
  const bits = Math.ceil(Math.log2(targets.length) / 2), size = 1 << bits, chunks = Math.ceil(targets.length / size);
  // The chunk of each edge: the one chunk its indices lie in, or -1 (the default's, and an edge of several chunks).
  const home = new Array<number>(edges.length).fill(-2);
  targets.forEach((k, i) => (home[k] = home[k] === -2 || home[k] === i >> bits ? i >> bits : -1));
  home[fallback] = -1;
  const local = Array.from({ length: chunks }, (): number[] => []), outer: number[] = [];
  home.forEach((c, k) => (c >= 0 ? local[c]!.push(k) : outer.push(k)));
  const chunkLabel = (c: number) => `C${x}_${c}`;
  const inner = (c: number): Expr => {
    const row = Array.from({ length: size }, (_, j) => label(c * size + j < targets.length ? targets[c * size + j]! : fallback));
    return m.switch(row, label(fallback), m.i32.and(code.get(term.index), m.i32.const(size - 1)));
  };
  const chunkCode = (c: number) => (): Expr[] =>
    local[c]!.length === 0 ? [inner(c)] : nested(m, inner(c), local[c]!.map(label), local[c]!.map((k) => () => codeOf(k)));
  const chunkList = Array.from({ length: chunks }, (_, c) => c);
  const first = m.switch(chunkList.map(chunkLabel), label(fallback), m.i32.shr_u(code.get(term.index), m.i32.const(bits)));
  return nested(m, first, [...chunkList.map(chunkLabel), ...outer.map(label)], [...chunkList.map(chunkCode), ...outer.map((k) => () => codeOf(k))]);
}

/**
 * The reversed statements of `dispatch` (which branches out of one of the
 * blocks `labels`) inside those blocks, innermost first, each block
 * followed by its code (`codes[k]()`, reversed statements, made in order).
 */
function nested(m: binaryen.Module, dispatch: Expr, labels: readonly string[], codes: readonly (() => Expr[])[]): Expr[] {
  let inner = dispatch;
  const last = labels.length - 1;
  for (let k = 0; k < last; k++) inner = m.block(null, [m.block(labels[k]!, [inner]), ...codes[k]!().reverse()], binaryen.none);
  const r = codes[last]!();
  r.push(m.block(labels[last]!, [inner]));
  return r;
}
