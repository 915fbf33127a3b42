/**
 * The round loops of the paired benches (paired.ts): the order they run the
 * two sides in, which is what keeps a drift of the machine's speed from
 * favouring one side, and the medians they report.
 */
import test from "ava";
import { inRotation, pairedMedians, pairedRounds, pairedWall, WARM_ROUNDS } from "./paired.js";

test("pairedWall runs the two sides in alternating order, no warm-up round, and times every run", (t) => {
  const order: string[] = [];
  const times = pairedWall(4, () => order.push("a"), () => order.push("b"));
  t.is(order.join(""), "abbaabba");
  t.is(times.a.length, 4);
  t.is(times.b.length, 4);
  t.true([...times.a, ...times.b].every((ms) => ms >= 0 && Number.isFinite(ms)));
});

test("pairedWall measures wall time: a side that waits is the slower one", (t) => {
  const wait = (ms: number) => { const end = performance.now() + ms; while (performance.now() < end); };
  const m = pairedMedians(pairedWall(3, () => wait(20), () => wait(1)));
  t.true(m.a >= 20, `a ${m.a} ms`);
  t.true(m.ratio > 1, `ratio ${m.ratio}`);
});

test("pairedRounds drops its warm-up rounds and alternates the same way", (t) => {
  const order: string[] = [];
  const times = pairedRounds(2, () => order.push("a"), () => order.push("b"), () => {});
  const expected = Array.from({ length: 2 + WARM_ROUNDS }, (_, i) => (i % 2 === 0 ? "ab" : "ba")).join("");
  t.is(order.join(""), expected);
  t.is(times.a.length, 2);
});

test("pairedMedians: the median of each side and of the per-round ratios, not the ratio of medians", (t) => {
  const m = pairedMedians({ a: [1, 6, 3], b: [2, 2, 2] });
  t.deepEqual({ ...m }, { a: 3, b: 2, ratio: 1.5 });
  // Per-round ratios 1, 0.5 and 3: their median is 1, while the medians 2 and 3 would give 0.67.
  const drift = pairedMedians({ a: [1, 2, 9], b: [1, 4, 3] });
  t.deepEqual({ ...drift }, { a: 2, b: 3, ratio: 1 });
});

test("inRotation calls every step once a round, each round starting one step further on, after an untimed round", (t) => {
  const calls: number[] = [];
  let tick = 0;
  const clock = (f: () => void): [void, number] => [f(), ++tick];
  const ms = inRotation([0, 1, 2].map((k) => () => void calls.push(k)), 3, clock);
  t.deepEqual(calls, [0, 1, 2, 0, 1, 2, 1, 2, 0, 2, 0, 1]);
  // Ticks 1-3 are the untimed round's; then each step's own ticks, in its rounds' order.
  t.deepEqual(ms, [[4, 9, 11], [5, 7, 12], [6, 8, 10]]);
});
