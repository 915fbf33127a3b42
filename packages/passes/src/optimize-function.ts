/**
 * The mid-level optimizer of the lowered form, run once per function right
 * after emission, for both backends (Cranelift does little of this itself;
 * LLVM gets less to undo). The passes, as a list:
 *
 *   fold       constants, copies, value numbering, constant branches  (optimize-fold.ts)
 *   clean-up   unreachable blocks, jump chains, jump threading        (optimize-cfg.ts)
 *   compose    branches choosing constants -> selects / tables         (optimize-tables.ts)
 *   fold again the tables' index arithmetic and constants (when a branch was composed)
 *   ranges     remainders of dividends proven small -> compare+subtract (optimize-ranges.ts)
 *   dce        dead values and block parameters                       (optimize-dce.ts)
 *   licm       loop invariants to the loop preheaders                   (optimize-licm.ts)
 *   unroll     small counted inner loops to straight-line copies        (optimize-unroll.ts)
 *              (then fold, clean-up and dce again, when a loop was unrolled)
 *
 * The matrix decides per function whether the fold family runs (rule
 * fold-values) and per branch whether it is composed (compose-select,
 * compose-lookup); with both off the function is returned untouched. Every
 * pass is linear in the function (value numbering hashes each pure
 * instruction once), so the whole is linear too.
 */
import type { LFunction } from "@fzy/lir";
import { dropUnreachable, mergeChains, simplifyCfg } from "./optimize-cfg.js";
import { removeDeadValues } from "./optimize-dce.js";
import { foldValues } from "./optimize-fold.js";
import { findLoops, hoistInvariants } from "./optimize-licm.js";
import { MFunction, Replacements } from "./optimize-ir.js";
import { reduceByRanges } from "./optimize-ranges.js";
import { unrollSmallLoops } from "./optimize-unroll.js";
import { type Ask, composeTables, type TableSink } from "./optimize-tables.js";

export interface OptimizeOptions {
  /** The fold family (fold, clean-up, dce) runs: the matrix's fold-values decision. */
  readonly fold: boolean;
  /** Branches whose arms only pass constants are offered to the matrix (family compose). */
  readonly compose: boolean;
  /** Loops whose invariants may move are offered to the matrix (family licm). */
  readonly licm?: boolean;
  /** Small counted inner loops are offered to the matrix (family unroll). */
  readonly unroll?: boolean;
}

/**
 * The optimized form of `fn` (itself when nothing is switched on). `fn` is
 * consumed: the result may be made of its instruction objects, renamed in
 * place, so a caller that needs `fn` afterwards passes a copy.
 *
 * Invariant: a function no pass changes comes back as `fn` itself, the same
 * object, with nothing allocated for its result (most small functions). It
 * holds because the passes edit the blocks' own lists in place and replace a
 * list, instruction or terminator only when they change it, and
 * MFunction.finish (optimize-ir.ts) returns the base when every block still
 * holds the base's objects and no value id moved. A pass that rebuilds what
 * it did not change breaks it (the test "a function no pass changes comes
 * back as its input" in optimize-function.test.ts).
 */
export function optimizeFunction(fn: LFunction, o: OptimizeOptions, ask: Ask, sink: TableSink): LFunction {
  if (!o.fold && !o.compose && !o.licm && !o.unroll) return fn;
  const m = new MFunction(fn);
  const r = new Replacements(fn.valueTypes.length);
  if (o.fold) {
    foldValues(m, r);
    simplifyCfg(m, r);
  }
  // The clean-up and the second fold only when a branch was composed (they would find nothing new).
  const composed = o.compose && composeTables(m, r, ask, sink);
  if (!o.fold && !composed && !o.licm && !o.unroll) return fn;
  if (composed) {
    // The composed branches' arms are unreachable now and their joins may have one predecessor left.
    dropUnreachable(m);
    mergeChains(m, r);
  }
  let defs: Int32Array | undefined; // the block of each definition, from dce's walk (licm's, without it)
  if (o.fold) {
    // The fold resolves every operand it reads through r (and each instruction in place): no apply before it.
    if (composed) {
      foldValues(m, r);
      dropUnreachable(m); // a branch folded now leaves blocks no path reaches (printers would place them last)
    }
    // The ranges apply r as they make their tables; without a remainder (the fold saw every instruction) dce applies it as it counts.
    if (m.remainders) reduceByRanges(m, r);
    defs = removeDeadValues(m, r);
  } else {
    r.apply(m);
  }
  // One loop analysis serves licm and the first unrolling search (licm moves instructions, not edges); none without a cycle.
  // Without a cycle neither pass has anything to do (and each would search for loops again, given no forest).
  const forest = o.licm || o.unroll ? findLoops(m) : undefined;
  if (forest && o.licm) hoistInvariants(m, ask, forest, defs);
  // After licm: what it moved out no longer counts against (or is copied with) a body.
  if (forest && o.unroll && unrollSmallLoops(m, ask, forest) && o.fold) {
    // The copies' tests, counters and what depends on them are constants now.
    const again = new Replacements(m.types.length);
    foldValues(m, again);
    simplifyCfg(m, again);
    removeDeadValues(m, again); // (applies `again` as it counts)
  }
  return m.finish();
}
