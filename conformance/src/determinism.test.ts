/**
 * Deterministic output: every .fzir under conformance/ (kernels, modules,
 * regressions, the hostile corpus) lowered with both backends in every mode
 * in two separate processes gives byte-identical text, data objects and
 * lowering reports (compared by SHA-256), and identical errors. The second
 * process runs with a shuffled environment: variables in another order and
 * extra ones, another TZ and locale (LANG, LC_ALL: Turkish, whose dotless i
 * breaks naive case mapping), another working directory, another V8 random
 * and hash seed, and the files in reverse order.
 */
import test from "ava";
import { execFile } from "node:child_process";
import { readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { Line } from "./determinism/lower-all.js";
import { CONFORMANCE_DIR } from "./native/toolchain.js";

const SCRIPT = fileURLToPath(new URL("./determinism/lower-all.js", import.meta.url));
const DIRS = ["kernels", "modules", "regressions", "hostile/hand", "hostile/generated"];

function fzirFiles(): string[] {
  return DIRS.flatMap((d) => {
    const dir = join(CONFORMANCE_DIR, d);
    try {
      return readdirSync(dir).filter((f) => f.endsWith(".fzir")).sort().map((f) => join(dir, f));
    } catch {
      return [];
    }
  });
}

function shuffledEnv(): NodeJS.ProcessEnv {
  const keys = Object.keys(process.env).reverse();
  const env: NodeJS.ProcessEnv = { FZ_DETERMINISM_NOISE: "x".repeat(4096), ZZZ: "1", AAA: "2" };
  for (const k of keys) env[k] = process.env[k];
  return { ...env, TZ: "Pacific/Chatham", LANG: "tr_TR.UTF-8", LC_ALL: "tr_TR.UTF-8", LANGUAGE: "tr" };
}

async function run(files: readonly string[], opts: { env: NodeJS.ProcessEnv; cwd: string; flags: string[] }): Promise<Map<string, string>> {
  const { stdout } = await promisify(execFile)(process.execPath, [...opts.flags, SCRIPT, ...files], { env: opts.env, cwd: opts.cwd, maxBuffer: 256 << 20 });
  const out = new Map<string, string>();
  for (const text of stdout.split("\n").filter(Boolean)) {
    const l = JSON.parse(text) as Line;
    out.set(`${l.file.slice(CONFORMANCE_DIR.length)} ${l.backend} ${l.mode}`, JSON.stringify({ ...l, file: undefined }));
  }
  return out;
}

test("lowering is byte-identical across processes, environments and orders", async (t) => {
  const files = fzirFiles();
  t.true(files.length > 60, `${files.length} files`);
  const [a, b] = await Promise.all([
    run(files, { env: process.env, cwd: CONFORMANCE_DIR, flags: [] }),
    run([...files].reverse(), { env: shuffledEnv(), cwd: tmpdir(), flags: ["--random-seed=7", "--hash-seed=12345"] }),
  ]);
  t.is(a.size, files.length * 6);
  t.deepEqual([...b.keys()].sort(), [...a.keys()].sort());
  const differ = [...a].filter(([k, v]) => b.get(k) !== v).map(([k, v]) => `${k}: ${v} vs ${b.get(k)}`);
  t.deepEqual(differ, []);
  const lowered = [...a.values()].filter((v) => !v.includes('"error"')).length;
  t.log(`${files.length} files, ${a.size} lowerings compared (${lowered} lowered, ${a.size - lowered} rejected identically)`);
});
