/**
 * Symbols that cannot collide, natively: a module exporting names that look
 * dangerous but that the symbol rule allows (`fzfoo`, `fz`, `exit_`, ...),
 * with internal functions named like C library routines (`exit`, `malloc`,
 * `write`), is linked with runtime-c through both backends; a division by
 * zero must still panic with status 101, which fails (the runtime calling
 * the module's `exit`) if any of those names leaks into the link. The rule's
 * list must also hold every C symbol runtime-c and the harness need.
 */
import test from "ava";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { symbolProblem } from "@fzy/ir";
import { type Backend, lowerText } from "@fzy/lower";
import { buildNative } from "./build.js";
import { compileLLVMObject, findLLVMTools, hostTarget, runExecutable, runtimeArtifacts, scratchDir } from "./toolchain.js";

const SOURCE = `module m

fn exit(%a: i32, %b: i32) -> i32 {
entry:
  %q = sdiv %a, %b
  ret %q
}
fn malloc(%a: i32) -> i32 {
entry:
  %o = opaque %a
  ret %o
}
fn write(%a: i32) -> i32 {
entry:
  %one = const.i32 1
  %s = add %a, %one
  ret %s
}
export fn fzfoo(%a: i32, %b: i32) -> i32 {
entry:
  %r = call @exit, %a, %b
  ret %r
}
export fn fz(%a: i32) -> i32 {
entry:
  %r = call @malloc, %a
  ret %r
}
export fn exit_(%a: i32) -> i32 {
entry:
  %r = call @write, %a
  ret %r
}
export fn mainly(%a: i32) -> i32 {
entry:
  %r = call @fz, %a
  ret %r
}
export fn kernel(%n: i32) -> i32 {
entry:
  %h = const.i32 100
  %x = call @mainly, %n
  %q = call @fzfoo, %h, %x
  %r = call @exit_, %q
  ret %r
}
`;

/** Global (exported) and local symbols an object defines, by `nm`. */
function definedSymbols(object: string): { global: string[]; local: string[] } {
  const clang = findLLVMTools().clang;
  const nm = spawnSync(clang.replace(/clang(-\d+)?$/, "llvm-nm$1"), ["--defined-only", object], { encoding: "utf8" });
  const out = nm.status === 0 ? nm.stdout : spawnSync("nm", ["--defined-only", object], { encoding: "utf8" }).stdout;
  const rows = out.split("\n").map((l) => l.trim().split(/\s+/)).filter((r) => r.length === 3);
  return {
    global: rows.filter((r) => /[A-Z]/.test(r[1]!)).map((r) => r[2]!).sort(),
    local: rows.filter((r) => /[a-z]/.test(r[1]!)).map((r) => r[2]!).sort(),
  };
}

for (const backend of ["llvm", "cranelift"] as Backend[]) {
  test(`${backend}: names the rule allows link with runtime-c, and a division by zero still panics with 101`, (t) => {
    const r = lowerText(SOURCE, backend, { target: backend === "llvm" ? hostTarget() : undefined });
    const exe = buildNative(backend, r, join(scratchDir(`symbols-${backend}`), "kernel"));
    const ok = runExecutable(exe, ["5"]);
    t.is(ok.status, 0, ok.stderr);
    t.is(ok.stdout.trim(), "21");
    const bad = runExecutable(exe, ["0"]);
    t.is(bad.status, 101, `${bad.stderr} (signal ${String(bad.signal)})`);
    t.is(bad.stderr.trim(), "panic: attempt to divide by zero");
  });
}

test("llvm: internal functions are local symbols of the object; only the exports are global", (t) => {
  const r = lowerText(SOURCE, "llvm", { target: hostTarget(), perfFastpath: "off" });
  for (const f of ["exit", "malloc", "write"]) t.regex(r.text, new RegExp(`^define internal noundef i32 @fzl_m_${f}\\(`, "m"));
  const object = join(scratchDir("symbols-object"), "m.o");
  compileLLVMObject(r.text, object);
  const { global } = definedSymbols(object);
  t.deepEqual(global, ["exit_", "fz", "fzfoo", "kernel", "mainly"]);
});

test("every C symbol runtime-c and the harness need is refused as an export", (t) => {
  const { lib, harness } = runtimeArtifacts();
  const needed = new Set<string>();
  for (const file of [lib, harness]) {
    const nm = spawnSync("nm", ["-u", file], { encoding: "utf8" });
    t.is(nm.status, 0, nm.stderr);
    for (const line of nm.stdout.split("\n")) {
      const name = line.trim().split(/\s+/).pop();
      if (name && name !== "U" && !line.endsWith(":")) needed.add(name);
    }
  }
  needed.delete("kernel"); // what the harness calls: the module's entry
  t.true(needed.has("exit") && needed.has("malloc"), [...needed].join(" "));
  t.deepEqual([...needed].filter((n) => symbolProblem(n, "export") === null), []);
});
