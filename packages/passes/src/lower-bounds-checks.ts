/**
 * Bounds checks of direct array accesses (arrays in stack slots or static
 * data). Before a block is lowered, the facts about its accesses are
 * gathered (the matrix then decides each check): an index that range
 * analysis proves in bounds; accesses to one array at
 * constant offsets from one index base (`a[i]`, `a[i+1]`, `a[i-1]`), with no
 * call, division or payload read between them that could panic first, form a
 * window that one check covers. On failure the window's cold path re-checks
 * each access in program order, so the panic names exactly the index the
 * IR's semantics would report first. Anything else gets a strict check.
 */
import { type Inst, OPCODES, type ValueId } from "@fzy/ir";
import type { LValue } from "@fzy/lir";
import type { FunctionEmitter } from "./function-emitter.js";
import { intTypeOf } from "./layout.js";
import { NO_ARGS } from "./block-variables.js";
import type { DenseTable } from "./lower-scratch.js";

/** A window of accesses sharing one check: its base index and each member's constant offset. */
export interface CheckWindow {
  readonly base: ValueId;
  readonly members: { inst: number; offset: bigint }[];
}

/**
 * What is known about the check of one access: `proven` in bounds; the
 * `leader` of a window (its first access); a `member` of the window led by
 * access `leader`; or `single` (none of these).
 */
export type CheckFacts =
  | { kind: "proven" }
  | { kind: "single" }
  | { kind: "member"; leader: number }
  | ({ kind: "leader" } & CheckWindow);

/** Offsets beyond this stay strict: base + K must not wrap. */
const MAX_OFFSET = 1n << 20n;
/** Arrays up to this length may be grouped (the window arithmetic stays in i64). */
const MAX_GROUPED_LEN = 1n << 30n;

/** The facts of a strict check, and of a proven access (shared, never written). */
const SINGLE: CheckFacts = { kind: "single" };
const PROVEN: CheckFacts = { kind: "proven" };

/** The check facts of a block without array accesses (shared, never written). */
export const NO_FACTS: ReadonlyMap<number, CheckFacts> = new Map();

/** Whether a block reads or writes an array element (an indexed loop: asked of every block). */
function hasAccess(insts: readonly Inst[]): boolean {
  for (let k = 0; k < insts.length; k++) {
    const op = insts[k]!.op;
    if (op === "array.get" || op === "array.set") return true;
  }
  return false;
}

/**
 * The check facts of each direct array access in a block (proofs and windows).
 * `direct` holds the arrays already lowered to direct memory: an access to an
 * array lowered before this block and not among them is a runtime handle's,
 * which asks no check, so its index is not asked about (the range analysis
 * may then never run). Its window would hold its own accesses only, so
 * leaving it out changes no other access's facts.
 */
export function checkFacts(e: FunctionEmitter, insts: readonly Inst[], direct: ReadonlyMap<ValueId, unknown>): ReadonlyMap<number, CheckFacts> {
  // Most blocks access no array: they get the one empty plan, with nothing built.
  if (!hasAccess(insts)) return NO_FACTS;
  const plans = new Map<number, CheckFacts>();
  const open = new Map<string, { base: ValueId; members: { inst: number; offset: bigint }[] }>();
  // By value id, not by instruction: a map of every instruction, made per block, was 4% of lowering one block of 64,000 accesses.
  let position: DenseTable<ValueId, number> | undefined;
  /** The position in this block of the instruction defining `v`, undefined when it is not in it. */
  const positionOf = (v: ValueId): number | undefined => {
    if (position === undefined) {
      position = e.mod.scratch.positions();
      for (let k = 0; k < insts.length; k++) {
        const dst = insts[k]!.dst;
        if (dst !== null && !position.has(dst)) position.set(dst, k);
      }
    }
    return position.get(v);
  };
  for (let k = 0; k < insts.length; k++) {
    const inst = insts[k]!;
    const isAccess = inst.op === "array.get" || inst.op === "array.set";
    const arr = isAccess ? inst.args[0]! : undefined;
    const arrT = arr === undefined ? undefined : e.typeOf(arr);
    if (arr !== undefined && arrT!.kind === "array" && e.escapeOf(arr) === "none") {
      if (!direct.has(arr) && positionOf(arr) === undefined) continue;
      const idx = inst.args[1]!;
      const r = e.rangeOf(idx);
      const len = BigInt((arrT as { len: number }).len);
      if (r && r.lo >= 0n && r.hi < len) {
        plans.set(k, PROVEN);
        continue;
      }
      const [base, offset] = decompose(e, idx);
      const key = `${arr}:${base}`;
      const g = open.get(key);
      // The base must be defined before the window's first access (or outside the block).
      const defAt = positionOf(base);
      const baseReady = defAt === undefined || defAt < (g ? g.members[0]!.inst : k);
      if (g && baseReady && len < MAX_GROUPED_LEN) {
        plans.set(k, { kind: "member", leader: g.members[0]!.inst });
        g.members.push({ inst: k, offset });
        continue;
      }
      const plan: CheckFacts = { kind: "leader", base, members: [{ inst: k, offset }] };
      open.set(key, plan);
      plans.set(k, plan);
      continue;
    }
    // A window's checks run at its first access: nothing that may trap (OPCODES effect "trap") may sit between its members.
    if (open.size > 0 && (isAccess || inst.op === "call" || OPCODES[inst.op].effect === "trap")) open.clear();
  }
  dropUnfitWindows(e, insts, plans);
  return plans;
}

/** Single-member windows are single accesses; so are the members of windows too wide for the array. */
function dropUnfitWindows(e: FunctionEmitter, insts: readonly Inst[], plans: Map<number, CheckFacts>): void {
  for (const [k, p] of plans) {
    if (p.kind !== "leader") continue;
    // (Most windows hold one access: settled before the offsets are looked at.)
    if (p.members.length === 1) {
      plans.set(k, SINGLE);
      continue;
    }
    const offs = p.members.map((m) => m.offset);
    const span = offs.reduce((x, y) => (y > x ? y : x)) - offs.reduce((x, y) => (y < x ? y : x));
    const len = BigInt((e.typeOf(insts[k]!.args[0]!) as { len: number }).len);
    if (span >= len || offs.some((o) => o > MAX_OFFSET || o < -MAX_OFFSET)) {
      plans.set(k, SINGLE);
      for (const m of p.members.slice(1)) plans.set(m.inst, SINGLE);
    }
  }
}

/** Split an index value into base + constant offset (`add %b, K`, `sub %b, K`). */
export function decompose(e: FunctionEmitter, v: ValueId): [ValueId, bigint] {
  const d = e.defInst[v];
  if (d && (d.op === "add" || d.op === "sub")) {
    const c1 = e.constOf(d.args[1]!);
    if (c1 !== undefined) return [d.args[0]!, d.op === "add" ? c1 : -c1];
    const c0 = d.op === "add" ? e.constOf(d.args[0]!) : undefined;
    if (c0 !== undefined) return [d.args[1]!, c0];
  }
  return [v, 0n];
}

/** Whether `base + k` is a small constant offset that keeps element addresses from wrapping. */
export function smallOffset(k: bigint, len: number): boolean {
  return k !== 0n && k > -MAX_OFFSET && k < MAX_OFFSET && BigInt(len) < MAX_GROUPED_LEN;
}

/** The strict check of one access: index (sign-extended) below the length, else panic. */
export function strictCheck(e: FunctionEmitter, index: LValue, len: number): void {
  const b = e.b;
  const i64 = b.convert("sext", index, "i64");
  const lenV = b.iconst("i64", len);
  e.guard(b.icmp("uge", i64, lenV), "fz_panic_bounds", [i64, lenV]);
}

/**
 * One check for a window of accesses base+c_min .. base+c_max: in i64,
 * base+c_min must be in [0, len - span). On failure the cold path re-checks
 * each access in program order.
 */
export function groupCheck(e: FunctionEmitter, w: CheckWindow, len: number): void {
  const b = e.b;
  const offs = w.members.map((m) => m.offset);
  const cmin = offs.reduce((x, y) => (y < x ? y : x));
  const cmax = offs.reduce((x, y) => (y > x ? y : x));
  const baseV = e.one(w.base);
  const bits = (e.typeOf(w.base) as { bits: number }).bits;
  const base64 = bits === 64 ? baseV : b.convert("sext", baseV, "i64");
  const lo = b.binary("iadd", base64, b.iconst("i64", cmin));
  const bad = b.icmp("uge", lo, b.iconst("i64", BigInt(len) - (cmax - cmin)));
  const cont = b.newBlock();
  const cold = b.newBlock([], true);
  b.brif(bad, { block: cold, args: NO_ARGS }, { block: cont, args: NO_ARGS });
  b.switchTo(cold);
  const t = intTypeOf(bits);
  for (const m of w.members) {
    const idx = m.offset === 0n ? baseV : b.binary("iadd", baseV, b.iconst(t, BigInt.asIntN(bits, m.offset)));
    const i64 = bits === 64 ? idx : b.convert("sext", idx, "i64");
    const lenV = b.iconst("i64", len);
    const next = b.newBlock([], true);
    b.brif(b.icmp("uge", i64, lenV), { block: e.panicBlock("fz_panic_bounds", 2), args: [i64, lenV] }, { block: next, args: NO_ARGS });
    b.switchTo(next);
  }
  b.jump(cont);
  b.switchTo(cont);
}
