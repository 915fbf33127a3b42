/**
 * The shape of the balanced compare tree that spells a sparse dispatch on a
 * backend without a sparse switch: the lowering's branch-tree form
 * (@fzy/passes lower-switch.ts) and the CLIF printer's spelling of a LIR
 * `switch` both build it. The cases of ranks lo..hi-1 (increasing signed
 * order) split at their middle rank, `x < cases[mid]` going to the lower
 * half, until at most CHAIN_CASES remain, which are tested one by one for
 * equality (a chain), the last falling through to the default.
 */
export const CHAIN_CASES = 3;

/** The rank the cases of ranks lo..hi-1 split at, or -1 when they are tested one by one. */
export function treeSplit(lo: number, hi: number): number {
  return hi - lo <= CHAIN_CASES ? -1 : lo + ((hi - lo) >> 1);
}
