/**
 * Names, origins and source locations in the output (issue 14): IR names
 * survive into LLVM text (made unique, quoted where LangRef needs it) and
 * into CLIF as comments; `annotate` writes each IR instruction before the
 * code it became in both backends; `!loc` source locations become LLVM debug
 * info (checked by LLVM's verifier and read back from the object's line
 * table) and CLIF `@XXXX` source locations (checked by the CLIF checker).
 * The scratch-project scenario (packages.test.ts) maps a machine address
 * back to its source line with addr2line.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { readFileSync } from "node:fs";
import test from "ava";
import { checkCLIF, formatCheckErrors } from "@fzy/clif";
import { FzError, I32, ModuleBuilder, parseModule, printInst, printModule } from "@fzy/ir";
import { parseLIR, printLIR } from "@fzy/lir";
import { lower, lowerText } from "@fzy/lower";
import { CONFORMANCE_DIR, compileLLVMObject, findLLVMTools, scratchDir, verifyLLVM } from "./native/toolchain.js";

const SOURCE = readFileSync(join(CONFORMANCE_DIR, "modules/source_locations.fzir"), "utf8");

/** Every `%name =` and `name:` defined in one LLVM function body, in order. */
function llvmDefinitions(text: string, fn: string): string[] {
  const body = text.slice(text.indexOf(`@${fn}(`), text.indexOf("\n}\n", text.indexOf(`@${fn}(`)));
  return [...body.matchAll(/^ {2}(%(?:"[^"]*"|[-\w$.]+)) = |^("[^"]*"|[-\w$.]+):/gm)].map((m) => m[1] ?? `${m[2]}:`);
}

test("IR names survive into LLVM text (unique, quoted where needed) and into CLIF comments", (t) => {
  const ll = lowerText(SOURCE, "llvm", { verifyLowered: true }).text;
  t.notThrows(() => verifyLLVM(ll));
  const defs = llvmDefinitions(ll, "kernel");
  t.deepEqual(defs.filter((d, i) => defs.indexOf(d) !== i), [], "every local is defined once");
  t.true(defs.includes("entry_loop:") && defs.includes("done:"), defs.join(" "));
  t.true(defs.includes("%x") && defs.includes("%steps") && defs.includes("%q"), defs.join(" "));
  // From the inlined step(): `%0` would be a numbered value, so it is quoted; a plain `%t0` would clash with the printer's temporaries.
  t.regex(ll, /%"step\.0\.0"|%step\.0\.v1/);
  const clif = lowerText(SOURCE, "cranelift", { verifyLowered: true }).text;
  t.is(formatCheckErrors(checkCLIF(clif)), "");
  t.regex(clif, /^block\d+\(v\d+: i32, v\d+: i32\): ; entry_loop\(x, steps\)$/m);
  t.regex(clif, /^ {4}@[0-9a-f]{4} v\d+ = sdiv v\d+, v\d+ ; q$/m);
  t.notRegex(clif, /; run\b/, "a name never reads as a run directive");
});

test("names that are odd in LLVM and CLIF: digits only, generated look-alikes, `run`", (t) => {
  const mb = new ModuleBuilder("odd");
  const f = mb.function("kernel", [["run", I32]], I32, { exported: true });
  const [entry, b1, print] = ["bb1", "1", "print"].map((b) => f.block(b));
  f.at(entry);
  const x = f.add(f.param(0), f.i32(1, "v0"), "0");
  f.br(f.icmp("slt", x, f.i32(10, "t0"), "s0"), b1, print);
  f.at(b1);
  f.ret(f.mul(x, x, "arg0"));
  f.at(print);
  f.ret(x);
  const m = mb.finish();
  const ll = lower(m, "llvm").text;
  t.notThrows(() => verifyLLVM(ll));
  const dir = scratchDir("odd-names");
  t.notThrows(() => compileLLVMObject(ll, join(dir, "odd.o")));
  t.regex(ll, /%"0" = add i32 %run, 1/);
  t.regex(ll, /^"1":$/m);
  const clif = lower(m, "cranelift").text;
  t.is(formatCheckErrors(checkCLIF(clif)), "");
  t.regex(clif, /; 'print'$/m);
  t.regex(clif, /; 'run'\)?$|; \('run'\)|; bb1\(run\)$/m);
});

test("annotate writes each IR instruction before the code it became, in both backends", (t) => {
  const m = parseModule(SOURCE);
  const kernel = m.functions.find((f) => f.name === "kernel")!;
  const sdiv = kernel.blocks.flatMap((b) => b.insts).find((i) => i.op === "sdiv")!;
  const text = printInst(kernel, sdiv);
  for (const backend of ["llvm", "cranelift"] as const) {
    const plain = lower(m, backend).text;
    const annotated = lower(m, backend, { annotate: true }).text;
    t.false(plain.includes(`; ${text}`), `${backend}: no comments unless asked`);
    const lines = annotated.split("\n");
    const at = lines.findIndex((l) => l.trim() === `; ${text}`);
    t.true(at >= 0, `${backend}: ${text} is annotated`);
    // The next code line after the comment is the division's check or the division itself.
    const code = lines.slice(at + 1).find((l) => !l.trim().startsWith(";"))!;
    t.regex(code, backend === "llvm" ? /icmp eq i32 %d, 0|sdiv/ : /icmp eq|iconst|sdiv/);
    t.is(lower(m, backend, { annotate: true }).text, annotated, "deterministic");
    // Without the comments, the code is the same.
    const strip = (s: string) => s.split("\n").filter((l) => !/^\s*; /.test(l)).join("\n");
    t.is(strip(annotated), strip(plain));
  }
  t.is(formatCheckErrors(checkCLIF(lower(m, "cranelift", { annotate: true }).text)), "");
  t.notThrows(() => verifyLLVM(lower(m, "llvm", { annotate: true }).text));
});

test("source locations become LLVM debug info that LLVM verifies and an object's line table holds", (t) => {
  const ll = lowerText(SOURCE, "llvm").text;
  t.regex(ll, /^define noundef i32 @kernel\(i32 noundef %n\) #\d+ !dbg !\d+ \{$/m);
  t.regex(ll, /^!llvm\.dbg\.cu = !\{!\d+\}$/m);
  t.regex(ll, /!\{i32 2, !"Debug Info Version", i32 3\}/);
  t.regex(ll, /!\{i32 7, !"Dwarf Version", i32 5\}/);
  t.regex(ll, /distinct !DISubprogram\(name: "kernel", scope: !\d+, file: !\d+, line: 5,/);
  t.regex(ll, /%q = sdiv i32 %s1, %d, !dbg !\d+/);
  t.notThrows(() => verifyLLVM(ll));
  const dir = scratchDir("debug-info");
  const obj = join(dir, "k.o");
  const clang = spawnSync(findLLVMTools().clang, ["-O0", "-g", "-c", "-x", "ir", "-", "-o", obj], { input: ll, encoding: "utf8" });
  t.is(clang.status, 0, clang.stderr);
  t.is(clang.stderr, "", "no warning");
  const dwarfdump = [`${findLLVMTools().clang.replace(/clang(-\d+)?$/, "llvm-dwarfdump$1")}`, "llvm-dwarfdump"].find((c) => spawnSync(c, ["--version"]).status === 0);
  if (!dwarfdump) return t.log("llvm-dwarfdump not found: line table not read back");
  const table = spawnSync(dwarfdump, ["--debug-line", obj], { encoding: "utf8" }).stdout;
  const lines = new Set([...table.matchAll(/^0x[0-9a-f]+\s+(\d+)\s/gm)].map((m) => Number(m[1])));
  // Line 8 (the call of step) became step's inlined code, which is at lib/steps.fz:2.
  for (const line of [2, 5, 9, 10, 12, 13]) t.true(lines.has(line), `line ${line} is in the line table`);
  t.regex(table, /name: "src\/main\.fz"/);
  t.regex(table, /name: "(lib\/)?steps\.fz"/); // LLVM may split a file into its directory and name
});

test("source locations become CLIF @XXXX prefixes that the checker accepts, with their table", (t) => {
  const r = lowerText(SOURCE, "cranelift");
  t.is(formatCheckErrors(checkCLIF(r.text)), "");
  const div = /^\s*@([0-9a-f]{4}) v\d+ = sdiv /m.exec(r.text);
  t.truthy(div);
  const loc = r.srclocs[parseInt(div![1]!, 16) - 1]!;
  t.deepEqual(loc, { file: "src/main.fz", line: 12, col: 10 });
  t.regex(r.text, new RegExp(`^; srcloc @${div![1]} "src/main.fz":12:10$`, "m"));
  t.deepEqual(lowerText(SOURCE, "llvm").srclocs, []);
});

test("`!loc` round-trips through the IR text and the builder, and malformed ones are located errors", (t) => {
  t.is(printModule(parseModule(printModule(parseModule(SOURCE)))), printModule(parseModule(SOURCE)));
  t.regex(printModule(parseModule(SOURCE)), /^ {2}%q = sdiv %steps_now, %d !loc "src\/main\.fz":12:10$/m);
  const mb = new ModuleBuilder("b");
  const f = mb.function("f", [["a", I32]], I32, { exported: true });
  f.at(f.block("entry"));
  f.setLoc({ file: "a \"b\".fz", line: 3, col: 0 });
  const y = f.add(f.param(0), f.param(0), "y");
  f.setLoc();
  f.ret(y);
  const text = printModule(mb.finish());
  t.regex(text, /%y = add %a, %a !loc "a \\"b\\"\.fz":3:0\n {2}ret %y\n/);
  t.is(printModule(parseModule(text)), text);
  t.throws(() => f.setLoc({ file: "", line: 1, col: 1 }), { instanceOf: FzError });
  const bad = (loc: string) => () => parseModule(`module m\nfn f() {\nentry:\n  ret ${loc}\n}\n`, "m.fzir");
  t.throws(bad(`!loc "x.fz":0:1`), { message: /line number starts at 1/ });
  t.throws(bad(`!loc x.fz:1:1`), { message: /a file name/ });
  t.throws(bad(`!loc "x.fz":1`), { message: /':' after the line number/ });
  t.throws(bad(`!loc "x.fz":1:1 junk`), { message: /end of line after the source location/ });
  t.throws(bad(`!where "x.fz":1:1`), { message: /'loc' after '!'/ });
});

test("the lowered form's names and origins round-trip through .lir text", (t) => {
  const lowered = lowerText(SOURCE, "llvm", { annotate: true }).lowered;
  const text = printLIR(lowered);
  t.regex(text, /^ {4}origin \d+ text "%q = sdiv %steps_now, %d" loc "src\/main\.fz":12:10$/m);
  t.regex(text, /^block\d+ "entry_loop"\(v\d+ "x": i32, v\d+ "steps": i32\):$/m);
  t.deepEqual(parseLIR(text), lowered);
  t.is(printLIR(parseLIR(text)), text);
});
