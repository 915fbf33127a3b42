/**
 * The replay gate's host for the reference interpreter: the same functions,
 * with the same semantics, as conformance/replay/host.c gives the native
 * builds. A fresh host per run (the C host starts fresh with every process).
 * i64 values arrive and leave as bigint, i32 as number, str as a string.
 */
import type { HostFunction } from "@fzy/ir";

const WORDS = ["alpha", " bεta ", "gamma\t", "", "delta,epsilon"];
const MASK64 = (1n << 64n) - 1n;

export function makeHost(): Record<string, HostFunction> {
  let clockTicks = 1_700_000_000_000n;
  let clockReads = 0n;
  let rand = 0x9e3779b97f4a7c15n;
  const kv = new Map<string, bigint>();
  let logged = 0n;
  // xorshift64 (Marsaglia 2003, shifts 13/7/17), as host.c.
  const next = (): bigint => {
    rand ^= (rand << 13n) & MASK64;
    rand ^= rand >> 7n;
    rand ^= (rand << 17n) & MASK64;
    return rand;
  };
  return {
    clock_now: () => {
      clockTicks += 1000n + (clockReads++ % 7n);
      return clockTicks;
    },
    rand_below: (bound) => {
      const x = next();
      return (bound as number) > 0 ? Number(x % BigInt(bound as number)) : 0;
    },
    rand_bool: () => ((next() >> 32n) & 1n) === 1n,
    kv_put: (k, v) => {
      const key = k as string;
      if (!kv.has(key) && (kv.size === 64 || Buffer.byteLength(key) > 32)) return;
      kv.set(key, v as bigint);
    },
    kv_get: (k) => kv.get(k as string) ?? -1n,
    host_word: (i) => WORDS[Math.abs(i as number) % 5]!,
    host_log: (s) => {
      logged += BigInt(Buffer.byteLength(s as string));
    },
    host_logged: () => logged,
    sensor_read: (i) => Number((BigInt(i as number) * BigInt(i as number)) % 17n) / 4 + 0.1,
    sensor_scale: (x) => (x as number) * 1.5 - 0.125,
    chain_step: (x) => BigInt.asIntN(64, (x as bigint) * 6364136223846793005n + 1442695040888963407n),
  };
}
