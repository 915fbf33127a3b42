import { readFileSync } from "node:fs";
import { join } from "node:path";
import test from "ava";
import { parseModule } from "@fzy/ir";
import { passMedians, timedInTurn } from "./compile-speed.js";
import { CONFORMANCE_DIR } from "../native/toolchain.js";

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

test("passMedians lowers in the mode it is given: the range analysis runs in mode on only", (t) => {
  // bytes_kernel asks the range analysis for its divisions and array reads in mode on; mode off asks nothing of it.
  const m = parseModule(readFileSync(join(CONFORMANCE_DIR, "kernels", "bytes_kernel.fzir"), "utf8"));
  const once = { runs: 1, budgetMs: 1 };
  t.is(passMedians(m, "llvm", once, "off").ranges, 0);
  t.true(passMedians(m, "llvm", once, "on").ranges > 0);
  t.true(passMedians(m, "llvm", once).ranges > 0); // on by default
});
