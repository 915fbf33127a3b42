/**
 * Emission of the ownership plan (ownership.ts): the retain and release
 * calls around each instruction, at block entries and before terminators,
 * and the shapes of heap cells whose fields hold references. Block lowering
 * calls `enterBlock`, `beforeInst`, `afterInst` and `beforeTerm` in that
 * order, so both backends print the same calls in the same places.
 *
 * Invariants: a counted value is released exactly once on every path from
 * its definition (or, for an owned parameter, from the entry), unless a
 * consuming use moved it; a variable of counted type owns the reference it
 * holds (released when overwritten, and at every return through the exit
 * read that ownership.ts adds there). Fixed arrays in
 * direct memory are not counted; when their elements are, a dying array
 * releases its elements (`fz_release_each`).
 */
import type { BlockId, Inst, Term, Type, ValueId, VarId } from "@fzy/ir";
import type { LValue } from "@fzy/lir";
import type { FunctionEmitter } from "./function-emitter.js";
import { consumedArgs, countedType, type OwnershipPlan, retainsResult } from "./ownership.js";
import { loadOwnedHandle, ownedStr } from "./value-memory.js";
import { NO_ARGS } from "./block-variables.js";

/** Fixed arrays the array lowering put in direct memory: their base, length and whether they own str handles (value-memory.ts ownedParts). */
export interface DirectArrays {
  direct(v: ValueId): { readonly base: LValue; readonly len: number; readonly owned: boolean; readonly elem: { readonly size: number } } | undefined;
}

export class RcEmitter {
  private oldVar: LValue | undefined;

  constructor(
    private readonly e: FunctionEmitter,
    private readonly plan: OwnershipPlan,
    private readonly arrays: DirectArrays,
    /** Reads of counted variables at returns (ownership.ts addExitReads): they take the variable's reference. */
    private readonly exitReads: ReadonlySet<ValueId>,
    /** Immortal strings (stored-strings.ts StoredStrings.immortals): never counted. */
    private readonly immortal: ReadonlySet<ValueId>,
  ) {}

  /** Is a value of type t a counted reference? */
  isCountedType(t: Type): boolean {
    return countedType(t, this.e.repr);
  }

  /** Is IR value v a counted reference (a type that is, not in direct memory, not immortal)? */
  counted(v: ValueId): boolean {
    return this.isCountedType(this.e.typeOf(v)) && this.arrays.direct(v) === undefined && !this.immortal.has(v);
  }

  retain(p: LValue): void {
    this.e.rt("fz_retain", [p]);
  }

  release(p: LValue): void {
    this.e.rt("fz_release", [p]);
  }

  enterBlock(bi: BlockId): void {
    for (const v of this.plan.atEntry[bi]!) this.drop(v);
  }

  beforeInst(inst: Inst, k: number): void {
    const e = this.e;
    for (const ai of consumedArgs(inst)) {
      const v = inst.args[ai]!;
      if (this.counted(v) && !this.moved(k, ai)) this.retain(e.one(v));
    }
    this.oldVar = undefined;
    if (inst.op === "set") {
      const x = (inst.imm as { var: VarId }).var;
      if (this.isCountedType(e.func.vars[x]!.type)) this.oldVar = e.vars.read(x)[0]!;
    }
  }

  afterInst(inst: Inst, k: number): void {
    const e = this.e;
    const inherits = inst.op === "opaque" && this.moved(k, 0);
    if (inst.dst !== null && retainsResult(inst) && this.counted(inst.dst) && !this.exitReads.has(inst.dst) && !inherits) this.retain(e.one(inst.dst));
    if (this.oldVar !== undefined) this.release(this.oldVar);
    this.oldVar = undefined;
    const dying = this.plan.after[e.irBlock]!.get(k);
    if (dying !== undefined) for (const v of dying) this.drop(v);
  }

  beforeTerm(t: Term): void {
    const e = this.e;
    // Returning takes a reference: moved, unless the value is a borrowed parameter.
    if (t.op === "ret" && t.value !== null && this.counted(t.value) && !this.moved(-1, 0)) this.retain(e.one(t.value));
  }

  /** Whether argument `ai` of instruction `k` of the current block (-1: its terminator) moves its value (the plan's key spelled only when it has any). */
  private moved(k: number, ai: number): boolean {
    const moves = this.plan.moves;
    return moves.size > 0 && moves.has(`${this.e.irBlock}:${k}:${ai}`);
  }

  /** Release the reference a dying value owns (the plan never lists a borrowed parameter). */
  private drop(v: ValueId): void {
    const e = this.e;
    const d = this.arrays.direct(v);
    const t = e.typeOf(v);
    if (d) {
      if (t.kind === "array" && this.isCountedType(t.elem)) e.rt("fz_release_each", [d.base, e.b.iconst("i64", d.len)]);
      if (d.owned) releaseOwnedStrs(e, d.base, d.len, d.elem.size);
      return;
    }
    if (this.isCountedType(t)) this.release(e.one(v));
  }
}

/**
 * The static shape of a cell (runtime-c rc.c): its reference words as
 * `(when << 32) | offset`, `when` = 0 always, tag + 1 for a payload of
 * variant `tag`: counted fields, and str views, whose first word is a
 * handle the cell owns (value-memory.ts ownedParts). Undefined when the cell
 * holds no references (plain fz_alloc).
 */
export function cellShape(e: FunctionEmitter, refs: readonly { offset: number; when: number; type: Type }[]): string | undefined {
  const counted = refs.filter((r) => countedType(r.type, e.repr) || ownedStr(e, r.type));
  if (counted.length === 0) return undefined;
  const bytes = new Uint8Array(8 * (counted.length + 1));
  const view = new DataView(bytes.buffer);
  view.setBigInt64(0, BigInt(counted.length), true);
  counted.forEach((r, i) => view.setBigInt64(8 * (i + 1), (BigInt(r.when) << 32n) | BigInt(r.offset), true));
  return e.mod.addData(bytes, 8);
}

/** A zeroed cell of `size` bytes: counted with its shape when it has one. */
export function newCell(e: FunctionEmitter, size: number, shape: string | undefined): LValue {
  const n = e.b.iconst("i64", size);
  if (shape === undefined) return e.rt("fz_alloc", [n])[0]!;
  return e.rt("fz_cell_new", [n, e.b.symbolAddr(shape)])[0]!;
}

/** Fully unrolled element releases up to this many elements; longer arrays are a loop. */
const UNROLL_RELEASE = 16;

/** Release the str handles a dying stack array owns (`len` elements of `size` bytes at base). */
function releaseOwnedStrs(e: FunctionEmitter, base: LValue, len: number, size: number): void {
  const b = e.b;
  if (len <= UNROLL_RELEASE) {
    for (let i = 0; i < len; i++) e.rt("fz_release", [loadOwnedHandle(e, base, i * size)]);
    return;
  }
  const head = b.newBlock(["i64"]);
  const body = b.newBlock();
  const exit = b.newBlock();
  b.jump(head, [b.iconst("i64", 0)]);
  b.switchTo(head);
  const i = b.blockParams(head)[0]!;
  b.brif(b.icmp("ult", i, b.iconst("i64", len)), { block: body, args: NO_ARGS }, { block: exit, args: NO_ARGS });
  b.switchTo(body);
  e.rt("fz_release", [loadOwnedHandle(e, b.ptrAdd(base, b.binary("imul", i, b.iconst("i64", size))), 0)]);
  b.jump(head, [b.binary("iadd", i, b.iconst("i64", 1))]);
  b.switchTo(exit);
}
