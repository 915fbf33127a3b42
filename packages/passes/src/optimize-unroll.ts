/**
 * Full unrolling of small counted inner loops on the lowered form (fast-path
 * family `unroll`, matrix rule unroll-small). Cranelift unrolls nothing, so
 * a loop of a few constant trips keeps its compare, branch and counter
 * increment per trip there; written out as straight-line copies with the
 * counter a constant in each, the fold that follows removes the tests and
 * folds the counter's uses (addresses, bounds checks on constant indices).
 *
 * A loop is unrolled only where the copies are provably the same program:
 *  - it is innermost (no other loop header in its body) and is entered by
 *    one edge (one outside predecessor, with one edge to the header: a jump
 *    or, once jump threading ran, one arm of a branch);
 *  - its header ends in `brif` on `icmp cc i, C` (or `C, i`) with one edge
 *    into the loop and one out of it, `i` a header parameter and `C` a
 *    constant; the entry edge passes a constant for `i`, and the one back edge
 *    (one edge of the one latch) passes `iadd i, 1`: the counter changes
 *    nowhere else, so its value in trip k is start + k (wrapped to its
 *    width) and the trip count is found by evaluating the test on it;
 *  - the body has no call; it leaves the loop only through the header test
 *    or into cold blocks ending in `trap` (panic paths) reached from the
 *    loop only; those are copied with the body, so a panic happens in the
 *    same trip with the same operands;
 *  - outside the loop only values of the header are used (the last header
 *    copy's values replace them: the exit is reached from it alone).
 * The matrix gets the trip count and the body's size and decides.
 *
 * The copies: trip k is the header (its parameters replaced by what trip
 * k-1's back edge or the entry edge passed, the counter by a constant, its
 * test by a jump into the body), the body blocks and their cold blocks; a
 * last header copy jumps to the exit. Trip 0 reuses the loop's own blocks
 * and values (names kept); the others are appended. Loops are the natural
 * loops of optimize-licm.ts; one analysis, kept valid through the
 * unrollings, serves the whole pass (optimize-unroll-analysis.ts).
 * It runs after licm, so hoisted invariants are neither counted nor copied.
 *
 * Measured (conformance/README.md, "Unrolling small counted inner loops"):
 * no kernel has such a loop; on conformance/modules/loop_invariants, bound
 * by a division and a chain of remainders, neutral through Cranelift and a
 * few percent faster through LLVM.
 */
import { bitWidth, edge as edgeOf, edgeAt, edgeCount, iconstInst, jumpTerm, type LBlockId, type LEdge, type LInst, type LIntCC, type LIntType, type LType, type LValue } from "@fzy/lir";
import { canonical, compareAs, foldCompare } from "./optimize-constants.js";
import type { Decision, MatrixInput } from "./eligibility.js";
import { findLoops, type LoopForest } from "./optimize-licm.js";
import { type EntryFirstConstants, intConstants } from "./optimize-int-constants.js";
import { Scratch } from "./optimize-scratch.js";
import { everyUse, instDef, type MBlock, mapInstUses, mapTermEdges, mapTermUses, type MFunction } from "./optimize-ir.js";
import { copyInst, CopyMap, fillCopyMap } from "./optimize-unroll-copy.js";
import { everyTermUse } from "./optimize-uses.js";
import { allPreds, Analysis, defsOf, type LoopBlocks, onlyEdgeTo, onlyPred, type Preds } from "./optimize-unroll-analysis.js";
import { NO_ARGS } from "./block-variables.js";

/** Asks the matrix about one loop (the function optimizer's `Ask`). */
export type UnrollAsk = (subject: string, input: Omit<MatrixInput, "mode">) => Decision;

const INNER = new Scratch();

/** Trips simulated at most to find a trip count: far beyond any unrolling, small enough to stay cheap. */
const COUNT_LIMIT = 1024;

/** A loop that passed every check of the file header, with what its copies need. */
interface Counted {
  readonly header: LBlockId;
  /** The block whose one edge enters the loop. */
  readonly pre: LBlockId;
  /** The loop's blocks and the cold trap blocks copied with them: the header first, the rest in block order. */
  readonly region: readonly LBlockId[];
  /** Which header parameter is the counter, its value in the first trip (trip k has start + k, wrapped), the trip count, its value after the last. */
  readonly counter: number;
  readonly start: bigint;
  readonly trips: number;
  readonly after: bigint;
  /** The header's edge into the body and out of the loop. */
  readonly inEdge: LEdge;
  readonly exitEdge: LEdge;
  /** Instructions plus terminators of the loop's own blocks (cold blocks not counted). */
  readonly insts: number;
}

/** Unroll what the matrix allows; whether anything changed. One analysis serves every unrolling (optimize-unroll-analysis.ts). */
export function unrollSmallLoops(m: MFunction, ask: UnrollAsk, forest: LoopForest | undefined = findLoops(m)): boolean {
  if (!forest) return false;
  const a = new Analysis(m, forest), refused = new Set<LBlockId>();
  let changed = false;
  for (let loop = nextUnrolled(m, ask, refused, a); loop; loop = nextUnrolled(m, ask, refused, a)) {
    unroll(m, loop, a);
    changed = true;
  }
  return changed;
}

/**
 * The first innermost counted loop (in block order) not refused before that
 * the matrix lets unroll; the loops it refuses join `refused`. A refusal
 * changes nothing, so one analysis serves every loop up to the one unrolled.
 * The loops are taken in block order from those the analysis still offers:
 * a loop that fails a check is offered again only once an unrolling changed
 * what the check reads (Analysis.noteUnrolled), so each call looks at the
 * loops it did not look at before and those, not every loop again.
 */
function nextUnrolled(m: MFunction, ask: UnrollAsk, refused: Set<LBlockId>, a: Analysis): Counted | undefined {
  const dom = a;
  // The integer constants, made on the first loop whose header has the counted shape (most loops have not).
  let consts: EntryFirstConstants | undefined;
  const konst = () => (consts ??= intConstants(m));
  for (let h = a.nextOffered(); h !== undefined; h = a.nextOffered()) {
    // Innermost: no loop nested in it (another header in its body would head one) but unrolled ones.
    if (refused.has(h) || a.unrolled.has(h) || !a.innermost(h)) continue;
    const body = a.body(h);
    const outside = onlyPred(dom, h, (p) => !body.has(p) && dom.isReachable(p));
    const pre = outside !== undefined && onlyEdgeTo(m.blocks[outside]!.term, h) ? outside : undefined;
    const loop = pre === undefined ? undefined : counted(m, h, pre, body, a, konst);
    if (!loop) continue;
    const d = ask(`loop at block ${loop.header} of ${m.base.name}`, {
      kind: "counted-loop", enabled: true, escape: "none", mutability: "mutated", constant: true, insts: loop.insts, trips: loop.trips,
    });
    if (d.form === "unrolled") return loop;
    refused.add(loop.header);
  }
  return undefined;
}

/** The loop at `h` as a counted loop, or undefined when one of the checks fails (the cheap shape checks first). */
function counted(
  m: MFunction, h: LBlockId, pre: LBlockId, body: LoopBlocks, a: Analysis, konst: () => EntryFirstConstants,
): Counted | undefined {
  const preds: Preds = a;
  const hb = m.blocks[h]!, term = hb.term;
  if (term.op !== "brif") return undefined;
  const thenIn = body.has(term.then.block);
  if (thenIn === body.has(term.else.block)) return undefined;
  const latch = onlyPred(preds, h, (p) => body.has(p));
  if (latch === undefined || latch === h) return undefined;
  const back = onlyEdgeTo(m.blocks[latch]!.term, h);
  if (!back) return undefined;
  // The test is defined in the header (every value has one definition).
  const cmp = hb.insts.find((i) => instDef(i) === term.cond);
  if (cmp?.op !== "icmp") return undefined;
  const aParam = hb.params.includes(cmp.a), bParam = hb.params.includes(cmp.b);
  if (!aParam && !bParam) return undefined;
  const consts = konst();
  // Where a bound or start not in the entry block is mostly defined: read first, the search reads no further.
  consts.readBlock(pre);
  consts.readBlock(h);
  const onLeft = aParam && consts.has(cmp.b);
  if (!onLeft && !(bParam && consts.has(cmp.a))) return undefined;
  const param = onLeft ? cmp.a : cmp.b, counter = hb.params.indexOf(param), t = m.types[param]!;
  const start = consts.get(entryEdge(m, pre, h).args[counter]!);
  if (start === undefined) return undefined;
  const step = definitionIn(m, body, back.args[counter]!);
  if (step?.op !== "binary" || step.kind !== "iadd") return undefined;
  if (!((step.a === param && consts.get(step.b) === 1n) || (step.b === param && consts.get(step.a) === 1n))) return undefined;
  const bound = consts.get(onLeft ? cmp.b : cmp.a)!;
  // The counter's value in trip k is start + k: the trips are those whose test stays true.
  const trips = tripCount(t, start, cmp.cc, bound, onLeft, thenIn);
  const [inEdge, exitEdge] = thenIn ? [term.then, term.else] : [term.else, term.then];
  // The checks that read the whole function come last, for the loops of the right shape only.
  const region = trips !== undefined && loopRegion(m, h, body, preds);
  if (!region || region.includes(exitEdge.block) || !outsideUsesOnlyHeader(m, h, region, a)) return undefined; // (a panic path shared by the test and the body)
  let insts = 0;
  for (const b of body) insts += m.blocks[b]!.insts.length + 1;
  const first = canonical(t, start);
  return { header: h, pre, region, counter, start: first, trips: trips!, after: canonical(t, first + BigInt(trips!)), inEdge, exitEdge, insts };
}

/**
 * How many trips run: the counter takes start, start + 1, ... (wrapped to
 * `t`) while `counter cc bound` (`bound cc counter` when not `onLeft`) is
 * `thenIn`; undefined past COUNT_LIMIT trips. Types of at
 * most 32 bits with a bound in their range count in doubles (exact there):
 * a loop of hundreds of trips is counted for every loop the matrix then
 * keeps, and BigInt steps made that a visible share of the optimizer.
 * The usual test, `counter < bound` (slt or ult) while true, is not
 * stepped at all: the counter cannot wrap below the bound.
 */
export function tripCount(t: LType, start: bigint, cc: LIntCC, bound: bigint, onLeft: boolean, thenIn: boolean): number | undefined {
  const w = t === "bool" ? 64 : bitWidth(t);
  if (onLeft && thenIn && (cc === "slt" || cc === "ult") && t !== "bool" && canonical(t, bound) === bound) {
    const unsigned = cc === "ult", from = unsigned ? BigInt.asUintN(w, canonical(t, start)) : canonical(t, start), to = unsigned ? BigInt.asUintN(w, bound) : bound;
    const n = from < to ? to - from : 0n;
    return n > BigInt(COUNT_LIMIT) ? undefined : Number(n);
  }
  if (w <= 32 && canonical(t, bound) === bound) return smallTripCount(w, Number(canonical(t, start)), cc, Number(bound), onLeft, thenIn);
  let n = 0;
  for (let i = canonical(t, start); foldCompare(cc, t, onLeft ? i : bound, onLeft ? bound : i) === thenIn; i = canonical(t, i + 1n)) {
    if (n >= COUNT_LIMIT) return undefined;
    n++;
  }
  return n;
}

/** tripCount for a `w`-bit counter (w <= 32) and bound, as signed doubles (foldCompare's comparisons on them). */
function smallTripCount(w: number, start: number, cc: LIntCC, bound: number, onLeft: boolean, thenIn: boolean): number | undefined {
  const sh = 32 - w;
  const signed = (x: number) => (x << sh) >> sh;
  const unsigned = (x: number) => (sh === 0 ? x >>> 0 : x & ((1 << w) - 1));
  const test = (a: number, b: number): boolean => compareAs(cc, a, b, unsigned(a), unsigned(b));
  let n = 0;
  for (let i = start; test(onLeft ? i : bound, onLeft ? bound : i) === thenIn; i = signed(i + 1)) {
    if (n >= COUNT_LIMIT) return undefined;
    n++;
  }
  return n;
}

/**
 * The loop's blocks plus the cold trap blocks it branches to (each reached
 * from the loop only): the header first, the rest in block order; undefined
 * when the body calls or leaves the loop any other way.
 */
function loopRegion(m: MFunction, h: LBlockId, body: LoopBlocks, preds: Preds): LBlockId[] | undefined {
  // The body's blocks but the header, then the cold ones (outside the body, so none is both; one reached twice is listed twice until the sort).
  const rest: LBlockId[] = [];
  let bodyBlocks = 0;
  for (const b of body) {
    const blk = m.blocks[b]!, insts = blk.insts;
    for (let k = 0; k < insts.length; k++) {
      const op = insts[k]!.op;
      if (op === "call" || op === "call_indirect") return undefined;
    }
    if (b === h) continue;
    rest.push(b);
    bodyBlocks++;
  }
  for (let x = 0; x < bodyBlocks; x++) {
    const t = m.blocks[rest[x]!]!.term;
    for (let k = 0, n = edgeCount(t); k < n; k++) {
      const s = edgeAt(t, k).block;
      if (body.has(s)) continue;
      const c = m.blocks[s]!;
      if (!c.cold || c.term.op !== "trap" || !allPreds(preds, s, (p) => body.has(p))) return undefined;
      rest.push(s);
    }
  }
  rest.sort((a, b) => a - b);
  // Each block once (a cold block reached from several: adjacent once sorted), after the header.
  let kept = 0;
  for (let x = 0; x < rest.length; x++) if (x === 0 || rest[x] !== rest[x - 1]) rest[kept++] = rest[x]!;
  rest.length = kept;
  rest.unshift(h);
  return rest;
}

/**
 * Whether the blocks outside `region` (a counted loop's, as loopRegion
 * found it) use, of the values `region` defines, only the header's. Only
 * blocks no path from the entry reaches are read: in a reachable block
 * every use is dominated by its definition (the lowered form's rule F4),
 * and a reachable block outside the region is reached without passing a
 * region block other than the header (the region is entered through the
 * header and left through its test or a trap), so none of those blocks
 * dominates it. Most functions have no unreachable block: no pass at all.
 */
function outsideUsesOnlyHeader(m: MFunction, h: LBlockId, region: readonly LBlockId[], a: Analysis): boolean {
  if (!a.hasUnreached()) return true;
  const dom = a.forest.dom; // (blocks appended since the analysis are not read)
  const inner = INNER.take(m.types.length, 0);
  for (const b of region) {
    if (b === h) continue;
    const blk = m.blocks[b]!;
    for (const p of blk.params) inner[p] = 1;
    for (const i of blk.insts) {
      if (i.op === "call" || i.op === "call_indirect") for (const d of i.dsts) inner[d] = 1;
      else if (i.op !== "store") inner[i.dst] = 1;
    }
  }
  const outer = (v: LValue): boolean => inner[v] !== 1;
  for (let b = 0; b < a.blocks; b++) {
    const blk = m.blocks[b]!;
    if (blk.dead || dom.isReachable(b as LBlockId)) continue; // (every region block is reachable, and so is every block appended since the analysis)
    for (const i of blk.insts) if (!everyUse(i, outer)) return false;
    if (!everyTermUse(blk.term, outer)) return false;
  }
  return true;
}

/** Write the loop out as straight-line copies (see the file header). */
function unroll(m: MFunction, loop: Counted, a: Analysis): void {
  const uses = a.headerUses(); // (made before the loop's blocks are replaced: the header's values are those of the original)
  const h = loop.header, n = loop.trips, size = loop.region.length;
  const originals = loop.region.map((b) => m.blocks[b]!);
  const first = m.blocks.length;
  // Copy k of region block x: copy 0 is the block itself, the others are appended; then the last header.
  const blockOf = (k: number, x: number) => (k === 0 ? loop.region[x]! : first + (k - 1) * size + x) as LBlockId;
  const lastHeader = (n === 0 ? h : first + (n - 1) * size) as LBlockId;
  let incoming: readonly LValue[] = entryEdge(m, loop.pre, h).args;
  m.blocks[loop.pre]!.term = mapTermEdges(m.blocks[loop.pre]!.term, (e) => (e.block === h ? edgeOf(h, NO_ARGS) : e));
  const made: MBlock[] = [];
  // One map serves every copy: each sets the same values (the region's definitions, the header's parameters).
  const map = new CopyMap(m.types.length), val = map.val;
  for (let k = 0; k <= n; k++) {
    fillCopyMap(m, originals, k === 0, map);
    const counter = m.fresh(m.types[originals[0]!.params[loop.counter]!]!);
    originals[0]!.params.forEach((p, j) => map.set(p, j === loop.counter ? counter : incoming[j]!));
    const head = iconstInst(counter, m.types[counter] as LIntType | "bool", k < n ? canonical(m.types[counter]!, loop.start + BigInt(k)) : loop.after);
    const copy = (blk: MBlock, x: number): MBlock => ({
      params: x === 0 ? [] : blk.params.map(val),
      insts: [...(x === 0 ? [head] : []), ...blk.insts.map((i) => copyInst(i, val))],
      term: blk.term, cold: blk.cold, dead: false,
    });
    if (k === n) {
      const last = copy(originals[0]!, 0);
      last.term = mapTermUses(jumpTerm(loop.exitEdge), val);
      if (n === 0) m.blocks[h] = last;
      else made.push(last);
      break;
    }
    const copies = originals.map(copy);
    copies[0]!.term = jumpTerm(loop.inEdge);
    let next: readonly LValue[] = [];
    const edge = (e: LEdge): LEdge => {
      if (e.block === h) {
        next = e.args;
        return edgeOf(k + 1 < n ? blockOf(k + 1, 0) : lastHeader, NO_ARGS);
      }
      const x = loop.region.indexOf(e.block);
      return edgeOf(x >= 0 ? blockOf(k, x) : e.block, e.args);
    };
    for (const c of copies) c.term = mapTermEdges(mapTermUses(c.term, val), edge);
    incoming = next;
    copies.forEach((c, x) => { if (k === 0) m.blocks[loop.region[x]!] = c; else made.push(c); });
  }
  // With no trip, the body is never entered.
  const killed = n === 0 ? loop.region.filter((b) => b !== h) : [];
  for (const b of killed) m.blocks[b]!.dead = true;
  // Outside the loop, the header's values are the last header copy's (the exit is reached from it alone).
  const outside = val; // (the last copy's map)
  const users = new Set<LBlockId>();
  const inRegion = new Set<number>(loop.region);
  const header = originals[0]!;
  const noteUsers = (v: LValue) => { for (const b of uses.usersOf(v)) if (!inRegion.has(b) && !m.blocks[b]!.dead) users.add(b); };
  header.params.forEach(noteUsers);
  for (const i of header.insts) defsOf(i).forEach(noteUsers);
  for (const b of users) {
    const blk = m.blocks[b]!;
    // In place: most instructions read no header value and stay as they are (the list is the optimizer's own).
    const insts = blk.insts;
    for (let k = 0; k < insts.length; k++) insts[k] = mapInstUses(insts[k]!, outside);
    blk.term = mapTermUses(blk.term, outside);
  }
  if (n > 0) a.renamePred(loop.exitEdge.block, h, lastHeader);
  const appended = m.blocks.length;
  m.blocks.push(...made);
  a.noteUnrolled(h, appended, m.blocks.length, killed);
  a.offerAgain(h, loop.pre, loop.exitEdge.block, users);
  // Every block rewritten or made here may use other loops' header values anew.
  for (const b of users) uses.record(b);
  for (const b of loop.region) uses.record(b);
  for (let b = appended; b < m.blocks.length; b++) uses.record(b as LBlockId);
}

/** The edge of `pre` into the loop header `h` (there is one). */
function entryEdge(m: MFunction, pre: LBlockId, h: LBlockId): LEdge {
  const t = m.blocks[pre]!.term;
  let k = 0;
  while (edgeAt(t, k).block !== h) k++;
  return edgeAt(t, k);
}

/** The instruction of `body` defining `v`, if any. */
function definitionIn(m: MFunction, body: LoopBlocks, v: LValue): LInst | undefined {
  for (const b of body) for (const i of m.blocks[b]!.insts) if (instDef(i) === v) return i;
  return undefined;
}
