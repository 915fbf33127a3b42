/**
 * The line buffer the three printers (`.lir`, CLIF, LLVM) share while they
 * print a function: lines are joined into one element every CHUNK_LINES, so
 * a big function's short line strings die young instead of all living
 * until the function is done (which made the collector copy them). Joining
 * the whole array later gives the same text as joining the lines one by one.
 */

/** Lines joined into one element at a time. */
export const CHUNK_LINES = 512;

/**
 * Joins `lines[from..]` into one element once CHUNK_LINES or more have
 * been added since `from`, and returns where the next chunk starts (`from`
 * when it was not yet time).
 */
export function collapseLines(lines: string[], from: number): number {
  if (lines.length - from < CHUNK_LINES) return from;
  const chunk = lines.splice(from).join("\n");
  lines.push(chunk);
  return lines.length;
}
