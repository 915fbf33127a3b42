/**
 * Opcode words as the parser reads them: the split of a word into opcode
 * and suffix (`icmp.slt`, `const.i32`, `str.lit`: an opcode may itself
 * contain dots, so the longest opcode prefix wins), and the nearest known
 * word for an "unknown opcode" message (edit distance, Wagner and Fischer,
 * "The String-to-String Correction Problem", JACM 1974).
 */
import { canonicalOpcode, type Opcode } from "./opcodes.js";

/** An opcode word split into opcode and suffix (`icmp.slt`), or null when it names no opcode. */
export type SplitOp = { readonly op: Opcode; readonly suffix: string | null } | null;

/** The longest opcode prefix of `word` ending before a '.', and the rest as its suffix; null when none. */
export function splitOpcode(word: string): SplitOp {
  const whole = canonicalOpcode(word);
  if (whole !== undefined) return { op: whole, suffix: null };
  for (let end = word.lastIndexOf("."); end > 0; end = word.lastIndexOf(".", end - 1)) {
    const op = canonicalOpcode(word.slice(0, end));
    if (op !== undefined) return { op, suffix: word.slice(end + 1) };
  }
  return null;
}

/** The candidate nearest to `word` by edit distance, if it is near enough to be a likely typo. */
export function closest(word: string, candidates: readonly string[]): string | null {
  if (word.length > 40) return null;
  let best: string | null = null;
  let bestD = Math.max(1, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestD) { best = c; bestD = d; }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}
