/** Module-level printing: targets, declarations, attributes, weights, data, errors. */
import test from "ava";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { LFunctionBuilder, parseLIR, runtimeFn, type LModule } from "@fzy/lir";
import { printLLVM, SUPPORTED_TARGETS, TARGET_INFO } from "./index.js";

const FIXTURES = new URL("../../../filetests/lir/", import.meta.url);
/** A shared printer fixture, filetests/lir/NAME.lir. */
const fixture = (name: string): LModule => parseLIR(readFileSync(new URL(`${name}.lir`, FIXTURES), "utf8"), `${name}.lir`);
const boundsPanic = () => fixture("bounds-panic");
const dataRelocs = () => fixture("data-relocs");
const denseMatch = () => fixture("dense-match");
const stringLiteral = () => fixture("string-literal");

test("the header names the target's triple and data layout", (t) => {
  for (const target of SUPPORTED_TARGETS) {
    const text = printLLVM(boundsPanic(), { target });
    t.true(text.includes(`target triple = "${TARGET_INFO[target].triple}"`));
    t.true(text.includes(`target datalayout = "${TARGET_INFO[target].datalayout}"`));
  }
  t.true(printLLVM(boundsPanic()).includes('target triple = "x86_64-pc-linux-gnu"'));
});

test("only called externs are declared, with attributes by kind", (t) => {
  const text = printLLVM(stringLiteral());
  t.true(text.includes("declare i64 @fz_view_find(ptr, i64, ptr, i64) #1"));
  t.false(text.includes("@fz_str_len"));
  t.true(text.includes("attributes #1 = { nounwind willreturn argmemonly readonly }"));
  t.regex(printLLVM(boundsPanic()), /attributes #1 = \{ noreturn nounwind cold \}/);
});

test("a noreturn call is followed by unreachable", (t) => {
  t.regex(printLLVM(boundsPanic()), /call void @fz_panic_bounds\(i64 %v\d+, i64 8\)\n {2}unreachable\n/);
});

test("edges into cold blocks carry branch weights", (t) => {
  const text = printLLVM(denseMatch());
  t.regex(text, /\], !prof !0\n/);
  t.true(text.includes('!0 = !{!"branch_weights", i32 1, i32 2000, i32 2000, i32 2000, i32 2000}'));
});

test("relocations make a packed struct with pointer fields", (t) => {
  t.true(printLLVM(dataRelocs()).includes(
    "@views = private unnamed_addr constant <{ ptr, [8 x i8], ptr, [8 x i8] }> <{ ptr @text, [8 x i8] c\"\\05\\00\\00\\00\\00\\00\\00\\00\", ptr getelementptr (i8, ptr @text, i64 6),",
  ));
});

test("unknown callees and symbols are errors", (t) => {
  const f = new LFunctionBuilder("f", [], [], true);
  f.call("nowhere", [], []);
  f.ret();
  const m: LModule = { name: "m", functions: [f.finish()], externs: [], data: [] };
  t.throws(() => printLLVM(m), { message: /unknown function nowhere/ });
  const g = new LFunctionBuilder("g", [], ["ptr"], true);
  g.ret([g.symbolAddr("missing")]);
  t.throws(() => printLLVM({ ...m, functions: [g.finish()] }), { message: /unknown symbol missing/ });
});

test("overlapping relocations are errors", (t) => {
  const m: LModule = {
    name: "m", functions: [], externs: [runtimeFn("fz_alloc")],
    data: [{ name: "d", bytes: new Uint8Array(16), align: 8, writable: false,
      relocs: [{ offset: 0, symbol: "fz_alloc", addend: 0 }, { offset: 4, symbol: "fz_alloc", addend: 0 }] }],
  };
  t.throws(() => printLLVM(m), { message: /relocation at 4 overlaps/ });
});

test("source names that look like generated ones push the generated names aside", (t) => {
  const m = parseLIR(`module "m"
function %f(i32) -> i32 export {
block0 "bb1"(v0 "v1": i32):
    v1: i32 = iadd v0, v0
    v2 "entry": i32 = iadd v1, v0
    jump block1(v2)
block1(v3: i32):
    v4: i32 = iadd v3, v3
    jump block2(v4)
block2 "v4"(v5: i32):
    return v5
}
`);
  const text = printLLVM(m);
  t.true(text.includes("@f(i32 noundef %v1)"));
  t.true(text.includes("%v1.1 = add i32 %v1, %v1"));
  t.true(text.includes("%entry = add i32 %v1.1, %v1"));
  t.true(text.includes("br label %bb1.1\n"));
  t.true(text.includes("%v4.1 = add i32 %v3, %v3"));
  t.true(text.includes("br label %v4\n"));
  // Values and labels share one namespace: every local is defined once.
  const defs = [...text.matchAll(/^ {2}(%[\w.]+) =|^([\w.]+):/gm)].map((x) => x[1] ?? x[2]);
  t.is(new Set(defs).size, defs.length);
});

test("a sparse switch prints as LLVM's switch: signed cases, split edges, phi rows per edge, weights; LLVM accepts it", (t) => {
  const m = parseLIR(`module "m"
function %f(i8) -> i32 export {
block0(v0: i8):
    v1: i32 = iconst 1
    v2: i32 = iconst 2
    switch v0, block3, [-128: block1(v1), -1: block2, 5: block1(v2), 100: block1(v1)]
block1(v3: i32):
    return v3
block2:
    jump block1(v2)
block3 cold:
    trap
}
`);
  const text = printLLVM(m);
  // The first argument list into bb1 goes direct; the other one through a split block; a repeated list repeats its row.
  t.regex(text, /switch i8 %v0, label %bb3 \[\n {4}i8 -128, label %bb1\n {4}i8 -1, label %bb2\n {4}i8 5, label %bb0\.e3\n {4}i8 100, label %bb1\n {2}\], !prof !\d+\n/);
  t.regex(text, /phi i32 \[ 1, %bb0 \], \[ 2, %bb0\.e3 \], \[ 1, %bb0 \], \[ 2, %bb2 \]/);
  const as = spawnSync("llvm-as-19", ["-o", "/dev/null", "-"], { input: text, encoding: "utf8" });
  if (as.error) t.log(`llvm-as-19 not run: ${as.error.message}`);
  else t.is(as.status, 0, as.stderr);
});
