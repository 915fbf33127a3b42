/**
 * Transfer functions of the range analysis: the interval of each
 * instruction's result from the intervals of its operands, and the effect of
 * `get`/`set` on the block's variable state and on which values are known to
 * equal each variable (its aliases, used to narrow a variable on the edges of
 * a branch that compares one of them).
 *
 * An operation that may wrap gives the full range of its type; only integer
 * results get an interval.
 */
import type { Func, Inst, ModuleIndex, ValueId, VarId } from "@fzy/ir";
import { clamp, clampAs, condRange, full, fullUnsigned, type Iv, join, meet, same, wrapTo, zadd, zmax, zmin, zmul, zneg, zsub } from "./range-lattice.js";
import type { PMap, PMapShape } from "./range-var-map.js";

/** Values known to equal a variable, newest first (a persistent list). */
export interface Aliases {
  readonly value: ValueId;
  readonly next: Aliases | undefined;
}

export function aliasHas(a: Aliases | undefined, v: ValueId): boolean {
  for (let x = a; x; x = x.next) if (x.value === v) return true;
  return false;
}

/** What the transfer functions read: types, definitions, and operand intervals as seen in a block. */
export interface TransferEnv {
  readonly ix: ModuleIndex;
  readonly func: Func;
  readonly defInst: readonly (Inst | undefined)[];
  readonly shape: PMapShape;
  /** The interval of each integer constant, made at its first transfer (all undefined at first). */
  readonly consts: (Iv | undefined)[];
  /** The width of an integer value (0: not an integer). */
  bitsOf(v: ValueId): number;
  /** The interval of `v` so far (a transfer that computes the same again returns this object). */
  current(v: ValueId): Iv | undefined;
  /** The alias list of a variable just set to `v` (one object per value: lists are immutable). */
  aliasOf(v: ValueId): Aliases;
  /** The width of each integer variable (0: not an integer). */
  readonly varBits: readonly number[];
  /**
   * 1 for each value a branch compares, and for each variable such a value
   * may alias (of an integer type): the edge narrowing looks only for those
   * values in only those variables' lists (range-narrowings.ts), so no other
   * alias is recorded.
   */
  readonly compared: readonly number[];
  readonly narrowedVars: readonly number[];
  valueIn(v: ValueId, b: number): Iv | undefined;
}

/** The variable state while walking a block: intervals and aliases, both persistent. */
export interface VarState {
  vars: PMap<Iv>;
  /** The block's exit state from its last visit: an interval equal to its old one keeps the old object. */
  prev: PMap<Iv>;
  alias: PMap<Aliases>;
  /** False when `alias` is already the block's exit aliases (the same entry aliases as last visit give the same exit). */
  trackAlias: boolean;
}

/** Operations whose result interval depends on their operands' intervals (or, get/set, on the variable state). */
const VARYING: ReadonlySet<string> = new Set(["get", "set", "add", "sub", "mul", "srem", "urem", "and", "zext", "sext", "trunc", "select"]);

/**
 * Whether a later visit of `inst` may compute anything else than its first:
 * an integer result that depends on intervals, or a `get`/`set` of an
 * integer variable. Every other instruction's interval is fixed by its types
 * and immediates (a constant, a length, full), and the `get`/`set` of other
 * variables bind nothing (their values have no interval) and record aliases
 * nobody reads (only integer variables are narrowed on edges).
 */
export function mayVary(env: TransferEnv, inst: Inst): boolean {
  if (!VARYING.has(inst.op)) return false;
  if ((inst.op === "get" || inst.op === "set") && inst.imm.kind === "var") return env.varBits[inst.imm.var]! > 0;
  return inst.dst !== null && env.bitsOf(inst.dst) > 0;
}

/** The instructions of `insts` that mayVary: `insts` itself when that is all of them (a loop, not a closure per visit). */
export function varyingOf(env: TransferEnv, insts: readonly Inst[]): readonly Inst[] {
  let k = 0;
  while (k < insts.length && mayVary(env, insts[k]!)) k++;
  if (k === insts.length) return insts;
  const out = insts.slice(0, k);
  for (k++; k < insts.length; k++) if (mayVary(env, insts[k]!)) out.push(insts[k]!);
  return out;
}

/** Operations whose result interval reads the intervals of all their operands (select: see operandsRead). */
const READS_OPERANDS: ReadonlySet<string> = new Set(["add", "sub", "mul", "srem", "urem", "and", "zext", "sext", "trunc"]);

/**
 * The values whose intervals (or facts) the transfer of `inst` reads, passed
 * to `read` (a value may come twice): the operands of arithmetic, the arms of
 * a select and both sides of the comparison it selects on. Every other
 * transfer reads no operand interval (a `get` reads its variable's state, a
 * `set` its operand: range-slice.ts follows variables itself). The slice of
 * the analysis follows these edges, so this must list every `valueIn` that
 * `transfer` can make for an instruction with a result.
 */
export function operandsRead(defInst: readonly (Inst | undefined)[], inst: Inst, read: (v: ValueId) => void): void {
  const args = inst.args;
  if (READS_OPERANDS.has(inst.op)) {
    for (let k = 0; k < args.length && k < 2; k++) read(args[k]!);
  } else if (inst.op === "select") {
    read(args[1]!);
    read(args[2]!);
    const c = defInst[args[0]!];
    if (c && c.op === "icmp" && c.imm.kind === "cc") {
      read(c.args[0]!);
      read(c.args[1]!);
    }
  }
}

const I32_LEN: Iv = { lo: 0, hi: full(32).hi };

/** The interval of `inst`'s result in block `b`, updating `st` for get/set. */
export function transfer(env: TransferEnv, b: number, inst: Inst, st: VarState): Iv | undefined {
  const bits = inst.dst !== null ? env.bitsOf(inst.dst) : 0;
  switch (inst.op) {
    case "const": {
      if (inst.imm.kind !== "int" || !bits) return undefined;
      const known = env.consts[inst.dst!];
      if (known) return known;
      const z = wrapTo(bits, inst.imm.value);
      return (env.consts[inst.dst!] = { lo: z, hi: z });
    }
    case "get": return transferGet(env, inst, bits, st);
    case "set": return transferSet(env, b, inst, st);
    default: {
      const args = inst.args;
      if (inst.op === "select") return bits ? select(env, b, inst, bits, operand(env, b, args[1]), operand(env, b, args[2])) : undefined;
      return arith(env, inst, bits, operand(env, b, args[0]), operand(env, b, args[1]));
    }
  }
}

function operand(env: TransferEnv, b: number, v: ValueId | undefined): Iv | undefined {
  return v === undefined ? undefined : env.valueIn(v, b);
}

function transferGet(env: TransferEnv, inst: Inst, bits: number, st: VarState): Iv | undefined {
  if (inst.imm.kind !== "var") return undefined;
  const v = inst.imm.var;
  if (st.trackAlias && env.narrowedVars[v] === 1 && env.compared[inst.dst!] === 1) st.alias = env.shape.set(st.alias, v, { value: inst.dst!, next: env.shape.get(st.alias, v) });
  return env.shape.get(st.vars, v) ?? (bits ? full(bits) : undefined);
}

function transferSet(env: TransferEnv, b: number, inst: Inst, st: VarState): undefined {
  if (inst.imm.kind === "var") {
    const v: VarId = inst.imm.var;
    // (A value no branch compares is no alias the narrowing looks for: the list is emptied.)
    if (st.trackAlias && env.narrowedVars[v] === 1) st.alias = env.shape.set(st.alias, v, env.compared[inst.args[0]!] === 1 ? env.aliasOf(inst.args[0]!) : undefined);
    const r = env.valueIn(inst.args[0]!, b), old = env.shape.get(st.prev, v);
    st.vars = env.shape.set(st.vars, v, same(r, old) ? old : r);
  }
  return undefined;
}

function arith(env: TransferEnv, inst: Inst, bits: number, x: Iv | undefined, y: Iv | undefined): Iv | undefined {
  const unknown = bits ? full(bits) : undefined;
  switch (inst.op) {
    case "add": return x && y ? clampAs(zadd(x.lo, y.lo), zadd(x.hi, y.hi), bits, env.current(inst.dst!)) : unknown;
    case "sub": return x && y ? clampAs(zsub(x.lo, y.hi), zsub(x.hi, y.lo), bits, env.current(inst.dst!)) : unknown;
    case "mul": {
      if (!x || !y) return unknown;
      const a = zmul(x.lo, y.lo), b = zmul(x.lo, y.hi), c = zmul(x.hi, y.lo), d = zmul(x.hi, y.hi);
      return clampAs(zmin(zmin(a, b), zmin(c, d)), zmax(zmax(a, b), zmax(c, d)), bits, env.current(inst.dst!));
    }
    case "srem": case "urem": return rem(inst.op, bits, x, y);
    case "and": {
      if (!bits) return undefined;
      // The first operand known non-negative bounds the result (no list and closure per transfer).
      const m = x && x.lo >= 0 ? x : y && y.lo >= 0 ? y : undefined;
      return m ? { lo: 0, hi: m.hi } : full(bits);
    }
    case "zext": return zext(env, x, inst);
    case "sext": return x;
    case "trunc": return x && bits && same(clamp(x.lo, x.hi, bits), x) ? x : unknown;
    case "array.len": {
      const t = env.func.values[inst.args[0]!]!.type;
      return t.kind === "array" ? { lo: t.len, hi: t.len } : I32_LEN;
    }
    case "str.len": return I32_LEN;
    case "enum.tag": {
      const t = env.func.values[inst.args[0]!]!.type;
      const n = t.kind === "enum" ? env.ix.enums.get(t.name)?.variants.length ?? 1 : 1;
      return { lo: 0, hi: n - 1 };
    }
    default: return unknown;
  }
}

/** Remainder by a positive divisor d: magnitude below d.hi, sign of the dividend (srem) or non-negative (urem of a non-negative). */
function rem(op: string, bits: number, x: Iv | undefined, d: Iv | undefined): Iv | undefined {
  if (!bits) return undefined;
  if (!d || d.lo <= 0) return full(bits);
  const m = zsub(d.hi, 1);
  const n = x ?? full(bits);
  if (n.lo >= 0) return { lo: 0, hi: n.hi < m ? n.hi : m };
  if (op !== "srem") return full(bits);
  const negM = zneg(m);
  return { lo: negM > n.lo ? negM : n.lo, hi: n.hi < m ? (n.hi < 0 ? 0 : n.hi) : m };
}

/** `select (icmp %x, K), A, B`: an arm that is %x is narrowed by the condition. */
function select(env: TransferEnv, b: number, inst: Inst, bits: number, x: Iv | undefined, y: Iv | undefined): Iv {
  const c = env.defInst[inst.args[0]!];
  if (c && c.op === "icmp" && c.imm.kind === "cc") {
    const [cx, cy] = c.args as [ValueId, ValueId];
    const k = env.valueIn(cy, b);
    if (k && env.bitsOf(cx)) {
      const t = condRange(c.imm.cc, k, bits, true), f = condRange(c.imm.cc, k, bits, false);
      if (inst.args[1] === cx && x && t) x = meet(x, t);
      if (inst.args[2] === cx && y && f) y = meet(y, f);
    }
  }
  return x && y ? join(x, y) : full(bits);
}

function zext(env: TransferEnv, x: Iv | undefined, inst: Inst): Iv | undefined {
  const src = env.func.values[inst.args[0]!]!.type;
  if (src.kind === "bool") return { lo: 0, hi: 1 };
  if (x && x.lo >= 0) return x;
  return src.kind === "int" ? fullUnsigned(src.bits) : undefined;
}
