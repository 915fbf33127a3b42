/**
 * Branches whose arms only choose constants become data flow: a `br_table`
 * whose every arm passes constants to one join block becomes one load per
 * varying argument from a constant table indexed by the dispatched value (a
 * default-range check picks the default's constant with a select), and a
 * `brif` whose two arms pass values to one join becomes selects. After threading
 * (optimize-cfg.ts) a match feeding a match on its result has arms passing
 * the final constants, so the pair becomes ONE table: match composition.
 *
 * An arm is an edge straight to the join, or an edge to a block with no
 * parameters, only constants, a jump to the join and no predecessor but this
 * branch. Arguments that do not vary between arms pass through unchanged.
 * The eligibility matrix decides each candidate (rules compose-select,
 * compose-lookup; family `compose`). Arms left without predecessors are
 * dropped by the caller's clean-up. Cost: linear in the arms.
 */
import {
  binaryInst, byteSize, convertInst, edge, edgeAt, edgeCount, icmpInst, iconstInst, jumpTerm, type LBlockId, type LEdge, type LInst, type LIntType, loadInst, type LTerm,
  type LType, type LValue, ptrAddInst, selectInst, symbolAddrInst,
} from "@fzy/lir";
import { canonical } from "./optimize-constants.js";
import type { MBlock, MFunction, Replacements } from "./optimize-ir.js";
import type { Decision, MatrixInput } from "./eligibility.js";
import { canonicalConstants, type IntConstants } from "./optimize-int-constants.js";
import { resolvedList } from "./optimize-remap.js";
import { Scratch } from "./optimize-scratch.js";

const PREDS = new Scratch(), FROM_HERE = new Scratch();
/** armsWith's edges into the join, emptied before each use. */
const REACH: LEdge[] = [];

/** How the optimizer asks the matrix (and records the decision in the report). */
export type Ask = (subject: string, input: Omit<MatrixInput, "mode">) => Decision;

/** Everything a rewrite needs from the module: a place for constant tables. */
export interface TableSink {
  /** Add a read-only data object; returns its symbol. */
  addData(bytes: Uint8Array, align: number): string;
}

interface Arms {
  readonly join: LBlockId;
  /** Per arm (in edge order), the join's argument values. */
  readonly values: readonly (readonly LValue[])[];
}

/** A branch the tables compose: its edges are edgeAt(term, k) (brif: then, else; br_table: default, then the targets). */
type Branch = Extract<LTerm, { op: "brif" | "br_table" }>;

/*
 * The scan reads each branch's edges from its terminator and makes a list only for a branch that qualifies: most do
 * not, and an edge list, a value list per arm and the closures of its checks were made for every one.
 */

/** The arms of branch `t` of block `b` when they all pass constants (or one shared value) to one join. */
function armsOf(m: MFunction, r: Replacements, b: number, t: Branch, konst: () => IntConstants, preds: Int32Array, fromHere: Int32Array): Arms | undefined {
  const n = edgeCount(t);
  for (let k = 0; k < n; k++) fromHere[edgeAt(t, k).block]!++;
  const arms = armsWith(m, r, b, t, konst, preds, fromHere);
  for (let k = 0; k < n; k++) fromHere[edgeAt(t, k).block] = 0; // zero again for the next branch
  return arms;
}

/** armsOf, with `fromHere` holding the number of the branch's edges into each block. */
function armsWith(m: MFunction, r: Replacements, b: number, t: Branch, konst: () => IntConstants, preds: Int32Array, fromHere: Int32Array): Arms | undefined {
  let join: LBlockId | undefined;
  // Where each edge reaches the join (past its arm block, if it has one): found before any value list is made (most branches have no one join).
  const reach = REACH;
  reach.length = 0;
  for (let k = 0, n = edgeCount(t); k < n; k++) {
    const e = edgeAt(t, k), arm = m.blocks[e.block]!;
    const isArm = e.args.length === 0 && arm.params.length === 0 && arm.term.op === "jump" && e.block !== b && preds[e.block] === fromHere[e.block]
      && onlyConstants(arm.insts);
    const to = isArm && arm.term.op === "jump" ? arm.term.target : e;
    if (join === undefined) join = to.block;
    if (to.block !== join || join === b) return undefined;
    reach.push(to);
  }
  if (join === undefined || m.blocks[join]!.params.length === 0) return undefined;
  const values = reach.map((to) => resolvedList(to.args, r));
  // A table: every position holds constants of an int or bool type, or one value shared by all arms.
  // Selects take any values (arm blocks define only constants; the others dominate the branch).
  return t.op === "brif" || tabulable(m, values, m.blocks[join]!.params.length, konst()) ? { join, values } : undefined;
}

/** Whether every instruction of `insts` is an integer constant. */
function onlyConstants(insts: readonly LInst[]): boolean {
  for (let k = 0; k < insts.length; k++) if (insts[k]!.op !== "iconst") return false;
  return true;
}

/** Whether each of the `n` positions of the arms' `values` holds one value shared by all, or integer or bool constants. */
function tabulable(m: MFunction, values: readonly (readonly LValue[])[], n: number, consts: IntConstants): boolean {
  for (let k = 0; k < n; k++) {
    const first = values[0]![k]!;
    let shared = true, constant = true;
    for (let a = 0; a < values.length; a++) {
      const v = values[a]![k]!;
      if (v !== first) shared = false;
      if (!consts.has(v)) constant = false;
    }
    if (shared) continue;
    const t = m.types[first];
    if (t === "f64" || t === "f32" || t === "ptr" || !constant) return false;
  }
  return true;
}

/** Rewrite the eligible branches of `m` (see the file header); whether any was rewritten. */
export function composeTables(m: MFunction, r: Replacements, ask: Ask, sink: TableSink): boolean {
  // A function without a branch (most small ones) has nothing to compose: no edge counts, no closures.
  let branches = false;
  for (const blk of m.blocks) if (!blk.dead && (blk.term.op === "brif" || blk.term.op === "br_table")) branches = true;
  return branches && composeBranches(m, r, ask, sink);
}

/** composeTables for a function with a branch (apart: its closures would be made for every function). */
function composeBranches(m: MFunction, r: Replacements, ask: Ask, sink: TableSink): boolean {
  let changed = false;
  const preds = PREDS.take(m.blocks.length, 0), fromHere = FROM_HERE.take(m.blocks.length, 0);
  for (const blk of m.blocks) if (!blk.dead) for (let k = 0, n = edgeCount(blk.term); k < n; k++) preds[edgeAt(blk.term, k).block]!++;
  // The constants by value, made for the first branch whose arms qualify (most functions have none).
  let made: IntConstants | undefined;
  const konst = () => (made ??= canonicalConstants(m));
  for (let b = 0; b < m.blocks.length; b++) {
    const blk = m.blocks[b]!, t = blk.term;
    if (blk.dead || (t.op !== "brif" && t.op !== "br_table")) continue;
    const arms = armsOf(m, r, b, t, konst, preds, fromHere);
    if (arms && composeBranch(m, blk, b, t, arms, ask, sink, konst)) changed = true;
  }
  // The new instructions read the branch's condition or index as its terminator holds it, which no apply renamed yet.
  if (changed) r.instructionsAdded();
  return changed;
}

/** Branch `t` of block `b` (`blk`), whose arms qualify, as selects or table loads and a jump to the join, when the matrix agrees; whether it was. */
function composeBranch(m: MFunction, blk: MBlock, b: number, t: Branch, arms: Arms, ask: Ask, sink: TableSink, konst: () => IntConstants): boolean {
  const d = ask(`${t.op} in block${b}`, { kind: "branch-join", enabled: true, escape: "none", mutability: "immutable", constant: true, cases: edgeCount(t) - 1 });
  if (d.form !== "select" && d.form !== "lookup-table") return false;
  const consts = konst(); // (after the matrix agrees: the constants are made for a branch that is rewritten)
  const out: LInst[] = [...blk.insts];
  const emit = (i: LInst) => out.push(i);
  const args = t.op === "brif"
    ? selects(m, arms, t.cond, consts, emit)
    : tableLoads(m, arms, t.index, t.targets.length, consts, emit, sink);
  blk.insts = out;
  blk.term = jumpTerm(edge(arms.join, args));
  return true;
}

/** Helpers that add one instruction and return its result. */
function builder(m: MFunction, emit: (i: LInst) => void) {
  return {
    iconst(type: LIntType | "bool", value: bigint): LValue {
      const dst = m.fresh(type);
      emit(iconstInst(dst, type, canonical(type, value)));
      return dst;
    },
    /** A fresh value of `type` and the instruction `make` defines it with (its operands made before). */
    add(type: LType, make: (dst: LValue) => LInst): LValue {
      const dst = m.fresh(type);
      emit(make(dst));
      return dst;
    },
  };
}

/**
 * `v` as a value of the branching block: a constant is made again there (the
 * arm that defined it goes away; value numbering merges the copies), any
 * other value already dominates the branch.
 */
function materialize(b: ReturnType<typeof builder>, m: MFunction, consts: IntConstants, v: LValue): LValue {
  const c = consts.get(v);
  return c === undefined ? v : b.iconst(m.types[v] as LIntType | "bool", c);
}

/** brif cond: one select per varying argument. */
function selects(m: MFunction, arms: Arms, cond: LValue, consts: IntConstants, emit: (i: LInst) => void): LValue[] {
  const b = builder(m, emit);
  const [then, other] = arms.values as [LValue[], LValue[]];
  const here = (v: LValue) => materialize(b, m, consts, v);
  return then.map((a, k) => {
    if (a === other[k]) return here(a);
    const x = here(a), y = here(other[k]!);
    return b.add(m.types[a]!, (d) => selectInst(d, cond, x, y));
  });
}

/** br_table index: per varying argument, a load from a table of its constants; the default's constant out of range. */
function tableLoads(m: MFunction, arms: Arms, index: LValue, n: number, consts: IntConstants, emit: (i: LInst) => void, sink: TableSink): LValue[] {
  const b = builder(m, emit);
  let inRange: LValue | undefined, offset0: LValue | undefined;
  const [dflt, ...cases] = arms.values as LValue[][];
  return dflt!.map((a, k) => {
    if (arms.values.every((vs) => vs[k] === a)) return materialize(b, m, consts, a);
    const type = m.types[a]! as LIntType | "bool";
    const size = type === "bool" ? 1 : byteSize(type);
    const bytes = new Uint8Array(n * size);
    cases.forEach((vs, i) => {
      const v = BigInt.asUintN(size * 8, consts.get(vs[k]!)!);
      for (let j = 0; j < size; j++) bytes[i * size + j] = Number((v >> BigInt(8 * j)) & 0xffn);
    });
    if (inRange === undefined) {
      const count = b.iconst("i32", BigInt(n));
      const within = (inRange = b.add("bool", (d) => icmpInst("ult", d, index, count)));
      const zero = b.iconst("i32", 0n);
      const clamped = b.add("i32", (d) => selectInst(d, within, index, zero));
      offset0 = b.add("i64", (d) => convertInst("uext", d, clamped));
    }
    const symbol = sink.addData(bytes, size);
    const table = b.add("ptr", (d) => symbolAddrInst(d, symbol));
    const first = offset0!, cond = inRange;
    const scale = size === 1 ? undefined : b.iconst("i64", BigInt(size));
    const off = scale === undefined ? first : b.add("i64", (d) => binaryInst("imul", d, first, scale));
    const memType = type === "bool" ? "i8" : type;
    const addr = b.add("ptr", (d) => ptrAddInst(d, table, off));
    const loaded = b.add(memType, (d) => loadInst(d, memType, addr, 0, true));
    const zero = type === "bool" ? b.iconst("i8", 0n) : undefined;
    const value = zero === undefined ? loaded : b.add("bool", (d) => icmpInst("ne", d, loaded, zero));
    const other = materialize(b, m, consts, a);
    const out = b.add(type, (d) => selectInst(d, cond, value, other));
    if (type !== "bool") {
      const all = arms.values.map((vs) => BigInt.asUintN(size * 8, consts.get(vs[k]!)!));
      m.knownRanges.set(out, [all.reduce((x, y) => (x < y ? x : y)), all.reduce((x, y) => (x > y ? x : y))]);
    }
    return out;
  });
}
