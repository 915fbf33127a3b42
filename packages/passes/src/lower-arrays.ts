/**
 * Lowering of arrays, as the matrix decides per allocation site: a constant,
 * never-written fixed array becomes static data (one load per element), a
 * local fixed array a contiguous stack slot, anything else (dynamic arrays,
 * escaping or, in mode on, large arrays) a runtime handle whose calls check
 * bounds themselves. Accesses to direct arrays are checked as
 * lower-bounds-checks.ts plans; element addresses are shared within a block
 * (`a[i]`, `a[i+1]` use one address and constant offsets).
 * A runtime [str] array in mode on owns its strings: a view stored into it
 * becomes a counted copy (value-memory.ts toSlot "owned"), and a read copies
 * the bytes out (fromSlot), so nothing it held is interned for the process.
 * So does a stack array of str in mode on that may hold other strings than
 * literals (value-memory.ts ownedParts): it keeps a counted handle per
 * element, released on overwrite and when the array dies (insert-rc.ts).
 */
import type { Inst, Type, ValueId } from "@fzy/ir";
import type { LValue } from "@fzy/lir";
import { countedLoop } from "./counted-loop.js";
import { type Decision, decide, inMode } from "./eligibility.js";
import type { FunctionEmitter } from "./function-emitter.js";
import type { RcEmitter } from "./insert-rc.js";
import type { Layout } from "./layout.js";
import { type CheckFacts, checkFacts, decompose, groupCheck, NO_FACTS, smallOffset, strictCheck } from "./lower-bounds-checks.js";
import { bufferAt } from "./lower-strings.js";
import { emptied } from "./lower-scratch.js";
import { fromSlot, loadOwnedHandle, loadOwnedStr, loadValue, ownedParts, ownedStr, storedParts, storeValue, toSlot } from "./value-memory.js";

/** A fixed array lowered to direct memory. */
interface DirectArray {
  readonly len: number;
  readonly elem: Layout;
  readonly base: LValue;
  /** Static read-only data: loads may be marked readonly. */
  readonly readonly: boolean;
  /** A stack array of str that owns its strings: a counted handle per element (value-memory.ts ownedParts). */
  readonly owned: boolean;
}

type ArrayOp = "array.lit" | "array.new" | "array.get" | "array.set" | "array.len" | "array.push";

/** The check facts of an access the block's plan says nothing about (shared, never written). */
const SINGLE: CheckFacts = { kind: "single" };

/** Fully unrolled fills up to this many elements; longer ones are a loop. */
const UNROLL_FILL = 16;

/** The array lowering of one function: its direct arrays and the current block's checks and addresses. */
export class ArrayLowering {
  private readonly direct_: Map<ValueId, DirectArray>;
  /** Arrays some `array.set` writes (computed on first use, one pass over the function). */
  private written: Set<ValueId> | undefined;
  private checks: ReadonlyMap<number, CheckFacts> = NO_FACTS;
  /** The leaders (by position) of the current block's windows the matrix chose to check as one. */
  private readonly grouped: Set<number>;
  /** boundsCheck's decisions, by kind of access (proven 1, groupable 2). */
  private readonly boundsDecisions: (Decision | undefined)[] = [undefined, undefined, undefined, undefined];
  /** Element addresses computed in the current IR block, by array and index base. */
  private readonly addrCache: Map<number, LValue>;

  /** The ownership emitter (set by the block lowering): counted elements are retained and released. */
  rc: RcEmitter | undefined;

  constructor(private readonly e: FunctionEmitter) {
    // The module's scratch tables (lower-scratch.ts), empty: most functions have no array.
    const scratch = e.mod.scratch;
    this.direct_ = scratch.directArrays<DirectArray>();
    this.grouped = scratch.grouped();
    this.addrCache = scratch.addrCache();
  }

  /** The direct-memory form of array `v`, when the matrix put it there. */
  direct(v: ValueId): DirectArray | undefined {
    return this.direct_.get(v);
  }

  /** 1 when the elements of arrays of type t are counted references, else 0. */
  private refs(t: Type): number {
    const elem = (t as { elem: Type }).elem;
    return this.rc?.isCountedType(elem) ? 1 : 0;
  }

  /** Str views in a runtime handle: the array owns a handle per slot (toSlot "owned"), so it is made with references. */
  private ownsStrs(t: Type): boolean {
    return this.e.repr.strViews && (t as { elem: Type }).elem.kind === "str";
  }

  /** 1 when a runtime handle of type t holds references in its slots (counted elements, or strings it owns). */
  private handleRefs(t: Type): number {
    return this.refs(t) || (this.ownsStrs(t) ? 1 : 0);
  }

  /** The slot of value v stored into a runtime handle of type t. */
  private slot(t: Type, v: ValueId): LValue {
    return toSlot(this.e, v, this.ownsStrs(t) ? "owned" : "interned");
  }

  /** A str read out of a runtime handle: a copy of its bytes in a buffer of the read's site (lower-strings.ts buffer). */
  private readSlot(t: Type & { elem: Type }, s: LValue, get: Inst): LValue[] {
    const e = this.e;
    // An immortal read (a literal of a literal-only array) is an interned handle: its bytes stay.
    if (!this.ownsStrs(t) || !e.analyses.strings.copies(get)) return fromSlot(e, s, t.elem);
    return fromSlot(e, s, t.elem, bufferAt(e, get.dst!));
  }

  /** Plan the bounds checks of the instructions of a block about to be lowered. */
  beginBlock(insts: readonly Inst[]): void {
    this.checks = checkFacts(this.e, insts, this.direct_);
    // Emptied only when used (clearing allocates a new backing store).
    emptied(this.grouped);
    emptied(this.addrCache);
  }

  /** Lower one array instruction, `k` its position in the block. */
  lower(inst: Inst & { op: ArrayOp }, k: number): void {
    const e = this.e;
    const a = inst.args;
    switch (inst.op) {
      case "array.lit": case "array.new":
        return e.define(inst, this.newArray(inst));
      case "array.get": case "array.set":
        return this.access(inst, k);
      case "array.len": {
        const d = this.direct_.get(a[0]!);
        if (d) return e.define(inst, [e.b.iconst("i32", d.len)]);
        return e.define(inst, [e.b.convert("trunc", e.rt("fz_array_len", [e.one(a[0]!)])[0]!, "i32")]);
      }
      case "array.push":
        e.rt("fz_array_push", [e.one(a[0]!), this.slot(e.typeOf(a[0]!), a[1]!)]);
    }
  }

  private newArray(inst: Inst): LValue[] {
    const e = this.e;
    const b = e.b;
    const t = inst.type!;
    const dst = inst.dst!;
    const name = `array %${e.nameOf(dst)}`;
    if (t.kind === "dynarray") {
      e.ask(name, { kind: "dynamic-array", enabled: e.mod.opts.fast.arrays, escape: e.escapeOf(dst), mutability: "mutated", constant: false });
      if (this.handleRefs(t)) return e.rt("fz_array_new_of", [b.iconst("i64", 0), b.iconst("i64", 1)]);
      return e.rt("fz_array_new", [b.iconst("i64", 0)]);
    }
    if (t.kind !== "array") throw new Error("array type expected");
    const elem = e.repr.layout(t.elem);
    const written = this.writtenArrays().has(dst);
    const constant = inst.op === "array.lit" && inst.args.every((v) => this.staticBytesOk(v));
    const d = e.ask(name, {
      kind: "fixed-array", enabled: e.mod.opts.fast.arrays, escape: e.escapeOf(dst),
      mutability: written ? "mutated" : "immutable", constant,
      bytes: t.len * elem.size, frame: b.slotBytes, recursive: e.mod.mayRecurse(e.func.name),
    });
    if (d.form === "static-data") {
      const base = b.symbolAddr(this.staticArray(inst.args, elem));
      this.direct_.set(dst, { len: t.len, elem, base, readonly: true, owned: false });
      return [base];
    }
    if (d.form === "stack-slot") {
      const slot = b.newSlot(Math.max(1, t.len * elem.size), Math.max(elem.align, 8));
      const base = b.stackAddr(slot);
      // Literals only: views of static bytes, nothing to own (the kernels' tables stay as they are).
      const owned = ownedStr(e, t.elem) && !e.analyses.strings.literalArrays().has(dst);
      this.direct_.set(dst, { len: t.len, elem, base, readonly: false, owned });
      const parts = (v: ValueId) => (owned ? ownedParts(e, v) : storedParts(e, v));
      if (inst.op === "array.lit") inst.args.forEach((v, i) => storeValue(e, base, i * elem.size, t.elem, parts(v)));
      else {
        const fill = parts(inst.args[0]!);
        this.fill(base, t.len, t.elem, elem, fill);
        // Each slot holds its own reference to the fill value (an owned copy starts with one).
        if (this.refs(t)) e.rt("fz_retain_n", [e.one(inst.args[0]!), b.iconst("i64", t.len)]);
        if (owned && t.len !== 1) e.rt(t.len === 0 ? "fz_release" : "fz_retain_n", t.len === 0 ? [fill[0]!] : [fill[0]!, b.iconst("i64", t.len - 1)]);
      }
      return [base];
    }
    // Runtime handle.
    const refs = this.handleRefs(t);
    if (inst.op === "array.new") {
      if (!refs) return e.rt("fz_array_new_filled", [b.iconst("i64", t.len), toSlot(e, inst.args[0]!)]);
      const fill = this.slot(t, inst.args[0]!);
      const h = e.rt("fz_array_new_filled_of", [b.iconst("i64", t.len), fill, b.iconst("i64", 1)]);
      // The array counted the fill once per slot; the copy's own reference is not the array's.
      if (this.ownsStrs(t)) e.rt("fz_release", [b.convert("int_to_ptr", fill, "ptr")]);
      return h;
    }
    const h = (refs ? e.rt("fz_array_new_of", [b.iconst("i64", t.len), b.iconst("i64", 1)]) : e.rt("fz_array_new", [b.iconst("i64", t.len)]))[0]!;
    for (const v of inst.args) e.rt("fz_array_push", [h, this.slot(t, v)]);
    return [h];
  }

  private writtenArrays(): Set<ValueId> {
    if (!this.written) {
      this.written = new Set();
      for (const bl of this.e.func.blocks) for (const i of bl.insts) if (i.op === "array.set") this.written.add(i.args[0]!);
    }
    return this.written;
  }

  /** Whether a value's bytes are known at compile time (for static data). */
  private staticBytesOk(v: ValueId): boolean {
    const e = this.e;
    const d = e.defInst[v];
    if (!d) return false;
    if (d.op === "const") return d.imm.kind === "int" || d.imm.kind === "bool" || d.imm.kind === "f64";
    if (d.op === "enum.new") return d.args.length === 0 && !e.repr.payloadEnum(e.typeOf(v));
    if (d.op === "str.lit") return e.repr.strViews;
    return false;
  }

  /** The static data object holding constant elements (little-endian, str elements as relocated views). */
  private staticArray(elems: readonly ValueId[], lay: Layout): string {
    const e = this.e;
    const bytes = new Uint8Array(Math.max(1, elems.length * lay.size));
    const view = new DataView(bytes.buffer);
    const relocs: { offset: number; symbol: string; addend: number }[] = [];
    elems.forEach((v, i) => {
      const off = i * lay.size;
      const d = e.defInst[v]!;
      if (d.op === "const" && d.imm.kind === "int") {
        const n = BigInt.asUintN(lay.size * 8, d.imm.value); // two's complement bytes, little-endian
        if (lay.size === 8) view.setBigUint64(off, n, true);
        else if (lay.size <= 4) for (let k = 0, x = Number(n); k < lay.size; k++, x >>>= 8) bytes[off + k] = x & 0xff; // exact: below 2^32
        else for (let k = 0; k < lay.size; k++) bytes[off + k] = Number((n >> BigInt(8 * k)) & 0xffn);
      } else if (d.op === "const" && d.imm.kind === "bool") {
        bytes[off] = d.imm.value ? 1 : 0;
      } else if (d.op === "const" && d.imm.kind === "f64") {
        if (lay.size === 4) view.setFloat32(off, d.imm.value, true); // an f32 element
        else view.setFloat64(off, d.imm.value, true);
      } else if (d.op === "enum.new" && d.imm.kind === "variant") {
        const imm = d.imm;
        view.setInt32(off, e.mod.ix.variantOfEnum(imm.enumName, imm.variant), true);
      } else if (d.op === "str.lit" && d.imm.kind === "str") {
        const s = e.mod.stringData(d.imm.value);
        relocs.push({ offset: off, symbol: s.name, addend: 0 });
        view.setBigInt64(off + 8, BigInt(s.bytes.length), true);
      }
    });
    return e.mod.addData(bytes, Math.max(lay.align, 8), relocs);
  }

  /** Fill `len` elements at base with one value: unrolled when short, else a loop. */
  private fill(base: LValue, len: number, t: Type, lay: Layout, parts: readonly LValue[]): void {
    const e = this.e;
    const b = e.b;
    if (len <= UNROLL_FILL) {
      for (let i = 0; i < len; i++) storeValue(e, base, i * lay.size, t, parts);
      return;
    }
    countedLoop(b, 0n, BigInt(len), (i) => storeValue(e, b.ptrAdd(base, b.binary("imul", i, b.iconst("i64", lay.size))), 0, t, parts));
  }

  private access(inst: Inst, k: number): void {
    const e = this.e;
    const [arr, idx] = inst.args as [ValueId, ValueId];
    const d = this.direct_.get(arr);
    const t = e.typeOf(arr) as Type & { elem: Type };
    if (!d) {
      // Runtime handle: the runtime checks bounds and panics with the same message.
      const h = e.one(arr);
      const i = e.b.convert("sext", e.one(idx), "i64");
      if (inst.op === "array.get") e.define(inst, this.readSlot(t, e.rt("fz_array_get", [h, i])[0]!, inst));
      else e.rt("fz_array_set", [h, i, this.slot(t, inst.args[2]!)]);
      return;
    }
    this.check(k, idx, d.len);
    const [addr, off] = this.elementAddress(arr, idx, d);
    if (inst.op === "array.get" && d.owned) {
      e.define(inst, loadOwnedStr(e, addr, off, bufferAt(e, inst.dst!)));
    } else if (inst.op === "array.get") e.define(inst, loadValue(e, addr, off, t.elem, d.readonly));
    else if (d.owned) {
      // The slot's handle is replaced: release the one it held.
      const old = loadOwnedHandle(e, addr, off);
      storeValue(e, addr, off, t.elem, ownedParts(e, inst.args[2]!));
      this.rc?.release(old);
    } else if (this.rc?.isCountedType(t.elem)) {
      // The slot's reference is replaced: release the one it held.
      const old = loadValue(e, addr, off, t.elem)[0]!;
      storeValue(e, addr, off, t.elem, e.value(inst.args[2]!));
      this.rc.release(old);
    } else storeValue(e, addr, off, t.elem, storedParts(e, inst.args[2]!));
  }

  /**
   * The bounds check of access `k`: the matrix decides once per access, or
   * once per window at its leader (a member of a window checked as one needs
   * nothing more and has no report line).
   */
  private check(k: number, idx: ValueId, len: number): void {
    const e = this.e;
    const facts = this.checks.get(k) ?? SINGLE;
    if (facts.kind === "member" && this.grouped.has(facts.leader)) {
      e.count("boundsGrouped");
      return;
    }
    const d = this.boundsCheck(facts.kind === "proven", facts.kind === "leader");
    e.record(`bounds ${e.blockName()}#${k}`, d);
    switch (d.form) {
      case "elided":
        e.count("boundsElided");
        return;
      case "grouped-check":
        if (facts.kind !== "leader") throw new Error(`the matrix grouped the check of a single access (${e.blockName()}#${k})`);
        this.grouped.add(k);
        groupCheck(e, facts, len);
        e.count("boundsChecks");
        e.count("boundsGrouped");
        return;
      default:
        strictCheck(e, e.one(idx), len);
        e.count("boundsChecks");
    }
  }

  /**
   * The matrix's decision on the bounds check of an access, as `ask` would
   * take it: the matrix is pure and the mode and switches are the module's,
   * so each kind of access (proven, groupable) is decided once per function
   * (a block of many accesses made an input and a decision for each).
   */
  private boundsCheck(proven: boolean, groupable: boolean): Decision {
    const k = (proven ? 1 : 0) | (groupable ? 2 : 0), opts = this.e.mod.opts;
    let d = this.boundsDecisions[k];
    if (d === undefined) {
      const input = { kind: "bounds-check", enabled: opts.fast.bounds, escape: "none", mutability: "immutable", constant: false, proven, groupable } as const;
      this.boundsDecisions[k] = d = decide(inMode(input, opts.mode));
    }
    return d;
  }

  /**
   * The element's address and constant offset. For base + K with a small K the
   * access is in bounds here, so base + K did not wrap and the element is at
   * addr(base) + K * size: a rolling window shares one address.
   */
  private elementAddress(arr: ValueId, idx: ValueId, d: DirectArray): [LValue, number] {
    const e = this.e;
    const b = e.b;
    const c = e.constOf(idx);
    if (c !== undefined && c >= 0n && c < BigInt(d.len)) return [d.base, Number(c) * d.elem.size];
    const [bv, k] = decompose(e, idx);
    const small = smallOffset(k, d.len) && e.typeOf(bv).kind === "int";
    // The pair (array, index base) as one number: both are value ids, below the function's count.
    const key = arr * e.func.values.length + (small ? bv : idx);
    let at = this.addrCache.get(key);
    if (at === undefined) {
      const iv = e.one(small ? bv : idx);
      const bits = (e.typeOf(small ? bv : idx) as { bits: number }).bits;
      at = b.ptrAdd(d.base, b.binary("imul", bits === 64 ? iv : b.convert("sext", iv, "i64"), b.iconst("i64", d.elem.size)));
      this.addrCache.set(key, at);
    }
    return [at, small ? Number(k) * d.elem.size : 0];
  }
}
