/**
 * The wasm backend through the public entry and the CLI: lower() returns the
 * binary and its text, instantiate() runs it, `fzlower run --backend wasm`
 * prints what the interpreter prints (results and panics), and
 * `--backend wasm -o OUT` writes the binary.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import test from "ava";
import { main } from "./cli.js";
import { FzError, instantiate, loadWasmBackend, lowerText, WasmExit } from "./index.js";

test.before(async () => void (await loadWasmBackend()));

const KERNELS = new URL("../../../conformance/kernels/", import.meta.url);
const kernel = (name: string) => new URL(`${name}.fzir`, KERNELS).pathname;
const CHECKSUMS = (JSON.parse(readFileSync(new URL("checksums.json", KERNELS), "utf8")) as { checksums: Record<string, Record<string, number>> }).checksums;

async function cli(args: string[]): Promise<{ status: number; out: string; err: string }> {
  let out = "", err = "";
  const status = await main(args, { out: (s) => void (out += s), err: (s) => void (err += s) });
  return { status, out, err };
}

const DIVIDES = `module d
export fn kernel(%n: i32) -> i32 {
entry:
  %k = const.i32 10
  %q = sdiv %k, %n
  ret %q
}
`;

test("lower(..., 'wasm') returns a binary and its text; instantiate runs it", async (t) => {
  const r = lowerText(readFileSync(kernel("resultx_classify"), "utf8"), "wasm");
  t.deepEqual([...r.binary!.subarray(0, 4)], [0, 0x61, 0x73, 0x6d]);
  t.regex(r.text, /\(export "kernel"/);
  const p = await instantiate(r);
  t.is(p.exports["kernel"]!(1000), CHECKSUMS["resultx_classify"]!["1000"]);
});

test("every optimizer level gives the same results", async (t) => {
  const src = readFileSync(kernel("text_kernel"), "utf8");
  for (const wasmOptimize of [0, 1, 2, 3, 4]) {
    const p = await instantiate(lowerText(src, "wasm", { wasmOptimize }));
    t.is(p.exports["kernel"]!(7), CHECKSUMS["text_kernel"]!["7"], `level ${wasmOptimize}`);
  }
  t.throws(() => lowerText(src, "wasm", { wasmOptimize: 9 }), { instanceOf: FzError, message: /wasmOptimize/ });
});

test("a panic reaches the caller as WasmExit with status 101 and the runtime's line", async (t) => {
  const p = await instantiate(lowerText(DIVIDES, "wasm"));
  t.is(p.exports["kernel"]!(5), 2);
  const e = t.throws(() => p.exports["kernel"]!(0), { instanceOf: WasmExit });
  t.is(e?.status, 101);
  t.is(e?.stderr, "panic: attempt to divide by zero\n");
});

test("instantiate refuses a result of another backend", async (t) => {
  await t.throwsAsync(instantiate(lowerText(DIVIDES, "llvm")), { instanceOf: FzError, message: /wasm backend/ });
});

test("fzlower run --backend wasm prints what the interpreter prints", async (t) => {
  for (const name of ["bytes_kernel", "capability_parse", "abi_pair_kernel"]) {
    for (const mode of ["off", "on", "force"]) {
      const wasm = await cli(["run", kernel(name), "--entry", "kernel", "--backend", "wasm", `--perf-fastpath=${mode}`, "1000"]);
      t.deepEqual(wasm, { status: 0, out: `${CHECKSUMS[name]!["1000"]}\n`, err: "" }, `${name} ${mode}`);
    }
  }
  const dir = mkdtempSync(join(tmpdir(), "fzlower-wasm-"));
  const f = join(dir, "d.fzir");
  writeFileSync(f, DIVIDES);
  const interp = await cli(["run", f, "--entry", "kernel", "0"]);
  const wasm = await cli(["run", f, "--entry", "kernel", "--backend", "wasm", "0"]);
  t.is(interp.status, 101);
  t.deepEqual(wasm, interp);
});

test("fzlower --backend wasm -o writes the binary, and run takes no other backend", async (t) => {
  const out = join(mkdtempSync(join(tmpdir(), "fzlower-wasm-")), "b.wasm");
  const r = await cli([kernel("bytes_kernel"), "--backend", "wasm", "-o", out]);
  t.is(r.status, 0);
  t.deepEqual([...readFileSync(out).subarray(0, 4)], [0, 0x61, 0x73, 0x6d]);
  const bad = await cli(["run", kernel("bytes_kernel"), "--entry", "kernel", "--backend", "llvm", "1"]);
  t.is(bad.status, 2);
  t.regex(bad.err, /--backend takes wasm only/);
});

test("a frame larger than the wasm shadow stack is an FzError of code limit, not a crash", (t) => {
  const big = `module big
export fn kernel(%n: i32) -> i32 {
entry:
  %a = array.new [i32; 2000000], %n
  %z = const.i32 0
  %x = array.get %a, %z
  ret %x
}
`;
  t.truthy(lowerText(big, "wasm", { perfFastpath: "on" }).binary);
  t.throws(() => lowerText(big, "wasm", { perfFastpath: "force" }), { instanceOf: FzError, message: /8000000-byte stack frame/ });
});
