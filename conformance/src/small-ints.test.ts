/**
 * A module made with ModuleBuilder holds its value ids as small integers.
 * A builder's value handles are numbers of 2^32 and more (@fzy/ir
 * value-handles.ts), and the index it stores was their difference: a heap
 * number to the engine, though small. One heap number in a field of a
 * record turns that field into a double field for every record of the same
 * shape in the process (the parser's too); the lowering then boxed values
 * it read, and the CLIF printer's value look-ups were deoptimized some 700
 * times in one run of the compile benchmark's fuzz batch. Whether a number
 * is a small integer is the engine's to tell (a natives-syntax query, hence
 * a child process with --allow-natives-syntax).
 */
import test from "ava";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const CHILD = fileURLToPath(new URL("./small-ints-child.js", import.meta.url));

interface Found { readonly fields: string[]; readonly records: number }

test("a built module and its lowered forms hold their value ids as small integers", (t) => {
  const r = spawnSync(process.execPath, ["--allow-natives-syntax", CHILD], { encoding: "utf8", timeout: 120_000 });
  t.is(r.status, 0, r.stderr);
  const found = JSON.parse(r.stdout) as Record<"ir" | "llvm" | "cranelift", Found>;
  for (const [form, f] of Object.entries(found)) {
    t.true(f.records >= 40, `${form}: ${f.records} records looked at`);
    t.deepEqual(f.fields, [], `${form}: fields holding a heap number: ${f.fields.join(", ")}`);
  }
});
