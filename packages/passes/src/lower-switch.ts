/**
 * Lowering of `switch` (integer or enum matches), as the eligibility matrix
 * decides: a jump table (`br_table`) when the case values are dense; when
 * they are sparse, the LIR `switch` for a backend that has one (LLVM, whose
 * own switch lowering then picks tables, ranges and trees; Cranelift, whose
 * printer writes it as the compare tree of @fzy/lir switch-tree.ts) or else
 * that balanced binary tree of comparisons as blocks (wasm); a chain of
 * comparisons for three arms or fewer (and in the legacy mode). Cases are
 * sorted first, so the output does not depend on the order they were written
 * in. An exhaustive enum switch without a default uses its last case as the
 * default: every discriminant is a valid variant, so no check is lost.
 *
 * The arms are sorted once into a list of case indices by rank; the tree
 * and the chain walk index ranges of it, reading each arm's value and edge
 * through it, so a switch of n cases allocates no object per case or per
 * tree node beyond what the lowered form holds, and no list of n entries
 * besides the values, their order and the edges (each list of a large
 * switch is a large object, which costs far more than its entries' stores).
 * A case edge is asked of the block variables once per target block when
 * asking had no side effect (it created no value). Each compare of the tree
 * and the chain goes through the builder's compareBranch, which keeps a
 * block holding only that compare as one CompareBlock (@fzy/lir), not the
 * seven objects of its instructions, terminator and edges.
 */
import type { Term } from "@fzy/ir";
import type { Decision } from "./eligibility.js";
import type { FunctionEmitter } from "./function-emitter.js";
import { emitLookupTable, findLookupTable } from "./lower-lookup-table.js";
import { enumTag } from "./lower-structs-enums.js";
import { type LEdge, type LIntType, type LValue, treeSplit } from "@fzy/lir";

type SwitchTerm = Extract<Term, { op: "switch" }>;
/** One arm of a dispatch: the case value and the edge it takes. */
export interface Arm { value: bigint; edge: LEdge }

/**
 * The arms of a dispatch in increasing value order: the arm of rank k has
 * the value `values[at[k]]` and goes to `edges[at[k]]` (values distinct).
 */
interface SortedArms {
  readonly values: readonly bigint[];
  readonly edges: readonly LEdge[];
  readonly at: readonly number[];
}

/** The arguments of an edge to a block without parameters (shared: edges are never changed in place). */
const NO_ARGS: readonly LValue[] = [];

const byValue = (p: { value: bigint }, q: { value: bigint }) => (p.value < q.value ? -1 : p.value > q.value ? 1 : 0);

/**
 * The indices of `values` in increasing value order, equal values in index
 * order (a stable sort); the identity, without sorting, when the values are
 * already in order (the common way cases are written).
 */
function sortedOrder(values: readonly bigint[]): number[] {
  const n = values.length;
  const order = new Array<number>(n);
  let inOrder = true;
  for (let i = 0; i < n; i++) {
    order[i] = i;
    if (i > 0 && values[i - 1]! > values[i]!) inOrder = false;
  }
  if (!inOrder) order.sort((a, b) => (values[a]! < values[b]! ? -1 : values[a]! > values[b]! ? 1 : a - b));
  return order;
}

/** Lower a `switch` terminator: one matrix decision, then the lookup table or the dispatch it names. */
export function lowerSwitch(e: FunctionEmitter, t: SwitchTerm): void {
  const vt = e.typeOf(t.value);
  const bits = vt.kind === "int" ? vt.bits : 32;
  const x = vt.kind === "enum" ? enumTag(e, t.value) : e.one(t.value);
  // Case values as signed values of the switched type (`255` on an i8 is -1); the first of equal cases wins.
  const cs = t.cases, n = cs.length;
  const raw = new Array<bigint>(n);
  // A value already in the signed range is its own signed value (no BigInt made for it).
  const hi = (1n << BigInt(bits - 1)) - 1n, lo = -hi - 1n;
  for (let i = 0; i < n; i++) {
    const v = cs[i]!.value;
    raw[i] = v >= lo && v <= hi ? v : BigInt.asIntN(bits, v);
  }
  const rank = firstOfEqual(raw, sortedOrder(raw));
  // Exhaustive enum switch without a default: the last case serves as the default.
  const armCount = t.default === null ? rank.length - 1 : rank.length;
  const lookup = findLookupTable(e, t);
  const span = armCount > 0 ? raw[rank[armCount - 1]!]! - raw[rank[0]!]! + 1n : 0n;
  const d = askMatch(e, `switch in block ${e.blockName()}`, armCount, span, lookup !== undefined);
  if (d.form === "lookup-table") return emitLookupTable(e, lookup!, t, bits, x);
  const edgeAt = caseEdges(e, cs, rank);
  const dflt = t.default !== null ? e.vars.edge(t.default) : edgeAt[rank[armCount]!]!;
  emitDispatch(e, d, x, bits, { values: raw, edges: edgeAt, at: rank }, armCount, dflt);
}

/**
 * `order` (indices of `raw` in increasing value order, a stable sort) cut
 * in place to the first index of each run of equal values: the lowest,
 * since the sort is stable.
 */
function firstOfEqual(raw: readonly bigint[], order: number[]): number[] {
  let m = 0;
  for (let k = 0; k < order.length; k++) if (k === 0 || raw[order[k]!] !== raw[order[k - 1]!]) order[m++] = order[k]!;
  if (m !== order.length) order.length = m;
  return order;
}

/**
 * The edge of every kept case (by case index; `rank` lists the kept ones),
 * asked of the block variables in case order. An edge that created no value
 * (no zero for an unassigned variable) is the same for every case of its
 * target, so it is asked once and shared.
 */
function caseEdges(e: FunctionEmitter, cs: SwitchTerm["cases"], rank: readonly number[]): LEdge[] {
  const kept = new Uint8Array(cs.length);
  for (let k = 0; k < rank.length; k++) kept[rank[k]!] = 1;
  const edgeAt = new Array<LEdge>(cs.length);
  const byTarget = e.mod.scratch.edgesByTarget();
  for (let i = 0; i < cs.length; i++) {
    if (!kept[i]) continue;
    const target = cs[i]!.target;
    let edge = byTarget.get(target);
    if (edge === undefined) {
      const before = e.b.valueCount;
      edge = e.vars.edge(target);
      if (e.b.valueCount === before) byTarget.set(target, edge);
    }
    edgeAt[i] = edge;
  }
  return edgeAt;
}

/**
 * Ask the matrix how to lower a match of `n` arms (besides the default)
 * whose values span `span`; `constant`: every arm only selects a constant.
 */
function askMatch(e: FunctionEmitter, subject: string, n: number, span: bigint, constant: boolean): Decision {
  return e.ask(subject, {
    kind: "match", enabled: e.mod.opts.fast.enums, escape: "none", mutability: "immutable", constant, cases: n, span,
    sparseSwitch: e.mod.opts.capabilities.sparseSwitch,
  });
}

/** Multi-way branch on integer `x` (of `bits` width) as the matrix decides. */
export function dispatch(e: FunctionEmitter, subject: string, x: LValue, bits: number, unsorted: readonly Arm[], dflt: LEdge): void {
  const arms = [...unsorted].sort(byValue), n = arms.length;
  const span = n > 0 ? arms[n - 1]!.value - arms[0]!.value + 1n : 0n;
  const sorted = { values: arms.map((a) => a.value), edges: arms.map((a) => a.edge), at: arms.map((_, k) => k) };
  emitDispatch(e, askMatch(e, subject, n, span, false), x, bits, sorted, n, dflt);
}

/** Emit the branch the matrix chose (`d`) on `x` over the first `n` sorted arms. */
function emitDispatch(e: FunctionEmitter, d: Decision, x: LValue, bits: number, arms: SortedArms, n: number, dflt: LEdge): void {
  const ty = `i${bits}` as LIntType;
  switch (d.form) {
    case "jump-table":
      e.count("matchTable");
      return jumpTable(e, x, bits, arms, n, dflt);
    case "native-switch":
      e.count("matchSwitch");
      return nativeSwitch(e, x, arms, n, dflt);
    case "branch-tree":
      e.count("matchTree");
      return tree(e, x, ty, arms, 0, n, dflt);
    case "compare-chain":
      e.count("matchChain");
      return chain(e, x, ty, arms, 0, n, dflt);
    default:
      throw new Error(`the matrix chose ${d.form} for a dispatch`);
  }
}

/** `br_table` over the arms' span; i64 values are range-checked before narrowing. */
function jumpTable(e: FunctionEmitter, x: LValue, bits: number, arms: SortedArms, n: number, dflt: LEdge): void {
  const b = e.b, { values, edges, at } = arms;
  const min = values[at[0]!]!;
  const span = values[at[n - 1]!]! - min + 1n;
  let idx: LValue;
  if (bits === 32) idx = min === 0n ? x : b.binary("isub", x, b.iconst("i32", min));
  else if (bits < 32) idx = b.binary("isub", b.convert("sext", x, "i32"), b.iconst("i32", min));
  else {
    // i64: range-check in 64 bits, then narrow the now small index.
    const d64 = min === 0n ? x : b.binary("isub", x, b.iconst("i64", min));
    const inRange = b.newBlock();
    b.brif(b.icmp("uge", d64, b.iconst("i64", span)), dflt, { block: inRange, args: NO_ARGS });
    b.switchTo(inRange);
    idx = b.convert("trunc", d64, "i32");
  }
  // The matrix chose a table, so the span is small: its slots are counted in numbers. The list at
  // its size: one grown by push is copied at each growth, past 16k entries into fresh large objects.
  const slots = Number(span), table = new Array<LEdge>(slots);
  for (let k = 0, next = 0; k < slots; k++) {
    if (next < n && Number(values[at[next]!]! - min) === k) table[k] = edges[at[next++]!]!;
    else table[k] = dflt;
  }
  b.brTable(idx, dflt, table);
}

/**
 * The LIR `switch` over the first `n` arms (distinct, in increasing signed
 * order). Arms written in order, none dropped (the common case), are the
 * values and edges lists themselves: no copies of a large switch's lists.
 */
function nativeSwitch(e: FunctionEmitter, x: LValue, arms: SortedArms, n: number, dflt: LEdge): void {
  const { values, edges, at } = arms;
  let inOrder = n === values.length;
  for (let k = 0; k < n && inOrder; k++) inOrder = at[k] === k;
  if (inOrder) return e.b.switchOn(x, dflt, values, edges);
  const cases = new Array<bigint>(n), targets = new Array<LEdge>(n);
  for (let k = 0; k < n; k++) {
    cases[k] = values[at[k]!]!;
    targets[k] = edges[at[k]!]!;
  }
  e.b.switchOn(x, dflt, cases, targets);
}

/** Compare-and-branch on each arm of ranks lo..hi-1 in turn, then the default. */
function chain(e: FunctionEmitter, x: LValue, ty: LIntType, arms: SortedArms, lo: number, hi: number, dflt: LEdge): void {
  const b = e.b, { values, edges, at } = arms;
  for (let k = lo; k < hi; k++) {
    const next = b.newBlock(), i = at[k]!;
    b.compareBranch("eq", x, ty, values[i]!, edges[i]!, { block: next, args: NO_ARGS });
    b.switchTo(next);
  }
  b.jumpAlong(dflt);
}

/** Balanced binary search over the arms of ranks lo..hi-1 (signed order). */
function tree(e: FunctionEmitter, x: LValue, ty: LIntType, arms: SortedArms, lo: number, hi: number, dflt: LEdge): void {
  const b = e.b, mid = treeSplit(lo, hi);
  if (mid < 0) {
    chain(e, x, ty, arms, lo, hi, dflt);
    return;
  }
  const left = b.newBlock(), right = b.newBlock();
  b.compareBranch("slt", x, ty, arms.values[arms.at[mid]!]!, { block: left, args: NO_ARGS }, { block: right, args: NO_ARGS });
  b.switchTo(left);
  tree(e, x, ty, arms, lo, mid, dflt);
  b.switchTo(right);
  tree(e, x, ty, arms, mid, hi, dflt);
}
