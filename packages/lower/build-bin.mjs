// build-bin.mjs - the `fzlower` command as one file, dist/fzlower.bundle.js.
//
// A cold `fzlower` spends most of its start loading modules: the compiled
// library is about 180 ES module files over six workspace packages, and Node
// resolves, opens and links each one. esbuild joins them into one file, which
// roughly halves the cold start (conformance/README.md, "Cold start").
// @fzy/lower-wasm stays outside: it locates its fzrt.wasm beside its own files
// and loads binaryen, which only the wasm backend needs, on demand.
// The metafile lists the modules the bundle holds, so a test can tell a stale
// bundle (one older than a module it holds) from a current one.

import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const result = await build({
  entryPoints: [join(here, "dist", "cli.js")],
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  outfile: join(here, "dist", "fzlower.bundle.js"),
  external: ["binaryen", "@fzy/lower-wasm", "@fzy/lower-wasm/*"],
  metafile: true,
  logLevel: "warning",
});
writeFileSync(join(here, "dist", "fzlower.bundle.meta.json"), `${JSON.stringify(result.metafile)}\n`);
