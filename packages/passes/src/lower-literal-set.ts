/**
 * Equality against a set of literals dispatches on the length first.
 *
 * A chain of blocks `if s == "time" ... else if s == "rng" ... else ...`
 * (each test a str.eq of one string value against a literal, each link
 * reached only from the previous one, nothing else in the links) is one
 * multi-way branch: the lowering switches on the view's length (a jump table
 * or tree, as the matrix decides for any match) and compares only the
 * literals of that length, by wide loads (lower-literal-bytes.ts). The tests are pure and at most one
 * literal can equal the string (the first of equal literals wins), so their
 * order cannot be observed.
 */
import type { BlockId, Func, Inst, ValueId } from "@fzy/ir";
import type { FunctionEmitter } from "./function-emitter.js";
import { literalBytesEqual } from "./lower-literal-bytes.js";
import { type Arm, dispatch } from "./lower-switch.js";
import { countUses, type UseCounts } from "./use-counts.js";
import type { LEdge, LValue } from "@fzy/lir";
import { NO_ARGS } from "./block-variables.js";

/** The one UTF-8 encoder of literals (stateless, so shared). */
const UTF8 = new TextEncoder();

export interface LiteralChain {
  /** The string tested. */
  readonly subject: ValueId;
  /** Literals in test order with the block taken when equal. */
  readonly tests: readonly { readonly lit: Uint8Array; readonly target: BlockId }[];
  /** Where control goes when no literal matches. */
  readonly otherwise: BlockId;
  /** The links after the head: their code is subsumed by the dispatch. */
  readonly links: readonly BlockId[];
}

/** The chains of a function without any (shared, never written). */
export const NO_CHAINS: ReadonlyMap<BlockId, LiteralChain> = new Map();

/** Whether some block closes with `str.eq` and `br`, as a chain's head does (an indexed loop: asked of every function). */
function mayHeadChain(func: Func): boolean {
  for (let k = 0; k < func.blocks.length; k++) {
    const b = func.blocks[k]!;
    if (b.term.op === "br" && b.insts.length > 0 && b.insts[b.insts.length - 1]!.op === "str.eq") return true;
  }
  return false;
}

/** What the chain search reads of its function besides the blocks, when the lowering has it already (FunctionEmitter). */
export interface ChainFacts {
  /** The instruction defining each value, by value id. */
  readonly defInst: readonly (Inst | undefined)[];
  /** How many times each value is used. */
  useCounts(): UseCounts;
}

/**
 * Chains by head block. `accept(n)` says whether a chain of `n` tests is
 * dispatched by length (the matrix's literal-set rules); a chain it refuses
 * keeps its tests, and its links may head chains of their own. `facts`:
 * the function's definitions and use counts as the lowering keeps them
 * (made here when not given).
 */
export function findLiteralChains(
  func: Func, preds: readonly (readonly BlockId[])[], accept: (tests: number) => boolean, facts?: ChainFacts,
): ReadonlyMap<BlockId, LiteralChain> {
  // Every chain's head closes with `str.eq` and `br`: most functions have none, and need no use counts.
  if (!mayHeadChain(func)) return NO_CHAINS;
  const def = facts ? facts.defInst : definitions(func);
  const uses = facts ? facts.useCounts() : countUses(func);
  const literal = (v: ValueId): Uint8Array | undefined => {
    const d = def[v];
    return d?.op === "str.lit" && d.imm.kind === "str" ? UTF8.encode(d.imm.value) : undefined;
  };
  /** The test closing block b: `%e = str.eq %s, LIT` as its last instruction, used once, by `br %e`. */
  const testOf = (b: BlockId): { subject: ValueId; lit: Uint8Array; then: BlockId; else: BlockId } | undefined => {
    const blk = func.blocks[b]!;
    const t = blk.term;
    const last = blk.insts[blk.insts.length - 1];
    if (t.op !== "br" || !last || last.op !== "str.eq" || last.dst !== t.cond || uses.get(t.cond) !== 1) return undefined;
    const [x, y] = last.args as [ValueId, ValueId];
    const lx = literal(x), ly = literal(y);
    if (ly) return { subject: x, lit: ly, then: t.then, else: t.else };
    if (lx) return { subject: y, lit: lx, then: t.then, else: t.else };
    return undefined;
  };
  /** A link holds only its literal (used only by its test) and the test. */
  const pureLink = (b: BlockId): boolean =>
    func.blocks[b]!.insts.every((i, k, all) => k === all.length - 1 || (i.op === "str.lit" && uses.get(i.dst!) === 1));

  const chains = new Map<BlockId, LiteralChain>();
  const inChain = new Set<BlockId>();
  // walkedFrom[b] = h + 1 once the chain from head h has taken b (a chain ends where it would come back).
  const walkedFrom = new Int32Array(func.blocks.length);
  for (let h = 0 as BlockId; h < func.blocks.length; h++) {
    if (inChain.has(h)) continue;
    const first = testOf(h);
    if (!first) continue;
    const tests = [{ lit: first.lit, target: first.then }];
    const links: BlockId[] = [];
    walkedFrom[h] = h + 1;
    let next = first.else;
    for (;;) {
      const t = testOf(next);
      if (!t || t.subject !== first.subject || preds[next]!.length !== 1 || walkedFrom[next] === h + 1 || !pureLink(next)) break;
      walkedFrom[next] = h + 1;
      links.push(next);
      tests.push({ lit: t.lit, target: t.then });
      next = t.else;
    }
    if (!accept(tests.length)) continue;
    chains.set(h, { subject: first.subject, tests, otherwise: next, links });
    for (const l of links) inChain.add(l);
  }
  return chains;
}

/** Definitions by value id (dense: every value of the function is numbered). */
function definitions(func: Func): (Inst | undefined)[] {
  const def: (Inst | undefined)[] = new Array(func.values.length).fill(undefined);
  for (const b of func.blocks) for (const i of b.insts) if (i.dst !== null) def[i.dst] = i;
  return def;
}

/** The dispatch that replaces a chain's tests, emitted as the head block's terminator. */
export function lowerLiteralChain(e: FunctionEmitter, c: LiteralChain): void {
  const b = e.b;
  const [p, len] = e.value(c.subject) as [LValue, LValue];
  const byLength = new Map<number, { lit: Uint8Array; target: BlockId }[]>();
  const seen = new Set<string>();
  for (const t of c.tests) {
    const key = Buffer.from(t.lit).toString("hex");
    if (seen.has(key)) continue;
    seen.add(key);
    if (!byLength.has(t.lit.length)) byLength.set(t.lit.length, []);
    byLength.get(t.lit.length)!.push(t);
  }
  const otherwise: LEdge = e.vars.edge(c.otherwise);
  const arms: Arm[] = [];
  const here = b.currentBlock;
  for (const [n, group] of byLength) {
    const blk = b.newBlock();
    arms.push({ value: BigInt(n), edge: { block: blk, args: NO_ARGS } });
    b.switchTo(blk);
    for (const t of group) {
      const next = b.newBlock();
      b.brif(literalBytesEqual(e, p, t.lit), e.vars.edge(t.target), { block: next, args: NO_ARGS });
      b.switchTo(next);
    }
    b.jumpAlong(otherwise);
  }
  b.switchTo(here);
  dispatch(e, `literal set of ${c.tests.length} in block ${e.blockName()} (by length)`, len, 64, arms, otherwise);
}
