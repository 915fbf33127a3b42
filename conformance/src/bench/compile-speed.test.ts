import test from "ava";
import { timedInTurn } from "./compile-speed.js";

test("timedInTurn runs each function once per round, in turn, for the policy's rounds", (t) => {
  const calls: number[] = [];
  const r = timedInTurn([() => calls.push(0), () => calls.push(1), () => calls.push(2)], { runs: 3, budgetMs: 60_000 });
  t.deepEqual(calls, [0, 1, 2, 0, 1, 2, 0, 1, 2]);
  t.is(r.ms.length, 3);
  t.is(r.faults.length, 3);
  for (const ms of r.ms) t.true(ms >= 0);
});

test("timedInTurn stops after the round that spends the budget", (t) => {
  const calls: number[] = [];
  const spin = (k: number) => () => {
    calls.push(k);
    const end = performance.now() + 5;
    while (performance.now() < end) { /* spend CPU time */ }
  };
  // A budget of 1 ms per function: the first round (about 10 ms of CPU time) spends it.
  timedInTurn([spin(0), spin(1)], { runs: 7, budgetMs: 1 });
  t.deepEqual(calls, [0, 1]);
});
