/**
 * Reuse of a get's probe by the set that follows it (matrix rule
 * map-slot-reuse, family `mapslot`): in `counts[w] = counts[w] + 1`, the
 * map.get passes the found entry's position (or -1) out of its probe, and
 * the map.set of the same key on the same map starts with that position:
 * found, it writes the value at once (no hash compare, no key compare);
 * not found, it probes as before (a new key is the rare case of a counting
 * loop).
 *
 * Why it is sound: the set must follow the get in the same IR block with no
 * map.set or map.remove of that map and no call between (an inline map is
 * local and never escapes, so only its own operations change it; calls are
 * excluded all the same, to keep the argument short). Reads change nothing.
 * A key found by the get is then still at the same position, and its entry
 * address is recomputed from the entry array as loaded after the set's
 * growth check: runtime-c map.c's fz_map_grow keeps the positions (it moves
 * the array and rebuilds only the index), so a growth in between is
 * harmless. The position is a block parameter of the get's join, which
 * dominates the set (see map-hash-memo.ts for why the lowering of one IR
 * block keeps that order).
 */
import type { Inst, ValueId } from "@fzy/ir";
import type { LValue } from "@fzy/lir";
import type { FunctionEmitter } from "./function-emitter.js";

/** Map operations that only read their map. */
const READS: ReadonlySet<string> = new Set(["map.get", "map.has", "map.len", "map.key_at", "map.value_at"]);

/**
 * Each map.get of `insts` whose probe a map.set can reuse, with that set:
 * the first map.set of the same map after the get, when its key is the
 * get's and no call and no other write to the map comes between. One walk
 * backwards, keeping per map the first set ahead with nothing in between.
 */
function followers(insts: readonly Inst[]): Map<Inst, Inst> {
  const pairs = new Map<Inst, Inst>();
  const nextSet = new Map<ValueId, Inst>();
  for (let i = insts.length - 1; i >= 0; i--) {
    const x = insts[i]!;
    const m = x.args[0];
    if (x.op === "map.set") nextSet.set(m!, x);
    else if (x.op.startsWith("call")) nextSet.clear();
    else if (m !== undefined && !READS.has(x.op)) nextSet.delete(m);
    else if (x.op === "map.get") {
      const set = nextSet.get(m!);
      if (set && set.args[1] === x.args[1]) pairs.set(x, set);
    }
  }
  return pairs;
}

/** The positions found by gets, handed to the sets that follow them, for the map lowering of one function. */
export class SlotMemo {
  private readonly found = new Map<Inst, LValue>();
  private enabled: boolean | undefined;
  /** followers() of the IR block being lowered. */
  private pairs: ReadonlyMap<Inst, Inst> = new Map();
  private pairsBlock = -1;

  constructor(private readonly e: FunctionEmitter) {}

  /** The map.set that reuses the probe of `get` (same map, same key, same block, nothing in between that can change the map). */
  follower(get: Inst): Inst | undefined {
    if (!this.reuse()) return undefined;
    if (this.pairsBlock !== this.e.irBlock) {
      this.pairsBlock = this.e.irBlock;
      this.pairs = followers(this.e.func.blocks[this.e.irBlock]!.insts);
    }
    return this.pairs.get(get);
  }

  /** Hand the position found by a get (an i64, -1 when absent) to its follower. */
  remember(set: Inst, pos: LValue): void {
    this.found.set(set, pos);
  }

  /** The position a get found for this set, once. */
  take(set: Inst): LValue | undefined {
    const pos = this.found.get(set);
    this.found.delete(set);
    return pos;
  }

  /** Whether the matrix has a get's probe reused by its set (asked once per function). */
  private reuse(): boolean {
    this.enabled ??= this.e.askUnreported({
      kind: "map-get-set", enabled: this.e.mod.opts.fast.mapslot, escape: "none", mutability: "mutated", constant: false,
    }).form === "slot-reused";
    return this.enabled;
  }
}
