/**
 * The playground in headless Chromium: the page loads, lowers a kernel to
 * LLVM, CLIF and WebAssembly, runs the wasm build in the browser and shows
 * the checksum KERNELS.md gives (conformance/kernels/checksums.json); a
 * pasted module that panics shows the runtime's panic line. Chromium is the
 * Debian package (scripts/setup.sh), driven by playwright-core.
 */
import test from "ava";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { serveSite } from "./serve.js";

const CHROMIUM = process.env["FZ_CHROMIUM"] ?? "/usr/bin/chromium";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const CHECKSUMS = (JSON.parse(readFileSync(new URL("../../../conformance/kernels/checksums.json", import.meta.url), "utf8")) as { checksums: Record<string, Record<string, number>> }).checksums;

const PANICS = `module p
export fn kernel(%n: i32) -> i32 {
entry:
  %z = const.i32 0
  %q = sdiv %n, %z
  ret %q
}
`;

test("the page lowers a kernel to three backends and runs the wasm build", async (t) => {
  const { server, url } = await serveSite();
  const profile = mkdtempSync(join(tmpdir(), "fzy-chromium-"));
  const browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS });
  try {
    const page = browser.pages()[0] ?? (await browser.newPage());
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(url);
    await page.waitForSelector("body[data-ready=true]", { timeout: 60_000 });

    await page.selectOption("#kernel", "bytes_kernel");
    await page.waitForFunction(() => (document.getElementById("wasm")?.textContent ?? "").includes("(module"), null, { timeout: 60_000 });
    t.regex((await page.textContent("#llvm")) ?? "", /define noundef i32 @kernel\(/);
    t.regex((await page.textContent("#clif")) ?? "", /function %kernel\(/);
    t.regex((await page.textContent("#wasm")) ?? "", /\(export "kernel"/);
    t.regex((await page.textContent("#report")) ?? "", /lowering report/);

    for (const n of [1000, 7]) {
      await page.fill("#n", String(n));
      await page.click("#run");
      await page.waitForFunction((want) => document.getElementById("result")?.textContent === want, String(CHECKSUMS["bytes_kernel"]![String(n)]), { timeout: 60_000 });
      t.is(await page.textContent("#result"), String(CHECKSUMS["bytes_kernel"]![String(n)]));
    }

    await page.fill("#source", PANICS);
    await page.click("#lower");
    await page.fill("#n", "5");
    await page.click("#run");
    await page.waitForFunction(() => (document.getElementById("result")?.textContent ?? "").startsWith("panic"), null, { timeout: 60_000 });
    t.is(await page.textContent("#result"), "panic: attempt to divide by zero (exit status 101)");
    t.deepEqual(errors, []);
  } finally {
    await browser.close();
    server.close();
    rmSync(profile, { recursive: true, force: true });
  }
});
