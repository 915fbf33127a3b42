/**
 * Host-calling cases for the fuzzer: seeded modules whose kernel loops over
 * random steps that call the test host (conformance/replay/host.c, and its
 * interpreter twin replay/host.ts) — the clock, the random source, the
 * key-value store, the sensor pair, the chain step, the log — with their
 * results folded into an i64 accumulator and some calls behind branches on
 * it. Each case goes through the replay gate (replay/gate.ts): both
 * backends in every mode, recorded and replayed, results and traces equal
 * to the interpreter's. The fast paths must not change what a program asks
 * of its host, however the calls are arranged.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { scratchDir } from "../native/toolchain.js";
import { checkReplayCase, type ReplayCase } from "../replay/gate.js";
import { caseSeed, Rng } from "./prng.js";

const IMPORTS = [
  "import fn clock_now() -> i64",
  "import fn rand_below(i32) -> i32",
  "import fn chain_step(i64) -> i64",
  "import fn kv_put(str, i64)",
  "import fn kv_get(str) -> i64",
  "import fn sensor_read(i32) -> f64",
  "import fn sensor_scale(f64) -> f64",
  "import fn host_log(str)",
  "import fn host_logged() -> i64",
];
const KEYS = ["a", "b", "kk", "zz"];

/** Lines of one step; `v` names fresh values, `$acc` is the i64 accumulator. */
function step(r: Rng, v: (base: string) => string): string[] {
  const acc = v("acc"), out = v("acc");
  const fold = (x: string, op: "add" | "xor" = r.chance(0.5) ? "add" : "xor") => [`  ${acc} = get $acc`, `  ${out} = ${op} ${acc}, ${x}`, `  set $acc, ${out}`];
  const key = () => {
    const k = v("key");
    return { k, line: `  ${k} = str.lit "${r.pick(KEYS)}"` };
  };
  switch (r.below(7)) {
    case 0: { const c = v("clock"); return [`  ${c} = call @clock_now`, ...fold(c)]; }
    case 1: {
      const b = v("bound"), x = v("rnd"), w = v("rndw");
      return [`  ${b} = const.i32 ${r.range(1, 1000)}`, `  ${x} = call @rand_below, ${b}`, `  ${w} = sext.i64 ${x}`, ...fold(w)];
    }
    case 2: { const a = v("acc"), x = v("chain"); return [`  ${a} = get $acc`, `  ${x} = call @chain_step, ${a}`, `  set $acc, ${x}`]; }
    case 3: { const a = v("acc"), { k, line } = key(); return [line, `  ${a} = get $acc`, `  call @kv_put, ${k}, ${a}`]; }
    case 4: { const g = v("got"), { k, line } = key(); return [line, `  ${g} = call @kv_get, ${k}`, ...fold(g)]; }
    case 5: {
      const a = v("acc"), i = v("idx"), s = v("sensor"), t = v("scaled"), h = v("hundred"), m = v("milli"), q = v("q");
      return [
        `  ${a} = get $acc`, `  ${i} = trunc.i32 ${a}`, `  ${s} = call @sensor_read, ${i}`, `  ${t} = call @sensor_scale, ${s}`,
        `  ${h} = const.f64 100.0`, `  ${m} = fmul ${t}, ${h}`, `  ${q} = fptosi.i64 ${m}`, ...fold(q, "add"),
      ];
    }
    default: {
      const { k, line } = key(), l = v("logged");
      return [line, `  call @host_log, ${k}`, `  ${l} = call @host_logged`, ...fold(l)];
    }
  }
}

/** The .fzir text of host case `index` of `seed`. */
export function hostCallModule(seed: number, index: number): string {
  const r = new Rng(caseSeed(seed, index));
  let counter = 0;
  const v = (base: string) => `%${base}${counter++}`;
  const blocks: string[] = [];
  const steps = r.range(2, 6);
  for (let s = 0; s < steps; s++) {
    const here = `step${s}`, next = s + 1 < steps ? `step${s + 1}` : "latch";
    if (r.chance(0.35)) {
      // A call behind a branch on the accumulator: which calls happen depends on what the host answered.
      const a = v("acc"), k = v("k"), z = v("z"), rem = v("rem"), c = v("cond");
      blocks.push(`${here}:`, `  ${a} = get $acc`, `  ${k} = const.i64 ${r.range(2, 5)}`, `  ${z} = const.i64 0`,
        `  ${rem} = urem ${a}, ${k}`, `  ${c} = icmp.eq ${rem}, ${z}`, `  br ${c}, ${here}_then, ${next}`,
        `${here}_then:`, ...step(r, v), `  jump ${next}`);
    } else {
      blocks.push(`${here}:`, ...step(r, v), `  jump ${next}`);
    }
  }
  return [
    `; host-calling fuzz case ${index} of seed ${seed}`, ";", "; inputs: 0 1 7", `module host_fuzz_${seed}_${index}`, "",
    ...IMPORTS, "",
    "export fn kernel(%n: i32) -> i32 {", "  var $i: i32", "  var $acc: i64",
    "entry:", "  %zero = const.i32 0", "  %zero64 = const.i64 0", "  %one = const.i32 1", `  %period = const.i32 ${r.range(3, 9)}`,
    "  %r = urem %n, %period", "  %trips = add %r, %one", "  set $i, %zero", "  set $acc, %zero64", "  jump head",
    "head:", "  %i = get $i", "  %more = icmp.slt %i, %trips", "  br %more, step0, exit",
    ...blocks,
    "latch:", "  %i2 = get $i", "  %i3 = add %i2, %one", "  set $i, %i3", "  jump head",
    "exit:", "  %res64 = get $acc", "  %res = trunc.i32 %res64", "  ret %res", "}", "",
  ].join("\n");
}

/** Runs `count` host cases of `seed` through the replay gate; one message per disagreement. */
export function fuzzHostCalls(seed: number, count: number, start = 0): { readonly cases: number; readonly failures: readonly string[] } {
  const dir = scratchDir(`host-fuzz-${seed}`);
  mkdirSync(dir, { recursive: true });
  const failures: string[] = [];
  for (let index = start; index < start + count; index++) {
    const file = join(dir, `host_fuzz_${seed}_${index}.fzir`);
    writeFileSync(file, hostCallModule(seed, index));
    const c: ReplayCase = { name: `host_fuzz_${seed}_${index}`, file, inputs: [0, 1, 7] };
    for (const f of checkReplayCase(c)) failures.push(`${f} (${file})`);
  }
  return { cases: count, failures };
}
