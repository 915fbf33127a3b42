#!/usr/bin/env node
/**
 * Runs every conformance kernel at the benchmark size (n = 8,000,000, or the
 * n given as the first argument) in the reference interpreter, printing the
 * checksum, the time, and whether it matches KERNELS.md's table. Not part of
 * the test suite: it takes about half a minute. Build the package first
 * (`npx tsc -b packages/ir`); exits with status 1 on a mismatch.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { formatValue, interpret, parseModule } from "../dist/index.js";

const KERNELS = fileURLToPath(new URL("../../../conformance/kernels/", import.meta.url));

/** KERNELS.md, "Expected checksums". */
const EXPECTED = {
  bytes_kernel: { 0: 0, 1: 84, 7: 45, 1000: 173, 8000000: 237 },
  resultx_classify: { 0: 0, 1: 114, 7: 202, 1000: 83, 8000000: 218 },
  text_kernel: { 0: 0, 1: 67, 7: 218, 1000: 234, 8000000: 42 },
  capability_parse: { 0: 0, 1: 3, 7: 75, 1000: 202, 8000000: 62 },
  task_retry_backoff: { 0: 0, 1: 3, 7: 20, 1000: 10, 8000000: 79 },
  arithmetic_kernel: { 0: 7, 1: 53, 7: 203, 1000: 95, 8000000: 36 },
  duration_kernel: { 0: 0, 1: 17, 7: 119, 1000: 183, 8000000: 168 },
  abi_pair_kernel: { 0: 0, 1: 0, 7: 205, 1000: 153, 8000000: 124 },
};

const n = Number(process.argv[2] ?? 8_000_000);
let failed = false;
let total = 0;
for (const [name, table] of Object.entries(EXPECTED)) {
  const file = `${KERNELS}${name}.fzir`;
  const module = parseModule(readFileSync(file, "utf8"), file);
  const start = performance.now();
  const result = interpret(module, "kernel", [n]);
  const ms = performance.now() - start;
  total += ms;
  const want = table[n];
  const verdict = want === undefined ? "" : result === want ? "ok" : `MISMATCH (KERNELS.md: ${want})`;
  if (want !== undefined && result !== want) failed = true;
  console.log(`${name.padEnd(20)} kernel(${n}) = ${formatValue(result).padStart(4)}  ${ms.toFixed(0).padStart(7)} ms  ${verdict}`);
}
console.log(`${"total".padEnd(20)} ${" ".repeat(String(n).length + 16)}${total.toFixed(0).padStart(7)} ms`);
process.exit(failed ? 1 : 0);
