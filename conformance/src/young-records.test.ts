/**
 * The lowering's per-function records are allocated in the young
 * generation, however long the process has been lowering (@fzy/lir
 * records.ts: V8 pretenures a literal's allocation site once its objects
 * survive, and then every function's lowered form was made old and died
 * there). The child lowers the corpus until V8 has made its decisions, then
 * asks V8 where one record of each kind went (a natives-syntax query, hence
 * a child process with --allow-natives-syntax).
 */
import test from "ava";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const CHILD = fileURLToPath(new URL("./young-records-child.js", import.meta.url));

test("the lowered form's records are allocated young after many lowerings", (t) => {
  const r = spawnSync(process.execPath, ["--allow-natives-syntax", CHILD], { encoding: "utf8", timeout: 120_000 });
  t.is(r.status, 0, r.stderr);
  const { checked, old } = JSON.parse(r.stdout) as { checked: string[]; old: string[] };
  t.true(checked.length >= 10);
  t.deepEqual(old, [], `allocated in the old generation: ${old.join(", ")}`);
});
