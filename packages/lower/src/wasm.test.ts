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
import { FzError, instantiate, interpret, loadWasmBackend, lower, lowerText, parseModule, WasmExit } from "./index.js";

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

// A ring of n blocks, each entered from the switch in entry: one cycle of n entries (irreducible), and after it a division that may panic.
const RING = (n: number) => `module ring
export fn kernel(%n: i32) -> i32 {
  var $v: i32
entry:
  %z = const.i32 0
  %one = const.i32 1
  set $v, %n
  switch %n [${Array.from({ length: n }, (_, k) => `${k} -> b${k}`).join(", ")}] default out
${Array.from({ length: n }, (_, k) => `b${k}:
  %a${k} = get $v
  %q${k} = add %a${k}, %one
  set $v, %q${k}
  %c${k} = icmp.slt %q${k}, %n
  br %c${k}, b${(k + 1) % n}, out`).join("\n")}
out:
  %r = get $v
  %s = srem %r, %n
  ret %s
}
`;

// n cycles in a row, each entered at both of its blocks, each block dividing (its panics shared by the cycles: copied blocks, some of them a loop's exits).
const CYCLES = (n: number) => `module cycles
export fn kernel(%n: i32) -> i32 {
  var $v: i32
entry:
  %z = const.i32 0
  %one = const.i32 1
  set $v, %z
  jump h0
${Array.from({ length: n }, (_, k) => `h${k}:
  %a${k} = get $v
  %c${k} = icmp.slt %a${k}, %n
  br %c${k}, x${k}, y${k}
x${k}:
  %p${k} = get $v
  %q${k} = add %p${k}, %one
  set $v, %q${k}
  %d${k} = icmp.slt %q${k}, %n
  br %d${k}, y${k}, h${k + 1}
y${k}:
  %r${k} = get $v
  %s${k} = srem %r${k}, %n
  %t${k} = add %s${k}, %one
  set $v, %t${k}
  %e${k} = icmp.slt %t${k}, %n
  br %e${k}, x${k}, h${k + 1}`).join("\n")}
h${n}:
  %r = get $v
  ret %r
}
`;

test("an irreducible block graph runs as the interpreter says in every mode", async (t) => {
  for (const m of [parseModule(RING(6)), parseModule(CYCLES(3))]) {
    for (const perfFastpath of ["off", "on", "force"] as const) {
      const p = await instantiate(lower(m, "wasm", { perfFastpath }));
      for (const n of [1, 2, 3, 5, 6, 9, 17]) t.is(p.exports["kernel"]!(n), interpret(m, "kernel", [n]), `${perfFastpath}: kernel(${n})`);
    }
  }
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

test("an 8 MB local array, past the frame budget, is a runtime handle in every mode: its function lowers and runs on wasm", async (t) => {
  const big = `module big
export fn kernel(%n: i32) -> i32 {
entry:
  %a = array.new [i32; 2000000], %n
  %z = const.i32 0
  %x = array.get %a, %z
  ret %x
}
`;
  for (const mode of ["on", "force"] as const) {
    // (Before the matrix's frame budget, force put it in a stack slot, and the wasm backend refused the 8 MB frame.)
    const r = lowerText(big, "wasm", { perfFastpath: mode });
    const p = await instantiate(r);
    t.is((p.exports["kernel"] as (n: number) => number)(5), 5, mode);
  }
});
