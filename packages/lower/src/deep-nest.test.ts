/**
 * Loops nested as deep as a small stack holds: no pass of the lowering
 * recurses once per nesting level, and where binaryen's writer does (it
 * recurses through nested wasm code) the wasm backend says so as an FzError
 * of code limit. Each case runs in a child process with a small stack
 * (`--stack-size`, in KB; V8's own is about 984): how deep a stack holds
 * depends on the thread (ava's workers have larger ones than a main
 * thread), and a small one stands for a host thread of its own or an input
 * ten times as deep.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import test from "ava";

const KERNELS = new URL("../../../conformance/kernels/", import.meta.url);
const kernel = (name: string) => new URL(`${name}.fzir`, KERNELS).pathname;
const CHECKSUMS = (JSON.parse(readFileSync(new URL("checksums.json", KERNELS), "utf8")) as { checksums: Record<string, Record<string, number>> }).checksums;
const INDEX = JSON.stringify(new URL("./index.js", import.meta.url).href);

/** A nest of `depth` counted loops, each inside the one before (`kernel(n)` runs each n times a trip of the one around it). */
function loopNest(depth: number): string {
  const levels = Array.from({ length: depth }, (_, k) => k);
  return ["module deep", "export fn kernel(%n: i32) -> i32 {", ...levels.map((k) => `  var $i${k}: i32`), "entry:", "  %zero = const.i32 0", "  %one = const.i32 1", "  set $i0, %zero", "  jump h0",
    ...levels.flatMap((k) => [`h${k}:`, `  %i${k} = get $i${k}`, `  %c${k} = icmp.slt %i${k}, %n`, `  br %c${k}, b${k}, x${k}`,
      `b${k}:`, ...(k + 1 < depth ? [`  set $i${k + 1}, %zero`, `  jump h${k + 1}`] : [`  jump l${k}`]),
      `l${k}:`, `  %j${k} = add %i${k}, %one`, `  set $i${k}, %j${k}`, `  jump h${k}`,
      `x${k}:`, ...(k > 0 ? [`  jump l${k - 1}`] : ["  ret %zero"])]), "}", ""].join("\n");
}

/** Runs the module `script` (given the file of a 1,500-deep nest, then `more`) in a child with a stack of `kb` KB; its stdout as JSON. */
function inChild<T>(kb: number, script: string, ...more: string[]): T {
  const dir = mkdtempSync(join(tmpdir(), "fz-deep-"));
  writeFileSync(join(dir, "deep.fzir"), loopNest(1500));
  return JSON.parse(execFileSync(process.execPath, [`--stack-size=${kb}`, "--input-type=module", "-e", script, join(dir, "deep.fzir"), ...more], { encoding: "utf8" })) as T;
}

test("a loop nest 1,500 deep lowers through LLVM and Cranelift on a 100 KB stack (licm's walk of the loop nest was recursive)", (t) => {
  const r = inChild<Record<string, string>>(100, `
    import { readFileSync } from "node:fs";
    import { lowerText } from ${INDEX};
    const text = readFileSync(process.argv[1], "utf8"), out = {};
    for (const backend of ["llvm", "cranelift"]) {
      try { out[backend] = lowerText(text, backend).text.includes("kernel") ? "lowered" : "no kernel"; } catch (e) { out[backend] = String(e); }
    }
    process.stdout.write(JSON.stringify(out));`);
  t.deepEqual(r, { llvm: "lowered", cranelift: "lowered" });
});

test("code nested deeper than binaryen's stack is an FzError of code limit, and the backend still works after it", (t) => {
  // Each loop's wasm `loop` inside the one around it, which binaryen's writer recurses through. (A stack of 300 KB held
  // the nest under Node 24; 150 KB overflows binaryen under Node 20, 22 and 24 and holds everything else.)
  const r = inChild<{ error: { code: string; message: string } | string | undefined; after: number }>(150, `
    import { readFileSync } from "node:fs";
    import { FzError, instantiate, loadWasmBackend, lowerText } from ${INDEX};
    await loadWasmBackend();
    let error;
    try { lowerText(readFileSync(process.argv[1], "utf8"), "wasm"); } catch (e) { error = e instanceof FzError ? { code: e.code, message: e.message } : String(e); }
    const p = await instantiate(lowerText(readFileSync(process.argv[2], "utf8"), "wasm"));
    process.stdout.write(JSON.stringify({ error, after: p.exports.kernel(1000) }));`, kernel("resultx_classify"));
  t.like(r.error, { code: "limit" });
  t.regex((r.error as { message: string }).message, /^wasm: binaryen ran out of stack \w+ module deep \(1 function, \d+ blocks\): its code nests too deeply/);
  t.is(r.after, CHECKSUMS["resultx_classify"]!["1000"]);
});
