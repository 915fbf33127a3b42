// Loads dist/fzlower.bundle.cjs, the fzlower command as one CommonJS script (build-bin.mjs), and
// gives V8 a code cache the build made for it (code-cache.mjs): with it V8 skips compiling the 1 MB
// script, which was most of what a cold `fzlower` spent before lowering.
//
// The cache is the bundle's SHA-256 followed by V8's data. V8 checks its own version and flags
// and rejects data made by another (then it compiles the script as usual), but it tells scripts
// apart by length alone, so the hash is what ties the data to this bundle: data made for any
// other bundle is never given to V8. V8 takes data only under the flags it was made with, so there
// are two caches (code-cache.mjs makes both): one under the flags a lowering command sets
// (engine-flags.js), one under none, for `run` and `trace`.

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const DIST = join(dirname(fileURLToPath(import.meta.url)), "..", "dist");
export const BUNDLE = join(DIST, "fzlower.bundle.cjs");
/** The cache files, by the flags they were made under: a lowering command's, and none. */
export const CODE_CACHES = { lowering: join(DIST, "fzlower.bundle.cache"), plain: join(DIST, "fzlower.bundle.plain.cache") };

/** Bytes of the hash that leads the cache file. */
const HASH_BYTES = 32;

/** The SHA-256 of the bundle's bytes. */
export const bundleHash = (bytes) => createHash("sha256").update(bytes).digest();

/** V8's data in `cache` (a cache file's bytes) when it was made for the bundle of hash `hash`; else undefined. */
export function cachedDataFor(cache, hash) {
  if (cache === undefined || cache.length <= HASH_BYTES || !hash.equals(cache.subarray(0, HASH_BYTES))) return undefined;
  return cache.subarray(HASH_BYTES);
}

/** A cache file's bytes, or undefined when there is none (a build without it). */
function readCache(file) {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Compiles and runs the bundle, with the code cache in file `cacheFile` when given: its exports,
 * whether V8 took the cache, and `makeCache()`, the contents of a cache file for this bundle as
 * compiled so far.
 */
export function loadBundle(cacheFile) {
  const bytes = readFileSync(BUNDLE);
  const hash = bundleHash(bytes);
  const cachedData = cacheFile === undefined ? undefined : cachedDataFor(readCache(cacheFile), hash);
  // The CommonJS wrapper, written out: the script must be the same text when the cache is made and used.
  const source = `(function (exports, require, module, __filename, __dirname) {${bytes.toString("utf8")}\n})`;
  const script = new vm.Script(source, { filename: BUNDLE, cachedData });
  // A script has no loader for import(): the bundle loads the wasm backend on demand through this one (wasm-backend.ts).
  globalThis[Symbol.for("@fzy/lower: import on demand")] = (specifier) => import(specifier);
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(BUNDLE), module, BUNDLE, DIST);
  return {
    exports: module.exports,
    cacheUsed: cachedData !== undefined && !script.cachedDataRejected,
    makeCache: () => Buffer.concat([hash, script.createCachedData()]),
  };
}
