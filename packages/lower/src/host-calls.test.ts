/**
 * Traced host calls as a rewrite of the lowered form: with the default
 * (direct) nothing changes; traced, every import call goes through its
 * wrapper, the wrapper reports to the fz_trace_* entry points, and imports
 * the trace cannot carry are refused with a clear error.
 */
import { readdirSync, readFileSync } from "node:fs";
import test from "ava";
import { FzError, parseModule } from "@fzy/ir";
import { BACKENDS, lower, lowerText } from "./lower.js";
import { loadWasmBackend } from "./wasm-backend.js";

test.before(async () => void (await loadWasmBackend()));

const KERNELS = new URL("../../../conformance/kernels/", import.meta.url);
const kernels = readdirSync(KERNELS).filter((f) => f.endsWith(".fzir")).map((f) => readFileSync(new URL(f, KERNELS), "utf8"));

const HOSTED = `module hosted

import fn tick(i32, bool) -> i64
import fn name(str, f64) -> str
import fn note(i8)

export fn kernel(%n: i32) -> i32 {
entry:
  %t = const.bool true
  %x = call @tick, %n, %t
  %s = str.lit "k"
  %f = const.f64 1.5
  %y = call @name, %s, %f
  %b = trunc.i8 %n
  call @note, %b
  %l = str.len %y
  %r = trunc.i32 %x
  %z = add %r, %l
  ret %z
}
`;

test("direct host calls leave every kernel's output byte-identical to the default", (t) => {
  for (const src of kernels) {
    for (const backend of BACKENDS) {
      t.is(lowerText(src, backend, { hostCalls: "direct" }).text, lowerText(src, backend).text);
    }
  }
});

test("traced: calls go to the wrappers, which call the host and the trace layer", (t) => {
  const direct = lowerText(HOSTED, "llvm").text;
  const traced = lowerText(HOSTED, "llvm", { hostCalls: "traced" }).text;
  t.regex(direct, /call i64 @tick\(i32 %n, i1 zeroext true\)/);
  t.notRegex(direct, /fz_trace_/);
  for (const x of ["tick", "name", "note"]) {
    t.regex(traced, new RegExp(`define internal (noundef )?\\S+ @fz_host_${x}\\(`));
    t.regex(traced, new RegExp(`@fz_host_name_${x} = `));
  }
  const kernel = /define noundef i32 @kernel[^]*?\n}\n/.exec(traced)![0];
  t.regex(kernel, /call i64 @fz_host_tick\(/);
  t.notRegex(kernel, /call i64 @tick\(/);
  for (const f of ["call_begin", "arg_i64", "arg_f64", "arg_str", "live", "result_i64", "result_str", "result_void"]) {
    t.regex(traced, new RegExp(`declare \\S+ @fz_trace_${f}\\(`));
  }
  t.notRegex(traced, /fz_trace_result_f64/, "only the entry points in use are declared");
  const clif = lowerText(HOSTED, "cranelift", { hostCalls: "traced" });
  t.regex(clif.text, /function %fz_host_name\(i64, f64\) -> i64 system_v/);
  t.true(clif.data.some((d) => d.name === "fz_host_name_tick" && Buffer.from(d.bytes).toString() === "tick"));
});

test("traced lowering is deterministic", (t) => {
  for (const backend of BACKENDS) t.is(lowerText(HOSTED, backend, { hostCalls: "traced" }).text, lowerText(HOSTED, backend, { hostCalls: "traced" }).text);
});

test("imports whose values are addresses cannot be traced", (t) => {
  const src = `module m
import fn fill([i32; 4])
export fn kernel(%n: i32) -> i32 {
entry:
  %z = array.new [i32; 4], %n
  call @fill, %z
  ret %n
}
`;
  t.notThrows(() => lowerText(src, "llvm"));
  t.throws(() => lowerText(src, "llvm", { hostCalls: "traced" }), { instanceOf: FzError, message: /import fill: traced host calls carry int, bool, f64 and str values only, not array/ });
});

test("an unknown hostCalls option is an option error", (t) => {
  const m = parseModule(HOSTED);
  t.throws(() => lower(m, "llvm", { hostCalls: "sometimes" as "direct" }), { instanceOf: FzError, message: /unknown hostCalls 'sometimes'/ });
});
