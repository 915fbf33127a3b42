/**
 * Loading another built tree's packages by path. Kept apart from the round
 * loop (paired.ts) and free of package imports, so that a child process
 * timing one tree loads that tree's packages and no others.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

/** The module at `path` (e.g. "packages/ir/dist/index.js") of the built tree `base`. */
export async function importFrom<T>(base: string, path: string): Promise<T> {
  return (await import(pathToFileURL(resolve(base, path)).href)) as T;
}
