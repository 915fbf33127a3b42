/**
 * A sparse switch (the LIR `switch`) spelled in CLIF, which has none: the
 * balanced compare tree of @fzy/lir switch-tree.ts, written while it is
 * walked. The first compare ends the switch's own block; every other node
 * is a fresh block (FunctionScope.freshBlock) written right after it, with
 * fresh values for its constant and comparison, so the tree's blocks follow
 * the block that dominates them and precede the case targets, as the print
 * order requires of definitions (function.ts plan).
 *
 * The lowered form keeps one terminator for a switch of any size instead of
 * a block per compare: a switch of 20,000 cases was 28,000 blocks through
 * every pass and the printer, and those blocks, alive until printed, were
 * what the collector copied.
 */
import { type LBlockId, type LIntType, type LTerm, type LValue, NO_VALUES, treeSplit } from "@fzy/lir";
import { edge, edgeTo, printIcmp, printIconst } from "./instructions.js";
import type { FunctionScope } from "./scope.js";

type SwitchTerm = Extract<LTerm, { op: "switch" }>;

/** What one switch's tree reads from node to node. */
interface Tree {
  readonly s: FunctionScope;
  readonly t: SwitchTerm;
  readonly type: LIntType;
  /** Each line's prefix: the indent and the terminator's source location. */
  readonly lead: string;
}

/** Writes switch `t` as its tree, from the lines that end its block (after their prefix, `lead`) to the last block's terminator, without its newline. */
export function printSwitch(s: FunctionScope, t: SwitchTerm, lead: string): void {
  const type = s.typeOf(t.value);
  if (type === "f32" || type === "f64" || type === "bool") throw new Error(`lower-cranelift: switch on a ${type} value v${t.value} in ${s.fn.name}`);
  if (t.cases.length !== t.targets.length) throw new Error(`lower-cranelift: switch in ${s.fn.name} has ${t.cases.length} cases and ${t.targets.length} targets`);
  node({ s, t, type: type === "ptr" ? "i64" : type, lead }, 0, t.cases.length);
}

/** The cases of ranks lo..hi-1 from the current block on. */
function node(tree: Tree, lo: number, hi: number): void {
  const mid = treeSplit(lo, hi);
  if (mid < 0) return chain(tree, lo, hi);
  const s = tree.s, below = s.freshBlock(), above = s.freshBlock();
  compare(tree, "slt", mid, below, NO_VALUES, above, NO_VALUES);
  open(tree, below);
  node(tree, lo, mid);
  open(tree, above);
  node(tree, mid, hi);
}

/** Each case of ranks lo..hi-1 tested in turn, each test but the first in a block of its own; the last test's else is the default. */
function chain(tree: Tree, lo: number, hi: number): void {
  const { s, t } = tree;
  if (lo === hi) {
    s.w.s(tree.lead);
    edge(s, t.default, "jump block");
    return;
  }
  for (let k = lo; k < hi; k++) {
    const target = t.targets[k]!;
    if (k === hi - 1) return compare(tree, "eq", k, target.block, target.args, t.default.block, t.default.args);
    const next = s.freshBlock();
    compare(tree, "eq", k, target.block, target.args, next, NO_VALUES);
    open(tree, next);
  }
}

/** `vK = iconst`, `vC = icmp cc x, vK`, `brif vC, then, else` for case `k`, the last line without its newline. */
function compare(tree: Tree, cc: "eq" | "slt", k: number, then: number, thenArgs: readonly LValue[], els: number, elseArgs: readonly LValue[]): void {
  const { s, lead } = tree, w = s.w;
  const constant = s.fresh(tree.type), cond = s.fresh("bool");
  printIconst(s, lead, constant, tree.type, tree.t.cases[k]!);
  w.nl();
  printIcmp(s, lead, cond, cc, tree.t.value, constant);
  w.nl();
  w.s(lead);
  w.named("brif v", s.id(cond));
  target(s, then, thenArgs);
  target(s, els, elseArgs);
}

/** `, blockN(args)`: a block of the function, or a fresh one of the tree (which takes no arguments). */
function target(s: FunctionScope, block: number, args: readonly LValue[]): void {
  if (block < s.fn.blocks.length) edgeTo(s, block as LBlockId, args, ", block");
  else s.w.named(", block", block);
}

/** Ends the current block's last line and starts fresh block `b`. */
function open(tree: Tree, b: number): void {
  tree.s.w.named("\n\nblock", b);
  tree.s.w.s(":\n");
}
