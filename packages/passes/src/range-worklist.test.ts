/**
 * The range solver's round worklist against the simple method it replaces:
 * each round scans every position in order and visits the marked ones; a
 * settling round visits the lowest marked position until none is left (a
 * round that looks at every position goes back to the lowest one marked
 * behind it), but a loop's header marked from inside its loop only once
 * nothing is marked ahead within that loop. On random marks (made before a
 * round and while visiting) and random loops, both visit the same positions
 * in the same order, round by round.
 */
import test from "ava";
import { prng } from "./range-random.js";
import { FRESH } from "./range-scratch.js";
import { RoundWorklist } from "./range-worklist.js";

/** Visits per round: `marksAt(round, k)` gives the blocks to mark at the round's `k`th visit (-1: at the round's start). */
type Marks = (round: number, k: number) => readonly number[];
/** Whether round `round` looks at every position, and whether it settles. */
type Kinds = (round: number) => { every: boolean; settle: boolean };

function withWorklist(rpoIndex: readonly number[], reached: number, rounds: number, kinds: Kinds, marksAt: Marks, loopEnd?: readonly number[]): number[][] {
  const w = new RoundWorklist(rpoIndex, reached, FRESH, loopEnd), rpo: number[] = [];
  rpoIndex.forEach((i, b) => { if (i >= 0) rpo[i] = b; });
  const out: number[][] = [];
  for (let round = 0; round < rounds; round++) {
    const { every: all, settle } = kinds(round), seen: number[] = [];
    w.startRound(all, settle);
    for (const b of marksAt(round, -1)) w.mark(b);
    for (let i = w.next(); i >= 0; i = w.next()) {
      if (!w.take(rpo[i]!) && !all) continue;
      for (const b of marksAt(round, seen.length)) w.mark(b);
      seen.push(i);
    }
    out.push(seen);
  }
  return out;
}

function byScanning(rpoIndex: readonly number[], reached: number, rounds: number, kinds: Kinds, marksAt: Marks, loopEnd?: readonly number[]): number[][] {
  const dirty = rpoIndex.map(() => false), rpo: number[] = [];
  rpoIndex.forEach((i, b) => { if (i >= 0) rpo[i] = b; });
  // A settling round's headers marked from inside their loops, which wait for the rest of the loop.
  const waiting = new Set<number>();
  const lowestMarked = (): number => {
    let m = -1;
    for (let i = 0; i < reached; i++) if (dirty[rpo[i]!] && !waiting.has(i)) { m = i; break; }
    const h = waiting.size > 0 ? Math.max(...waiting) : -1;
    if (h >= 0 && (m < 0 || m > loopEnd![h]!)) { waiting.delete(h); return h; }
    return m;
  };
  const out: number[][] = [];
  for (let round = 0; round < rounds; round++) {
    const { every: all, settle } = kinds(round), seen: number[] = [];
    for (const b of marksAt(round, -1)) dirty[b] = true;
    for (let i = all ? 0 : settle ? lowestMarked() : 0; i >= 0 && i < reached; ) {
      const marked = dirty[rpo[i]!]!;
      dirty[rpo[i]!] = false;
      if (!marked && !all) { i++; continue; }
      let next = i + 1;
      for (const b of marksAt(round, seen.length)) {
        const at = rpoIndex[b]!;
        if (settle && !all && !dirty[b] && loopEnd && at >= 0 && at <= i && loopEnd[at]! >= i) waiting.add(at);
        dirty[b] = true;
        if (settle && all && rpoIndex[b]! >= 0 && rpoIndex[b]! < next) next = rpoIndex[b]!;
      }
      seen.push(i);
      i = settle && !all ? lowestMarked() : next;
    }
    out.push(seen);
  }
  return out;
}

/**
 * The visits of 12 rounds of random kinds with random marks, by the worklist
 * and by scanning. The marks are a function of (round, visit), so both runs
 * see the same ones while they agree; none after 3n visits of a round (a
 * settling round goes on while there are marks).
 */
function bothWays(r: (n: number) => number, n: number, rpoIndex: readonly number[], reached: number, loopEnd?: readonly number[]): [number[][], number[][]] {
  const table = new Map<string, number[]>();
  const marksAt: Marks = (round, k) => {
    const key = `${round}:${k}`;
    let m = table.get(key);
    if (!m) table.set(key, (m = k >= 3 * n ? [] : Array.from({ length: r(k < 0 ? 4 : 3) }, () => r(n))));
    return m;
  };
  const kinds = Array.from({ length: 12 }, (_, k) => ({ every: k < 2 || r(7) === 0, settle: k >= 6 && r(2) === 0 }));
  return [withWorklist(rpoIndex, reached, 12, (k) => kinds[k]!, marksAt, loopEnd), byScanning(rpoIndex, reached, 12, (k) => kinds[k]!, marksAt, loopEnd)];
}

test("round worklist: visits the marked positions in order, as a scan of every position does, settling rounds too (random marks)", (t) => {
  for (let seed = 1; seed <= 200; seed++) {
    const r = prng(seed);
    const n = 1 + r(60);
    // A random order of the blocks, some unreachable (-1).
    const order = Array.from({ length: n }, (_, b) => b);
    for (let i = n - 1; i > 0; i--) { const j = r(i + 1); [order[i], order[j]] = [order[j]!, order[i]!]; }
    const rpoIndex = new Array<number>(n).fill(-1);
    let reached = 0;
    for (const b of order) if (b === order[0] || r(6) > 0) rpoIndex[b] = reached++;
    t.deepEqual(...bothWays(r, n, rpoIndex, reached), `seed ${seed}`);
  }
});

test("round worklist: a settling round visits a loop's header marked from inside the loop once nothing is marked ahead within it (random loops and marks)", (t) => {
  for (let seed = 1; seed <= 200; seed++) {
    const r = prng(1000 + seed);
    const n = 1 + r(60), rpoIndex = Array.from({ length: n }, (_, b) => b), reached = n;
    // Random nested loops: a loop headed at position p holds the positions p .. loopEnd[p].
    const loopEnd = new Array<number>(n).fill(-1);
    const lay = (lo: number, hi: number): void => {
      for (let p = lo; p <= hi; ) {
        if (r(4) > 0) { p++; continue; }
        const end = p + r(hi - p + 1);
        loopEnd[p] = end;
        lay(p + 1, end);
        p = end + 1;
      }
    };
    lay(0, n - 1);
    t.deepEqual(...bothWays(r, n, rpoIndex, reached, loopEnd), `seed ${seed}`);
  }
});
