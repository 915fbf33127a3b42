/**
 * Hostile input: every file of conformance/hostile (hand-written and
 * generated), large inputs made in memory (10k blocks, values, cases,
 * functions; nesting and literals past every limit), and seeded mutations
 * of the kernels, modules and templates beyond the corpus. Parse, verify
 * and lowering with both backends must succeed or throw a proper FzError
 * (hostile/check.ts), each input in a child process under a time box and
 * a heap cap (hostile/runner.ts). The `fzlower` CLI must answer a sample
 * with exit status 0, 1 or 2 and, on failure, exactly one line.
 */
import test from "ava";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Job, Source } from "./hostile/child.js";
import { checkInput } from "./hostile/check.js";
import { GENERATED_DIR, generatedCorpus } from "./hostile/generate.js";
import { SYNTHETIC } from "./hostile/large.js";
import type { MutationKind } from "./hostile/mutate.js";
import { type JobResult, runJobs } from "./hostile/runner.js";
import { CONFORMANCE_DIR } from "./native/toolchain.js";

const HAND_DIR = join(CONFORMANCE_DIR, "hostile/hand");

const files = (dir: string) => readdirSync(dir).filter((f) => f.endsWith(".fzir")).sort().map((f) => join(dir, f));
const corpus = [...files(HAND_DIR), ...files(GENERATED_DIR)];

let serial = 0;
const job = (name: string, source: Source, consumers = false): Job => ({ id: serial++, name, source, consumers });

/** Lines describing every result that is not "ok" or a proper rejection. */
function problems(results: readonly JobResult[]): string[] {
  return results
    .filter((r) => r.outcome.kind !== "ok" && r.outcome.kind !== "rejected")
    .map((r) => `${r.job.name} (${r.ms} ms): ${JSON.stringify(r.outcome)}`);
}

function tally(results: readonly JobResult[]): string {
  const n = new Map<string, number>();
  for (const r of results) {
    const o = r.outcome;
    const k = o.kind === "rejected" ? `${o.phase}:${o.code}` : o.kind;
    n.set(k, (n.get(k) ?? 0) + 1);
  }
  return [...n].sort().map(([k, v]) => `${k} ${v}`).join(", ");
}

test("the corpus holds at least 200 inputs and the generated part is what the script writes", (t) => {
  t.true(corpus.length >= 200, `${corpus.length} inputs`);
  const want = generatedCorpus();
  t.deepEqual(readdirSync(GENERATED_DIR).sort(), want.map((f) => f.name).sort());
  for (const f of want) t.deepEqual(new Uint8Array(readFileSync(join(GENERATED_DIR, f.name))), f.bytes, f.name);
});

test("every corpus file is parsed, verified and lowered, or rejected with a located FzError", async (t) => {
  // Files that lower also go through LLVM's verifier and the strict CLIF checker (hostile names must not clash).
  const results = await runJobs(corpus.map((p) => job(p.slice(CONFORMANCE_DIR.length), { kind: "file", path: p }, true)), { timeBoxMs: 30_000 });
  t.log(`${results.length} files: ${tally(results)}`);
  t.deepEqual(problems(results), []);
});

test("10k blocks, values, cases and functions, and inputs past every limit, are handled in time", async (t) => {
  const jobs = SYNTHETIC.map((s, index) => job(s.name, { kind: "synthetic", index }));
  const results = await runJobs(jobs, { timeBoxMs: 60_000, heapMiB: 2048 });
  for (const r of results) t.log(`${String(r.ms).padStart(6)} ms  ${r.outcome.kind === "rejected" ? `${r.outcome.code}: ${r.outcome.message.slice(0, 60)}` : r.outcome.kind}  ${r.job.name}`);
  t.deepEqual(problems(results), []);
});

test("seeded mutations of the kernels, modules and templates beyond the corpus", async (t) => {
  const bases = [...files(join(CONFORMANCE_DIR, "kernels")), ...files(join(CONFORMANCE_DIR, "modules"))];
  const kinds: MutationKind[] = ["bytes", "lines", "tokens", "mixed"];
  const jobs = Array.from({ length: 1500 }, (_, i) => {
    const base = bases[i % bases.length]!;
    const how = kinds[i % kinds.length]!;
    return job(`mutant ${i} of ${base.slice(CONFORMANCE_DIR.length)} (${how})`, { kind: "mutant", base, seed: 0xfa22 + i, how, steps: 1 + (i % 7) });
  });
  const results = await runJobs(jobs, { timeBoxMs: 30_000 });
  t.log(`${results.length} mutants: ${tally(results)}`);
  t.deepEqual(problems(results), []);
});

test("the CLI answers hostile files with status 0, 1 or 2 and one line", async (t) => {
  const cli = await import("@fzy/lower/cli");
  const run = async (argv: string[]) => {
    let out = "", err = "";
    const status = await cli.main(argv, { out: (s) => { out += s; }, err: (s) => { err += s; } });
    return { status, out, err };
  };
  const sample = corpus.filter((_, i) => i % 6 === 0);
  for (const [i, file] of sample.entries()) {
    const backend = i % 2 === 0 ? "llvm" : "cranelift";
    const r = await run([file, "--backend", backend, "--perf-fastpath=force"]);
    const ok = checkInput(new Uint8Array(readFileSync(file)), file).kind === "ok";
    t.is(r.status, ok ? 0 : 1, `${file}: ${r.err}`);
    if (!ok) t.regex(r.err, /^fzlower: [^\n]*error\[[a-z]+\]: [^\n]+\n$/, file);
  }
  const usage = [
    [corpus[0]!], [corpus[0]!, "--backend", "riscv"], [corpus[0]!, "--backend", "llvm", "--perf-fastpath=fast"],
    [corpus[0]!, "--bogus"], [corpus[0]!, corpus[1]!, "--backend", "llvm"], ["--backend", "llvm"],
    [corpus[0]!, "--backend", "llvm", "--no-fast-path=nope"],
  ];
  for (const argv of usage) {
    const r = await run(argv);
    t.is(r.status, 2, argv.join(" "));
    t.regex(r.err, /^fzlower: [^\n]+\n\(run fzlower --help for usage\)\n$|^fzlower: [^\n]+\n$/, argv.join(" "));
  }
  const missing = await run([join(CONFORMANCE_DIR, "hostile/no-such-file.fzir"), "--backend", "llvm"]);
  t.is(missing.status, 1);
  t.regex(missing.err, /^fzlower: error\[io\]: cannot read [^\n]+: no such file or directory \(ENOENT\)\n$/);
});
