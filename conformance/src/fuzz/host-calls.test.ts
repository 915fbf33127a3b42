/**
 * The fuzzer's host-calling cases in CI: a fixed seed and budget through
 * the replay gate (both backends, every mode, recorded and replayed against
 * the interpreter's trace). `pnpm fuzz --host-calls --seed S --count N`
 * runs more.
 */
import test from "ava";
import { parseModule, verifyModule } from "@fzy/ir";
import { fuzzHostCalls, hostCallModule } from "./host-calls.js";

const SEED = 20241130;
const COUNT = 12;

test("generated host-calling modules are valid IR and together call every host function", (t) => {
  const called = new Set<string>();
  for (let i = 0; i < 100; i++) {
    const text = hostCallModule(SEED, i);
    t.notThrows(() => verifyModule(parseModule(text)), `case ${i}`);
    for (const m of text.matchAll(/call @(\w+)/g)) called.add(m[1]!);
  }
  t.deepEqual([...called].sort(), ["chain_step", "clock_now", "host_log", "host_logged", "kv_get", "kv_put", "rand_below", "sensor_read", "sensor_scale"]);
  t.is(hostCallModule(SEED, 3), hostCallModule(SEED, 3), "the same seed and index give the same module");
});

test(`replay gate on ${COUNT} host-calling fuzz cases of seed ${SEED}`, (t) => {
  const { cases, failures } = fuzzHostCalls(SEED, COUNT);
  t.is(cases, COUNT);
  t.deepEqual(failures, []);
});
