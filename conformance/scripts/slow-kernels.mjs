#!/usr/bin/env node
/**
 * Runs every conformance kernel at the benchmark size (n = 8,000,000, or the
 * n given as the first argument) in the reference interpreter, printing the
 * checksum, the time, and whether it matches KERNELS.md's table. Not part of
 * the test suite: it takes about half a minute. Build the package first
 * (`pnpm run build`); run as `node conformance/scripts/slow-kernels.mjs`; exits with status 1 on a mismatch.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { formatValue, interpret, parseModule } from "@fzy/ir";

const KERNELS = fileURLToPath(new URL("../kernels/", import.meta.url));

/** KERNELS.md, "Expected checksums": the one copy of the table. */
const EXPECTED = JSON.parse(readFileSync(`${KERNELS}checksums.json`, "utf8")).checksums;

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
