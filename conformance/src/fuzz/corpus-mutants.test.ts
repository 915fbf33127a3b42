/**
 * The corpus mutants (corpus-mutants.ts): reproducible from seed and index,
 * each its module with only the edited lines changed, every kind of edit
 * reaching the corpus as it is written, and a fixed set of them agreeing
 * with the interpreter on every backend and mode (natively with the
 * runtime's sanitizers, as the fuzzer runs).
 */
import test from "ava";
import { scratchDir } from "../native/toolchain.js";
import { corpus, corpusMutant, runCorpusMutants } from "./corpus-mutants.js";
import { allConfigs } from "./run.js";

const sources = corpus();

test("a mutant depends on its seed and index only, and changes only the lines it names", (t) => {
  let made = 0;
  for (let k = 0; k < 40; k++) {
    const a = corpusMutant(sources, 7, k), b = corpusMutant(sources, 7, k);
    t.deepEqual(a, b);
    if (!a) continue;
    made++;
    const original = sources.find((s) => s.case.name === a.source)!.text.split("\n"), lines = a.text.split("\n");
    t.is(lines.length, original.length);
    const changed = lines.flatMap((l, i) => (l === original[i] ? [] : [i + 1]));
    const named = a.edits.map((e) => Number(/^line (\d+):/.exec(e)![1]));
    t.true(changed.length >= 1 && changed.every((n) => named.includes(n)), `mutant ${k}: changed ${changed} named ${named}`);
  }
  t.true(made >= 30, `${made} of 40 mutants verified`);
});

test("every kind of edit finds lines to change in the corpus", (t) => {
  const kinds = new Set<string>();
  for (let k = 0; k < 300 && kinds.size < 3; k++) {
    for (const e of corpusMutant(sources, 3, k)?.edits ?? []) {
      const [before, after] = e.replace(/^line \d+: /, "").split(" -> ");
      t.not(before, after, e);
      const op = /^%\S+ = (\S+) /.exec(before!)![1]!;
      kinds.add(op.startsWith("const.") ? "constant" : op.startsWith("icmp.") ? "comparison" : "operation");
    }
  }
  t.deepEqual([...kinds].sort(), ["comparison", "constant", "operation"]);
});

test("twelve mutants of the corpus agree with the interpreter on every backend and mode", (t) => {
  const r = runCorpusMutants({ seed: 1, count: 12, start: 0, configs: allConfigs(), saveDir: scratchDir("corpus-mutants") });
  t.deepEqual(r.failures, []);
  t.true(r.run >= 9, `${r.run} of 12 mutants ran (${r.skipped} skipped)`);
  t.true(r.runs >= 9 * r.run, `${r.runs} native and wasm runs`);
});
