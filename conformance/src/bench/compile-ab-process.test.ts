/**
 * The process mode of compile-ab: its arithmetic (medians, the ratio and
 * its interquartile range), the ABBA order, the checking of its arguments
 * and of a child's report, and one end-to-end run of this tree against
 * itself on a small input (ratio near 1, the same text on both sides).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import test from "ava";
import { parseAbArgs } from "./compile-ab-args.js";
import { checkBuiltTree, mineFirst, parseChildReport, runChild, summarizeRounds } from "./paired-process.js";

const THIS_TREE = fileURLToPath(new URL("../../..", import.meta.url));
const COMPILE_AB = fileURLToPath(new URL("./compile-ab.js", import.meta.url));

test("summarizeRounds: each side's median, the median ratio and its quartiles", (t) => {
  // ratios 1, 1.1, 0.9, 1.25: sorted 0.9, 1, 1.1, 1.25.
  const s = summarizeRounds({ mine: [100, 110, 90, 100], base: [100, 100, 100, 80] });
  t.is(s.mine, 100);
  t.is(s.base, 100);
  t.is(s.ratio, 1.05);
  t.true(Math.abs(s.q1 - 0.975) < 1e-12);
  t.true(Math.abs(s.q3 - 1.1375) < 1e-12);
  t.throws(() => summarizeRounds({ mine: [], base: [] }));
  t.throws(() => summarizeRounds({ mine: [1, 2], base: [1] }));
});

test("the rounds alternate which tree runs first (ABBA)", (t) => {
  t.deepEqual([0, 1, 2, 3].map(mineFirst), [true, false, true, false]);
});

test("parseChildReport reads the last line and rejects anything but {ms, hash}", (t) => {
  t.deepEqual(parseChildReport('a warning\n{"ms": 12.5, "hash": "ab"}\n'), { ms: 12.5, hash: "ab" });
  t.throws(() => parseChildReport(""), { message: /no report/ });
  t.throws(() => parseChildReport("not json"), { message: /no report/ });
  t.throws(() => parseChildReport('{"ms": 1}'), { message: /not \{"ms"/ });
  t.throws(() => parseChildReport('{"ms": -1, "hash": "x"}'), { message: /not \{"ms"/ });
  t.throws(() => parseChildReport('{"ms": "1", "hash": "x"}'), { message: /not \{"ms"/ });
  t.throws(() => parseChildReport("null"), { message: /not \{"ms"/ });
});

test("parseAbArgs: defaults, and one readable error per mistake", (t) => {
  t.deepEqual(parseAbArgs(["corpus", "10", "--base", "B"]), {
    input: { shape: "corpus", size: 10 }, base: "B", rounds: 9, backends: ["llvm", "cranelift"], phase: "lower", processes: false, repeat: 3, outputChanged: false,
  });
  t.true(parseAbArgs(["switch", "20000", "--base", "B", "--output-changed"]).outputChanged);
  const p = parseAbArgs(["fuzz batch", "1000", "--base", "B", "--processes", "--repeat", "5", "--rounds", "7", "--backend", "cranelift", "--phase", "parse"]);
  t.like(p, { processes: true, repeat: 5, rounds: 7, backends: ["cranelift"], phase: "parse" });
  t.is(p.mine, undefined);
  t.is(parseAbArgs(["corpus", "1", "--base", "B", "--processes", "--this", "A"]).mine, "A");
  t.throws(() => parseAbArgs(["corpus", "10", "--base", "B", "--this", "A"]), { message: /needs --processes/ });
  t.deepEqual(parseAbArgs(["--input", "f.fzir", "--base", "B"]).input, { file: "f.fzir" });
  t.throws(() => parseAbArgs(["corpus", "10", "--input", "f.fzir", "--base", "B"]), { message: /^usage/ });
  t.throws(() => parseAbArgs(["corpus", "10"]), { message: /--base DIR is required/ });
  t.throws(() => parseAbArgs(["corpus"]), { message: /^usage/ });
  t.throws(() => parseAbArgs(["corpus", "10", "x", "--base", "B"]), { message: /^usage/ });
  t.throws(() => parseAbArgs(["corpus", "ten", "--base", "B"]), { message: /SIZE must be/ });
  t.throws(() => parseAbArgs(["corpus", "10", "--base", "B", "--rounds", "0"]), { message: /--rounds must be/ });
  t.throws(() => parseAbArgs(["corpus", "10", "--base", "B", "--backend", "wasm"]), { message: /unknown backend/ });
  t.throws(() => parseAbArgs(["corpus", "10", "--base", "B", "--phase", "print"]), { message: /unknown phase/ });
  t.throws(() => parseAbArgs(["corpus", "10", "--base", "B", "--repeat", "3"]), { message: /needs --processes/ });
  t.throws(() => parseAbArgs(["corpus", "10", "--base", "B", "--bogus"]), { message: /Unknown option/ });
});

test("a tree without dist, or a child that fails, is one readable error", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "fz-ab-test-"));
  try {
    t.throws(() => checkBuiltTree(dir), { message: /is not a built tree: it has no packages\/ir\/dist\/index\.js/ });
    t.notThrows(() => checkBuiltTree(THIS_TREE));
    const e = t.throws(() => runChild({ tree: THIS_TREE, input: join(dir, "missing.fzir"), phase: "parse", warm: 0, repeat: 1 }));
    t.regex(e!.message, /^the child timing .* failed: compile-ab-child: ENOENT/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("end to end: this tree against itself, fresh processes, prints the same text at a ratio near 1", (t) => {
  const r = spawnSync(process.execPath, [COMPILE_AB, "corpus", "1", "--base", THIS_TREE, "--processes", "--rounds", "2", "--repeat", "1", "--backend", "llvm"], { encoding: "utf8" });
  t.is(r.status, 0, r.stderr);
  const m = /^corpus 1 \((\d+) units\) llvm: this \d+ ms \([\d,]+\/s\), base \d+ ms \([\d,]+\/s\), this\/base ([\d.]+), IQR ([\d.]+)-([\d.]+) \(median of 2 rounds/.exec(r.stdout);
  t.truthy(m, r.stdout);
  const [ratio, q1, q3] = [m![2], m![3], m![4]].map(Number) as [number, number, number];
  // Two runs of the same code differ only by the machine's noise.
  t.true(ratio > 0.6 && ratio < 1.6, `ratio ${ratio}`);
  t.true(q1 <= ratio && ratio <= q3);
  const bad = spawnSync(process.execPath, [COMPILE_AB, "corpus", "1", "--base", join(THIS_TREE, "no-such-tree"), "--processes"], { encoding: "utf8" });
  t.is(bad.status, 1);
  t.regex(bad.stderr, /^compile-ab: .*no-such-tree is not a built tree/);
  t.is(bad.stderr.trim().split("\n").length, 1);
});
