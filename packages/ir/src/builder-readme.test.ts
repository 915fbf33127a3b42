/**
 * The README's builder example is complete and runnable: it is taken from
 * the README as written, run against this package, and what it prints is
 * what its comments say.
 */
import test from "ava";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const README = fileURLToPath(new URL("../README.md", import.meta.url));
const INDEX = new URL("./index.js", import.meta.url).href;

test("the README's builder example runs and prints what its comments say", async (t) => {
  const text = readFileSync(README, "utf8");
  const section = text.slice(text.indexOf("## Builder"));
  const code = /```js\n([\s\S]*?)```/.exec(section)?.[1];
  if (!code) return t.fail("no js example in the Builder section");
  const expected = [...code.matchAll(/console\.log\(.*\/\/ (.*)$/gm)].map((m) => m[1]!.trim());
  t.is(expected.length, 2);
  const printed: string[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => void printed.push(args.map(String).join(" "));
  try {
    await import(`data:text/javascript,${encodeURIComponent(code.replace('"@fzy/ir"', JSON.stringify(INDEX)))}`);
  } finally {
    console.log = log;
  }
  t.deepEqual(printed, expected);
});
