/**
 * The tree of variable states against the representation it replaces (a
 * copied array of every variable per block), on seeded random trees entered
 * in any order a parent-first walk allows, subtrees interleaved; and its work
 * on a deep nest, which must stay linear in the changes.
 */
import test from "ava";
import type { LValue } from "@fzy/lir";
import { VariableStates } from "./variable-states.js";

/** A seeded generator (mulberry32), so a failure names a reproducible case. */
function rng(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) % n);
  };
}

/** A distinct value per change (the states only keep and compare references). */
function value(k: number): LValue[] {
  return [k as unknown as LValue];
}

/** Every variable's value in the state at hand. */
function snapshot(s: VariableStates, vars: number): (LValue[] | undefined)[] {
  return Array.from({ length: vars }, (_, v) => s.get(v));
}

/**
 * Blocks 0..n-1 entered in order, each under the recorded exit of a random
 * earlier block (or the empty state), with random assignments before and
 * after `seal`; every state read must be the model's.
 */
function randomRun(seed: number, blocks: number, vars: number, maxChanges: number): string | undefined {
  const r = rng(seed);
  const s = new VariableStates(blocks, vars);
  const exitNode: number[] = [];
  const exitModel: (LValue[] | undefined)[][] = [];
  let k = 0;
  for (let b = 0; b < blocks; b++) {
    const parent = b === 0 || r(8) === 0 ? -1 : r(b);
    s.enter(b, parent < 0 ? 0 : exitNode[parent]!);
    const model = parent < 0 ? new Array<LValue[] | undefined>(vars).fill(undefined) : [...exitModel[parent]!];
    for (let c = r(maxChanges + 1); c > 0; c--) {
      const v = r(vars), x = value(k++);
      s.set(v, x);
      model[v] = x;
    }
    const seen = snapshot(s, vars);
    if (seen.some((x, v) => x !== model[v])) return `block ${b}: state before seal differs`;
    exitNode.push(s.seal());
    exitModel.push(model);
    // Assignments in the terminator: seen now, in no recorded state.
    const edge = [...model];
    for (let c = r(3); c > 0; c--) {
      const v = r(vars), x = value(k++);
      s.set(v, x);
      edge[v] = x;
    }
    if (snapshot(s, vars).some((x, v) => x !== edge[v])) return `block ${b}: state after terminator assignments differs`;
  }
  return undefined;
}

test("states match copied arrays on random trees with interleaved subtrees", (t) => {
  for (let seed = 1; seed <= 300; seed++) {
    const failure = randomRun(seed, 2 + (seed % 40), 1 + (seed % 7), 4);
    t.is(failure, undefined, `seed ${seed}`);
  }
});

test("states match copied arrays across the log's chunks (thousands of changes)", (t) => {
  // About 20,000 changes: the doubling chunks, then several fixed-size ones.
  for (const seed of [7, 8, 9]) t.is(randomRun(seed, 1500, 40, 25), undefined, `seed ${seed}`);
});

test("a block entered twice is an internal error, not a silently wrong state", (t) => {
  const s = new VariableStates(2, 1);
  s.enter(0, 0);
  s.seal();
  t.throws(() => s.enter(0, 0), { message: /entered twice/ });
});

test("a deep nest entered parent first costs work linear in its changes", (t) => {
  // The shape of a loop nest: a chain of headers, each assigning its own
  // counter and an accumulator, with a latch under each header entered after
  // the whole inner chain (so every move climbs back from the innermost).
  const depth = 3000, vars = depth + 1;
  const s = new VariableStates(2 * depth, vars);
  let changes = 0, parent = 0;
  const headers: number[] = [];
  for (let d = 0; d < depth; d++) {
    s.enter(d, parent);
    s.set(0, value(changes++));
    s.set(d + 1, value(changes++));
    parent = s.seal();
    headers.push(parent);
  }
  for (let d = depth - 1; d >= 0; d--) {
    s.enter(depth + (depth - 1 - d), headers[d]!);
    t.is(s.get(d + 1)?.[0] as unknown, 2 * d + 1, "the latch sees its header's counter");
    s.set(d + 1, value(changes++));
    s.seal();
  }
  t.true(s.moved <= 2 * changes, `moved ${s.moved} for ${changes} changes`);
});
