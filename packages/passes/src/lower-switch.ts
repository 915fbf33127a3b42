/**
 * Lowering of `switch` (integer or enum matches), as the eligibility matrix
 * decides: a jump table (`br_table`) when the case values are dense, a
 * balanced binary tree of comparisons when they are sparse, a chain of
 * comparisons for three arms or fewer (and in the legacy mode). Cases are
 * sorted first, so the output does not depend on the order they were written
 * in. An exhaustive enum switch without a default uses its last case as the
 * default: every discriminant is a valid variant, so no check is lost.
 */
import type { BlockId, Term } from "@fzy/ir";
import type { Decision } from "./eligibility.js";
import type { FunctionEmitter } from "./function-emitter.js";
import { emitLookupTable, findLookupTable } from "./lower-lookup-table.js";
import { enumTag } from "./lower-structs-enums.js";
import type { LEdge, LIntType, LValue } from "@fzy/lir";

type SwitchTerm = Extract<Term, { op: "switch" }>;
/** One arm of a dispatch: the case value and the edge it takes. */
export interface Arm { value: bigint; edge: LEdge }

const byValue = (p: { value: bigint }, q: { value: bigint }) => (p.value < q.value ? -1 : p.value > q.value ? 1 : 0);

/** Lower a `switch` terminator: one matrix decision, then the lookup table or the dispatch it names. */
export function lowerSwitch(e: FunctionEmitter, t: SwitchTerm): void {
  const vt = e.typeOf(t.value);
  const bits = vt.kind === "int" ? vt.bits : 32;
  const x = vt.kind === "enum" ? enumTag(e, t.value) : e.one(t.value);
  // Case values as signed values of the switched type (`255` on an i8 is -1); the first of equal cases wins.
  const seen = new Set<bigint>();
  const cases: { value: bigint; target: BlockId }[] = [];
  for (const c of t.cases) {
    const value = BigInt.asIntN(bits, c.value);
    if (seen.has(value)) continue;
    seen.add(value);
    cases.push({ value, target: c.target });
  }
  // Exhaustive enum switch without a default: the last case serves as the default.
  const armValues = [...cases].sort(byValue);
  if (t.default === null) armValues.pop();
  const lookup = findLookupTable(e, t);
  const d = askMatch(e, `switch in block ${e.blockName()}`, armValues, lookup !== undefined);
  if (d.form === "lookup-table") return emitLookupTable(e, lookup!, t, bits, x);
  let arms: Arm[] = cases.map((c) => ({ value: c.value, edge: e.vars.edge(c.target) }));
  let dflt: LEdge;
  if (t.default !== null) dflt = e.vars.edge(t.default);
  else {
    arms.sort(byValue);
    dflt = arms[arms.length - 1]!.edge;
    arms = arms.slice(0, -1);
  }
  emitDispatch(e, d, x, bits, arms, dflt);
}

/**
 * Ask the matrix how to lower a match on the sorted case values `arms`
 * (besides the default); `constant`: every arm only selects a constant.
 */
function askMatch(e: FunctionEmitter, subject: string, arms: readonly { value: bigint }[], constant: boolean): Decision {
  const n = arms.length;
  const span = n > 0 ? arms[n - 1]!.value - arms[0]!.value + 1n : 0n;
  return e.ask(subject, {
    kind: "match", enabled: e.mod.opts.fast.enums, escape: "none", mutability: "immutable", constant, cases: n, span,
  });
}

/** Multi-way branch on integer `x` (of `bits` width) as the matrix decides. */
export function dispatch(e: FunctionEmitter, subject: string, x: LValue, bits: number, unsorted: readonly Arm[], dflt: LEdge): void {
  const arms = [...unsorted].sort(byValue);
  emitDispatch(e, askMatch(e, subject, arms, false), x, bits, arms, dflt);
}

/** Emit the branch the matrix chose (`d`) on `x` over `unsorted` arms. */
function emitDispatch(e: FunctionEmitter, d: Decision, x: LValue, bits: number, unsorted: readonly Arm[], dflt: LEdge): void {
  const ty = `i${bits}` as LIntType;
  const arms = [...unsorted].sort(byValue);
  switch (d.form) {
    case "jump-table":
      e.count("matchTable");
      return jumpTable(e, x, bits, arms, dflt);
    case "branch-tree":
      e.count("matchTree");
      return tree(e, x, ty, arms, dflt);
    case "compare-chain":
      e.count("matchChain");
      return chain(e, x, ty, arms, dflt);
    default:
      throw new Error(`the matrix chose ${d.form} for a dispatch`);
  }
}

/** `br_table` over the arms' span; i64 values are range-checked before narrowing. */
function jumpTable(e: FunctionEmitter, x: LValue, bits: number, arms: readonly Arm[], dflt: LEdge): void {
  const b = e.b;
  const min = arms[0]!.value;
  const span = arms[arms.length - 1]!.value - min + 1n;
  let idx: LValue;
  if (bits === 32) idx = min === 0n ? x : b.binary("isub", x, b.iconst("i32", min));
  else if (bits < 32) idx = b.binary("isub", b.convert("sext", x, "i32"), b.iconst("i32", min));
  else {
    // i64: range-check in 64 bits, then narrow the now small index.
    const d64 = min === 0n ? x : b.binary("isub", x, b.iconst("i64", min));
    const inRange = b.newBlock();
    b.brif(b.icmp("uge", d64, b.iconst("i64", span)), dflt, { block: inRange, args: [] });
    b.switchTo(inRange);
    idx = b.convert("trunc", d64, "i32");
  }
  const table: LEdge[] = [];
  let k = 0;
  for (let v = min; v < min + span; v++) {
    if (arms[k]!.value === v) table.push(arms[k++]!.edge);
    else table.push(dflt);
  }
  b.brTable(idx, dflt, table);
}

function chain(e: FunctionEmitter, x: LValue, ty: LIntType, arms: readonly Arm[], dflt: LEdge): void {
  const b = e.b;
  for (const arm of arms) {
    const next = b.newBlock();
    b.brif(b.icmp("eq", x, b.iconst(ty, arm.value)), arm.edge, { block: next, args: [] });
    b.switchTo(next);
  }
  b.jump(dflt.block, dflt.args);
}

/** Balanced binary search over the sorted arms (signed order). */
function tree(e: FunctionEmitter, x: LValue, ty: LIntType, arms: readonly Arm[], dflt: LEdge): void {
  const b = e.b;
  if (arms.length <= 3) {
    chain(e, x, ty, arms, dflt);
    return;
  }
  const mid = arms.length >> 1;
  const left = b.newBlock(), right = b.newBlock();
  b.brif(b.icmp("slt", x, b.iconst(ty, arms[mid]!.value)), { block: left, args: [] }, { block: right, args: [] });
  b.switchTo(left);
  tree(e, x, ty, arms.slice(0, mid), dflt);
  b.switchTo(right);
  tree(e, x, ty, arms.slice(mid), dflt);
}
