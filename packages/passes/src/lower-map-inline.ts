/**
 * Policy A of the map lowering (lower-maps.ts decides per map.new): an
 * inline table, whose operations the emitted code does itself.
 *
 * The emitted code hashes the key and probes the table itself,
 * reading the header at map.c's fixed offsets (HEADER below). An entry is
 * the 64-bit hash, the key and the value in their memory layouts, each
 * rounded up to 8 bytes. The hash is FxHash's (rustc-hash): an integer key
 * is multiplied by FX_K; a str key folds each byte as h = (rotl(h, 5) ^ b) *
 * FX_K, one byte per step where FxHash takes a word. The probe is linear
 * from slot (h >> 32) & mask over an index that is at most half full, and
 * compares the stored hash before the key. Only map.new, growth (a cold
 * path, checked before the probe so the probe never restarts) and removal
 * call the runtime; map.c rebuilds the index from the stored hashes, so the
 * hash function lives here only.
 */
import type { Inst, Type, ValueId } from "@fzy/ir";
import type { LBlockId, LEdge, LType, LValue } from "@fzy/lir";
import type { FunctionEmitter } from "./function-emitter.js";
import { viewOfHandle } from "./lower-strings.js";
import type { KeyHashMemo } from "./map-hash-memo.js";
import type { SlotMemo } from "./map-slot-reuse.js";
import { loadValue, storedParts, storeValue } from "./value-memory.js";
import { NO_ARGS } from "./block-variables.js";

/** Field offsets of the runtime map header (runtime-c map.c, struct fz_map). */
const HEADER = { len: 0, cap: 8, entries: 16, index: 24, mask: 32 } as const;
/** FxHash's multiplier (rustc-hash). */
const FX_K = 0x517cc1b727220a95n;
/** Where an inline entry's key starts (after its 64-bit hash). */
export const KEY_OFF = 8;

/** The entry layout of an inline map. */
export interface InlineMap {
  readonly key: Type;
  readonly value: Type;
  readonly valueOff: number;
  readonly stride: number;
}

/**
 * A str key that is a runtime handle (strings not views), interned: keys are
 * compared by identity, and a string the runtime creates (concat, ...) is a
 * counted object of its own, not the interned one; interned strings are also
 * immortal, so a key the map keeps needs no count.
 */
export function internedKey(e: FunctionEmitter, k: ValueId): LValue {
  return e.rt("fz_str_intern", viewOfHandle(e, e.one(k)))[0]!;
}

/** Whether key k is a str handle that must be interned to be stored or compared (internedKey). */
export const handleKey = (e: FunctionEmitter, k: ValueId): boolean => e.typeOf(k).kind === "str" && !e.repr.strViews;

/** The inline (policy A) operations on one map. */
export class InlineOps {
  constructor(
    private readonly e: FunctionEmitter,
    private readonly m: InlineMap,
    private readonly staticView: (v: ValueId) => boolean,
    private readonly hashes: KeyHashMemo,
    private readonly slots: SlotMemo,
  ) {}

  private load(type: Exclude<LType, "bool">, addr: LValue, off: number): LValue {
    this.e.count("directLoads");
    return this.e.b.load(type, addr, off);
  }

  private store(addr: LValue, v: LValue, off: number): void {
    this.e.count("directStores");
    this.e.b.store(addr, v, off);
  }

  lower(inst: Inst): void {
    const e = this.e;
    const b = e.b;
    const [mv, x, y] = inst.args as [ValueId, ValueId, ValueId];
    const map = e.one(mv);
    switch (inst.op) {
      case "map.len": return e.define(inst, [b.convert("trunc", this.load("i64", map, HEADER.len), "i32")]);
      case "map.key_at": case "map.value_at": {
        const i = b.convert("sext", e.one(x), "i64");
        const len = this.load("i64", map, HEADER.len);
        e.guard(b.icmp("uge", i, len), "fz_panic_bounds", [i, len]);
        e.count("boundsChecks");
        const at = b.ptrAdd(this.load("ptr", map, HEADER.entries), b.binary("imul", i, b.iconst("i64", this.m.stride)));
        const keyAt = inst.op === "map.key_at";
        return e.define(inst, loadValue(e, at, keyAt ? KEY_OFF : this.m.valueOff, keyAt ? this.m.key : this.m.value));
      }
      case "map.has": {
        const join = b.newBlock(["bool"]);
        this.probe(map, x, (found) => found ? [b.iconst("bool", 1)] : [b.iconst("bool", 0)], join);
        return e.define(inst, [b.blockParams(join)[0]!]);
      }
      case "map.get": {
        const types = e.repr.parts(this.m.value);
        // A set of the same key that follows gets the found position (-1: absent) as one more join parameter.
        const follower = this.slots.follower(inst);
        const join = b.newBlock(follower ? [...types, "i64"] : types);
        const pos = (found: { pos: LValue } | undefined) => (follower ? [found ? found.pos : b.iconst("i64", -1)] : []);
        this.probe(map, x, (found) => [...(found ? loadValue(e, found.entry, this.m.valueOff, this.m.value) : e.value(y)), ...pos(found)], join);
        if (follower) this.slots.remember(follower, b.blockParams(join)[types.length]!);
        return e.define(inst, b.blockParams(join).slice(0, types.length));
      }
      case "map.set": return this.set(map, x, y, this.slots.take(inst));
      case "map.remove": {
        const join = b.newBlock();
        this.probe(map, x, (found) => {
          if (found) e.rt("fz_map_remove_at", [map, found.pos]);
          return [];
        }, join);
        return;
      }
    }
  }

  /** m[k] = v: make room first (cold), so the probe's empty slot is where a new key goes. */
  private set(map: LValue, k: ValueId, v: ValueId, known: LValue | undefined): void {
    const e = this.e;
    const b = e.b;
    const len = this.load("i64", map, HEADER.len);
    const grow = b.newBlock([], true);
    const room = b.newBlock();
    b.brif(b.icmp("eq", len, this.load("i64", map, HEADER.cap)), { block: grow, args: NO_ARGS }, { block: room, args: NO_ARGS });
    b.switchTo(grow);
    e.rt("fz_map_grow", [map]);
    b.jump(room);
    b.switchTo(room);
    const join = b.newBlock();
    const valueParts = this.partsToStore(v);
    this.probe(map, k, (found, slot) => {
      if (found) {
        storeValue(e, found.entry, this.m.valueOff, this.m.value, valueParts);
        return [];
      }
      // Append the entry at position len and point the empty slot at it.
      const at = b.ptrAdd(this.load("ptr", map, HEADER.entries), b.binary("imul", len, b.iconst("i64", this.m.stride)));
      this.store(at, slot!.hash, 0);
      storeValue(e, at, KEY_OFF, this.m.key, handleKey(e, k) ? [internedKey(e, k)] : this.partsToStore(k));
      storeValue(e, at, this.m.valueOff, this.m.value, valueParts);
      const next = b.binary("iadd", len, b.iconst("i64", 1));
      this.store(slot!.addr, b.convert("trunc", next, "i32"), 0);
      this.store(map, next, HEADER.len);
      return [];
    }, join, known);
  }

  /** The parts of key or value v as an entry stores them: a str that may be a temporary is interned first. */
  private partsToStore(v: ValueId): LValue[] {
    const e = this.e;
    if (e.typeOf(v).kind === "str" && this.staticView(v)) return e.value(v);
    return storedParts(e, v);
  }

  /**
   * Probe for key k and continue in `join` with the values `arm` returns:
   * called once for the found entry and once for the empty slot (found
   * undefined) where the key would go, each time in its own block.
   */
  private probe(
    map: LValue, k: ValueId,
    arm: (found: { entry: LValue; pos: LValue } | undefined, slot?: { addr: LValue; hash: LValue }) => LValue[],
    join: LBlockId, known?: LValue,
  ): void {
    const e = this.e;
    const b = e.b;
    // Hashed before any branch, so a hash the memo keeps (map-hash-memo.ts) dominates the rest of the block.
    const h = this.hash(k);
    if (known) {
      // A get of this key found it at position `known` (map-slot-reuse.ts): its entry, in the array as it is now.
      const hit = b.newBlock();
      const miss = b.newBlock();
      b.brif(b.icmp("sge", known, b.iconst("i64", 0)), { block: hit, args: NO_ARGS }, { block: miss, args: NO_ARGS });
      b.switchTo(hit);
      b.jump(join, arm({ entry: b.ptrAdd(this.load("ptr", map, HEADER.entries), b.binary("imul", known, b.iconst("i64", this.m.stride))), pos: known }));
      b.switchTo(miss);
    }
    const mask = this.load("i64", map, HEADER.mask);
    const index = this.load("ptr", map, HEADER.index);
    const entries = this.load("ptr", map, HEADER.entries);
    const head = b.newBlock(["i64"]);
    const check = b.newBlock();
    const compare = b.newBlock();
    const next = b.newBlock();
    const found = b.newBlock();
    const absent = b.newBlock();
    b.jump(head, [b.binary("band", b.binary("ushr", h, b.iconst("i64", 32)), mask)]);
    b.switchTo(head);
    const s = b.blockParams(head)[0]!;
    const slotAddr = b.ptrAdd(index, b.binary("imul", s, b.iconst("i64", 4)));
    const ref = this.load("i32", slotAddr, 0);
    b.brif(b.icmp("eq", ref, b.iconst("i32", 0)), { block: absent, args: NO_ARGS }, { block: check, args: NO_ARGS });
    b.switchTo(check);
    const pos = b.binary("isub", b.convert("sext", ref, "i64"), b.iconst("i64", 1));
    const entry = b.ptrAdd(entries, b.binary("imul", pos, b.iconst("i64", this.m.stride)));
    b.brif(b.icmp("eq", this.load("i64", entry, 0), h), { block: compare, args: NO_ARGS }, { block: next, args: NO_ARGS });
    b.switchTo(compare);
    this.keyEquals(entry, k, { block: found, args: NO_ARGS }, { block: next, args: NO_ARGS });
    b.switchTo(next);
    b.jump(head, [b.binary("band", b.binary("iadd", s, b.iconst("i64", 1)), mask)]);
    b.switchTo(found);
    b.jump(join, arm({ entry, pos }));
    b.switchTo(absent);
    b.jump(join, arm(undefined, { addr: slotAddr, hash: h }));
    b.switchTo(join);
  }

  /** The 64-bit hash of key k (see the header). */
  private hash(k: ValueId): LValue {
    const e = this.e;
    const b = e.b;
    const t = e.typeOf(k);
    const fx = (x: LValue) => b.binary("imul", x, b.iconst("i64", BigInt.asIntN(64, FX_K)));
    if (t.kind !== "str" || !e.repr.strViews) return fx(this.keyWord(k));
    return this.hashes.hash(k, () => this.viewHash(k));
  }

  /** The hash of a str view key: its bytes folded one per step. */
  private viewHash(k: ValueId): LValue {
    const e = this.e;
    const b = e.b;
    const fx = (x: LValue) => b.binary("imul", x, b.iconst("i64", BigInt.asIntN(64, FX_K)));
    const [p, len] = e.value(k) as [LValue, LValue];
    const head = b.newBlock(["i64", "i64"]);
    const body = b.newBlock();
    const done = b.newBlock(["i64"]);
    b.jump(head, [b.iconst("i64", 0), b.iconst("i64", 0)]);
    b.switchTo(head);
    const [i, h] = b.blockParams(head) as [LValue, LValue];
    b.brif(b.icmp("ult", i, len), { block: body, args: NO_ARGS }, { block: done, args: [h] });
    b.switchTo(body);
    const byte = b.convert("uext", this.load("i8", b.ptrAdd(p, i), 0), "i64");
    const rot = b.binary("bor", b.binary("ishl", h, b.iconst("i64", 5)), b.binary("ushr", h, b.iconst("i64", 59)));
    b.jump(head, [b.binary("iadd", i, b.iconst("i64", 1)), fx(b.binary("bxor", rot, byte))]);
    b.switchTo(done);
    return b.blockParams(done)[0]!;
  }

  /** A non-view key as one i64 word (integers sign-extended, bool 0/1, enum discriminant, interned str handle). */
  private keyWord(k: ValueId): LValue {
    const e = this.e;
    const b = e.b;
    const t = e.typeOf(k);
    const x = handleKey(e, k) ? internedKey(e, k) : e.one(k);
    if (t.kind === "bool") return b.convert("uext", x, "i64");
    if (t.kind === "str") return b.convert("ptr_to_int", x, "i64");
    if (t.kind === "int" && t.bits === 64) return x;
    return b.convert("sext", x, "i64");
  }

  /** Branch to `eq` when the entry's key equals k, else to `ne`. */
  private keyEquals(entry: LValue, k: ValueId, eq: LEdge, ne: LEdge): void {
    const e = this.e;
    const b = e.b;
    const t = e.typeOf(k);
    if (t.kind !== "str" || !e.repr.strViews) {
      // bool and handle parts are not compared directly: as i32 and i64 words.
      const word = (x: LValue) => (t.kind === "bool" ? b.convert("uext", x, "i32") : t.kind === "str" ? b.convert("ptr_to_int", x, "i64") : x);
      b.brif(b.icmp("eq", word(loadValue(e, entry, KEY_OFF, t)[0]!), word(handleKey(e, k) ? internedKey(e, k) : e.one(k))), eq, ne);
      return;
    }
    // A view: equal lengths, then equal bytes (one byte per step; keys are short).
    const [p, len] = e.value(k) as [LValue, LValue];
    const bytes = b.newBlock();
    b.brif(b.icmp("eq", this.load("i64", entry, KEY_OFF + 8), len), { block: bytes, args: NO_ARGS }, ne);
    b.switchTo(bytes);
    const q = this.load("ptr", entry, KEY_OFF);
    const head = b.newBlock(["i64"]);
    const body = b.newBlock();
    const step = b.newBlock();
    b.jump(head, [b.iconst("i64", 0)]);
    b.switchTo(head);
    const i = b.blockParams(head)[0]!;
    b.brif(b.icmp("ult", i, len), { block: body, args: NO_ARGS }, eq);
    b.switchTo(body);
    b.brif(b.icmp("eq", this.load("i8", b.ptrAdd(p, i), 0), this.load("i8", b.ptrAdd(q, i), 0)), { block: step, args: NO_ARGS }, ne);
    b.switchTo(step);
    b.jump(head, [b.binary("iadd", i, b.iconst("i64", 1))]);
  }
}
