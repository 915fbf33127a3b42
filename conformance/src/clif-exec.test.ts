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
import { runExecutable, scratchDir } from "./native/toolchain.js";
import { buildCLIFExecutable } from "./native/clif.js";

const dir = scratchDir("clif-exec");

function build(name: string, options: { sanitize?: boolean; env?: NodeJS.ProcessEnv } = {}): string {
  const out = printCLIF(lirFixture(name));
  const exe = join(dir, `${name}${options.sanitize ? "-asan" : ""}${options.env ? "-tool" : ""}`);
  buildCLIFExecutable(out.text, out.data, exe, options);
  return exe;
}

const i32 = (x: number) => x | 0;
const ARGS = [0, 1, 2, 3, 7, 15, 100, -1, -5];

const FIXTURES = filetests("lir", ".lir").map((f) => f.name);

/** Expected kernel(n) of each fixture, from its definition. */
const EXPECTED: Readonly<Record<string, (n: number) => number | "panic">> = {
  "counting-loop": (n) => {
    let acc = 0;
    for (let i = 0; i < n; i++) acc = i32(acc + Math.imul(i, i));
    return acc;
  },
  "dense-match": (n) => ([100, 7, 102, 9] as const)[n] ?? "panic",
  "string-literal": () => 'say "hi" \\ to the needle\n'.indexOf("needle"),
  "bounds-panic": (n) => (n >= 0 && n < 8 ? n * n + 1 : "panic"),
  "select": (n) => Math.max(n, 7) + (n >>> 0 < 10 ? 1 : 0),
  "stack-array": (n) => (n & 15) * 3,
  "entry-loop": (n) => {
    let x = n;
    while (x < 100) x += 7;
    return x;
  },
  "named-locals": (n) => {
    let x = n;
    while (x < 100) x += 7;
    return x;
  },
  "float-ops": (n) => {
    const x = n * 2.5;
    return i32(Math.trunc(x) + (x < 0 ? 1 : 0) + "y".charCodeAt(0));
  },
  "stack-offsets": (n) => i32(Math.imul(7, n) - 1),
  "edge-split": (n) => {
    const y = n > 0 ? n : i32(-n);
    let g = (y & 3) === 0 || (y & 3) === 2 ? 1 : 2;
    while (g <= 1000) g = g * 2 + 1;
    return g;
  },
  "float-consts": (n) => {
    const scaled = n * 0.1;
    const q = (scaled < 0 ? Infinity : scaled) / 3;
    const asInt = Number.isNaN(q) ? 0 : q >= 2 ** 31 ? 2 ** 31 - 1 : q <= -(2 ** 31) ? -(2 ** 31) : Math.trunc(q);
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, scaled);
    const low = Number(view.getBigUint64(0) >> 60n);
    return i32(asInt + low + 1);
  },
  "data-relocs": () => "beta".length,
};

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
