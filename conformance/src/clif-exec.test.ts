/**
 * The printers' shared fixtures (filetests/lir) run natively through the CLIF
 * text: each result is compared with a value the test computes from the
 * fixture's definition (its header comment).
 * Also: the bounds panic message and status, a sanitizer build, and the
 * FZ_CLIF_TOOL interface driven through a stand-in tool.
 */
import test from "ava";
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { printCLIF } from "@fzy/lower-cranelift";
import { filetests, lirFixture } from "./filetests/filetest.js";
import { ARGS, EXPECTED } from "./filetests/lir-expected.js";
import { runExecutable, scratchDir } from "./native/toolchain.js";
import { buildCLIFExecutable } from "./native/clif.js";

const dir = scratchDir("clif-exec");

function build(name: string, options: { sanitize?: boolean; env?: NodeJS.ProcessEnv } = {}): string {
  const out = printCLIF(lirFixture(name));
  const exe = join(dir, `${name}${options.sanitize ? "-asan" : ""}${options.env ? "-tool" : ""}`);
  buildCLIFExecutable(out.text, out.data, exe, options);
  return exe;
}

const FIXTURES = filetests("lir", ".lir").map((f) => f.name);

test("every fixture has an expectation", (t) => {
  t.deepEqual(FIXTURES, Object.keys(EXPECTED).sort());
});

for (const name of FIXTURES) {
  test(`fixture ${name} runs natively from its CLIF text`, (t) => {
    const exe = build(name);
    for (const n of ARGS) {
      const want = EXPECTED[name]!(n);
      const r = runExecutable(exe, [String(n)]);
      if (want === "panic") {
        t.is(r.status, 101, `kernel(${n})`);
        t.regex(r.stderr, /^panic: /);
      } else {
        t.is(r.stdout.trim(), String(want), `kernel(${n}): ${r.stderr}`);
        t.is(r.status, 0);
      }
    }
  });
}

test("an out-of-bounds index panics with the index and length, status 101", (t) => {
  const r = runExecutable(build("bounds-panic"), ["9"]);
  t.is(r.status, 101);
  t.is(r.stdout, "");
  t.regex(r.stderr, /^panic: index out of bounds: the len is 8 but the index is 9$/m);
});

test("a sanitizer build runs clean", (t) => {
  const exe = build("float-ops", { sanitize: true });
  const r = runExecutable(exe, ["3"]);
  t.is(r.stdout.trim(), "128", r.stderr);
  t.is(r.stderr, "");
});

/** A stand-in for a Cranelift driver: logs its arguments; `compile` builds a kernel returning 42. */
function fakeTool(verifyStatus: number): { tool: string; log: string } {
  const log = join(dir, `tool-${verifyStatus}.log`);
  const stub = join(dir, "stub.c");
  writeFileSync(stub, "#include <stdint.h>\nint32_t kernel(int32_t n) { return 42; }\n");
  const tool = join(dir, `tool-${verifyStatus}.sh`);
  writeFileSync(tool, [
    "#!/bin/sh",
    `echo "$@" >> '${log}'`,
    `if [ "$1" = verify ]; then test -s "$2" || exit 3; exit ${verifyStatus}; fi`,
    `if [ "$1" = compile ] && [ "$3" = -o ]; then exec \${CC:-cc} -c '${stub}' -o "$4"; fi`,
    "exit 2",
    "",
  ].join("\n"));
  chmodSync(tool, 0o755);
  writeFileSync(log, "");
  return { tool, log };
}

test("with FZ_CLIF_TOOL, the tool verifies and compiles the text and its object is linked", (t) => {
  const { tool, log } = fakeTool(0);
  const exe = build("string-literal", { env: { ...process.env, FZ_CLIF_TOOL: tool } });
  t.is(runExecutable(exe, ["0"]).stdout.trim(), "42");
  t.deepEqual(readFileSync(log, "utf8").trim().split("\n"), ["verify module.clif", "compile module.clif -o module.o"]);
});

test("with FZ_CLIF_TOOL, a failing verify stops the build", (t) => {
  const { tool } = fakeTool(1);
  t.throws(() => build("counting-loop", { env: { ...process.env, FZ_CLIF_TOOL: tool } }), { message: /FZ_CLIF_TOOL verify failed/ });
});
