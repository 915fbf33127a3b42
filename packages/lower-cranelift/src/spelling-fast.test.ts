/**
 * The printer's shortcuts agree with the plain definitions they stand for:
 * commentText with the two regular expressions that define it, and
 * signedImmediate with intImmediate, on crafted edge cases and on
 * pseudo-random inputs. Also through printCLIF: awkward names (directive
 * words, control and non-ASCII characters) print as the definition says.
 */
import test from "ava";
import { type LModule, LFunctionBuilder, type LType } from "@fzy/lir";
import { printCLIF } from "./index.js";
import { commentText } from "./readers.js";
import { intImmediate, signedImmediate } from "./spelling.js";

/** commentText by its definition. */
function commentByRegex(text: string): string {
  const flat = text.replace(/[\x00-\x1f\x7f]/g, " ");
  return /^\s*(run|print)\b/.test(flat) ? `'${flat}'` : flat;
}

function rng(seed: number): () => number {
  let x = seed >>> 0;
  return () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

const AWKWARD = [
  "", "r", "p", "run", "run:", "run1", "running", "run_x", "run.x", "run(", "print", "print:", "printer", "print_2", "prin", "ru",
  " run", "\trun", "\u00a0run", "\u2003print", "\nprint", "r\nun", "run\n", "run\x7f", "acc_next", "é", "éprint", "pé", "x\x00y",
  "loop_body.parse_capability_u3.0.cont", "\uD800", "p\uDC00", "\ufeffrun", "RUN", "Print",
];

test("commentText agrees with its regular-expression definition", (t) => {
  for (const s of AWKWARD) t.is(commentText(s), commentByRegex(s), JSON.stringify(s));
  const next = rng(11);
  const alphabet = ["r", "u", "n", "p", "i", "t", " ", "\t", "\n", "_", ".", "(", "é", "\u00a0", "\x7f", "a", "1"];
  for (let i = 0; i < 20000; i++) {
    let s = "";
    for (let k = Math.floor(next() * 8); k > 0; k--) s += alphabet[Math.floor(next() * alphabet.length)];
    t.is(commentText(s), commentByRegex(s), JSON.stringify(s));
  }
});

test("signedImmediate spells what intImmediate spells, and leaves the rest to it", (t) => {
  const types: LType[] = ["i8", "i16", "i32", "i64", "ptr", "bool"];
  const edges = [0n, 1n, 2n, 127n, 128n, 255n, 256n, 32767n, 32768n, 65535n, 65536n, 2n ** 31n - 1n, 2n ** 31n, 2n ** 32n - 1n, 2n ** 32n,
    2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, 2n ** 63n - 1n, 2n ** 63n, 2n ** 64n - 1n, 2n ** 64n];
  const next = rng(5);
  const values = [...edges, ...edges.map((v) => -v), ...Array.from({ length: 2000 }, () => BigInt(Math.floor((next() - 0.5) * 2 ** 40)))];
  for (const type of types) {
    for (const v of values) {
      const fast = signedImmediate(type, v);
      let slow: string | undefined;
      try { slow = intImmediate(type, v); } catch { slow = undefined; }
      if (fast !== undefined) t.is(`${fast}`, slow ?? "(intImmediate threw)", `${type} ${v}`);
    }
  }
  t.is(signedImmediate("i64", 2n ** 53n), undefined, "beyond the safe integers the bigint path spells it");
  t.is(signedImmediate("i8", 255n), -1);
});

test("awkward names print as comments the way the definition says", (t) => {
  const f = new LFunctionBuilder("k", ["i32"], ["i32"], true);
  const values: (string | undefined)[] = [];
  let acc = f.args[0]!;
  for (const name of AWKWARD) {
    acc = f.binary("iadd", acc, f.args[0]!);
    values[acc] = name;
  }
  f.ret([acc]);
  const fn = { ...f.finish(), names: { values, blocks: [] } };
  const module: LModule = { name: "m", functions: [fn], externs: [], data: [] };
  const lines = printCLIF(module).text.split("\n").filter((l) => l.includes("= iadd"));
  t.is(lines.length, AWKWARD.length);
  AWKWARD.forEach((name, i) => t.is(lines[i]!.replace(/^ {4}v\d+ = iadd v\d+, v\d+/, ""), ` ; ${commentByRegex(name)}`, JSON.stringify(name)));
});
