// build.mjs - the playground as static files in dist/site: index.html, the
// bundled page (app.js: @fzy/lower with the three backends and binaryen),
// the WebAssembly runtime (fzrt.wasm) and the kernels (kernels.json).
// Serve dist/site with any static file server and open index.html.
//
// esbuild bundles the page: the library is ES modules over several
// workspace packages plus binaryen, and browsers need one file (or an import
// map of every package); `node:*` imports are left out, since they are only
// reached in Node (binaryen's Node start-up, @fzy/lower-wasm/node), and
// Node's Buffer, which parts of the library use, comes from npm's `buffer`.

import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const site = join(here, "dist", "site");
const kernelsDir = join(here, "..", "..", "conformance", "kernels");

mkdirSync(site, { recursive: true });
await build({
  entryPoints: [join(here, "dist", "app.js")],
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  outfile: join(site, "app.js"),
  external: ["node:*", "@fzy/lower-wasm/node"],
  inject: [join(here, "site", "buffer-shim.js")],
  logLevel: "warning",
});
copyFileSync(join(here, "site", "index.html"), join(site, "index.html"));
copyFileSync(fileURLToPath(import.meta.resolve("@fzy/lower-wasm/fzrt.wasm")), join(site, "fzrt.wasm"));
const kernels = Object.fromEntries(
  readdirSync(kernelsDir).filter((f) => f.endsWith(".fzir")).sort().map((f) => [f.replace(/\.fzir$/, ""), readFileSync(join(kernelsDir, f), "utf8")]),
);
writeFileSync(join(site, "kernels.json"), `${JSON.stringify(kernels)}\n`);
console.log(`playground: built dist/site (${Object.keys(kernels).length} kernels)`);
