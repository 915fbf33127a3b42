/**
 * One lowered function as a CLIF `function` block: the signature (always
 * `system_v`, since C and the harness call these functions), the preamble,
 * then the blocks in their lowered order with block parameters.
 *
 * Cranelift's verifier forbids any reference to the entry block, but the
 * lowered form may branch back to blocks[0] (a loop at the top of a
 * function). Such a function gets a fresh entry block that takes the
 * arguments and jumps to blocks[0]. The entry block is never marked cold
 * (also a verifier rule).
 *
 * Lines are written as bytes to the module's TextOut. A function that may
 * declare entities writes its body to a scratch TextOut first and moves it
 * behind its first line and preamble, which are known only once the body
 * has numbered those entities.
 */
import { CompareBlock, edgeAt, edgeCount, type LBlock, type LBlockId, type LFunction, type LTerm, type LValue, type TextOut } from "@fzy/lir";
import { printCompareBlock } from "./compare-block.js";
import { NO_LINE, printInst, printTerm } from "./instructions.js";
import type { FunctionReaders } from "./readers.js";
import { printSwitch } from "./switch-tree.js";
import { type Callee, type FunctionScope, type ModuleScope, writeFunctionHead } from "./scope.js";
import { type ClifType, clifType, INDENT } from "./spelling.js";

export { INDENT } from "./spelling.js";

/** True when an edge of terminator `t` targets the function's first block. */
function targetsEntry(t: LTerm): boolean {
  switch (t.op) {
    case "jump": return t.target.block === 0;
    case "brif": return t.then.block === 0 || t.else.block === 0;
    case "br_table": case "switch": {
      if (t.default.block === 0) return true;
      const targets = t.targets;
      for (let k = 0; k < targets.length; k++) if (targets[k]!.block === 0) return true;
      return false;
    }
    case "return": case "trap": return false;
  }
}

/** `: T` after a block parameter, per CLIF type. */
const PARAM_TYPE: Readonly<Record<ClifType, string>> = { i8: ": i8", i16: ": i16", i32: ": i32", i64: ": i64", f32: ": f32", f64: ": f64" };

/** Writes the rest of a block's header line after `blockN`: `(v1: i32, v2: i64) cold:`. */
function blockHeader(s: FunctionScope, params: readonly LValue[], cold: boolean): void {
  const w = s.w;
  for (let i = 0; i < params.length; i++) {
    w.named(i ? ", v" : "(v", s.id(params[i]!));
    w.s(PARAM_TYPE[s.clifTypeOf(params[i]!)]);
  }
  w.s(params.length ? (cold ? ") cold:" : "):") : cold ? " cold:" : ":");
}

/** Arrays the block-order search reuses from one function to the next (grown to the largest function). */
export class OrderScratch {
  /** Per block, the mark of the last search that reached it: each search has a new mark, so nothing is cleared between them. */
  seen = new Int32Array(16);
  post = new Int32Array(16);
  stackBlock = new Int32Array(16);
  stackEdge = new Int32Array(16);
  order = new Int32Array(16);
  private mark = 0;

  /** Makes every array hold at least `n` entries; returns the mark of the blocks the new search reaches. */
  fit(n: number): number {
    if (this.seen.length < n) {
      const size = Math.max(n, this.seen.length * 2);
      this.seen = new Int32Array(size);
      this.post = new Int32Array(size);
      this.stackBlock = new Int32Array(size);
      this.stackEdge = new Int32Array(size);
      this.order = new Int32Array(size);
    }
    if (this.mark === 0x7fff_ffff) {
      this.seen.fill(0);
      this.mark = 0;
    }
    return ++this.mark;
  }
}

/** Checks that the entry block takes the function's parameters. */
function checkEntry(f: LFunction): void {
  if (f.blocks.length === 0) throw new Error(`lower-cranelift: function ${f.name} has no blocks`);
  const ps = f.blocks[0]!.params;
  let ok = ps.length === f.params.length;
  for (let i = 0; ok && i < ps.length; i++) ok = clifType(f.valueTypes[ps[i]!]!) === clifType(f.params[i]!);
  if (!ok) throw new Error(`lower-cranelift: entry block parameters of ${f.name} do not match its signature`);
}

/** What `plan` found: the function may declare entities (so it has a preamble). */
const DECLARES = 1;
/** What `plan` found: an edge targets the first block (so a fresh entry block jumps to it). */
const ENTRY_TARGETED = 2;

/**
 * Registers the casts between ptr and i64 of block `b`, which are
 * identities (a use may be printed before its definition's block), and
 * returns DECLARES when one of its instructions declares an entity.
 */
function scanBlock(b: LBlock, s: FunctionScope): number {
  // A compare block holds an iconst and an icmp (read off its fields: its insts would be made).
  if (b instanceof CompareBlock) return 0;
  let found = 0;
  const insts = b.insts;
  for (let k = 0; k < insts.length; k++) {
    const inst = insts[k]!;
    switch (inst.op) {
      case "convert":
        if (inst.kind === "ptr_to_int" || inst.kind === "int_to_ptr") s.alias(inst.dst, inst.src);
        break;
      case "call": case "call_indirect": case "func_addr": case "symbol_addr": case "opaque":
        found |= DECLARES;
        break;
      default:
    }
  }
  return found;
}

/**
 * One pass over the function before printing: the print order (the first
 * blocks.length entries of `scratch.order`), and each block's instructions
 * scanned as it is first reached (scanBlock). Returns DECLARES when the
 * function can have a preamble (stack slots, or an instruction that
 * declares an entity) and ENTRY_TARGETED when an edge targets its first
 * block.
 *
 * The order is the blocks in reverse postorder from the entry, then the
 * unreachable ones in their own order. cranelift-reader infers an
 * instruction's type from an operand only if it has already read that
 * operand's definition; in reverse postorder every block comes after the
 * blocks that dominate it, so every definition precedes its uses in the
 * text. An iterative depth-first search over the terminators' edges (no
 * successor lists built), in arrays reused between functions.
 */
function plan(f: LFunction, s: FunctionScope, scratch: OrderScratch): number {
  const blocks = f.blocks, n = blocks.length;
  let found = (f.slots.length > 0 ? DECLARES : 0) | scanBlock(blocks[0]!, s);
  const mark = scratch.fit(n);
  const { seen, post, stackBlock, stackEdge, order } = scratch;
  let top = 0, count = 0;
  stackBlock[0] = 0;
  stackEdge[0] = 0;
  seen[0] = mark;
  while (top >= 0) {
    const b = stackBlock[top]!;
    const k = stackEdge[top]!;
    const next = successor(blocks[b]!, k);
    if (next !== NO_SUCCESSOR) {
      stackEdge[top] = k + 1;
      if (!(next >= 0 && next < n)) throw new Error(`lower-cranelift: block${next} is not a block of ${f.name}`);
      if (next === 0) found |= ENTRY_TARGETED;
      else if (seen[next] !== mark) {
        seen[next] = mark;
        found |= scanBlock(blocks[next]!, s);
        top++;
        stackBlock[top] = next;
        stackEdge[top] = 0;
      }
    } else {
      post[count++] = b;
      top--;
    }
  }
  for (let i = 0; i < count; i++) order[i] = post[count - 1 - i]!;
  for (let i = 0; i < n; i++) {
    if (seen[i] === mark) continue;
    order[count++] = i;
    found |= scanBlock(blocks[i]!, s);
    if (targetsEntry(blocks[i]!.term)) found |= ENTRY_TARGETED;
  }
  return found;
}

/** What successor() returns past a block's last edge (no block has this number). */
const NO_SUCCESSOR = -1;

/** The target of edge `k` of block `b` (in termEdges' order), or NO_SUCCESSOR past its last. */
function successor(b: LBlock, k: number): number {
  // A compare block's edges are its fields (its term would be made at each read).
  if (b instanceof CompareBlock) return k === 0 ? b.thenBlock : k === 1 ? b.elseBlock : NO_SUCCESSOR;
  const t = b.term;
  return k < edgeCount(t) ? edgeAt(t, k).block : NO_SUCCESSOR;
}

/** What printing the functions of one module shares (reused from one function to the next). */
export interface FunctionPrinter {
  readonly module: ModuleScope;
  readonly out: TextOut;
  /** Where a body goes when the preamble must be written before it (empty between functions). */
  readonly scratch: TextOut;
  readonly scope: FunctionScope;
  readonly readers: FunctionReaders;
  readonly order: OrderScratch;
}

/**
 * Writes function `f` (the module's function `callee`) to `p.out`: an
 * empty line, then its lines, each ending in a newline. When the function
 * may declare entities, its body goes to `p.scratch` first, since the
 * preamble comes before it but is known only once the body is written.
 */
export function printFunction(p: FunctionPrinter, f: LFunction, callee: Callee): void {
  checkEntry(f);
  const { module, out, scratch, readers } = p;
  const s = p.scope;
  s.begin(f, scratch);
  readers.begin(f);
  const found = plan(f, s, p.order);
  const body = found & DECLARES ? scratch : out;
  if (body === out) {
    writeFunctionHead(out, module, callee);
    out.nl();
    s.w = out;
  }

  // A block's last line (its terminator) is ended by what follows it: the next block's header, which starts with that newline and the empty line between blocks, or the closing brace.
  const entryJump = (found & ENTRY_TARGETED) !== 0;
  if (entryJump) {
    const args: LValue[] = [];
    for (const t of f.params) args.push(s.fresh(t));
    body.named("block", f.blocks.length);
    blockHeader(s, args, false);
    body.nl();
    body.s(INDENT);
    s.block(0 as LBlockId, "jump block");
    if (args.length) { body.c(40); s.values(args); body.c(41); }
  }
  const order = p.order.order, blocks = f.blocks;
  // Without origins every line starts with the indent alone (FunctionReaders.prefix): asked of the readers only when there are some.
  const plain = f.origins === undefined;
  for (let j = 0, n = blocks.length; j < n; j++) {
    const i = order[j]!;
    const b = blocks[i]!;
    const id = i as LBlockId;
    // The order holds only blocks of the function (plan), so the id needs no check.
    body.named(j > 0 || entryJump ? "\n\nblock" : "block", i);
    if (b instanceof CompareBlock) {
      printCompareBlock(s, readers, b, id, plain);
      continue;
    }
    const params = b.params, cold = b.cold && !(j === 0 && !entryJump);
    if (params.length === 0 && !readers.hasBlockComment(id, params)) body.s(cold ? " cold:\n" : ":\n");
    else {
      blockHeader(s, params, cold);
      readers.blockComment(body, id, params);
      body.nl();
    }
    readers.startBlock();
    const insts = b.insts;
    for (let k = 0; k < insts.length; k++) {
      const inst = insts[k]!;
      const defined = printInst(s, inst, plain ? INDENT : readers.prefix(body, id, k));
      if (defined !== NO_LINE) readers.endLine(body, defined, inst);
    }
    const lead = plain ? INDENT : readers.prefix(body, id, insts.length), term = b.term;
    if (term.op === "switch") printSwitch(s, term, lead);
    else {
      body.s(lead);
      printTerm(s, term);
    }
  }
  body.s("\n}\n");
  if (body === out) return;

  writeFunctionHead(out, module, callee);
  if (s.writePreamble(out)) out.nl();
  out.nl();
  out.take(body);
}
