// build-bin.mjs - the `fzlower` command as one file, dist/fzlower.bundle.cjs, and its V8 code cache.
//
// A cold `fzlower` spends most of its start loading modules: the compiled
// library is about 180 ES module files over six workspace packages, and Node
// resolves, opens and links each one. esbuild joins them into one file, which
// roughly halves the cold start (conformance/README.md, "Cold start").
// @fzy/lower-wasm stays outside: it locates its fzrt.wasm beside its own files
// and loads binaryen, which only the wasm backend needs, on demand.
// The bundle is a CommonJS script so that bin/load-bundle.js can compile it with V8's code cache
// (code-cache.mjs makes it; Node 20 has no such cache for ES modules).
// The metafile lists the modules the bundle holds, so a test can tell a stale
// bundle (one older than a module it holds) from a current one.

import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const result = await build({
  entryPoints: [join(here, "dist", "cli.js")],
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  outfile: join(here, "dist", "fzlower.bundle.cjs"),
  external: ["binaryen", "@fzy/lower-wasm", "@fzy/lower-wasm/*"],
  metafile: true,
  logLevel: "warning",
});
writeFileSync(join(here, "dist", "fzlower.bundle.meta.json"), `${JSON.stringify(result.metafile)}\n`);
for (const kind of ["lowering", "plain"]) {
  const cache = spawnSync(process.execPath, [join(here, "code-cache.mjs"), kind], { stdio: "inherit" });
  if (cache.status !== 0) throw new Error(`code-cache.mjs ${kind} failed (status ${cache.status})`);
}
