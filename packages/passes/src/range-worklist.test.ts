/**
 * The range solver's round worklist against the simple method it replaces:
 * each round scans every position in order and visits the marked ones; a
 * settling round visits the lowest marked position until none is left (a
 * round that looks at every position goes back to the lowest one marked
 * behind it). On random marks (made before a round and while visiting),
 * both visit the same positions in the same order, round by round.
 */
import test from "ava";
import { prng } from "./range-random.js";
import { FRESH } from "./range-scratch.js";
import { RoundWorklist } from "./range-worklist.js";

/** Visits per round: `marksAt(round, k)` gives the blocks to mark at the round's `k`th visit (-1: at the round's start). */
type Marks = (round: number, k: number) => readonly number[];
/** Whether round `round` looks at every position, and whether it settles. */
type Kinds = (round: number) => { every: boolean; settle: boolean };

function withWorklist(rpoIndex: readonly number[], reached: number, rounds: number, kinds: Kinds, marksAt: Marks): number[][] {
  const w = new RoundWorklist(rpoIndex, reached, FRESH), rpo: number[] = [];
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

function byScanning(rpoIndex: readonly number[], reached: number, rounds: number, kinds: Kinds, marksAt: Marks): number[][] {
  const dirty = rpoIndex.map(() => false), rpo: number[] = [];
  rpoIndex.forEach((i, b) => { if (i >= 0) rpo[i] = b; });
  const lowestMarked = (): number => { for (let i = 0; i < reached; i++) if (dirty[rpo[i]!]) return i; return -1; };
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
    // The marks are a function of (round, visit), so both runs see the same ones while they agree;
    // none after 3n visits of a round (a settling round goes on while there are marks).
    const table = new Map<string, number[]>();
    const marksAt: Marks = (round, k) => {
      const key = `${round}:${k}`;
      let m = table.get(key);
      if (!m) table.set(key, (m = k >= 3 * n ? [] : Array.from({ length: r(k < 0 ? 4 : 3) }, () => r(n))));
      return m;
    };
    const kinds = Array.from({ length: 12 }, (_, k) => ({ every: k < 2 || r(7) === 0, settle: k >= 6 && r(2) === 0 }));
    t.deepEqual(withWorklist(rpoIndex, reached, 12, (k) => kinds[k]!, marksAt), byScanning(rpoIndex, reached, 12, (k) => kinds[k]!, marksAt), `seed ${seed}`);
  }
});
