import test from "ava";
import { activeClock, inPass, PASS, PASSES, PassClock, runWithClock, SLOWEST_KEPT } from "./pass-clock.js";

/** A clock reading a time the test sets. */
function fakeClock(): { clock: PassClock; at: (ms: number) => void } {
  let now = 0;
  return { clock: new PassClock(() => now), at: (ms) => void (now = ms) };
}

test("a pass is charged its own time, without the passes it calls; the rest is other", (t) => {
  const { clock, at } = fakeClock();
  clock.start(); // 0
  at(2);
  clock.enter(PASS.emit); // other: 2
  at(5);
  clock.enter(PASS.ranges); // emit: 3
  at(12);
  clock.leave(); // ranges: 7
  at(13);
  clock.leave(); // emit: 1 more
  at(20);
  clock.stop(); // other: 7 more
  const r = clock.times();
  t.is(r.ms.emit, 4);
  t.is(r.ms.ranges, 7);
  t.is(r.ms.other, 9);
  t.is(r.total, 20);
  t.is(r.calls.emit, 1);
  t.is(r.calls.ranges, 1);
  t.is(r.calls.print, 0);
});

test("next() ends the innermost pass and starts another in its place", (t) => {
  const { clock, at } = fakeClock();
  clock.start();
  clock.enter(PASS.plan);
  at(2);
  clock.next(PASS.emit);
  at(7);
  clock.leave();
  at(8);
  clock.stop();
  const r = clock.times();
  t.deepEqual([r.ms.plan, r.ms.emit, r.ms.other], [2, 5, 1]);
  t.deepEqual([r.calls.plan, r.calls.emit], [1, 1]);
});

test("the slowest functions are kept, longest first, at most SLOWEST_KEPT of them", (t) => {
  const { clock, at } = fakeClock();
  let now = 0;
  clock.start();
  const took = [3, 9, 1, 9, 4, 7, 2, 8, 6, 5, 10, 0.5];
  took.forEach((ms, i) => {
    clock.startFunction();
    at((now += ms));
    clock.endFunction(`f${i}`);
  });
  const r = clock.times();
  t.is(r.slowest.length, SLOWEST_KEPT);
  t.deepEqual(r.slowest.map((f) => f.name), ["f10", "f1", "f3", "f7", "f5", "f8", "f9", "f4", "f0", "f6"]);
  t.deepEqual(r.slowest.map((f) => f.ms), [10, 9, 9, 8, 7, 6, 5, 4, 3, 2]);
});

test("time() runs a function as a pass and adds to what the clock holds", (t) => {
  const { clock, at } = fakeClock();
  t.is(clock.time("parse", () => (at(3), 42)), 42);
  clock.time("parse", () => at(10));
  const r = clock.times();
  t.is(r.ms.parse, 10);
  t.is(r.calls.parse, 2);
  t.is(r.total, 10, "a stopped clock charges nothing between calls");
});

test("the sum of the passes is the total, for every pass", (t) => {
  const { clock, at } = fakeClock();
  clock.start();
  PASSES.forEach((p, i) => {
    clock.enter(PASS[p]);
    at(i + 1);
    clock.leave();
  });
  const r = clock.times();
  t.is(PASSES.reduce((s, p) => s + r.ms[p], 0), r.total);
  t.is(r.total, PASSES.length);
});

test("runWithClock makes the clock active for the call only, also when it throws", (t) => {
  const { clock, at } = fakeClock();
  t.is(activeClock, undefined);
  t.is(runWithClock(clock, () => activeClock), clock);
  t.is(activeClock, undefined);
  t.throws(() => runWithClock(clock, () => {
    activeClock!.enter(PASS.emit);
    at(5);
    throw new Error("refused");
  }), { message: "refused" });
  t.is(activeClock, undefined);
  at(50);
  t.is(clock.times().ms.emit, 5, "the pass that threw is charged until the throw, and the stopped clock no further");
  t.is(clock.times().total, 5);
});

test("inPass charges a step to the active clock, and only runs it without one", (t) => {
  const { clock, at } = fakeClock();
  t.is(inPass(PASS.verify, () => 7), 7);
  t.is(runWithClock(clock, () => inPass(PASS.verify, () => (at(4), 8))), 8);
  t.is(clock.times().ms.verify, 4);
  t.is(clock.times().calls.verify, 1);
});

test("a stack of nested passes deeper than the clock's first room is kept", (t) => {
  const { clock, at } = fakeClock();
  clock.start();
  for (let i = 0; i < 40; i++) clock.enter(PASS.emit);
  at(1);
  for (let i = 0; i < 40; i++) clock.leave();
  at(3);
  clock.stop();
  t.is(clock.times().ms.emit, 1);
  t.is(clock.times().ms.other, 2);
  t.is(clock.times().calls.emit, 40);
});
