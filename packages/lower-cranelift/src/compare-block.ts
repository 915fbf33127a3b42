/**
 * A CompareBlock (@fzy/lir compare-block.ts) printed from its fields: the
 * lines of its iconst, icmp and brif, exactly as printFunction spells the
 * objects its `insts` and `term` would make, without making them (the
 * branch tree of a large switch is made of these blocks).
 *
 * In a function without origins each line starts with the indent alone,
 * so a line that ends without a name comment leaves its newline to the
 * next line's first write (one write per line fewer: a tree of 80,000
 * cases is 14 MB of such lines).
 */
import type { CompareBlock, LBlockId, LValue } from "@fzy/lir";
import { edgeTo, printIcmp, printIconst } from "./instructions.js";
import type { FunctionReaders } from "./readers.js";
import type { FunctionScope } from "./scope.js";
import { INDENT } from "./spelling.js";

/** The end of a header line without a comment and the next line's indent. */
const HEADER_END = `:\n${INDENT}`;
/** A newline and the next line's indent. */
const NEXT_LINE = `\n${INDENT}`;
/** The branch after a newline and its indent. */
const NEXT_BRIF = `${NEXT_LINE}brif v`;

/**
 * Writes the rest of block `b` (number `id`) after `blockN`: its header's
 * end, its lines, and the terminator without its newline. `plain`: the
 * function has no origins (every line's prefix is INDENT).
 */
export function printCompareBlock(s: FunctionScope, readers: FunctionReaders, b: CompareBlock, id: LBlockId, plain: boolean): void {
  const w = s.w, dst = b.dst, cond = (dst + 1) as LValue;
  readers.startBlock();
  let lead: string;
  if (readers.hasBlockComment(id, b.params)) {
    w.c(58);
    readers.blockComment(w, id, b.params);
    w.nl();
    lead = plain ? INDENT : readers.prefix(w, id, 0);
  } else if (plain) lead = HEADER_END;
  else {
    w.s(":\n");
    lead = readers.prefix(w, id, 0);
  }
  printIconst(s, lead, dst, b.type, b.value);
  printIcmp(s, lineEnd(readers, s, dst, id, 1, plain), cond, b.cc, b.x, dst);
  lead = lineEnd(readers, s, cond, id, 2, plain);
  if (lead === NEXT_LINE) w.named(NEXT_BRIF, s.id(cond));
  else {
    w.s(lead);
    w.named("brif v", s.id(cond));
  }
  edgeTo(s, b.thenBlock, b.thenArgs, ", block");
  edgeTo(s, b.elseBlock, b.elseArgs, ", block");
}

/**
 * Ends the line that defines `v` and returns the prefix of line `k` of
 * block `id`: NEXT_LINE, the newline left to it, when `plain` and `v` has
 * no name.
 */
function lineEnd(readers: FunctionReaders, s: FunctionScope, v: LValue, id: LBlockId, k: number, plain: boolean): string {
  if (plain && !readers.hasName(v)) return NEXT_LINE;
  readers.endValueLine(s.w, v);
  return plain ? INDENT : readers.prefix(s.w, id, k);
}
