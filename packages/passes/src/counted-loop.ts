/**
 * The counted loop the lowerings emit for fills and copies:
 * `for (i = start; i <u bound; i += 1) body(i)`, an i64 counter carried as
 * the parameter of a head block, then a body block and an exit block. One
 * home for the shape so every such loop prints alike and the loop analyses
 * (LICM, the range analysis) see one pattern.
 */
import type { LFunctionBuilder, LValue } from "@fzy/lir";
import { NO_ARGS } from "./block-variables.js";

/**
 * Emits the loop from the current block and leaves the builder at its exit
 * block. A `start` given as a bigint becomes a constant in the current
 * block, a `bound` given as a bigint one in the head block (after the
 * blocks are made, so value numbers come out as they always have). They are
 * bigints because an LValue is itself a number.
 */
export function countedLoop(b: LFunctionBuilder, start: LValue | bigint, bound: LValue | bigint, body: (i: LValue) => void): void {
  const head = b.newBlock(["i64"]);
  const bodyBlock = b.newBlock();
  const exit = b.newBlock();
  b.jump(head, [typeof start === "bigint" ? b.iconst("i64", start) : start]);
  b.switchTo(head);
  const i = b.blockParams(head)[0]!;
  b.brif(b.icmp("ult", i, typeof bound === "bigint" ? b.iconst("i64", bound) : bound), { block: bodyBlock, args: NO_ARGS }, { block: exit, args: NO_ARGS });
  b.switchTo(bodyBlock);
  body(i);
  b.jump(head, [b.binary("iadd", i, b.iconst("i64", 1))]);
  b.switchTo(exit);
}
