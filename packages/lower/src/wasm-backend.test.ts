/**
 * The wasm backend is loaded only when asked for: importing @fzy/lower and
 * lowering to LLVM or CLIF never resolves binaryen (whose import costs
 * about 0.4 s of start-up), lower(m, "wasm") before `loadWasmBackend()` is
 * a clear FzError, and after it the wasm lowering works synchronously.
 */
import { spawnSync } from "node:child_process";
import test from "ava";

const INDEX = new URL("./index.js", import.meta.url).href;

/** A resolve hook that refuses binaryen, so loading it anywhere fails the import. */
const REFUSE_BINARYEN = `data:text/javascript,${encodeURIComponent(
  `export async function resolve(s, c, next) { if (s === "binaryen") throw new Error("binaryen resolved"); return next(s, c); }`,
)}`;

const CHILD = `
import { register } from "node:module";
register(${JSON.stringify(REFUSE_BINARYEN)});
const { lowerText, loadWasmBackend, FzError } = await import(${JSON.stringify(INDEX)});
const src = "module m\\nexport fn kernel(%n: i32) -> i32 {\\nentry:\\n  ret %n\\n}\\n";
const out = [lowerText(src, "llvm").text.includes("define"), lowerText(src, "cranelift").text.includes("function")];
try { lowerText(src, "wasm"); out.push("lowered"); } catch (e) { out.push(e instanceof FzError && /loadWasmBackend/.test(e.message)); }
try { await loadWasmBackend(); out.push("loaded"); } catch (e) { out.push(String(e.message)); }
console.log(JSON.stringify(out));
`;

test("llvm and cranelift lower without resolving binaryen; wasm needs loadWasmBackend()", (t) => {
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", CHILD], { encoding: "utf8" });
  t.is(r.status, 0, r.stderr);
  // The last entry shows the hook works: loading the backend is what resolves binaryen.
  t.deepEqual(JSON.parse(r.stdout.trim()), [true, true, true, "binaryen resolved"]);
});

test("after loadWasmBackend() lower(m, 'wasm') is synchronous and gives a binary", async (t) => {
  const { lowerText, loadWasmBackend } = (await import(INDEX)) as typeof import("./index.js");
  const src = "module m\nexport fn kernel(%n: i32) -> i32 {\nentry:\n  ret %n\n}\n";
  t.throws(() => lowerText(src, "wasm"), { message: /loadWasmBackend/ });
  await loadWasmBackend();
  const r = lowerText(src, "wasm");
  t.true(r.binary !== undefined && r.binary.length > 8);
  t.true(r.text.includes("(module"));
});
