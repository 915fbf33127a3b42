/**
 * Paired A/B timing, this tree against another built tree in one process:
 * the one home of the round loop the A/B benches share (compile-ab,
 * clif-print-ab, lir-text-ab, print-speed --base). Each round runs both
 * sides once in alternating order, so a drift of the machine's load within
 * a round favours neither; the first WARM_ROUNDS rounds warm the engine and
 * are dropped. Reported: the median CPU ms of each side and the median of
 * the per-round ratios this / base (below 1: this tree is faster).
 */
import { SHAPES, type Shape } from "./compile-shapes.js";
import { cpu, median, wall } from "./cpu-time.js";
import { medianOfRatios } from "./stats.js";

/** Rounds run before the measured ones and dropped. */
export const WARM_ROUNDS = 2;

/** Per-round CPU ms of each side, in round order. */
export interface PairedTimes {
  readonly a: number[];
  readonly b: number[];
}

/** Runs `a` and `b` once each, `a` first on even rounds; their results and ms by `clock` (default: CPU ms). */
export function pair<T>(round: number, a: () => T, b: () => T, clock: (f: () => T) => [T, number] = cpu): [[T, number], [T, number]] {
  if (round % 2 === 0) {
    const ra = clock(a);
    return [ra, clock(b)];
  }
  const rb = clock(b);
  return [clock(a), rb];
}

/**
 * `rounds` measured rounds of `a` against `b` (after the warm-up rounds);
 * `check` sees both results of every round and throws when they differ.
 */
export function pairedRounds<T>(rounds: number, a: () => T, b: () => T, check: (x: T, y: T) => void): PairedTimes {
  const times: PairedTimes = { a: [], b: [] };
  for (let i = 0; i < rounds + WARM_ROUNDS; i++) {
    const [[x, ma], [y, mb]] = pair(i, a, b);
    check(x, y);
    if (i < WARM_ROUNDS) continue;
    times.a.push(ma);
    times.b.push(mb);
  }
  return times;
}

/**
 * Wall ms of `a` and of `b` (whole commands, say: `cpu` counts only this
 * process), `rounds` times each in the alternating order of `pair`, with no
 * warm-up round: each run is a fresh process, which is what is measured.
 */
export function pairedWall(rounds: number, a: () => void, b: () => void): PairedTimes {
  const times: PairedTimes = { a: [], b: [] };
  for (let i = 0; i < rounds; i++) {
    const [[, ma], [, mb]] = pair(i, a, b, wall);
    times.a.push(ma);
    times.b.push(mb);
  }
  return times;
}

/**
 * The wall ms of each of `steps` in each of `rounds` rounds, each round
 * calling every step once, starting one step further on than the round
 * before (so a drift of the machine's speed within a round favours none);
 * after one untimed round in the given order.
 */
export function inRotation(steps: readonly (() => void)[], rounds: number, clock: (f: () => void) => [void, number] = wall): number[][] {
  const ms = steps.map((): number[] => []);
  for (let r = -1; r < rounds; r++) {
    for (let k = 0; k < steps.length; k++) {
      const i = (k + Math.max(r, 0)) % steps.length;
      const [, t] = clock(steps[i]!);
      if (r >= 0) ms[i]!.push(t);
    }
  }
  return ms;
}

/** The median of each side and of the per-round ratios this / base. */
export function pairedMedians(t: PairedTimes): { readonly a: number; readonly b: number; readonly ratio: number } {
  return { a: median(t.a), b: median(t.b), ratio: medianOfRatios(t.a, t.b) };
}

/** `this X ms, base Y ms, this/base R (median of N paired rounds)`, ms with `digits` decimals. */
export function pairedSummary(t: PairedTimes, digits: number): string {
  const m = pairedMedians(t);
  return `this ${m.a.toFixed(digits)} ms, base ${m.b.toFixed(digits)} ms, this/base ${m.ratio.toFixed(3)} (median of ${t.a.length} paired rounds)`;
}

export { importFrom } from "./paired-tree.js";

/** The benchmark shape called `name`, or an error that gives `usage` and every shape's name. */
export function shapeNamed(name: string | undefined, usage: string): Shape {
  const shape = SHAPES.find((s) => s.name === name);
  if (!shape) throw new Error(`${name === undefined ? "" : `unknown shape "${name}"; `}${usage}; shapes: ${SHAPES.map((s) => s.name).join(", ")}`);
  return shape;
}
