/**
 * Golden text tests: every example's printed CLIF must equal
 * `golden/NAME.clif` byte for byte (after a header). `BLESS=1` rewrites the
 * files instead. Every golden file also goes through the strict checker, so
 * no golden can freeze text Cranelift would reject.
 */
import test from "ava";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { EXAMPLES, type Example } from "./examples.js";
import { checkCLIF, formatCheckErrors } from "@fzy/clif";
import { printCLIF } from "./index.js";

const GOLDEN_DIR = fileURLToPath(new URL("../golden/", import.meta.url));
const BLESS = process.env["BLESS"] === "1";

function goldenText(e: Example): string {
  return [`; golden: ${e.name}: ${e.summary}`, "; printCLIF output (Cranelift 0.135 CLIF); regenerate with BLESS=1", printCLIF(e.build()).text].join("\n");
}

for (const example of EXAMPLES) {
  test(`golden ${example.name}`, (t) => {
    const path = `${GOLDEN_DIR}${example.name}.clif`;
    const actual = goldenText(example);
    if (BLESS) {
      mkdirSync(GOLDEN_DIR, { recursive: true });
      writeFileSync(path, actual);
    }
    t.true(existsSync(path), `missing golden ${example.name}.clif; run with BLESS=1`);
    t.is(actual, readFileSync(path, "utf8"));
  });
}

test("every golden file belongs to an example and passes the checker", (t) => {
  const names = new Set(EXAMPLES.map((e) => `${e.name}.clif`));
  const files = readdirSync(GOLDEN_DIR).filter((f) => f.endsWith(".clif"));
  t.deepEqual(files.filter((f) => !names.has(f)), []);
  for (const f of files) {
    const errors = checkCLIF(readFileSync(`${GOLDEN_DIR}${f}`, "utf8"));
    t.deepEqual(errors, [], `${f}:\n${formatCheckErrors(errors)}`);
  }
});
