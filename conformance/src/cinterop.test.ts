/**
 * C interop (packages/runtime-c/HOST_ABI.md): conformance/cinterop/c_interop.fzir
 * calls host functions written in C (conformance/cinterop/c_host.c) through
 * the C ABI of `import c fn`, with str arguments as (pointer, length), a str
 * result through an out pointer, a function reference the host calls back
 * through, a host that calls an exported function by name, and arrays of
 * i32, f64 and bool as (pointer, length) views (a runtime array copied for
 * the call, fixed arrays from a literal and from an array global). Built
 * natively on both native backends (LLVM through clang; CLIF through the
 * executor, or a real Cranelift with FZ_CLIF_TOOL) in every mode, its
 * kernel must give what the interpreter gives with the JavaScript twin of
 * the C host below.
 */
import test from "ava";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type Backend, lowerText, type Mode } from "@fzy/lower";
import { type IFuncRef, Interpreter, type IValue, parseModule } from "@fzy/ir";
import { buildNative } from "./native/build.js";
import { CONFORMANCE_DIR, REPO_ROOT, runExecutable, scratchDir } from "./native/toolchain.js";

const DIR = join(CONFORMANCE_DIR, "cinterop");
const SOURCE = readFileSync(join(DIR, "c_interop.fzir"), "utf8");
const INPUTS = /^;\s*inputs:\s*([-\d\s]+)$/m.exec(SOURCE)![1]!.trim().split(/\s+/).map(Number);

/** The C host's twin for the interpreter: the same functions over the interpreter's values. */
function jsHost(it: () => Interpreter) {
  const words = ["", "a", "héllo", "日本", "tab\tbed", "x y z", "🙂", "end"];
  return {
    host_hash: (s: IValue, seed: IValue) => {
      let h = 0xcbf29ce484222325n ^ BigInt.asUintN(64, seed as bigint);
      for (const byte of Buffer.from(s as string, "utf8")) h = BigInt.asUintN(64, (h ^ BigInt(byte)) * 0x100000001b3n);
      return BigInt.asIntN(64, h);
    },
    host_word: (k: IValue) => words[(k as number) & 7]!,
    host_fold: (f: IValue, n: IValue) => {
      let sum = 0n;
      for (let k = 0; k < (n as number); k++) sum += it().call((f as IFuncRef).name, [BigInt(k)]) as bigint;
      return BigInt.asIntN(64, sum);
    },
    host_callback: (x: IValue) => BigInt.asIntN(64, (it().call("square", [x]) as bigint) + 1n),
    host_is_e_acute: (s: IValue) => s === "é",
    host_sum_i32: (a: IValue) => (a as number[]).reduce((sum, x, i) => sum + BigInt(i + 1) * BigInt(x), 0n),
    host_sum_f64: (a: IValue) => BigInt(Math.trunc((a as number[]).reduce((sum, x, i) => sum + (i + 1) * x, 0))),
    host_bits: (a: IValue) => (a as boolean[]).reduce((bits, x, i) => bits | (Number(x) << i), 0) + 100 * (a as boolean[]).length,
  };
}

function reference(n: number): string {
  let it: Interpreter | undefined;
  it = new Interpreter(parseModule(SOURCE), { imports: jsHost(() => it!) });
  return String(it.call("kernel", [n]));
}

let hostObject: string | undefined;
function hostObjectFile(): string {
  if (hostObject) return hostObject;
  const out = join(scratchDir("cinterop-host"), "c_host.o");
  const cc = (process.env["CC"] || "cc").trim().split(/\s+/);
  const r = spawnSync(cc[0]!, [...cc.slice(1), "-std=c11", "-O2", "-Wall", "-Werror", "-I", join(REPO_ROOT, "packages/runtime-c/include"), "-c", join(DIR, "c_host.c"), "-o", out], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`cc c_host.c failed: ${r.stderr}${r.error?.message ?? ""}`);
  hostObject = out;
  return out;
}

const want = new Map(INPUTS.map((n) => [n, reference(n)]));

test("c interop: the interpreter's reference outcomes are distinct enough to tell inputs apart", (t) => {
  t.true(new Set(want.values()).size >= INPUTS.length - 2, [...want.values()].join(" "));
});

for (const backend of ["llvm", "cranelift"] as Backend[]) {
  for (const mode of ["off", "on", "force"] as Mode[]) {
    test(`c interop: ${backend} ${mode} calls the C host and is called back, as the interpreter says`, (t) => {
      const r = lowerText(SOURCE, backend, { perfFastpath: mode, verifyLowered: true });
      const exe = buildNative(backend, r, join(scratchDir(`cinterop-${backend}-${mode}`), "prog"), { extraObjects: [hostObjectFile()] });
      for (const n of INPUTS) {
        const run = runExecutable(exe, [String(n)]);
        t.is(run.status, 0, `n=${n}: ${run.stderr}`);
        t.is(run.stdout.trim(), want.get(n)!, `n=${n}`);
      }
    });
  }
}
