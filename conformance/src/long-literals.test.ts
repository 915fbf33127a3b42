/**
 * Long string literals print and read back in time linear in their length,
 * on every path a literal's text takes: the IR printer (`quoteString`),
 * both backends (LLVM's `c"..."` byte escapes, CLIF's data), and the `.lir`
 * text form (printed, then parsed). All but CLIF's wrote the text a
 * character or a byte at a time into one string: a literal of a megabyte
 * was then a rope of a million nodes, which the collector traced and every
 * reader flattened (a 1 MB literal through LLVM: 135 ms, against 8 ms for
 * one of 220 KB; conformance/README.md). The literal mixes what each path
 * escapes: a control character and a quote (IR text), a three-byte
 * character (LLVM and `.lir` escape each of its bytes).
 *
 * The guard compares the mean CPU time of each path at QUARTER characters
 * and at four times as many (the most a literal may hold is 1,048,576): four
 * times is linear; the paths read 2-4 times now. The bound, eight times
 * (growth exponent 1.5), fails the LLVM backend and the IR printer as they
 * were (15-17 and 9-12 times); the `.lir` path was milder (5-7 times) and
 * is held only against worse. Times under FLOOR_MS count as FLOOR_MS, so
 * that a path of a few milliseconds (CLIF) is not judged by its noise. A
 * path over the bound is measured again and fails only when both
 * measurements are over (the rule of the other timed guards: a busy minute
 * on a shared machine can slow one side; a path gone quadratic is over
 * every time).
 */
import test from "ava";
import { parseModule, printModule } from "@fzy/ir";
import { parseLIR, printLIR } from "@fzy/lir";
import { lower, lowerToLIR } from "@fzy/lower";
import { cpu } from "./bench/cpu-time.js";

const QUARTER = 256 * 1024;
const MAX_RATIO = 8;
const FLOOR_MS = 5;

/** A module whose one literal holds `chars` characters (UTF-16 code units) of text every printer escapes some of. */
function literalModule(chars: number): string {
  const unit = 'ab\\x01日\\"xyz'; // 8 characters: a, b, U+0001, 日, ", x, y, z
  const body = unit.repeat(Math.ceil(chars / 8));
  return ["module lit", "export fn kernel(%n: i32) -> i32 {", "entry:", `  %l = str.lit "${body}"`, "  %q = str.len %l", "  ret %q", "}", ""].join("\n");
}

/** The mean CPU ms of five runs after one untimed one (a warm engine; the collector's work counted, so a mean, not the best). */
function meanMs(fn: () => unknown): number {
  fn();
  let spent = 0;
  for (let k = 0; k < 5; k++) spent += cpu(fn)[1];
  return spent / 5;
}

test(`every printer and reader of a literal takes at most ${MAX_RATIO}x the time for 4x its length`, (t) => {
  const small = parseModule(literalModule(QUARTER)), large = parseModule(literalModule(4 * QUARTER));
  const paths: readonly [string, (m: typeof small) => unknown][] = [
    ["printModule", (m) => printModule(m)],
    ["lower llvm", (m) => lower(m, "llvm").text],
    ["lower cranelift", (m) => lower(m, "cranelift").text],
    ["printLIR + parseLIR", (m) => parseLIR(printLIR(lowerToLIR(m, "llvm").lowered))],
  ];
  for (const [name, run] of paths) {
    const measure = () => {
      const a = meanMs(() => run(small)), b = meanMs(() => run(large));
      const what = `${name}: ${a.toFixed(1)} ms at ${QUARTER} characters, ${b.toFixed(1)} ms at ${4 * QUARTER}`;
      t.log(what);
      return { over: b > MAX_RATIO * Math.max(a, FLOOR_MS), what };
    };
    const first = measure();
    if (!first.over) continue;
    const second = measure();
    t.false(second.over, `first ${first.what}; again ${second.what}`);
  }
  t.pass();
});
