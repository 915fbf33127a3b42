/**
 * The replay gate in `pnpm test`: every host-calling module, both backends,
 * all three modes, recorded and replayed, against the interpreter; then the
 * ways a replay must fail (a changed result, a missing or extra call, another
 * function) and a corrupted trace, which the verifier and the runtime reject.
 */
import test from "ava";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fnv1a64, parseTrace, serializeTrace, type TraceCall, TraceError } from "@fzy/lower";
import { spawnSync } from "node:child_process";
import { REPO_ROOT } from "../native/toolchain.js";
import { buildTraced, checkReplayCase, interpreterRun, recordAndReplay, type ReplayCase, replayCases, runWith } from "./gate.js";

const cases = replayCases();
const TRACE_STATUS = 102;

test("at least five host-calling modules", (t) => {
  t.true(cases.length >= 5, `only ${cases.length}`);
});

for (const c of cases) {
  test(`replay: ${c.name}`, (t) => {
    t.deepEqual(checkReplayCase(c), []);
  });
}

const byName = (name: string): ReplayCase => cases.find((c) => c.name === name)!;

/** One recorded run of `name` (llvm, mode on) at n: its executable, trace file and parsed calls. */
function recorded(name: string, n: number, backend: "llvm" | "cranelift" = "llvm") {
  const exe = buildTraced(byName(name), backend, "on");
  const file = join(exe, "..", "trace.fzt");
  const run = runWith(exe, n, { FZ_RECORD: file });
  return { exe, file, outcome: run.outcome, calls: parseTrace(readFileSync(file)) };
}

/** Replays `calls` (written with a valid checksum) and returns the run. */
function replayEdited(exe: string, file: string, n: number, calls: readonly TraceCall[]) {
  const edited = `${file}.edited`;
  writeFileSync(edited, serializeTrace(calls));
  return runWith(exe, n, { FZ_REPLAY: edited });
}

function oneLine(t: import("ava").ExecutionContext, stderr: string, pattern: RegExp): void {
  const lines = stderr.trimEnd().split("\n");
  t.is(lines.length, 1, stderr);
  t.regex(lines[0]!, pattern);
}

for (const backend of ["llvm", "cranelift"] as const) {
  test(`${backend}: a changed host result makes replay fail at the next call, which names its index`, (t) => {
    const { exe, file, calls } = recorded("host_chain", 6, backend);
    t.true(calls.length >= 4);
    const k = 1;
    const r = calls[k]!.result;
    if (r.kind !== "i") return t.fail("chain_step returns i64");
    const changed = calls.map((c, i) => (i === k ? { ...c, result: { kind: "i" as const, value: r.value + 1n } } : c));
    const run = replayEdited(exe, file, 6, changed);
    t.is(run.status, TRACE_STATUS);
    // host_chain passes each result to the next call, so call k + 1 is the first to diverge.
    oneLine(t, run.stderr, new RegExp(`^fz replay: call ${k + 1} diverges: the program calls chain_step i:${r.value + 1n}, the trace has chain_step i:${r.value}$`));
  });
}

test("replay fails on another function, a call too many, and a call too few", (t) => {
  const { exe, file, outcome, calls } = recorded("host_kv", 5);
  t.is(runWith(exe, 5, { FZ_REPLAY: file }).outcome, outcome);
  const renamed = calls.map((c, i) => (i === 2 ? { ...c, name: "kv_other" } : c));
  oneLine(t, replayEdited(exe, file, 5, renamed).stderr, /^fz replay: call 2 diverges: the program calls kv_put .* the trace has kv_other /);
  const short = replayEdited(exe, file, 5, calls.slice(0, -1));
  t.is(short.status, TRACE_STATUS);
  oneLine(t, short.stderr, new RegExp(`^fz replay: call ${calls.length - 1} diverges: the program calls kv_get s:7a7a, the trace ends after ${calls.length - 1} calls$`));
  const long = replayEdited(exe, file, 5, [...calls, calls[0]!]);
  t.is(long.status, TRACE_STATUS);
  oneLine(t, long.stderr, new RegExp(`^fz replay: call ${calls.length} diverges: the program ended, the trace has ${calls.length + 1} calls$`));
  const other = replayEdited(exe, file, 5, calls.map((c, i) => (i === 0 ? { ...c, result: { kind: "s" as const, bytes: new Uint8Array() } } : c)));
  oneLine(t, other.stderr, /^fz replay: call 0 diverges: the program expects a result of kind v, the trace has s:$/);
});

test("a corrupted trace is rejected by the verifier, the CLI and the runtime", (t) => {
  const { exe, file } = recorded("host_words", 4);
  const bytes = readFileSync(file);
  const at = bytes.indexOf("s:") + 3;
  bytes[at] = bytes[at] === 0x30 ? 0x31 : 0x30;
  const bad = `${file}.corrupt`;
  writeFileSync(bad, bytes);
  t.throws(() => parseTrace(bytes), { instanceOf: TraceError, message: /checksum mismatch/ });
  const cli = spawnSync(process.execPath, [join(REPO_ROOT, "packages/lower/bin/fzlower.js"), "trace", "verify", bad], { encoding: "utf8" });
  t.is(cli.status, 1);
  t.regex(cli.stderr, /invalid trace: checksum mismatch/);
  const run = runWith(exe, 4, { FZ_REPLAY: bad });
  t.is(run.status, TRACE_STATUS);
  oneLine(t, run.stderr, /^fz replay: trace .* is corrupt: checksum mismatch$/);
  const truncated = `${file}.truncated`;
  writeFileSync(truncated, readFileSync(file).subarray(0, 40));
  oneLine(t, runWith(exe, 4, { FZ_REPLAY: truncated }).stderr, /is corrupt: no end line$/);
  const text = readFileSync(file, "utf8");
  const body = text.slice(0, text.lastIndexOf("end "));
  const calls = body.split("\n").length - 2;
  const miscounted = `${file}.miscounted`;
  writeFileSync(miscounted, `${body}end ${calls + 1} fnv1a64:${fnv1a64(Buffer.from(body))}\n`);
  t.throws(() => parseTrace(readFileSync(miscounted)), { instanceOf: TraceError, message: new RegExp(`the end line says ${calls + 1} calls, the trace holds ${calls}`) });
  oneLine(t, runWith(exe, 4, { FZ_REPLAY: miscounted }).stderr, new RegExp(`is corrupt: ${calls} calls, end line says ${calls + 1}$`));
});

test("recording and replaying at once is refused; without either the host is called", (t) => {
  const { exe, file, outcome } = recorded("host_clock", 3);
  const both = runWith(exe, 3, { FZ_RECORD: `${file}.x`, FZ_REPLAY: file });
  t.is(both.status, TRACE_STATUS);
  oneLine(t, both.stderr, /^fz trace: FZ_RECORD and FZ_REPLAY are both set; set one$/);
  t.is(runWith(exe, 3, {}).outcome, outcome);
});

test("under ASan and UBSan the trace layer records and replays cleanly", (t) => {
  for (const backend of ["llvm", "cranelift"] as const) {
    const c = byName("host_words");
    const exe = buildTraced(c, backend, "on", true);
    const { recorded, replayed } = recordAndReplay(exe, 8, join(exe, "..", "asan.fzt"));
    const ref = interpreterRun(readFileSync(c.file, "utf8"), 8);
    t.is(recorded.outcome, ref.outcome);
    t.is(recorded.trace, ref.trace);
    t.is(replayed, ref.outcome);
  }
});
