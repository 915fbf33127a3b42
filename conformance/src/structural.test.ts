/**
 * The structural performance gate: assertions on the lowering reports and
 * the emitted text of the kernels that cannot be noisy. A regression of a
 * fast path fails here even when nobody runs the benchmark.
 */
import { readFileSync } from "node:fs";
import test from "ava";
import { type Backend, type FunctionReport, lowerText, type Mode } from "@fzy/lower";
import { KERNEL_NAMES, type KernelName, kernelPath } from "./kernels.js";

function lowerKernel(k: KernelName, backend: Backend, mode: Mode) {
  return lowerText(readFileSync(kernelPath(k), "utf8"), backend, { perfFastpath: mode, file: kernelPath(k), verifyLowered: true });
}

function lowerKernelWith(k: KernelName, backend: Backend, fastPaths: Record<string, boolean>): string {
  return lowerText(readFileSync(kernelPath(k), "utf8"), backend, { perfFastpath: "on", fastPaths, file: kernelPath(k) }).text;
}

function kernelFn(k: KernelName, backend: Backend, mode: Mode): { f: FunctionReport; text: string } {
  const r = lowerKernel(k, backend, mode);
  return { f: r.report.functions.find((x) => x.name === "kernel")!, text: r.text };
}

/** The lines of the emitted kernel function (LLVM `define ... @kernel` or CLIF `function %kernel`). */
function kernelBody(text: string, backend: Backend): string {
  const start = backend === "llvm" ? text.indexOf("@kernel(") : text.indexOf("function %kernel(");
  const end = text.indexOf("\n}", start);
  return text.slice(start, end);
}

for (const backend of ["llvm", "cranelift"] as const) {
  for (const k of KERNEL_NAMES) {
    test(`${backend} on: ${k} has no runtime handle call, interning or allocation in its loop`, (t) => {
      const { f } = kernelFn(k, backend, "on");
      t.is(f.loop.handleCalls, 0);
      t.is(f.loop.interns, 0);
      t.is(f.loop.allocations, 0);
    });
  }

  test(`${backend} on: bytes_kernel loads directly with at most one bounds check per iteration`, (t) => {
    const { f, text } = kernelFn("bytes_kernel", backend, "on");
    t.true(f.loop.directLoads >= 4, `direct loads in the loop: ${f.loop.directLoads}`);
    t.true(f.loop.boundsChecks <= 1, `bounds checks in the loop: ${f.loop.boundsChecks}`);
    t.is(f.loop.calls, 0, "read_u32_le is inlined");
    const body = kernelBody(text, backend);
    t.notRegex(body, /fz_array_|fz_str_intern/);
  });

  test(`${backend} on: resultx_classify dispatches by table, composed into one lookup per step, and calls nothing in the loop`, (t) => {
    const { f, text } = kernelFn("resultx_classify", backend, "on");
    t.is(f.loop.matchTable, 8, `jump-table matches in the loop: ${f.loop.matchTable}`);
    t.is(f.loop.matchChain + f.loop.matchTree + f.loop.matchLookup, 0);
    t.is(f.loop.calls, 0);
    t.true(f.inlined.includes("classify") && f.inlined.includes("class_score"));
    const body = kernelBody(text, backend);
    // The optimizer composes each classify/class_score pair into one table (structural-optimize.test.ts).
    t.notRegex(body, backend === "llvm" ? /switch i32/ : /br_table/);
    t.notRegex(body, backend === "llvm" ? /call i32 @fzl_/ : /call fn/);
    const tables = lowerKernelWith("resultx_classify", backend, { compose: false });
    t.regex(kernelBody(tables, backend), backend === "llvm" ? /switch i32/ : /br_table/);
    // In force mode the constant-selecting matches become table lookups, with no dispatch left.
    const forced = kernelFn("resultx_classify", backend, "force");
    t.is(forced.f.loop.matchLookup, 8);
    t.notRegex(kernelBody(forced.text, backend), backend === "llvm" ? /switch i32/ : /br_table/);
  });

  test(`${backend} on: text_kernel uses views with no interning and no heap allocation in the loop`, (t) => {
    const { f, text } = kernelFn("text_kernel", backend, "on");
    t.is(f.loop.interns, 0);
    t.is(f.loop.allocations, 0);
    t.notRegex(kernelBody(text, backend), /fz_str_intern|fz_str_replace|fz_str_trim/);
  });

  test(`${backend} on: capability_parse compares against literals without interning`, (t) => {
    const { f } = kernelFn("capability_parse", backend, "on");
    t.is(f.loop.interns, 0);
    t.is(f.loop.handleCalls, 0);
  });

  test(`${backend} on: abi_pair_kernel splits Pair into scalars`, (t) => {
    const { f } = kernelFn("abi_pair_kernel", backend, "on");
    t.is(f.loop.allocations, 0);
    t.true(f.decisions.some((d) => d.subject.startsWith("struct") && d.form === "scalars"));
  });

  test(`${backend} off: the legacy shape goes through runtime handles and says so`, (t) => {
    const bytes = kernelFn("bytes_kernel", backend, "off");
    t.true(bytes.f.loop.handleCalls >= 4, `bytes_kernel handle calls in loop: ${bytes.f.loop.handleCalls}`);
    t.regex(kernelBody(bytes.text, backend), /fz_array_get/);
    t.true(bytes.f.decisions.some((d) => d.policy === "B" && d.form === "handle"));
    const text = kernelFn("text_kernel", backend, "off");
    t.true(text.f.loop.interns >= 1);
    t.regex(kernelBody(text.text, backend), /fz_str_trim/);
    const res = kernelFn("resultx_classify", backend, "off");
    t.is(res.f.loop.matchTable + res.f.loop.matchLookup, 0);
  });
}

for (const backend of ["llvm", "cranelift"] as const) {
  test(`${backend} on: word_count hashes and probes its local map inline, with no runtime call in the loop`, (t) => {
    const { f, text } = kernelFn("word_count", backend, "on");
    t.true(f.loop.mapInline >= 2, `inline map operations in the loop: ${f.loop.mapInline}`);
    t.is(f.loop.mapRuntime, 0);
    t.is(f.loop.handleCalls + f.loop.helperCalls + f.loop.calls, 0);
    t.true(f.decisions.some((d) => d.subject === "map %counts" && d.rule === "map-local"));
    const body = kernelBody(text, backend);
    t.notRegex(body, /fz_map_(get|set|has)|fz_str_intern/);
    t.regex(body, /fz_map_grow/, "growth stays a (cold) runtime call");
    // With the maps fast path off, the same map is a runtime handle: a locked call per operation.
    const handles = lowerKernelWith("word_count", backend, { maps: false });
    t.regex(kernelBody(handles, backend), /fz_map_get/);
    t.regex(kernelBody(handles, backend), /fz_map_set/);
  });
}
