/**
 * Comparisons of id lists for the function optimizer: cheap checks that let
 * a pass or the finish step reuse what it already has instead of rebuilding.
 */

/** Whether two lists hold the same entries. */
export function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether `ids` maps each of its first `n` entries to itself. */
export function identity(ids: Int32Array, n: number): boolean {
  for (let v = 0; v < n; v++) if (ids[v] !== v) return false;
  return true;
}

/**
 * `lead` inserted before the entries of `list`, in place: the list keeps its
 * identity, so finish can tell a block whose instructions are as they were
 * from one rebuilt (a new array per block was also garbage).
 */
export function prependInPlace<T>(list: T[], lead: readonly T[]): void {
  const n = list.length, k = lead.length;
  // Grown by pushes (placeholders, overwritten below): compiled inline, where setting the length is a call into the runtime.
  for (let i = 0; i < k; i++) list.push(lead[i]!);
  for (let i = n - 1; i >= 0; i--) list[i + k] = list[i]!;
  for (let i = 0; i < k; i++) list[i] = lead[i]!;
}

/** `list` cut to its first `n` entries, in place: by pops, compiled inline (setting the length is a call into the runtime). */
export function truncate<T>(list: T[], n: number): void {
  while (list.length > n) list.pop();
}
