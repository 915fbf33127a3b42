import { readdirSync, readFileSync } from "node:fs";
import test from "ava";
import { blocksInLoops } from "./loop-analysis.js";

const SRC = new URL("../src/", import.meta.url);

/** The files that lie on an import cycle among `sources` (file name -> text; type-only imports count). */
function filesOnImportCycles(sources: ReadonlyMap<string, string>): string[] {
  const files = [...sources.keys()].sort();
  const index = new Map(files.map((f, i) => [f, i]));
  const succs = files.map((f) => {
    const targets = [...sources.get(f)!.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+"\.\/([^"]+)\.js"/gms)].map((m) => `${m[1]}.ts`);
    return targets.map((x) => index.get(x)).filter((i): i is number => i !== undefined);
  });
  // A virtual entry reaches every file, so every file is visited.
  const entry = files.length;
  return [...blocksInLoops([...succs, files.map((_, i) => i)], entry)].map((i) => files[i]!).sort();
}

const sources = new Map(readdirSync(SRC).filter((f) => f.endsWith(".ts")).map((f) => [f, readFileSync(new URL(f, SRC), "utf8")]));

test("the files of @fzy/passes import each other without a cycle", (t) => {
  t.true(sources.size > 10);
  t.deepEqual(filesOnImportCycles(sources), []);
});

test("the cycle check finds a cycle through a type-only import", (t) => {
  const fake = new Map([
    ["a.ts", 'import { b } from "./b.js";\n'],
    ["b.ts", 'import type {\n  C,\n} from "./c.js";\nimport { x } from "@fzy/ir";\n'],
    ["c.ts", 'export { a } from "./a.js";\n'],
    ["d.ts", 'import { a } from "./a.js";\n'],
  ]);
  t.deepEqual(filesOnImportCycles(fake), ["a.ts", "b.ts", "c.ts"]);
});

test("no source file of @fzy/passes is over 400 lines", (t) => {
  for (const [f, text] of sources) {
    const lines = text.split("\n").length;
    t.true(lines <= 400, `${f} has ${lines} lines`);
  }
});
