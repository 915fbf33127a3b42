/**
 * A function whose entry block is also a branch target gets a fresh entry
 * block that jumps to it, before anything else reads the function.
 *
 * The call is a way into the entry block that no terminator shows: an
 * analysis that reads "a block's only predecessor" (the range analysis's
 * branch facts, the ownership plan's edge releases) or "the entry block runs
 * once per call" (arena scopes) would be wrong about an entry block that is
 * branched to: its only predecessor's branch fact does not hold on the call,
 * and a release put at its start would run on the call too. With the fresh
 * block every such block has all its ways in as edges. Block k becomes
 * block k + 1; values, variables and instructions are the same objects.
 */
import type { Block, BlockId, Func, Module, Term } from "@fzy/ir";

/** `m` with a fresh entry block in each function whose entry block is branched to; `m` itself when there is none. */
export function detachEntryBlocks(m: Module): Module {
  let functions: Func[] | undefined;
  for (let k = 0; k < m.functions.length; k++) {
    const f = m.functions[k]!;
    if (!entryIsTarget(f)) continue;
    (functions ??= [...m.functions])[k] = withFreshEntry(f);
  }
  return functions ? { ...m, functions } : m;
}

/** Whether a terminator of `f` names block 0. */
export function entryIsTarget(f: Func): boolean {
  for (const b of f.blocks) {
    const t = b.term;
    if (t.op === "jump" && t.target === 0) return true;
    if (t.op === "br" && (t.then === 0 || t.else === 0)) return true;
    if (t.op === "switch" && (t.default === 0 || t.cases.some((c) => c.target === 0))) return true;
  }
  return false;
}

/** `f` with a fresh entry block that jumps to its entry block (now block 1). */
export function withFreshEntry(f: Func): Func {
  const names = new Set(f.blocks.map((b) => b.name));
  let name = "entry";
  for (let k = 1; names.has(name); k++) name = `entry.${k}`;
  const fresh: Block = { name, insts: [], term: { op: "jump", target: 1 as BlockId } };
  return { ...f, blocks: [fresh, ...f.blocks.map((b) => ({ ...b, term: shifted(b.term) }))] };
}

/** `t` with every block it names one later. */
function shifted(t: Term): Term {
  const next = (b: BlockId) => (b + 1) as BlockId;
  switch (t.op) {
    case "jump": return { ...t, target: next(t.target) };
    case "br": return { ...t, then: next(t.then), else: next(t.else) };
    case "switch": return { ...t, cases: t.cases.map((c) => ({ ...c, target: next(c.target) })), default: t.default === null ? null : next(t.default) };
    default: return t;
  }
}
