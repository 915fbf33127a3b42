/**
 * A small toolchain on the Fzy backend, as another compiler would use it:
 *
 *   1. build a module in code with the builder API (no .fzir text);
 *   2. lower it with both backends (`lower(module, backend, options)`);
 *   3. build native executables: the LLVM IR with clang, the CLIF with the
 *      CLIF executor (a real Cranelift is not needed; FZ_CLIF_TOOL selects
 *      one), both linked with runtime-c and its harness `main`, which calls
 *      `kernel(argv[1])` and prints the result;
 *   4. run them and compare with the reference interpreter.
 *
 * The program: commands (an enum with payloads, one a struct) in a fixed
 * array, folded by a helper that matches on them, then one more command read
 * at index n % 5 of the 4-element array, so every fifth input panics with
 * the same message everywhere.
 *
 *   pnpm run build && node examples/toolchain/main.mjs [N...]
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { arrayType, FzError, I32, interpret, lower, ModuleBuilder } from "@fzy/lower";
import { buildCLIFExecutable } from "@fzy/clif";

/** The module: `apply(acc, cmd)` and the exported `kernel(n)`. */
function buildModule() {
  const mb = new ModuleBuilder("toolchain_demo");
  const Point = mb.struct("Point", [["x", I32], ["y", I32]]);
  const Cmd = mb.enum("Cmd", [["Move", Point], ["Scale", I32], "Stop"]);

  const apply = mb.function("apply", [["acc", I32], ["cmd", Cmd]], I32);
  const [entry, move, scale, stop] = ["entry", "move", "scale", "stop"].map((b) => apply.block(b));
  apply.at(entry);
  const acc = apply.param(0), cmd = apply.param(1);
  apply.switch(cmd, [{ variant: "Move", target: move }, { variant: "Scale", target: scale }, { variant: "Stop", target: stop }], null);
  apply.at(move);
  const p = apply.enumPayload(cmd, "Move");
  apply.ret(apply.add(acc, apply.sub(apply.structGet(p, "x"), apply.structGet(p, "y"))));
  apply.at(scale);
  apply.ret(apply.mul(acc, apply.enumPayload(cmd, "Scale")));
  apply.at(stop);
  apply.ret(acc);

  const k = mb.function("kernel", [["n", I32]], I32, { exported: true });
  const [kEntry, head, body, exit] = ["entry", "head", "body", "exit"].map((b) => k.block(b));
  const i = k.var("i", I32), total = k.var("total", I32);
  k.at(kEntry);
  const n = k.param(0);
  const zero = k.iconst(I32, 0), one = k.iconst(I32, 1);
  const cmds = k.arrayLit(arrayType(Cmd, 4), [
    k.enumNew("Cmd", "Move", k.structNew("Point", [n, k.iconst(I32, 3)])),
    k.enumNew("Cmd", "Scale", k.iconst(I32, 7)),
    k.enumNew("Cmd", "Move", k.structNew("Point", [k.iconst(I32, 10), n])),
    k.enumNew("Cmd", "Stop"),
  ]);
  k.set(i, zero);
  k.set(total, n);
  k.jump(head);
  k.at(head);
  const iv = k.get(i);
  k.br(k.icmp("slt", iv, k.arrayLen(cmds)), body, exit);
  k.at(body);
  k.set(total, k.call(apply, [k.get(total), k.arrayGet(cmds, iv)]));
  k.set(i, k.add(iv, one));
  k.jump(head);
  k.at(exit);
  const last = k.arrayGet(cmds, k.urem(n, k.iconst(I32, 5)));
  k.ret(k.call(apply, [k.get(total), last]));
  return mb.finish();
}

const require = createRequire(import.meta.url);
const runtimeDir = join(dirname(require.resolve("@fzy/runtime-c/package.json")), "dist");

/** clang of LLVM 15 or later: $FZ_LLVM_BIN/clang, else clang-19 on PATH, else clang. */
function clang() {
  if (process.env.FZ_LLVM_BIN) return join(process.env.FZ_LLVM_BIN, "clang");
  return spawnSync("clang-19", ["--version"]).status === 0 ? "clang-19" : "clang";
}

function buildLLVM(text, exe) {
  const ll = join(dirname(exe), "module.ll");
  writeFileSync(ll, text);
  const r = spawnSync(clang(), ["-O2", ll, join(runtimeDir, "harness.o"), join(runtimeDir, "libfzrt.a"), "-lpthread", "-o", exe], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`clang failed: ${r.stderr || r.error}`);
}

/** `kernel(n)` of an executable: its printed result, or `panic: MESSAGE`. */
function runNative(exe, n) {
  const r = spawnSync(exe, [String(n)], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : r.stderr.trim();
}

function runInterpreter(module, n) {
  try {
    return String(interpret(module, "kernel", [n]));
  } catch (e) {
    if (e instanceof FzError && e.code === "trap") return `panic: ${e.message}`;
    throw e;
  }
}

const inputs = process.argv.length > 2 ? process.argv.slice(2).map(Number) : [0, 3, 4, 1000, -7];
const module = buildModule();
const work = mkdtempSync(join(tmpdir(), "fzy-toolchain-"));
let mismatches = 0;
try {
  const exes = {};
  for (const backend of ["llvm", "cranelift"]) {
    const r = lower(module, backend, { perfFastpath: "on" });
    const exe = join(work, `${backend}-kernel`);
    if (backend === "llvm") buildLLVM(r.text, exe);
    else buildCLIFExecutable(r.text, r.data, exe, { link: [join(runtimeDir, "harness.o"), join(runtimeDir, "libfzrt.a"), "-lpthread"] });
    exes[backend] = exe;
    const f = r.report.functions.find((x) => x.name === "kernel");
    console.log(`${backend}: ${r.text.split("\n").length} lines, ${r.data.length} data object(s)${f ? `, kernel: ${f.decisions.length} matrix decision(s)` : ""}`);
  }
  for (const n of inputs) {
    const want = runInterpreter(module, n);
    const got = { llvm: runNative(exes.llvm, n), cranelift: runNative(exes.cranelift, n) };
    const same = (g) => (g === want ? "same" : `${g}  <-- differs`);
    if (got.llvm !== want || got.cranelift !== want) mismatches++;
    console.log(`kernel(${n}): interpreter ${want}; llvm ${same(got.llvm)}; cranelift ${same(got.cranelift)}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(mismatches === 0 ? "all backends agree with the interpreter" : `${mismatches} input(s) differ`);
process.exitCode = mismatches === 0 ? 0 : 1;
