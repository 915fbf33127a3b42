/**
 * Lists of small functions that many lowered functions hold alike, made once
 * and shared by all of them: the entry block's parameters (values 0..n-1),
 * a list of one value, the value types of a function whose values all have
 * one type. A lowered function lives to the end of its module's lowering, so
 * every list it owns is copied by the collector and promoted; on a module of
 * many small functions these lists were a fifth of the lowered form.
 *
 * Sharing is safe because no reader changes a lowered function's lists in
 * place (the optimizer copies a list before it writes one; see NO_PARAMS). The lists are not frozen: a frozen array has an elements kind
 * of its own, and the printers' loops run slower over lists of two kinds
 * (passes module-emitter.ts NO_TYPES). Only small ids and lengths are
 * shared, so the tables stay a few kilobytes.
 */
import type { LType, LValue } from "./types.js";

/**
 * The parameters of every block without any: one list, frozen, since
 * finished blocks share it (a reader that changes a block's parameters
 * makes its own list, as the optimizer does).
 */
export const NO_PARAMS: readonly LValue[] = Object.freeze([]);

/** Lists of one value are shared for values below this; longer uniform type lists are not shared. */
const ONE_VALUE_BELOW = 256;
const SAME_TYPES_UP_TO = 16;

const oneValueLists: (readonly LValue[] | undefined)[] = [];
const leadingLists: (readonly LValue[] | undefined)[] = [];
const sameTypeLists = new Map<LType, (readonly LType[] | undefined)[]>();

/** The list `[v]`, shared when `v` is small; undefined otherwise. */
export function sharedOneValue(v: LValue): readonly LValue[] | undefined {
  if (!(v >= 0 && v < ONE_VALUE_BELOW)) return undefined;
  return (oneValueLists[v] ??= [v]);
}

/** The list of values 0..n-1 (an entry block's parameters), shared for short lists; undefined otherwise. */
export function sharedLeadingValues(n: number): readonly LValue[] | undefined {
  if (!(n >= 1 && n <= SAME_TYPES_UP_TO)) return undefined;
  let l = leadingLists[n];
  if (l === undefined) {
    // Pushed, not made at its size: packed, as the builder's own lists are (a list made by `new Array(n)` is holey).
    const out: LValue[] = [];
    for (let i = 0; i < n; i++) out.push(i as LValue);
    leadingLists[n] = l = out;
  }
  return l;
}

/**
 * The first `n` entries of `types` as a shared list when they are all one
 * type and `n` is small; undefined otherwise (the caller copies them out).
 */
export function sharedSameTypes(types: readonly LType[], n: number): readonly LType[] | undefined {
  if (!(n >= 1 && n <= SAME_TYPES_UP_TO)) return undefined;
  const t = types[0]!;
  for (let i = 1; i < n; i++) if (types[i] !== t) return undefined;
  let byLength = sameTypeLists.get(t);
  if (byLength === undefined) sameTypeLists.set(t, (byLength = []));
  let l = byLength[n];
  if (l === undefined) {
    const out: LType[] = [];
    for (let i = 0; i < n; i++) out.push(t);
    byLength[n] = l = out;
  }
  return l;
}
