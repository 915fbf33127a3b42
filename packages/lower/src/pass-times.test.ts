/**
 * lower() with a PassClock: the same text as without one, every pass that
 * ran counted as often as it ran, and the clock active for that call only;
 * the table `fzlower --time-passes` prints.
 */
import { readFileSync } from "node:fs";
import test from "ava";
import { activeClock, parseModule, PASSES, PassClock, type PassTimes } from "@fzy/ir";
import { lower, lowerToLIR } from "./lower.js";
import { formatPassTimes, sumPassTimes } from "./pass-times.js";
import { loadWasmBackend } from "./wasm-backend.js";

const kernel = (name: string) => parseModule(readFileSync(new URL(`../../../conformance/kernels/${name}.fzir`, import.meta.url)), `${name}.fzir`);

for (const backend of ["llvm", "cranelift", "wasm"] as const) {
  test(`a clock changes nothing lower() gives and counts each pass as it ran, ${backend}`, async (t) => {
    if (backend === "wasm") await loadWasmBackend();
    const m = kernel("resultx_classify");
    const clock = new PassClock();
    const timed = lower(m, backend, { passClock: clock }), plain = lower(m, backend);
    t.is(timed.text, plain.text);
    t.is(activeClock, undefined, "the clock is active only during the call");
    const r = clock.times();
    const functions = timed.lowered.functions.length;
    t.is(r.calls.verify, 1);
    t.is(r.calls.parse, 0, "lower() does not parse");
    for (const p of ["plan", "emit", "optimize"] as const) t.is(r.calls[p], functions, p);
    t.true(r.calls.print >= 1);
    t.is(r.calls.facts > 0, backend === "llvm", "only the LLVM printer solves facts");
    t.true(r.calls.ranges > 0, "resultx_classify asks the range analysis");
    t.is(PASSES.reduce((s, p) => s + r.ms[p], 0), r.total);
    t.true(PASSES.every((p) => r.ms[p] >= 0));
    t.deepEqual(new Set(r.slowest.map((f) => f.name)), new Set(timed.lowered.functions.map((f) => f.name)), "each lowered function, by its name");
    t.true(r.slowest.every((f, i) => i === 0 || f.ms <= r.slowest[i - 1]!.ms), "longest first");
  });
}

test("one clock serves several calls, and lowerToLIR; the times add up", (t) => {
  const m = kernel("text_kernel");
  const clock = new PassClock();
  lower(m, "llvm", { passClock: clock });
  const once = clock.times();
  lower(m, "llvm", { passClock: clock });
  lowerToLIR(m, "llvm", { passClock: clock, verifyLowered: true });
  const r = clock.times();
  t.is(r.calls.emit, 3 * once.calls.emit);
  t.is(r.calls.verify, 4, "verifyLowered's check of the lowered form counts as verification");
  t.true(r.total >= once.total);
});

test("a lowering that fails leaves no clock active", (t) => {
  const m = parseModule("module m\nexport fn f(%a: i32) -> i32 {\nentry:\n  %b = add %a, %a\n  ret %b\n}\n");
  const bad = { ...m, functions: [{ ...m.functions[0]!, result: { kind: "bool" } as const }] };
  const clock = new PassClock();
  t.throws(() => lower(bad, "llvm", { passClock: clock }));
  t.is(activeClock, undefined);
  t.is(clock.times().calls.verify, 1);
  const total = clock.times().total;
  t.is(clock.times().total, total, "the clock stopped");
});

test("the times of several lowerings as one: passes and calls summed, the slowest of all named by their input", (t) => {
  const times = (ms: number, slowest: [string, number][]): PassTimes => {
    const z = Object.fromEntries(PASSES.map((p) => [p, 0])) as Record<(typeof PASSES)[number], number>;
    return { ms: { ...z, emit: ms }, calls: { ...z, emit: 1 }, total: ms, slowest: slowest.map(([name, ms]) => ({ name, ms })) };
  };
  const a = times(5, [["f", 3], ["g", 2]]), b = times(9, Array.from({ length: 10 }, (_, i): [string, number] => [`h${i}`, 9 - i]));
  const s = sumPassTimes([{ label: "a.fzir", times: a }, { label: "b.fzir", times: b }]);
  t.is(s.ms.emit, 14);
  t.is(s.calls.emit, 2);
  t.is(s.total, 14);
  // Ties (3 and 2 ms) in input order: a's before b's.
  t.deepEqual(s.slowest.map((f) => f.name), ["b.fzir: h0", "b.fzir: h1", "b.fzir: h2", "b.fzir: h3", "b.fzir: h4", "b.fzir: h5", "a.fzir: f", "b.fzir: h6", "a.fzir: g", "b.fzir: h7"]);
  t.false(formatPassTimes(s, false).includes("passes:"), "without the meanings");
});

test("the --time-passes table: a row per pass that ran, shares of the total, the meanings", (t) => {
  const ms = Object.fromEntries(PASSES.map((p) => [p, 0])) as Record<(typeof PASSES)[number], number>;
  const calls = { ...ms };
  Object.assign(ms, { parse: 2, verify: 1, emit: 5, ranges: 1.5, print: 0.5 });
  Object.assign(calls, { parse: 1, verify: 1, emit: 3, ranges: 4, print: 4 });
  const times: PassTimes = { ms, calls, total: 10, slowest: [{ name: "hot", ms: 6 }, { name: "cold", ms: 0.25 }] };
  t.is(formatPassTimes(times), [
    "pass times (wall ms; a pass's own time, without the passes it calls):",
    "  pass           ms       %    calls",
    "  parse         2.0    20.0        1",
    "  verify        1.0    10.0        1",
    "  emit          5.0    50.0        3",
    "  ranges        1.5    15.0        4",
    "  print         0.5     5.0        4",
    "  total        10.0   100.0",
    "slowest functions (wall ms from the start of lowering to the end of printing, % of the total; a collector pause counts in the function it lands in):",
    "        6.0   60.0  hot",
    "        0.3    2.5  cold",
    "passes:",
    "  parse   reading the .fzir text into a module",
    "  verify  checking the module (types, dominance, symbols)",
    "  emit    per function: the matrix's decisions and the lowered form, instruction by instruction",
    "  ranges  per function: the range analysis, when the emission asks it",
    "  print   the backend's text (CLIF, LLVM IR or WebAssembly)",
    "",
  ].join("\n"));
});
