/**
 * The memory test of the ownership model: thirteen allocation-heavy programs
 * (conformance/memory: a dynamic array per iteration, a concatenated string
 * per iteration, a struct holding arrays, an enum whose payload is a string
 * or an array, an array of strings kept past the loop, maps made and dropped
 * per iteration, a string built in a variable across a helper's loop, per
 * call, fresh strings never seen before pushed into and split into arrays
 * that die per iteration, and fresh strings stored into a struct field, an
 * enum payload, map values and keys, and a fixed array in direct memory,
 * each overwritten or dropped per iteration) run natively for
 * 100,000 and 10,000,000 iterations; the peak RSS of the long run must stay
 * within a few MB of the short one. Results are checked against the
 * interpreter at a small n first, so a program that frees too much fails too.
 */
import test from "ava";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type Backend, lowerText, type Mode } from "@fzy/lower";
import { buildNative } from "../native/build.js";
import { CONFORMANCE_DIR, scratchDir } from "../native/toolchain.js";
import { referenceOutcome, showOutcome } from "../parity.js";
import { runWithPeakRss } from "./peak-rss.js";

const DIR = join(CONFORMANCE_DIR, "memory");
const PROGRAMS = readdirSync(DIR).filter((f) => f.endsWith(".fzir")).sort();
/** Allowed growth of peak RSS from 100,000 to 10,000,000 iterations, in KiB. */
const SLACK_KB = 4096;
const RUNS: readonly [Backend, Mode][] = [["llvm", "on"], ["llvm", "off"], ["cranelift", "on"]];

test("there are thirteen memory programs", (t) => {
  t.is(PROGRAMS.length, 13, PROGRAMS.join(" "));
});

for (const file of PROGRAMS) {
  for (const [backend, mode] of RUNS) {
    test(`memory: ${file} ${backend} ${mode}: peak RSS flat from 1e5 to 1e7 iterations`, (t) => {
      const source = readFileSync(join(DIR, file), "utf8");
      const r = lowerText(source, backend, { perfFastpath: mode, file });
      const exe = buildNative(backend, r, join(scratchDir(`memory-${file}-${backend}-${mode}`), "prog"));
      const small = runWithPeakRss(exe, 1000);
      t.is(small.stdout, showOutcome(referenceOutcome(source, 1000)));
      const short = runWithPeakRss(exe, 100_000);
      const long = runWithPeakRss(exe, 10_000_000);
      t.is(short.status, 0);
      t.is(long.status, 0);
      t.log(`${file} ${backend} ${mode}: peak RSS ${short.peakKb} KiB at 1e5, ${long.peakKb} KiB at 1e7`);
      t.true(long.peakKb - short.peakKb <= SLACK_KB, `grew by ${long.peakKb - short.peakKb} KiB`);
    });
  }
}
