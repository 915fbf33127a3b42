/**
 * Golden text tests: every example printed for x86_64-linux must equal
 * `golden/NAME.ll` byte for byte (after a short header). `BLESS=1` rewrites
 * the files instead. The conformance suite passes every file in that
 * directory through LLVM's verifier, so no golden can freeze invalid IR.
 */
import test from "ava";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { EXAMPLES, type Example } from "./examples.js";
import { printLLVM } from "./index.js";

const GOLDEN_DIR = fileURLToPath(new URL("../golden/", import.meta.url));
const BLESS = process.env["BLESS"] === "1";

/** The full golden text of an example: a header naming it, then the printed module. */
function goldenText(e: Example): string {
  return [
    `; golden: ${e.name}: ${e.summary}`,
    "; printLLVM output for x86_64-linux; regenerate with BLESS=1",
    printLLVM(e.build()),
  ].join("\n");
}

for (const example of EXAMPLES) {
  test(`golden ${example.name}`, (t) => {
    const path = `${GOLDEN_DIR}${example.name}.ll`;
    const actual = goldenText(example);
    if (BLESS) {
      mkdirSync(GOLDEN_DIR, { recursive: true });
      writeFileSync(path, actual);
      t.pass();
      return;
    }
    t.true(existsSync(path), `missing golden ${example.name}.ll; run with BLESS=1`);
    t.is(actual, readFileSync(path, "utf8"));
  });
}

test("every golden file belongs to an example", (t) => {
  const names = new Set(EXAMPLES.map((e) => `${e.name}.ll`));
  const stale = readdirSync(GOLDEN_DIR).filter((f) => f.endsWith(".ll") && !names.has(f));
  t.deepEqual(stale, []);
});
