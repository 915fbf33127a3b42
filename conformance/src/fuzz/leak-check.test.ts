/**
 * The fuzzer's native configurations run with leak detection on (run.ts
 * sanitizedFuzz): a build of each native backend whose lowering loses a
 * release is reported as a crash naming LeakSanitizer, and the same build
 * without the loss is clean. The loss is made in the emitted text (the
 * release's callee renamed to fz_retain, so the object keeps a reference),
 * which is what a wrong ownership plan would look like to the runtime.
 */
import test from "ava";
import { join } from "node:path";
import { parseModule } from "@fzy/ir";
import { type Backend, lower } from "@fzy/lower";
import { buildNative } from "../native/build.js";
import { scratchDir } from "../native/toolchain.js";
import { nativeOutcome, showOutcome } from "../parity.js";
import { sanitizedFuzz } from "./run.js";

const SOURCE = `module t
export fn kernel(%n: i32) -> i32 {
entry:
  %d = array.new [i32]
  array.push %d, %n
  %l = array.len %d
  ret %l
}
`;

function outcome(backend: Backend, leak: boolean): string {
  const r = lower(parseModule(SOURCE), backend, { perfFastpath: "off" });
  const release = backend === "llvm" ? /@fz_release\(/g : /%fz_release /g;
  assertReleases(r.text, release);
  const text = leak ? r.text.replace(release, backend === "llvm" ? "@fz_retain(" : "%fz_retain ") : r.text;
  const sanitize = sanitizedFuzz(backend);
  const exe = buildNative(backend, { ...r, text }, join(scratchDir(`fuzz-leak-${backend}-${leak}`), "prog"), { sanitize });
  return showOutcome(nativeOutcome(exe, 7, sanitize !== false));
}

function assertReleases(text: string, release: RegExp): void {
  if (!release.test(text)) throw new Error(`the lowering emitted no release:\n${text}`);
  release.lastIndex = 0;
}

for (const backend of ["llvm", "cranelift"] as const) {
  test(`${backend}: a fuzz build that loses a release is a LeakSanitizer report; the real one is clean`, (t) => {
    t.not(sanitizedFuzz(backend), false);
    t.is(outcome(backend, false), "1");
    t.regex(outcome(backend, true), /^crash \(.*LeakSanitizer: detected memory leaks/);
  });
}
