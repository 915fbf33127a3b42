/**
 * The range solver's round worklist against the simple method it replaces:
 * each round scans every position in order and visits the marked ones. On
 * random marks (made before a round and while visiting), both visit the
 * same positions in the same order, round by round.
 */
import test from "ava";
import { prng } from "./range-random.js";
import { FRESH } from "./range-scratch.js";
import { RoundWorklist } from "./range-worklist.js";

/** Visits per round: `marksAt(round, at)` gives the blocks to mark when visiting position `at` (-1: at the round's start). */
type Marks = (round: number, at: number) => readonly number[];

function withWorklist(rpoIndex: readonly number[], reached: number, rounds: number, every: (round: number) => boolean, marksAt: Marks): number[][] {
  const w = new RoundWorklist(rpoIndex, reached, FRESH), rpo: number[] = [];
  rpoIndex.forEach((i, b) => { if (i >= 0) rpo[i] = b; });
  const out: number[][] = [];
  for (let round = 0; round < rounds; round++) {
    const all = every(round), seen: number[] = [];
    w.startRound(all);
    for (const b of marksAt(round, -1)) w.mark(b);
    for (let i = w.next(); i >= 0; i = w.next()) {
      if (!w.take(rpo[i]!) && !all) continue;
      seen.push(i);
      for (const b of marksAt(round, i)) w.mark(b);
    }
    out.push(seen);
  }
  return out;
}

function byScanning(rpoIndex: readonly number[], reached: number, rounds: number, every: (round: number) => boolean, marksAt: Marks): number[][] {
  const dirty = rpoIndex.map(() => false), rpo: number[] = [];
  rpoIndex.forEach((i, b) => { if (i >= 0) rpo[i] = b; });
  const out: number[][] = [];
  for (let round = 0; round < rounds; round++) {
    const all = every(round), seen: number[] = [];
    for (const b of marksAt(round, -1)) dirty[b] = true;
    for (let i = 0; i < reached; i++) {
      const marked = dirty[rpo[i]!]!;
      dirty[rpo[i]!] = false;
      if (!marked && !all) continue;
      seen.push(i);
      for (const b of marksAt(round, i)) dirty[b] = true;
    }
    out.push(seen);
  }
  return out;
}

test("round worklist: visits the marked positions in order, as a scan of every position does (random marks)", (t) => {
  for (let seed = 1; seed <= 200; seed++) {
    const r = prng(seed);
    const n = 1 + r(60);
    // A random order of the blocks, some unreachable (-1).
    const order = Array.from({ length: n }, (_, b) => b);
    for (let i = n - 1; i > 0; i--) { const j = r(i + 1); [order[i], order[j]] = [order[j]!, order[i]!]; }
    const rpoIndex = new Array<number>(n).fill(-1);
    let reached = 0;
    for (const b of order) if (b === order[0] || r(6) > 0) rpoIndex[b] = reached++;
    // The marks are a function of (round, position), so both runs see the same ones.
    const table = new Map<string, number[]>();
    const marksAt: Marks = (round, at) => {
      const key = `${round}:${at}`;
      let m = table.get(key);
      if (!m) table.set(key, (m = Array.from({ length: r(at < 0 ? 4 : 3) }, () => r(n))));
      return m;
    };
    const every = (round: number) => round < 2 || r(7) === 0;
    const everyRounds = Array.from({ length: 12 }, (_, k) => every(k));
    t.deepEqual(withWorklist(rpoIndex, reached, 12, (k) => everyRounds[k]!, marksAt), byScanning(rpoIndex, reached, 12, (k) => everyRounds[k]!, marksAt), `seed ${seed}`);
  }
});
