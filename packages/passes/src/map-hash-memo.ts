/**
 * Reuse of a map key's hash (matrix rule map-hash-reuse, family `maphash`):
 * within one IR block, the inline-table hash of a key value is computed by
 * the first map operation on it and reused by every later one, so
 * `counts[w] = counts[w] + 1` hashes `w` once, not twice.
 *
 * Why it is sound: the hash (lower-maps.ts, FxHash without a seed) depends
 * only on the key's bytes, the same for every map and every call; IR values
 * are SSA and strings are immutable, so one key value has one hash. Why the
 * remembered value may be used: the lowering of one IR block is straight
 * line at the IR level, and each instruction's lowered code is entered at
 * the current position and left at a block every path from that position
 * reaches (cold panic paths do not return), and the probe hashes before its
 * first branch, so the value computed for an earlier instruction of the
 * block dominates every later one. Nothing is
 * carried across IR blocks (the memo forgets when the block changes), which
 * keeps the argument local; only keys whose hash is a loop over bytes (str
 * views) are remembered, an integer key's hash is one multiply the
 * optimizer's value numbering already shares.
 */
import type { BlockId, ValueId } from "@fzy/ir";
import type { LValue } from "@fzy/lir";
import type { FunctionEmitter } from "./function-emitter.js";

/** The hashes of the current IR block's keys, for the map lowering of one function. */
export class KeyHashMemo {
  private block: BlockId | undefined;
  private readonly hashes = new Map<ValueId, LValue>();
  private enabled: boolean | undefined;

  constructor(private readonly e: FunctionEmitter) {}

  /** The hash of key k: the one computed earlier in this IR block, else `compute()` (remembered where the matrix allows). */
  hash(k: ValueId, compute: () => LValue): LValue {
    if (!this.reuse()) return compute();
    if (this.block !== this.e.irBlock) {
      this.block = this.e.irBlock;
      this.hashes.clear();
    }
    const known = this.hashes.get(k);
    if (known) return known;
    const h = compute();
    this.hashes.set(k, h);
    return h;
  }

  /** Whether the matrix has key hashes reused (asked once per function). */
  private reuse(): boolean {
    this.enabled ??= this.e.askUnreported({
      kind: "map-key-hash", enabled: this.e.mod.opts.fast.maphash, escape: "none", mutability: "immutable", constant: false,
    }).form === "hash-reused";
    return this.enabled;
  }
}
