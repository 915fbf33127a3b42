/**
 * Peak resident set size of a native run, measured by a small C wrapper
 * that runs the program and reports the child's ru_maxrss from wait4
 * (getrusage of the child alone, so neither node nor a shell is counted).
 */
import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { scratchDir } from "../native/toolchain.js";

const WRAPPER_C = `
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
int main(int argc, char **argv) {
  if (argc < 2) return 2;
  pid_t pid = fork();
  if (pid < 0) return 2;
  if (pid == 0) { execv(argv[1], argv + 1); _exit(127); }
  int status; struct rusage ru;
  if (wait4(pid, &status, 0, &ru) < 0) return 2;
  fprintf(stderr, "maxrss_kb %ld\\n", ru.ru_maxrss);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}
`;

let wrapper: string | undefined;

function wrapperPath(): string {
  if (wrapper && existsSync(wrapper)) return wrapper;
  const dir = scratchDir("peak-rss");
  writeFileSync(join(dir, "peak-rss.c"), WRAPPER_C);
  const exe = join(dir, "peak-rss");
  const r = spawnSync(process.env["CC"] ?? "cc", ["-O1", join(dir, "peak-rss.c"), "-o", exe], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`cannot build the peak-RSS wrapper: ${r.stderr}`);
  return (wrapper = exe);
}

/** Run `exe n`; its stdout and its peak RSS in KiB. */
export function runWithPeakRss(exe: string, n: number): { stdout: string; status: number | null; peakKb: number } {
  const r = spawnSync(wrapperPath(), [exe, String(n)], { encoding: "utf8", timeout: 300_000 });
  const m = /maxrss_kb (\d+)/.exec(r.stderr);
  if (!m) throw new Error(`no RSS reported for ${exe} ${n}: ${r.stderr}`);
  return { stdout: r.stdout.trim(), status: r.status, peakKb: Number(m[1]) };
}
