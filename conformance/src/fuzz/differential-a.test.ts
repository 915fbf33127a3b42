/** The first half of the fuzzer's CI seeds (see ci-budget.ts). */
import { CI_SEEDS, differentialTests } from "./ci-budget.js";

differentialTests(CI_SEEDS.slice(0, CI_SEEDS.length / 2));
