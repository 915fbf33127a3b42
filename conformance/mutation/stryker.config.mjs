/**
 * StrykerJS configuration for the files that decide and prove things. The
 * `command` test runner runs a focused ava command per mutant; all mutants
 * of a file are compiled in once (mutant switching through the
 * __STRYKER_ACTIVE_MUTANT__ environment variable), so the build runs once.
 * Type checks are off for the instrumented files (Stryker's mutants need
 * not type-check; the build would otherwise reject them).
 *
 * One target per run: FZ_MUTATION_TARGET=eligibility (see TARGETS). Run it
 * through conformance/mutation/run.mjs, which works on a scratch copy.
 */
const PASSES_TESTS = "packages/passes/dist/eligibility.test.js packages/passes/dist/lower.test.js packages/lower-llvm/dist/golden.test.js packages/lower-cranelift/dist/golden.test.js";
const PARITY_BOUNDARY = "conformance/dist/parity.test.js --match 'parity: boundary_*' --match 'parity: arr_*' --match 'parity: int_*'";

export const TARGETS = {
  eligibility: { mutate: ["packages/passes/src/eligibility.ts"], tests: `${PASSES_TESTS} conformance/dist/eligibility-edges.test.js` },
  // The survivors of the first eligibility run against the unit tests alone (a quick re-check).
  "eligibility-survivors": { mutate: ["packages/passes/src/eligibility.ts:30-235"], tests: "packages/passes/dist/eligibility.test.js conformance/dist/eligibility-edges.test.js" },
  interpreter: {
    mutate: ["packages/ir/src/interpreter.ts", "packages/ir/src/interpreter-ops.ts"],
    tests: "packages/ir/dist/interpreter.test.js packages/ir/dist/kernels.test.js packages/ir/dist/values.test.js",
  },
  verifier: {
    mutate: ["packages/ir/src/verifier.ts"],
    tests: "packages/ir/dist/verifier.test.js packages/ir/dist/parser-errors.test.js packages/ir/dist/text-format.test.js",
  },
  ranges: { mutate: ["packages/passes/src/range-lattice.ts", "packages/passes/src/range-transfer.ts", "packages/passes/src/range-facts.ts", "packages/passes/src/range-solver.ts"], tests: `${PASSES_TESTS} && npx ava ${PARITY_BOUNDARY}` },
  bounds: { mutate: ["packages/passes/src/lower-bounds-checks.ts"], tests: `${PASSES_TESTS} && npx ava ${PARITY_BOUNDARY}` },
  escape: { mutate: ["packages/passes/src/escape-analysis.ts"], tests: `${PASSES_TESTS} && npx ava ${PARITY_BOUNDARY}` },
  switch: { mutate: ["packages/passes/src/lower-switch.ts", "packages/passes/src/lower-lookup-table.ts"], tests: `${PASSES_TESTS} && npx ava conformance/dist/parity.test.js --match 'parity: match_*' --match 'parity: boundary_switch_str'` },
  strings: { mutate: ["packages/passes/src/lower-strings.ts"], tests: `${PASSES_TESTS} && npx ava conformance/dist/parity.test.js --match 'parity: str_*' --match 'parity: boundary_switch_str'` },
};

const target = TARGETS[process.env.FZ_MUTATION_TARGET ?? "eligibility"];
if (!target) throw new Error(`FZ_MUTATION_TARGET must be one of ${Object.keys(TARGETS).join(", ")}`);

export default {
  testRunner: "command",
  commandRunner: { command: `npx ava --fail-fast ${target.tests}` },
  buildCommand: "npx tsc -b",
  mutate: target.mutate,
  inPlace: true,
  checkers: [],
  disableTypeChecks: "packages/*/src/**/*.ts",
  coverageAnalysis: "off",
  concurrency: Number(process.env.FZ_MUTATION_CONCURRENCY ?? 2),
  timeoutMS: 60000,
  reporters: ["clear-text", "json", "progress-append-only"],
  jsonReporter: { fileName: `reports/mutation/${process.env.FZ_MUTATION_TARGET ?? "eligibility"}.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportMutants: true, reportScoreTable: true },
  cleanTempDir: "always",
  plugins: [],
};
