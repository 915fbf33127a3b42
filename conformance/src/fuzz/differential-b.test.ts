/** The second half of the fuzzer's CI seeds (see ci-budget.ts). */
import { CI_SEEDS, differentialTests } from "./ci-budget.js";

differentialTests(CI_SEEDS.slice(CI_SEEDS.length / 2));
