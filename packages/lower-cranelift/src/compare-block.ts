/**
 * A CompareBlock (@fzy/lir compare-block.ts) printed from its fields: the
 * lines of its iconst, icmp and brif, exactly as the instruction printer
 * spells the objects its `insts` and `term` would make, without making
 * them (a branch tree of a large switch is made of these blocks).
 */
import type { CompareBlock, LBlockId, LValue } from "@fzy/lir";
import { edgeTo, printIcmp, printIconst } from "./instructions.js";
import type { FunctionReaders } from "./readers.js";
import type { FunctionScope } from "./scope.js";

/**
 * Writes the lines of block `b` (number `id`) after its header, the
 * terminator without its newline, as printFunction writes any block;
 * `indent`: every line's prefix when the function has no origins
 * (undefined: asked of the readers).
 */
export function printCompareBlock(s: FunctionScope, readers: FunctionReaders, b: CompareBlock, id: LBlockId, indent: string | undefined): void {
  const w = s.w, dst = b.dst, cond = (dst + 1) as LValue;
  readers.startBlock();
  printIconst(s, indent ?? readers.prefix(w, id, 0), dst, b.type, b.value);
  readers.endValueLine(w, dst);
  printIcmp(s, indent ?? readers.prefix(w, id, 1), cond, b.cc, b.x, dst);
  readers.endValueLine(w, cond);
  w.s(indent ?? readers.prefix(w, id, 2));
  w.named("brif v", s.id(cond));
  edgeTo(s, b.thenBlock, b.thenArgs, ", block");
  edgeTo(s, b.elseBlock, b.elseArgs, ", block");
}
