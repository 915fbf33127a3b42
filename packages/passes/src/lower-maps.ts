/**
 * Lowering of maps {K: V} (SPEC.md "Maps"), as the matrix decides per
 * `map.new`: a local map whose values are not counted and that has at most
 * MAP_INLINE_MAX_OPERATIONS operations (its uses: a local map has no others)
 * is an inline table (policy A), any other a runtime map handle (policy B).
 * Both are the one runtime object of runtime-c map.c; what differs is who
 * walks it.
 *
 * Policy B: every operation is one locked runtime call, with keys and values
 * widened to 8-byte slots as array slots are (a str key crosses as its
 * interned handle, so equal strings are one pointer). A str value, in mode
 * on, is a counted copy the map owns (value-memory.ts toSlot "owned"), so a
 * map with str values is made with references (the matrix's map-counted
 * rule), and a read copies the bytes out (fromSlot). A map with str keys
 * owns them too (runtime-c ABI 6, fz_map_new with refs & 2): get, set, has
 * and remove pass the key as a view (fz_map_*_str), the runtime compares
 * bytes and keeps a counted copy of a new key; key_at copies the bytes out
 * (a handle, without views, is retained like any read).
 *
 * Policy A, the inline table, is lower-map-inline.ts.
 */
import type { Inst, Type, ValueId } from "@fzy/ir";
import type { LValue } from "@fzy/lir";
import type { FunctionEmitter } from "./function-emitter.js";
import type { RcEmitter } from "./insert-rc.js";
import { bufferAt, viewOfHandle } from "./lower-strings.js";
import { handleKey, type InlineMap, InlineOps, internedKey, KEY_OFF } from "./lower-map-inline.js";
import { KeyHashMemo } from "./map-hash-memo.js";
import { SlotMemo } from "./map-slot-reuse.js";
import type { StoredStrings } from "./stored-strings.js";
import { fromSlot, ownedStr, toSlot } from "./value-memory.js";
import { NO_ARGS } from "./block-variables.js";

/** Bytes per entry of a runtime (policy B) map: hash, key slot, value slot. */
const SLOT_STRIDE = 24;

type MapOp = "map.new" | "map.get" | "map.set" | "map.has" | "map.remove" | "map.len" | "map.key_at" | "map.value_at";

const round8 = (n: number) => Math.ceil(n / 8) * 8;

/** Key `x` of a runtime map as its slot (i64): a str as its interned handle. */
function slotKey(e: FunctionEmitter, x: ValueId): LValue {
  return handleKey(e, x) ? e.b.convert("ptr_to_int", internedKey(e, x), "i64") : toSlot(e, x);
}

/**
 * The maps into which a `map.set` of the function stores a key that is not
 * an immortal literal (StoredStrings.immortals), found in one walk of the
 * function: an inline table interns its str keys for good, so such a map
 * with str keys is a runtime map that owns counted copies of them instead
 * (the matrix's map-owned-keys rule).
 */
function mapsStoringMadeKeys(strings: StoredStrings): ReadonlySet<ValueId> {
  const immortal = strings.immortals();
  const maps = new Set<ValueId>();
  for (const b of strings.func.blocks) {
    for (const i of b.insts) if (i.op === "map.set" && !immortal.has(i.args[1]!)) maps.add(i.args[0]!);
  }
  return maps;
}

/** The map lowering of one function: which maps are inline tables. */
export class MapLowering {
  private readonly inline = new Map<ValueId, InlineMap>();
  /** mapsStoringMadeKeys of this function, found at its first map.new. */
  private madeKeys: ReadonlySet<ValueId> | undefined;
  private readonly hashes: KeyHashMemo;
  private readonly slots: SlotMemo;

  /** The ownership emitter (set by the block lowering): whether values are counted. */
  rc: RcEmitter | undefined;
  /** Whether a str value is a view of static data (never a temporary buffer), so it can be stored as is. */
  staticView: (v: ValueId) => boolean = () => false;

  constructor(private readonly e: FunctionEmitter) {
    this.hashes = new KeyHashMemo(e);
    this.slots = new SlotMemo(e);
  }

  /** Lower one map instruction. */
  lower(inst: Inst & { op: MapOp }): void {
    const e = this.e;
    if (inst.op === "map.new") return e.define(inst, [this.newMap(inst)]);
    const layout = this.inline.get(inst.args[0]!);
    if (layout) {
      e.count("mapInline");
      return new InlineOps(e, layout, this.staticView, this.hashes, this.slots).lower(inst);
    }
    e.count("mapRuntime");
    this.runtimeOp(inst);
  }

  private newMap(inst: Inst): LValue {
    const e = this.e;
    const t = inst.type as Extract<Type, { kind: "map" }>;
    const refs = (this.rc?.isCountedType(t.value) ?? false) || ownedStr(e, t.value);
    const ownedKeys = t.key.kind === "str" && (this.madeKeys ??= mapsStoringMadeKeys(e.analyses.strings)).has(inst.dst!);
    const d = e.ask(`map %${e.nameOf(inst.dst!)}`, {
      kind: "map", enabled: e.mod.opts.fast.maps, escape: e.escapeOf(inst.dst!), mutability: "mutated", constant: false, refs, ownedKeys,
      operations: e.useCounts().get(inst.dst!),
    });
    if (d.form !== "inline-table") {
      e.count("mapRuntime");
      // refs & 2: the map owns its str keys (runtime-c map.c, ABI 6).
      const flags = (refs ? 1 : 0) | (t.key.kind === "str" ? 2 : 0);
      return e.rt("fz_map_new", [e.b.iconst("i64", SLOT_STRIDE), e.b.iconst("i64", flags)])[0]!;
    }
    const keySize = round8(e.repr.layout(t.key).size);
    const valueSize = round8(e.repr.layout(t.value).size);
    const layout: InlineMap = { key: t.key, value: t.value, valueOff: KEY_OFF + keySize, stride: KEY_OFF + keySize + valueSize };
    this.inline.set(inst.dst!, layout);
    e.count("mapInline");
    return e.rt("fz_map_new", [e.b.iconst("i64", layout.stride), e.b.iconst("i64", 0)])[0]!;
  }

  /** Policy B: one runtime call per operation (no closure here: one capturing a local would make every call allocate a context). */
  private runtimeOp(inst: Inst): void {
    const e = this.e;
    const b = e.b;
    const [m, x, y] = inst.args as [ValueId, ValueId, ValueId];
    const t = e.typeOf(m) as Extract<Type, { kind: "map" }>;
    const h = e.one(m);
    const owned = ownedStr(e, t.value);
    const byKey = inst.op === "map.get" || inst.op === "map.set" || inst.op === "map.has" || inst.op === "map.remove";
    if (t.key.kind === "str" && byKey) return this.strKeyOp(inst, t, h, owned);
    switch (inst.op) {
      case "map.get":
        if (owned) return e.define(inst, this.ownedGet(inst, e.rt("fz_map_get", [h, slotKey(e, x), b.iconst("i64", 0)])[0]!));
        return e.define(inst, fromSlot(e, e.rt("fz_map_get", [h, slotKey(e, x), toSlot(e, y)])[0]!, t.value));
      case "map.set": e.rt("fz_map_set", [h, slotKey(e, x), toSlot(e, y, owned ? "owned" : "interned")]); return;
      case "map.has": return e.define(inst, [b.icmp("ne", e.rt("fz_map_has", [h, slotKey(e, x)])[0]!, b.iconst("i32", 0))]);
      case "map.remove": e.rt("fz_map_remove", [h, slotKey(e, x)]); return;
      case "map.len": return e.define(inst, [b.convert("trunc", e.rt("fz_map_len", [h])[0]!, "i32")]);
      case "map.key_at": return e.define(inst, fromSlot(e, e.rt("fz_map_key_at", [h, b.convert("sext", e.one(x), "i64")])[0]!, t.key, this.keyCopy(inst, t)));
      case "map.value_at":
        return e.define(inst, fromSlot(e, e.rt("fz_map_value_at", [h, b.convert("sext", e.one(x), "i64")])[0]!, t.value, owned ? bufferAt(e, inst.dst!) : undefined));
    }
  }

  /**
   * Where a str key read out of a runtime map (which owns its keys) is
   * copied to: a buffer of the read's site when ownership.ts saw the read
   * as a copy (StoredStrings.copies), else the arena (a map escape analysis
   * alone finds escaping). Without views the key is a handle, retained.
   */
  private keyCopy(inst: Inst, t: Extract<Type, { kind: "map" }>): ((n: LValue) => LValue) | undefined {
    const e = this.e;
    if (t.key.kind !== "str" || !e.repr.strViews) return undefined;
    if (e.analyses.strings.copies(inst)) return bufferAt(e, inst.dst!);
    return (n) => e.rt("fz_arena_alloc", [n])[0]!;
  }

  /** get, set, has and remove on a runtime map with str keys: the key crosses as a view (fz_map_*_str), the map keeps its own copy. */
  private strKeyOp(inst: Inst, t: Extract<Type, { kind: "map" }>, h: LValue, owned: boolean): void {
    const e = this.e;
    const b = e.b;
    const [, x, y] = inst.args as [ValueId, ValueId, ValueId];
    const key = e.repr.strViews ? e.value(x) : viewOfHandle(e, e.one(x));
    switch (inst.op) {
      case "map.get":
        if (owned) return e.define(inst, this.ownedGet(inst, e.rt("fz_map_get_str", [h, ...key, b.iconst("i64", 0)])[0]!));
        return e.define(inst, fromSlot(e, e.rt("fz_map_get_str", [h, ...key, toSlot(e, y)])[0]!, t.value));
      case "map.set": e.rt("fz_map_set_str", [h, ...key, toSlot(e, y, owned ? "owned" : "interned")]); return;
      case "map.has": return e.define(inst, [b.icmp("ne", e.rt("fz_map_has_str", [h, ...key])[0]!, b.iconst("i32", 0))]);
      case "map.remove": e.rt("fz_map_remove_str", [h, ...key]); return;
    }
  }

  /**
   * m.get(k, default) of a map that owns its str values: the value's bytes
   * copied out, or the default view as it is (a missing key answers NULL,
   * which no handle is, so the default never has to become a handle).
   */
  private ownedGet(inst: Inst, s: LValue): LValue[] {
    const e = this.e;
    const b = e.b;
    const found = b.newBlock(), join = b.newBlock(["ptr", "i64"]);
    const [dp, dn] = e.value(inst.args[2]!) as [LValue, LValue];
    b.brif(b.icmp("eq", s, b.iconst("i64", 0)), { block: join, args: [dp, dn] }, { block: found, args: NO_ARGS });
    b.switchTo(found);
    b.jump(join, fromSlot(e, s, { kind: "str" }, bufferAt(e, inst.dst!)));
    b.switchTo(join);
    return [...b.blockParams(join)];
  }
}
