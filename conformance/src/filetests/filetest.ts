/**
 * Filetests in the spirit of Cranelift's: golden text files under the
 * repository's `filetests/` folder, each input opening with directive
 * comment lines, one runner per directive.
 *
 * - `filetests/lir/NAME.lir`: `; test: print-clif print-llvm` (which printers
 *   print it), then `; NAME: what it exercises`, then the module as `.lir`
 *   text. Goldens beside it: `NAME.clif` (print-clif.test.ts) and `NAME.ll`
 *   (print-llvm.test.ts). These are also the printers' shared fixtures.
 * - `filetests/lowering/NAME.fzir`: `; test: lower` and `; modes: off on
 *   force`; one golden `NAME.MODE.lir` per mode (lowering.test.ts).
 *
 * A normal run compares and fails on any difference; `BLESS=1` rewrites the
 * golden first. Either way the golden then goes through its real consumer
 * (LLVM's verifier, the strict CLIF checker, the `.lir` parser and
 * verifier), so blessing can never freeze invalid output.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ExecutionContext } from "ava";
import { type LModule, parseLIR } from "@fzy/lir";
import { REPO_ROOT } from "../native/toolchain.js";

/** The repository's filetests folder. */
export const FILETESTS_DIR = join(REPO_ROOT, "filetests");
/** True when goldens are to be rewritten. */
export const BLESS = process.env["BLESS"] === "1";

/** One input file and what its header says. */
export interface Filetest {
  readonly name: string;
  readonly path: string;
  readonly text: string;
  /** Words of the `; test:` line. */
  readonly directives: readonly string[];
  /** Words of the `; modes:` line (lowering tests). */
  readonly modes: readonly string[];
}

/** The header line `; KEY: words` of a file, as its words. */
function headerWords(text: string, key: string): string[] {
  const m = new RegExp(`^; ${key}:(.*)$`, "m").exec(text);
  return m ? m[1]!.trim().split(/\s+/).filter((w) => w.length > 0) : [];
}

/** The inputs with extension `ext` in `filetests/<sub>`, sorted by name. */
export function filetests(sub: string, ext: string): Filetest[] {
  const dir = join(FILETESTS_DIR, sub);
  return readdirSync(dir).filter((f) => f.endsWith(ext)).sort().map((f) => {
    const path = join(dir, f);
    const text = readFileSync(path, "utf8");
    return { name: f.slice(0, -ext.length), path, text, directives: headerWords(text, "test"), modes: headerWords(text, "modes") };
  });
}

/** The `.lir` fixtures that name `directive` in their `; test:` line. */
export function lirFiletests(directive: string): Filetest[] {
  return filetests("lir", ".lir").filter((f) => f.directives.includes(directive));
}

/** The lowered module of a `.lir` fixture, by name (for native runs of the shared fixtures). */
export function lirFixture(name: string): LModule {
  const path = join(FILETESTS_DIR, "lir", `${name}.lir`);
  return parseLIR(readFileSync(path, "utf8"), path);
}

/**
 * Compare `actual` with the golden at `path` (after `BLESS=1` writes it) and
 * return the golden's text for the consumer check.
 */
export function checkGolden(t: ExecutionContext, path: string, actual: string): string {
  if (BLESS) writeFileSync(path, actual);
  t.true(existsSync(path), `missing golden ${path}; run with BLESS=1`);
  const golden = existsSync(path) ? readFileSync(path, "utf8") : "";
  t.is(actual, golden, `${path} differs; if the change is intended, run with BLESS=1`);
  return golden;
}

/** Goldens with extension `ext` in `filetests/<sub>` that no input produces. */
export function staleGoldens(sub: string, ext: string, expected: ReadonlySet<string>): string[] {
  return readdirSync(join(FILETESTS_DIR, sub)).filter((f) => f.endsWith(ext) && !expected.has(f)).sort();
}
