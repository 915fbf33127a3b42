/**
 * Writing the CLI's output files: the directories of `-o OUT` are created
 * one component at a time, from the nearest existing ancestor down, each
 * with a single mkdir. (A recursive mkdir retries a parent it cannot create
 * forever on special file systems: `-o /proc/nope/out.ll` spun at full CPU.)
 * Every failure is an FzError of code `io` that says what is wrong with the
 * path: a parent that is a file, permission denied, a read-only file system.
 */
import { closeSync, mkdirSync, openSync, statSync, writeFileSync, writeSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { FzError } from "@fzy/ir";

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: "no such file or directory",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  ENOSPC: "no space left on device",
  EDQUOT: "disk quota exceeded",
  EISDIR: "it is a directory",
  ENOTDIR: "a parent is not a directory",
  EEXIST: "it exists and is not a directory",
  ENAMETOOLONG: "the name is too long",
  ELOOP: "too many levels of symbolic links",
};

/** A readable reason for a file-system error, with its errno code. */
export function fsReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (!code) return (e as Error).message ?? String(e);
  return REASONS[code] ? `${REASONS[code]} (${code})` : code;
}

/** Create directory `dir` and its missing parents; `what` names the output for the message. */
export function ensureDirectory(dir: string, what: string): void {
  const missing: string[] = [];
  let cur = resolve(dir);
  for (;;) {
    try {
      if (!statSync(cur).isDirectory()) throw new FzError("io", `cannot write ${what}: ${cur} is a file, not a directory`);
      break;
    } catch (e) {
      if (e instanceof FzError) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== "ENOENT" && code !== "ENOTDIR") throw new FzError("io", `cannot write ${what}: cannot look at ${cur}: ${fsReason(e)}`);
      missing.push(cur);
      const up = dirname(cur);
      if (up === cur) break;
      cur = up;
    }
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (e) {
      throw new FzError("io", `cannot write ${what}: cannot create directory ${d}: ${fsReason(e)}`);
    }
  }
}

/** Write `text` to `path`, creating its directory first. */
export function writeOutput(path: string, text: string | Uint8Array | readonly string[]): void {
  ensureDirectory(dirname(path), path);
  try {
    if (typeof text === "string" || text instanceof Uint8Array) return writeFileSync(path, text);
    // Pieces, written one after the other (their whole could be longer than one string can be).
    const fd = openSync(path, "w");
    try {
      for (const piece of text) writeSync(fd, piece);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    throw new FzError("io", `cannot write ${path}: ${fsReason(e)}`);
  }
}
