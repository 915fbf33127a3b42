/**
 * The names the inliner (inline-small-functions.ts) gives what it brings
 * in: the k-th call of a callee that a scan inlines prefixes the callee's
 * values, variables and blocks with `callee.k.`, and its continuation block
 * is the name of the call's block (before any split of it) + `.callee.k.cont`. Made per call: a table of
 * them per callee was two large lists on a long call chain, whose callees
 * are each inlined once (report.ts Column says what a large list costs).
 */

/** The prefix `callee.k.` of the k-th call of `callee` a scan inlines. */
export function inlinedPrefix(callee: string, k: number): string {
  return `${callee}.${k}.`;
}

/** The suffix `.callee.k.cont` of the continuation of the k-th call of `callee` a scan inlines. */
export function continuationSuffix(callee: string, k: number): string {
  return `.${callee}.${k}.cont`;
}
