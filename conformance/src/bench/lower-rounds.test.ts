import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import test from "ava";
import { roundsArgs } from "./lower-rounds.js";

const SCRIPT = fileURLToPath(new URL("./lower-rounds.js", import.meta.url));

test("roundsArgs: corpus x10 through llvm in mode on for 30 rounds unless told otherwise", (t) => {
  t.deepEqual(roundsArgs([]), { shape: "corpus", size: 10, backend: "llvm", mode: "on", rounds: 30 });
  t.deepEqual(roundsArgs(["--shape", "loop nest", "--size", "100", "--backend", "cranelift", "--mode", "off", "--rounds", "2"]), { shape: "loop nest", size: 100, backend: "cranelift", mode: "off", rounds: 2 });
});

test("roundsArgs names the argument that is wrong", (t) => {
  t.throws(() => roundsArgs(["--shape", "no such"]), { message: /--shape no such: no such input/ });
  t.throws(() => roundsArgs(["--backend", "wasm"]), { message: "--backend takes llvm or cranelift, not 'wasm'" });
  t.throws(() => roundsArgs(["--mode", "fast"]), { message: /--mode fast/ });
  t.throws(() => roundsArgs(["--rounds", "0"]), { message: "--rounds takes a whole number of at least 1, not '0'" });
  t.throws(() => roundsArgs(["--size", "1.5"]), { message: "--size takes a whole number of at least 1, not '1.5'" });
});

test("lower-rounds prints a line per round and the steady rate; a bad argument is one line and status 1", (t) => {
  const ok = spawnSync(process.execPath, [SCRIPT, "--shape", "corpus", "--size", "1", "--rounds", "3", "--backend", "cranelift"], { encoding: "utf8" });
  t.is(ok.status, 0, ok.stderr);
  const lines = ok.stdout.trim().split("\n");
  t.is(lines.length, 5);
  t.regex(lines[1]!, /^round 1: cpu \d+ wall \d+$/);
  t.regex(lines[4]!, /^median CPU ms of the last 1 rounds: \d+ \([\d,]+ IR insts per CPU second\); round 1: [\d.]+x that$/);
  const bad = spawnSync(process.execPath, [SCRIPT, "--rounds", "x"], { encoding: "utf8" });
  t.is(bad.status, 1);
  t.is(bad.stderr, "lower-rounds: --rounds takes a whole number of at least 1, not 'x'\n");
});
