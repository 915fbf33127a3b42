/**
 * The fuzzer's CI budget: 50 cases (one batch, six native builds and three
 * in-process wasm builds) for each of six fixed seeds, 300 cases in all; each seed also draws its own input
 * table. The seeds are split over two test files so ava runs the halves
 * side by side. conformance/README.md ("Fuzzing in CI") lists the seeds, the
 * budget, its run time and the full budget.
 */
import test from "ava";
import { fuzz } from "./fuzz.js";

export const CI_SEEDS: readonly number[] = [20240601, 1, 2, 3, 4, 5];
export const CI_CASES_PER_SEED = 50;

/** One ava test per seed: the interpreter against the three backends in every mode, no failure allowed. */
export function differentialTests(seeds: readonly number[]): void {
  for (const seed of seeds) {
    test(`differential: ${CI_CASES_PER_SEED} cases of seed ${seed}, interpreter against three backends in every mode`, (t) => {
      // No shrinking here: it builds natively per step and can take minutes; the log names the command that shrinks.
      const summary = fuzz({ seed, count: CI_CASES_PER_SEED, batchSize: 50, shrink: false, saveDir: null, log: (line) => t.log(line) });
      t.log(`${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped, ${summary.runs} native runs, ${(summary.ms / 1000).toFixed(1)} s`);
      for (const f of summary.failures) t.log(`case ${f.index}: ${f.details.join("; ")} (shrink and save it: pnpm fuzz --seed ${seed} --start ${f.index} --count 1)`);
      t.is(summary.cases, CI_CASES_PER_SEED);
      t.is(summary.skipped, 0);
      t.deepEqual(summary.failures.map((f) => f.index), []);
    });
  }
}
