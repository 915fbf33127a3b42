/**
 * The CLI's contract: one readable line and a documented exit status for
 * every kind of bad input or command line, never a stack trace.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import test from "ava";
import { parseLIR, printLIR, verifyLIR } from "@fzy/lir";
import { main } from "./cli.js";
import { lowerText } from "./lower.js";

const KERNELS = new URL("../../../conformance/kernels/", import.meta.url);
const kernel = (name: string) => new URL(`${name}.fzir`, KERNELS).pathname;

/** One scratch directory per test file, removed when the worker exits. */
const scratchRoot = mkdtempSync(join(tmpdir(), "fzlower-test-"));
process.on("exit", () => rmSync(scratchRoot, { recursive: true, force: true }));

async function cli(args: string[]): Promise<{ status: number; out: string; err: string }> {
  let out = "", err = "";
  const status = await main(args, { out: (s) => void (out += s), err: (s) => void (err += s) });
  return { status, out, err };
}

function tmpFile(text: string): string {
  const dir = mkdtempSync(join(scratchRoot, "case-"));
  const f = join(dir, "m.fzir");
  writeFileSync(f, text);
  return f;
}

test("--out-dir lowers every input in one process, each written as a lone fzlower -o writes it", async (t) => {
  const names = ["bytes_kernel", "resultx_classify", "text_kernel"];
  for (const [backend, ext] of [["llvm", ".ll"], ["cranelift", ".clif"], ["wasm", ".wasm"]] as const) {
    const dir = mkdtempSync(join(scratchRoot, "case-"));
    const r = await cli([...names.map(kernel), "--backend", backend, "--out-dir", join(dir, "all")]);
    t.is(r.status, 0, r.err);
    t.is(r.out, "", "nothing on stdout");
    for (const name of names) {
      const one = join(dir, `${name}-one${ext}`);
      t.is((await cli([kernel(name), "--backend", backend, "-o", one])).status, 0);
      t.deepEqual(readFileSync(join(dir, "all", name + ext)), readFileSync(one), `${backend} ${name}`);
      if (backend === "cranelift") t.is(readFileSync(join(dir, "all", `${name}.clif.data.json`), "utf8"), readFileSync(`${one}.data.json`, "utf8"));
    }
  }
});

test("--out-dir with --emit lir writes each input's lowered form as .lir; each report follows its input's name", async (t) => {
  const dir = mkdtempSync(join(scratchRoot, "case-"));
  const r = await cli([kernel("bytes_kernel"), kernel("text_kernel"), "--backend", "llvm", "--emit", "lir", "--perf-lowering-report", "--out-dir", dir]);
  t.is(r.status, 0);
  const at = [kernel("bytes_kernel"), kernel("text_kernel")].map((f) => r.err.indexOf(`${f}:\n`));
  t.true(at[0]! === 0 && at[1]! > at[0]!, r.err.slice(0, 200));
  t.regex(r.err.slice(at[0]!, at[1]!), /kernel\s+all/);
  t.regex(r.err.slice(at[1]!), /kernel\s+all/);
  for (const name of ["bytes_kernel", "text_kernel"]) {
    const text = readFileSync(join(dir, `${name}.lir`), "utf8");
    t.is(text, (await cli([kernel(name), "--backend", "llvm", "--emit", "lir"])).out);
    t.notThrows(() => verifyLIR(parseLIR(text)));
  }
});

test("--out-dir: an input that fails is one line naming it; the others are still written; status 1", async (t) => {
  const dir = mkdtempSync(join(scratchRoot, "case-"));
  const malformed = join(dir, "malformed.fzir"), unsupported = join(dir, "unsupported.fzir");
  writeFileSync(malformed, "module m\nexport fn kernel(%n: i32) -> i32 {\nentry:\n  %x = frob %n\n  ret %x\n}\n");
  // A well-formed module the lowering refuses (an array of str cannot cross a C import): its error has no text location.
  writeFileSync(unsupported, "module m\nimport c fn ext([str; 2]) -> i32\nexport fn kernel(%n: i32) -> i32 {\nentry:\n  %s = str.lit \"a\"\n  %a = array.new [str; 2], %s\n  %r = call @ext, %a\n  ret %r\n}\n");
  const out = join(dir, "out");
  const r = await cli([malformed, kernel("bytes_kernel"), unsupported, "--backend", "cranelift", "--out-dir", out]);
  t.is(r.status, 1);
  const lines = r.err.trim().split("\n");
  t.is(lines.length, 2, r.err);
  t.regex(lines[0]!, /^fzlower: \S*malformed\.fzir:4:\d+: error\[parse\]/);
  t.regex(lines[1]!, /^fzlower: \S*unsupported\.fzir: error\[unsupported\]: import c fn ext/);
  t.true(existsSync(join(out, "bytes_kernel.clif")));
  t.false(existsSync(join(out, "malformed.clif")));
  // A missing input is named once (its read error names it); an --out-dir that is a file is one error before any input.
  const missing = await cli([join(dir, "none.fzir"), "--backend", "llvm", "--out-dir", out]);
  t.is(missing.status, 1);
  t.is(missing.err, `fzlower: error[io]: cannot read ${join(dir, "none.fzir")}: no such file or directory (ENOENT)\n`);
  const notDir = await cli([kernel("bytes_kernel"), kernel("text_kernel"), "--backend", "llvm", "--out-dir", malformed]);
  t.is(notDir.status, 1);
  t.regex(notDir.err, /^fzlower: error\[io\]: cannot write --out-dir .*malformed\.fzir: .*malformed\.fzir is a file, not a directory\n$/);
  t.false(existsSync(join(out, "unsupported.clif")));
});

test("a function CLIF cannot number (more than 100,000 blocks) is one error[limit] line naming it; LLVM lowers it", async (t) => {
  // 80,000 sparse cases: a compare per block in CLIF, about 107,000 blocks.
  const cases = Array.from({ length: 80_000 }, (_, i) => `${i * 7} -> a`).join(", ");
  const file = tmpFile(["module wide", "export fn kernel(%n: i32) -> i32 {", "entry:", `  switch %n [${cases}] default b`, "a:", "  ret %n", "b:", "  %z = const.i32 0", "  ret %z", "}", ""].join("\n"));
  const r = await cli([file, "--backend", "cranelift"]);
  t.is(r.status, 1);
  t.is(r.out, "");
  t.regex(r.err, /^fzlower: (\S+: )?in function kernel: error\[limit\]: function kernel needs more than 100,000 blocks in CLIF, and cranelift-reader numbers blocks below 100,000\n$/);
  t.is((await cli([file, "--backend", "llvm", "-o", join(dirname(file), "wide.ll")])).status, 0);
});

test("run prints the interpreter's result", async (t) => {
  const r = await cli(["run", kernel("bytes_kernel"), "--entry", "kernel", "1000"]);
  t.is(r.status, 0);
  t.is(r.out, "173\n");
});

test("lowering writes LLVM text and CLIF text with its data objects", async (t) => {
  const dir = mkdtempSync(join(scratchRoot, "case-"));
  t.is((await cli([kernel("bytes_kernel"), "--backend", "llvm", "-o", join(dir, "b.ll")])).status, 0);
  t.regex(readFileSync(join(dir, "b.ll"), "utf8"), /define noundef i32 @kernel\(i32 noundef/);
  t.is((await cli([kernel("resultx_classify"), "--backend", "cranelift", "-o", join(dir, "r.clif")])).status, 0);
  t.regex(readFileSync(join(dir, "r.clif"), "utf8"), /function %kernel\(i32\) -> i32 system_v/);
  const data = JSON.parse(readFileSync(join(dir, "r.clif.data.json"), "utf8")) as { data: { name: string; bytes: string }[] };
  t.true(data.data.length > 0);
});

test("the data objects file is JSON.stringify({ data }, null, 2) of lower()'s data objects, written an object at a time", async (t) => {
  // Written in pieces (300 MB of data objects is more hex than one string can hold); the text is as one string would be.
  const dir = mkdtempSync(join(scratchRoot, "case-"));
  for (const name of ["arr_str_lits", "bytes_kernel"]) {
    const file = new URL(`../../../conformance/${name === "bytes_kernel" ? "kernels" : "modules"}/${name}.fzir`, import.meta.url).pathname;
    const { data } = lowerText(readFileSync(file, "utf8"), "cranelift");
    const want = { data: data.map((d) => ({ name: d.name, align: d.align, writable: d.writable, bytes: Buffer.from(d.bytes).toString("hex"), relocs: d.relocs })) };
    t.is((await cli([file, "--backend", "cranelift", "-o", join(dir, `${name}.clif`)])).status, 0);
    t.is(readFileSync(join(dir, `${name}.clif.data.json`), "utf8"), JSON.stringify(want, null, 2) + "\n", name);
    if (name === "arr_str_lits") t.true(data.length > 1 && data.some((d) => d.relocs.length > 0), "several objects, with relocations");
    const comments = (await cli([file, "--backend", "cranelift"])).out.split("\n").filter((l) => l.startsWith("; data "));
    t.is(comments.length, data.length, `${name}: a comment line per data object on stdout`);
  }
});

test("-o - writes to stdout, as without -o, and creates no file named '-'", async (t) => {
  for (const backend of ["llvm", "cranelift"]) {
    const plain = await cli([kernel("bytes_kernel"), "--backend", backend]);
    const dash = await cli([kernel("bytes_kernel"), "--backend", backend, "-o", "-"]);
    t.is(dash.status, 0);
    t.true(dash.out.length > 0);
    t.is(dash.out, plain.out);
  }
  t.false(existsSync("-"));
  t.false(existsSync("-.data.json"));
});

test("--emit lir prints the lowered form, which parses and verifies", async (t) => {
  const r = await cli([kernel("bytes_kernel"), "--backend", "llvm", "--emit", "lir", "--verify-lowered"]);
  t.is(r.status, 0, r.err);
  t.regex(r.out, /^module "bytes_kernel"\n/);
  t.regex(r.out, /\nfunction %kernel\(i32\) -> i32 export \{\nblock0 "entry"\(v0 "n": i32\):\n/);
  t.notThrows(() => verifyLIR(parseLIR(r.out)));
  t.is(printLIR(parseLIR(r.out)), r.out);
  const wrong = await cli([kernel("bytes_kernel"), "--backend", "llvm", "--emit", "asm"]);
  t.is(wrong.status, 2);
  t.regex(wrong.err, /unknown --emit 'asm' \(expected text or lir\)/);
});

test("--perf-lowering-report prints the report on stderr", async (t) => {
  const r = await cli([kernel("text_kernel"), "--backend", "llvm", "--perf-lowering-report"]);
  t.is(r.status, 0);
  t.regex(r.err, /lowering report \(backend llvm, fast paths on\)/);
  t.regex(r.err, /kernel\s+all[^\n]*\n\s+loops/);
});

test("--time-passes prints each pass's time on stderr and changes nothing on stdout", async (t) => {
  for (const backend of ["llvm", "cranelift"] as const) {
    const timed = await cli([kernel("text_kernel"), "--backend", backend, "--time-passes"]);
    const plain = await cli([kernel("text_kernel"), "--backend", backend]);
    t.is(timed.status, 0);
    t.is(timed.out, plain.out, backend);
    t.regex(timed.err, /^pass times \(wall ms; a pass's own time, without the passes it calls\):\n {2}pass +ms +% +calls\n/);
    for (const pass of ["parse", "verify", "plan", "emit", "optimize", "print"]) t.regex(timed.err, new RegExp(`\\n  ${pass} +\\d+\\.\\d +\\d+\\.\\d +\\d+\\n`), `${backend} ${pass}`);
    t.regex(timed.err, /\n {2}total +\d+\.\d +100\.0\npasses:\n/);
    t.is(/\n {2}facts +\d/.test(timed.err), backend === "llvm", "facts are the LLVM printer's");
  }
});

test("--time-passes names the slowest functions of a module of several", async (t) => {
  const fns = ["a", "b", "c"].map((n) => `export fn ${n}(%x: i32) -> i32 {\nentry:\n  %y = add %x, %x\n  ret %y\n}`);
  const r = await cli([tmpFile(["module m", ...fns, ""].join("\n")), "--backend", "llvm", "--time-passes"]);
  t.is(r.status, 0, r.err);
  const list = r.err.split("slowest functions (wall ms from the start of lowering to the end of printing, % of the total; a collector pause counts in the function it lands in):\n")[1]?.split("passes:")[0];
  t.truthy(list, r.err);
  t.deepEqual(list!.trim().split("\n").map((l) => l.trim().split(/ +/)[2]).sort(), ["a", "b", "c"]);
});

test("--time-passes with --out-dir: each input's times follow its name, then those of all inputs; with --emit lir the .lir text is the print", async (t) => {
  const dir = mkdtempSync(join(scratchRoot, "case-"));
  const files = [kernel("bytes_kernel"), kernel("text_kernel")];
  const r = await cli([...files, "--backend", "cranelift", "--emit", "lir", "--time-passes", "--out-dir", dir]);
  t.is(r.status, 0, r.err);
  const at = [...files.map((f) => r.err.indexOf(`${f}:\npass times`)), r.err.indexOf("all inputs lowered (2):\npass times")];
  t.true(at[0] === 0 && at[1]! > 0 && at[2]! > at[1]!, r.err.slice(0, 300));
  t.regex(r.err.slice(at[1]!, at[2]!), /\n {2}print +\d+\.\d +\d+\.\d +1\n/);
  t.regex(r.err.slice(at[2]!), /\n {2}print +\d+\.\d +\d+\.\d +2\n/, "the calls of both inputs");
  t.is(r.err.split("\npasses:\n").length, 2, "the passes' meanings once, after all inputs");
  t.true(r.err.indexOf("\npasses:\n") > at[2]!);
});

const bad: [string, string[], number, RegExp][] = [
  ["unknown backend", [kernel("bytes_kernel"), "--backend", "gcc"], 2, /unknown backend 'gcc'/],
  ["missing backend", [kernel("bytes_kernel")], 2, /missing --backend/],
  ["bad mode", [kernel("bytes_kernel"), "--backend", "llvm", "--perf-fastpath=fast"], 2, /unknown --perf-fastpath 'fast'/],
  ["bad fast path", [kernel("bytes_kernel"), "--backend", "llvm", "--no-fast-path=magic"], 2, /unknown fast path 'magic'/],
  ["unknown option", [kernel("bytes_kernel"), "--backend", "llvm", "--frobnicate"], 2, /frobnicate/],
  ["missing file", ["nope/none.fzir", "--backend", "llvm"], 1, /cannot read nope\/none.fzir/],
  ["two files without --out-dir", [kernel("bytes_kernel"), kernel("text_kernel"), "--backend", "llvm"], 2, /several inputs need --out-dir DIR/],
  ["-o with --out-dir", [kernel("bytes_kernel"), "--backend", "llvm", "-o", "x.ll", "--out-dir", "d"], 2, /-o OUT .* or --out-dir DIR .*, not both/],
  ["an empty --out-dir", [kernel("bytes_kernel"), "--backend", "llvm", "--out-dir", ""], 2, /--out-dir needs a directory name/],
  ["two inputs of one name", [kernel("bytes_kernel"), join("conformance", "..", "conformance", "kernels", "bytes_kernel.fzir"), "--backend", "llvm", "--out-dir", "d"], 2, /would both be written to d\/bytes_kernel\.ll/],
  ["run without entry", ["run", kernel("bytes_kernel"), "1"], 2, /--entry/],
  ["run unknown entry", ["run", kernel("bytes_kernel"), "--entry", "main"], 1, /no function main/],
  ["run bad argument", ["run", kernel("bytes_kernel"), "--entry", "kernel", "ten"], 2, /'ten' is not an i32/],
  ["run argument out of range", ["run", kernel("bytes_kernel"), "--entry", "kernel", "9999999999"], 2, /not an i32/],
  ["run wrong arity", ["run", kernel("bytes_kernel"), "--entry", "kernel"], 2, /takes 1 argument/],
  ["no arguments", [], 2, /usage:/],
];
for (const [name, args, status, message] of bad) {
  test(`bad command line: ${name}`, async (t) => {
    const r = await cli(args);
    t.is(r.status, status);
    t.regex(r.err, message);
    t.notRegex(r.err, /\n\s+at /, "no stack trace");
  });
}

const badModules: [string, string, RegExp][] = [
  ["malformed text", "module m\nexport fn kernel(%n: i32) -> i32 {\nentry:\n  %x = frob %n\n  ret %x\n}\n", /m\.fzir:4:\d+: error\[parse\]/],
  ["ill-typed module", "module m\nexport fn kernel(%n: i32) -> i32 {\nentry:\n  %w = sext.i64 %n\n  %x = add %n, %w\n  ret %x\n}\n", /error\[type\].*add/],
  ["unterminated string", "module m\nfn f() {\nentry:\n  %s = str.lit \"abc\n  ret\n}\n", /error\[parse\]/],
  ["missing terminator", "module m\nfn f() {\nentry:\n  %a = const.i32 1\n}\n", /error\[(parse|cfg)\]/],
];
for (const [name, text, message] of badModules) {
  test(`bad module: ${name}`, async (t) => {
    const f = tmpFile(text);
    for (const args of [[f, "--backend", "llvm"], ["run", f, "--entry", "kernel", "1"]]) {
      const r = await cli(args);
      t.is(r.status, 1);
      t.regex(r.err, message);
      t.is(r.err.trim().split("\n").length, 1, "one line");
    }
  });
}

test("a trap in run prints the panic line and exits 101", async (t) => {
  const f = tmpFile("module m\nexport fn kernel(%n: i32) -> i32 {\nentry:\n  %z = const.i32 0\n  %q = sdiv %n, %z\n  ret %q\n}\n");
  const r = await cli(["run", f, "--entry", "kernel", "5"]);
  t.is(r.status, 101);
  t.is(r.err, "panic: attempt to divide by zero\n");
});

const BIN = new URL("../bin/fzlower.js", import.meta.url).pathname;

test("run --backend wasm: recursion past the engine's call stack or the shadow stack is the program's panic, status 101, not an internal error", async (t) => {
  // f(n) recurses n deep; with a fixed array of 64 i64 in each frame (%a) it takes 512 bytes of shadow stack a level.
  const recursion = (frame: boolean) => tmpFile([
    "module rec", "fn f(%n: i64) -> i64 {", "entry:", "  %z = const.i64 0", "  %c = icmp.eq %n, %z", "  br %c, done, more", "done:", "  ret %z", "more:", "  %one = const.i64 1",
    ...(frame ? ["  %a = array.new [i64; 64], %n", "  %i = trunc.i32 %n", "  %k = const.i32 63", "  %j = and %i, %k", "  %x = array.get %a, %j"] : ["  %x = add %one, %z"]),
    "  %m = sub %n, %one", "  %r = call @f, %m", "  %s = add %r, %x", "  ret %s", "}",
    "export fn kernel(%n: i32) -> i32 {", "entry:", "  %w = sext.i64 %n", "  %r = call @f, %w", "  %t = trunc.i32 %r", "  ret %t", "}", "",
  ].join("\n"));
  for (const [frame, why] of [[false, /^panic: stack overflow: the WebAssembly call stack is exhausted\n$/], [true, /^panic: stack overflow: the shadow stack is exhausted/]] as const) {
    const file = recursion(frame);
    const shallow = await cli(["run", file, "--entry", "kernel", "--backend", "wasm", "100"]);
    t.deepEqual([shallow.status, shallow.out], [0, frame ? "5050\n" : "100\n"]);
    const deep = await cli(["run", file, "--entry", "kernel", "--backend", "wasm", "10000000"]);
    t.is(deep.status, 101, deep.err);
    t.regex(deep.err, why);
  }
});

test("the engine flags bin/fzlower.js sets are ones this engine has; V8 11 gets its interrupt budget, V8 12 and later invocation counts", async (t) => {
  const { loweringFlags } = (await import(new URL("../bin/engine-flags.js", import.meta.url).href)) as { loweringFlags: (v8: string) => [string, string][] };
  const { spawnSync } = await import("node:child_process");
  const known = spawnSync(process.execPath, ["--v8-options"], { encoding: "utf8" }).stdout;
  const flags = loweringFlags(process.versions.v8);
  t.true(flags.length >= 2);
  for (const [name, flag] of flags) {
    t.true(flag.includes(name), flag);
    t.true(known.includes(`  --${name} (`), `${flag}: V8 ${process.versions.v8} has no --${name}`);
  }
  const names = (v8: string) => loweringFlags(v8).map(([, flag]) => flag.replace(/=.*/, ""));
  t.deepEqual(names("11.3.244.8-node.38"), ["--no-turbo-inlining", "--interrupt-budget"]);
  t.deepEqual(names("12.4.254.21-node.57"), ["--no-turbo-inlining", "--invocation-count-for-turbofan", "--invocation-count-for-maglev"]);
  t.deepEqual(names("13.6.233.17-node.63"), names("12.4.254.21-node.57"));
  // The command itself: nothing on stderr (an unknown flag would print "Error: unrecognized flag" there).
  const r = spawnSync(process.execPath, [BIN, kernel("bytes_kernel"), "--backend", "llvm", "-o", "/dev/null"], { encoding: "utf8" });
  t.deepEqual([r.status, r.stderr], [0, ""]);
});

test("a reader that closes the pipe early ends fzlower quietly (no EPIPE stack trace)", async (t) => {
  const { spawn } = await import("node:child_process");
  const child = spawn(process.execPath, [BIN, kernel("text_kernel"), "--backend", "cranelift"], { stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.destroy(); // the reader is gone before the first write
  let err = "";
  child.stderr.on("data", (d: Buffer) => void (err += d.toString()));
  const status = await new Promise<number | null>((done) => child.on("close", (code) => done(code)));
  t.is(err, "");
  t.is(status, 0);
});

test("-o into a directory that cannot be created fails at once and says why", async (t) => {
  const started = Date.now();
  const r = await cli([kernel("bytes_kernel"), "--backend", "llvm", "-o", "/proc/nope/out.ll"]);
  t.true(Date.now() - started < 5000);
  t.is(r.status, 1);
  t.is(r.err, "fzlower: error[io]: cannot write /proc/nope/out.ll: cannot create directory /proc/nope: no such file or directory (ENOENT)\n");
});

test("-o errors say what is wrong with the path: a parent that is a file, a directory as the output", async (t) => {
  const file = tmpFile("module m\n");
  const r = await cli([kernel("bytes_kernel"), "--backend", "llvm", "-o", join(file, "sub", "out.ll")]);
  t.is(r.status, 1);
  t.is(r.err, `fzlower: error[io]: cannot write ${join(file, "sub", "out.ll")}: ${file} is a file, not a directory\n`);
  const dir = mkdtempSync(join(scratchRoot, "case-"));
  const d = await cli([kernel("bytes_kernel"), "--backend", "llvm", "-o", dir]);
  t.is(d.err, `fzlower: error[io]: cannot write ${dir}: it is a directory (EISDIR)\n`);
  const nested = join(dir, "a", "b", "out.ll");
  t.is((await cli([kernel("bytes_kernel"), "--backend", "llvm", "-o", nested])).status, 0);
  t.regex(readFileSync(nested, "utf8"), /define noundef i32 @kernel/);
});

test("a permission error is named as such", async (t) => {
  const { fsReason } = await import("./output-path.js");
  t.is(fsReason(Object.assign(new Error("x"), { code: "EACCES" })), "permission denied (EACCES)");
  t.is(fsReason(Object.assign(new Error("x"), { code: "EWEIRD" })), "EWEIRD");
});

test("--help works on every command", async (t) => {
  for (const args of [["--help"], ["-h"], ["run", "--help"], [kernel("bytes_kernel"), "--help"], [kernel("bytes_kernel"), "--backend", "llvm", "-h"]]) {
    const r = await cli(args);
    t.is(r.status, 0, args.join(" "));
    t.regex(r.out, /^usage:\n {2}fzlower FILE\.fzir --backend/, args.join(" "));
    t.is(r.err, "");
  }
});

test("--target with the cranelift backend is refused, not ignored", async (t) => {
  const r = await cli([kernel("bytes_kernel"), "--backend", "cranelift", "--target", "aarch64-linux"]);
  t.is(r.status, 2);
  t.regex(r.err, /--target applies to the llvm backend only/);
  t.is((await cli([kernel("bytes_kernel"), "--backend", "llvm", "--target", "aarch64-linux"])).status, 0);
});

test("the lowering report comes with a legend for every column", async (t) => {
  const r = await cli([kernel("text_kernel"), "--backend", "llvm", "--perf-lowering-report"]);
  const lines = r.err.split("\n");
  const headings = lines[1]!.trim().split(/\s+/);
  t.true(headings.length > 10);
  const legend = lines.slice(lines.indexOf("columns:") + 1).map((l) => l.trim().split(/\s+/)[0]).filter(Boolean);
  t.deepEqual(legend, headings);
});

test("trace verify: a valid trace prints readably, a damaged one is one line and status 1", async (t) => {
  const dir = mkdtempSync(join(scratchRoot, "case-"));
  const good = join(dir, "t.fzt");
  writeFileSync(good, "fztrace 1\ncall clock_now -> i:5\nend 1 fnv1a64:" + "0".repeat(16) + "\n");
  const bad = await cli(["trace", "verify", good]);
  t.is(bad.status, 1);
  t.regex(bad.err, /^fzlower: .*t\.fzt: invalid trace: checksum mismatch: the end line says 0{16}, the contents give ([0-9a-f]{16})\n$/);
  const sum = /contents give ([0-9a-f]{16})/.exec(bad.err)![1]!;
  writeFileSync(good, `fztrace 1\ncall clock_now -> i:5\nend 1 fnv1a64:${sum}\n`);
  const ok = await cli(["trace", "verify", good]);
  t.is(ok.status, 0);
  t.is(ok.out, `${good}: valid trace, version 1, 1 call(s)\n#0 clock_now() -> 5\n`);
  t.is((await cli(["trace", "show", good])).status, 2);
  t.is((await cli(["trace", "verify", join(dir, "missing.fzt")])).status, 1);
  t.is((await cli([kernel("bytes_kernel"), "--backend", "llvm", "--host-calls=sometimes"])).status, 2);
});

test("--annotate writes each IR instruction as a comment before its code, in both backends", async (t) => {
  for (const backend of ["llvm", "cranelift"]) {
    const plain = await cli([kernel("bytes_kernel"), "--backend", backend]);
    const r = await cli([kernel("bytes_kernel"), "--backend", backend, "--annotate"]);
    t.is(r.status, 0, r.err);
    t.false(plain.out.includes("; %more = icmp.slt %i, %n"));
    t.regex(r.out, /^ +; %more = icmp\.slt %i, %n\n +(%more = icmp slt i32 %i, %n|v\d+ = icmp slt v\d+, v\d+ ; more)$/m);
  }
});

/** The bundle that bin/fzlower.js loads (build-bin.mjs) and the modules it holds, by its metafile. */
const BUNDLE = new URL("./fzlower.bundle.cjs", import.meta.url).pathname;
const BUNDLE_META = new URL("./fzlower.bundle.meta.json", import.meta.url).pathname;
const PACKAGE_DIR = new URL("../", import.meta.url).pathname;

test("the fzlower bundle is newer than every module it holds (else: pnpm run build)", (t) => {
  const { inputs } = JSON.parse(readFileSync(BUNDLE_META, "utf8")) as { inputs: Record<string, unknown> };
  const held = Object.keys(inputs).map((p) => join(PACKAGE_DIR, p));
  t.true(held.length > 50, `the bundle holds ${held.length} modules`);
  t.true(held.some((p) => p.endsWith(join("lower", "dist", "cli.js"))));
  const built = statSync(BUNDLE).mtimeMs;
  const stale = held.filter((p) => statSync(p).mtimeMs > built);
  t.deepEqual(stale, [], "modules changed after the bundle was built: run pnpm run build");
});

/** bin/load-bundle.js, which compiles the bundle with its code cache (plain JavaScript, loaded as the command loads it). */
const LOAD_BUNDLE = new URL("../bin/load-bundle.js", import.meta.url).href;

test("V8 takes the code caches the build made, each under the flags of its commands", async (t) => {
  const { spawnSync } = await import("node:child_process");
  const engineFlags = new URL("../bin/engine-flags.js", import.meta.url).href;
  for (const kind of ["lowering", "plain"]) {
    const script = [
      `import { setLoweringFlags } from ${JSON.stringify(engineFlags)};`,
      `import { CODE_CACHES, loadBundle } from ${JSON.stringify(LOAD_BUNDLE)};`,
      kind === "lowering" ? `setLoweringFlags();` : "",
      `process.stdout.write(String(loadBundle(CODE_CACHES.${kind}).cacheUsed));`,
    ].join("\n");
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
    t.is(r.stderr, "", kind);
    t.is(r.stdout, "true", `${kind}: run pnpm run build: the cache is missing, stale or made under other flags`);
  }
});

test("a code cache made for another bundle is never given to V8", async (t) => {
  const { bundleHash, cachedDataFor } = (await import(LOAD_BUNDLE)) as {
    bundleHash: (bytes: Uint8Array) => Buffer;
    cachedDataFor: (cache: Buffer | undefined, hash: Buffer) => Buffer | undefined;
  };
  const hash = bundleHash(Buffer.from("one bundle")), other = bundleHash(Buffer.from("another bundle"));
  const data = Buffer.from([1, 2, 3]);
  t.deepEqual(cachedDataFor(Buffer.concat([hash, data]), hash), data);
  t.is(cachedDataFor(Buffer.concat([other, data]), hash), undefined);
  t.is(cachedDataFor(hash, hash), undefined, "a hash without data");
  t.is(cachedDataFor(Buffer.from([1]), hash), undefined, "a truncated file");
  t.is(cachedDataFor(undefined, hash), undefined, "no file");
});

test("fzlower (the bundle) prints what the library's own modules print", async (t) => {
  const { spawnSync } = await import("node:child_process");
  for (const backend of ["llvm", "cranelift"]) {
    const args = [kernel("text_kernel"), "--backend", backend, "--perf-lowering-report"];
    const bundled = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" });
    const direct = await cli(args);
    t.is(bundled.status, 0);
    t.is(bundled.stdout, direct.out, backend);
    t.is(bundled.stderr, direct.err, backend);
    t.true(direct.out.length > 1000);
  }
});
