/**
 * The p50/p95 alarms on a synthetic history: a baseline run and a run where
 * one kernel is made slower on purpose, at the median or only in its slow
 * tail; the Cranelift column is judged only when a real Cranelift ran; runs
 * from another machine are not compared; and `perf-gate` itself, on files,
 * names kernel, percentile, the numbers and the lowering report.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import test from "ava";
import { KERNEL_NAMES, type KernelName } from "../kernels.js";
import { perfGate } from "./gate.js";
import { runFileName, writeRun } from "./history.js";
import { checkRegressions, formatRegressionRows, REGRESSION_MARGINS } from "./regression.js";
import type { BenchResults, Cell } from "./results.js";
import { percentile } from "./stats.js";

/** 15 samples around `ms`, spread 0..14% above it (the shape of a real column). */
const spread = (ms: number): number[] => Array.from({ length: 15 }, (_, i) => ms * (1 + i / 100));

function cell(samples: readonly number[], vsRust: number | null): Cell {
  return {
    medianMs: percentile(samples, 50), p50Ms: percentile(samples, 50), p95Ms: percentile(samples, 95), samplesMs: samples,
    vsRust: vsRust === null ? null : { value: vsRust, lo: vsRust, hi: vsRust }, vsC: null,
  };
}

type Slow = (kernel: KernelName, column: string, samples: number[]) => number[];

/** A run of every kernel; `slow` may change any column's samples. */
function run(date: string, clifColumn: string, slow: Slow = (_k, _c, s) => s, cpu = "Test CPU"): BenchResults {
  const kernels: Partial<Record<KernelName, BenchResults["kernels"][KernelName]>> = {};
  KERNEL_NAMES.forEach((k, i) => {
    const base = 100 + 10 * i;
    kernels[k] = {
      checksum: 0,
      loweringReport: `report of ${k}: 3 fast paths`,
      columns: {
        llvm: cell(slow(k, "llvm", spread(base)), 1.0),
        [clifColumn]: cell(slow(k, clifColumn, spread(base * 1.2)), 1.2),
        rust: cell(slow(k, "rust", spread(base)), null),
      },
    };
  });
  return {
    version: 2, command: "pnpm bench", date,
    machine: { cpu, cores: 2, os: "linux", node: "v20", loadAverage: 0, rustc: "rustc", clang: "clang" },
    settings: { n: 8_000_000, rounds: 15, warmup: 3, seed: 1, ablate: false, kernels: [...KERNEL_NAMES] },
    columns: [{ id: "llvm", label: "llvm" }, { id: clifColumn, label: clifColumn }, { id: "rust", label: "rust" }],
    notes: [], kernels, ablation: null, lowerThroughput: null,
  };
}

const BASE = run("2026-01-01T00:00:00.000Z", "cranelift");
const only = (kernel: KernelName, column: string, f: (s: number[]) => number[]): Slow => (k, c, s) => (k === kernel && c === column ? f(s) : s);

test("the same numbers pass, in every kernel, gated column and percentile", (t) => {
  const r = checkRegressions(run("2026-01-02T00:00:00.000Z", "cranelift"), BASE);
  t.true(r.pass);
  t.is(r.skipped, null);
  t.is(r.rows.length, KERNEL_NAMES.length * 2 * 2);
});

test("one kernel made 60% slower fails at p50 and p95, naming kernel, percentile and the numbers", (t) => {
  const r = checkRegressions(run("2026-01-02T00:00:00.000Z", "cranelift", only("text_kernel", "llvm", (s) => s.map((x) => x * 1.6))), BASE);
  t.false(r.pass);
  const failing = r.rows.filter((x) => !x.pass);
  t.deepEqual(failing.map((x) => `${x.kernel}/${x.column}/${x.percentile}`), ["text_kernel/llvm/p50", "text_kernel/llvm/p95"]);
  t.regex(formatRegressionRows(r.rows), /text_kernel\s+llvm\s+p50\s+128\.4\s+205\.4\s+\+60\.0%\s+1\.00x\s+\+60\.0%\s+25%\s+FAIL \(p50 regressed beyond 25%\)/);
});

test("a slower tail alone fails p95 while p50 passes", (t) => {
  const tail = (s: number[]) => s.map((x, i) => (i >= 13 ? x * 1.7 : x));
  const r = checkRegressions(run("2026-01-02T00:00:00.000Z", "cranelift", only("bytes_kernel", "llvm", tail)), BASE);
  t.deepEqual(r.rows.filter((x) => !x.pass).map((x) => `${x.kernel}/${x.percentile}`), ["bytes_kernel/p95"]);
});

test("a busier machine slows the reference programs too: the change judged is the kernel's own", (t) => {
  const busy: Slow = (k, c, s) => s.map((x) => x * (c === "rust" ? 2 : k === "text_kernel" && c === "llvm" ? 2 * 1.6 : 2));
  const r = checkRegressions(run("2026-01-02T00:00:00.000Z", "cranelift", busy), BASE);
  t.deepEqual(r.rows.filter((x) => !x.pass).map((x) => `${x.kernel}/${x.percentile}`), ["text_kernel/p50", "text_kernel/p95"]);
  const row = r.rows.find((x) => x.kernel === "bytes_kernel" && x.column === "llvm" && x.percentile === "p50")!;
  t.true(Math.abs(row.machine! - 2) < 1e-9 && Math.abs(row.change! - 1) < 1e-9, `${row.machine} ${row.change}`);
  t.regex(formatRegressionRows(r.rows), /bytes_kernel\s+llvm\s+p50\s+107\.0\s+214\.0\s+\+100\.0%\s+2\.00x\s+\+0\.0%\s+25%\s+pass/);
  const noRef = (r0: BenchResults): BenchResults => ({
    ...r0, kernels: Object.fromEntries(Object.entries(r0.kernels).map(([k, v]) => [k, { ...v!, columns: { llvm: v!.columns["llvm"]! } }])),
  });
  const raw = checkRegressions(noRef(run("2026-01-02T00:00:00.000Z", "cranelift", busy)), noRef(BASE));
  t.true(raw.rows.every((x) => x.machine === null && !x.pass), "without a reference column every doubled time fails");
  t.regex(formatRegressionRows(raw.rows), /bytes_kernel\s+llvm\s+p50\s+107\.0\s+214\.0\s+\+100\.0%\s+n\/a\s+\+100\.0%/);
});

test("a slowdown within the margin passes", (t) => {
  const within = 1 + REGRESSION_MARGINS["llvm"]!.p50 * 0.9;
  t.true(checkRegressions(run("2026-01-02T00:00:00.000Z", "cranelift", only("text_kernel", "llvm", (s) => s.map((x) => x * within))), BASE).pass);
});

test("the Cranelift column has its own margins and is judged only when a real Cranelift ran", (t) => {
  const slower = only("duration_kernel", "cranelift", (s) => s.map((x) => x * 1.4));
  const r = checkRegressions(run("2026-01-02T00:00:00.000Z", "cranelift", slower), BASE);
  t.deepEqual(r.rows.filter((x) => !x.pass).map((x) => `${x.kernel}/${x.column}/${x.percentile}`), ["duration_kernel/cranelift/p50"]);
  const executorBase = run("2026-01-01T00:00:00.000Z", "clif-executor");
  const exec = checkRegressions(run("2026-01-02T00:00:00.000Z", "clif-executor", only("duration_kernel", "clif-executor", (s) => s.map((x) => x * 2))), executorBase);
  t.true(exec.pass);
  t.false(exec.rows.some((x) => x.column === "clif-executor"));
});

test("a kernel the baseline has and the run lacks fails; another machine or round count is not compared", (t) => {
  const partial = run("2026-01-02T00:00:00.000Z", "cranelift");
  const { abi_pair_kernel: _dropped, ...rest } = partial.kernels;
  const r = checkRegressions({ ...partial, kernels: rest }, BASE);
  t.false(r.pass);
  t.true(r.rows.filter((x) => !x.pass).every((x) => x.kernel === "abi_pair_kernel" && x.currentMs === null));
  const other = checkRegressions(run("2026-01-02T00:00:00.000Z", "cranelift", undefined, "Other CPU"), BASE);
  t.true(other.pass);
  t.regex(other.skipped!, /the baseline ran on Test CPU, 2 cores, this run on Other CPU, 2 cores/);
  const quick = run("2026-01-02T00:00:00.000Z", "cranelift", only("text_kernel", "llvm", (s) => s.map((x) => x * 2)));
  const fewer = checkRegressions({ ...quick, settings: { ...quick.settings, rounds: 5 } }, BASE);
  t.true(fewer.pass);
  t.is(fewer.skipped, "the baseline has 15 rounds, this run 5");
});

test("perf-gate on a synthetic history: fails the slowed kernel with its numbers and lowering report", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "perf-gate-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeRun(BASE, dir);
  writeFileSync(join(dir, "history", "BASELINE"), `${runFileName(BASE)}\n`);
  const current = run("2026-01-02T00:00:00.000Z", "cranelift", only("text_kernel", "llvm", (s) => s.map((x) => x * 1.6)));
  writeRun(current, dir);
  writeFileSync(join(dir, "bench.json"), JSON.stringify(current));
  const lines: string[] = [];
  t.is(perfGate([], (l) => void lines.push(l), dir), 1);
  const text = lines.join("\n");
  t.regex(text, /ratio to Rust, cranelift column:/);
  t.regex(text, /text_kernel\s+llvm\s+p95\s+\d+\.\d\s+\d+\.\d\s+\+60\.0%\s+1\.00x\s+\+60\.0%\s+50%\s+FAIL/);
  t.regex(text, /\ntext_kernel: report of text_kernel: 3 fast paths\n/);
  t.notRegex(text, /\nbytes_kernel: report/);
  t.regex(text, /perf-gate: FAIL \(text_kernel\)$/);
  const ok: string[] = [];
  t.is(perfGate([join(dir, "history", runFileName(BASE))], (l) => void ok.push(l), dir), 0, ok.join("\n"));
  t.is(perfGate(["--baseline", "none"], () => {}, dir), 0);
  t.is(perfGate(["--bogus"], () => {}, dir), 2);
  mkdirSync(join(dir, "empty"));
  t.is(perfGate([], () => {}, join(dir, "empty")), 2);
});
