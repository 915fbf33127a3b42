/**
 * The fzclif command line, driven in process: check with every error and
 * its caret, not-covered notes apart from errors, run lines passing and
 * failing, one entry function, --help on every command, usage errors on
 * one line with exit status 2.
 */
import test from "ava";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "./cli.js";

const dir = mkdtempSync(join(tmpdir(), "fzclif-cli-"));
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

async function fzclif(...args: string[]): Promise<{ status: number; out: string; err: string }> {
  const out: string[] = [], err: string[] = [];
  const status = await main(args, (s) => out.push(s), (s) => err.push(s));
  return { status, out: out.join("\n"), err: err.join("\n") };
}

const THREE_ERRORS = `function %a(i32) -> i32 {
block0(v0: i32):
    v1 = iconst.i8 300
    return v0
}

function %b(i64) -> i64 {
block0(v0: i64):
    v1 = iadd v0, v9
    return v1
}

function %c() -> f64 {
block0:
    v0 = f64const 0x1p3
    return v0
}
`;

test("check prints all three errors of a file with file:line:column, the line and a caret; exit 1", async (t) => {
  const p = file("three.clif", THREE_ERRORS);
  const r = await fzclif("check", p);
  t.is(r.status, 1);
  const heads = r.err.split("\n").filter((l) => l.startsWith(p));
  t.deepEqual(heads.map((l) => l.slice(p.length).split(": ")[0]), [":3:20", ":9:19", ":15:19"]);
  t.true(r.err.includes(`${p}:9:19: error: iadd: use of undefined value v9\n    v1 = iadd v0, v9\n                  ^`) || r.err.includes(`${p}:9:19: error: use of undefined value v9\n    v1 = iadd v0, v9\n                  ^`), r.err);
});

test("check of valid CLIF exits 0; constructs not covered are notes with exit 3", async (t) => {
  const ok = file("ok.clif", "function %f(i32) -> i32 {\nblock0(v0: i32):\n    return v0\n}\n");
  t.deepEqual(await fzclif("check", ok), { status: 0, out: "", err: "" });
  const nc = file("nc.clif", "function %f(i64) -> i64 {\n    gv0 = symbol colocated tls %t\nblock0(v0: i64):\n    v1 = tls_value.i64 gv0\n    return v1\n}\n");
  const r = await fzclif("check", nc);
  t.is(r.status, 3);
  t.regex(r.err, /nc\.clif:4:10: note: valid CLIF that this checker does not cover: instruction tls_value \(in %f\)/);
  t.notRegex(r.err, /error/);
});

test("run passes and fails run lines the way Cranelift's runner reports them", async (t) => {
  const p = file("runs.clif", `test run
target x86_64

function %rotl(i32, i32) -> i32 {
block0(v0: i32, v1: i32):
    v2 = rotl v0, v1
    return v2
}
; run: %rotl(0x80000001, 1) == 3
; run: %rotl(1, 33) == 2
; run: %rotl(1, 1) == 3

function %pair(i64) -> i64, i8 {
block0(v0: i64):
    v1 = iconst.i64 -1
    v2, v3 = uadd_overflow v0, v1
    return v2, v3
}
; run: %pair(1) == [0, 1]
; run: %pair(0) == [-1, 0]
`);
  const r = await fzclif("run", p);
  t.is(r.status, 1);
  t.regex(r.out, /runs\.clif:9: PASS run: %rotl\(0x80000001, 1\) == 3/);
  t.regex(r.out, /runs\.clif:10: PASS/);
  t.regex(r.out, /runs\.clif:11: FAIL run: %rotl\(1, 1\) == 3, actual: 2/);
  t.regex(r.out, /runs\.clif:19: PASS run: %pair\(1\) == \[0, 1\]/);
  t.regex(r.out, /runs\.clif:20: PASS/);
  t.regex(r.out, /4 of 5 run lines passed/);
});

test("run --entry calls one function and prints its results", async (t) => {
  const p = file("entry.clif", "function %mix(i32, f64) -> i32, f64 {\nblock0(v0: i32, v1: f64):\n    v2 = ineg v0\n    v3 = fneg v1\n    return v2, v3\n}\n");
  const r = await fzclif("run", p, "--entry", "mix", "7", "0x1.8p1");
  t.is(r.status, 0, r.err);
  t.is(r.out, "-7\nf64:0xc008000000000000");
});

test("run --entry: a call that does not return is an error, not a result", async (t) => {
  const p = file("trap.clif", "function %boom(i32) -> i32 {\nblock0(v0: i32):\n    trapz v0, user1\n    return v0\n}\n");
  const ok = await fzclif("run", p, "--entry", "boom", "3");
  t.is(ok.status, 0, ok.err);
  t.is(ok.out, "3");
  const trapped = await fzclif("run", p, "--entry", "boom", "0");
  t.is(trapped.status, 1);
  t.is(trapped.out, "");
  t.regex(trapped.err, /^fzclif: %boom\(0\) did not return: signal \d+$/);
});

test("--help on every command; usage errors are one line with exit 2", async (t) => {
  for (const args of [["--help"], ["check", "--help"], ["run", "--help"]]) {
    const r = await fzclif(...args);
    t.is(r.status, 0);
    t.regex(r.out, /usage/);
  }
  const bad = await fzclif("frobnicate");
  t.is(bad.status, 2);
  t.is(bad.err, "fzclif: unknown command 'frobnicate' (check, run)");
  const missing = await fzclif("check", join(dir, "nope.clif"));
  t.is(missing.status, 2);
  t.is(missing.err.split("\n").length, 1);
  t.is((await fzclif("run", file("e.clif", THREE_ERRORS), "--entry", "a", "1")).status, 1);
});

test("run --entry with --data: the text's data objects come from fzlower's .data.json", async (t) => {
  const clif = file("data.clif", `function %second() -> i32 system_v {
    gv0 = symbol colocated %tbl
block0:
    @0001 v0 = symbol_value.i64 gv0
    v1 = load.i32 notrap aligned readonly v0+4 ; second
    return v1
}
`);
  const data = file("data.clif.data.json", JSON.stringify({ data: [{ name: "tbl", align: 4, writable: false, bytes: "0100000007000000", relocs: [] }] }));
  const r = await fzclif("run", clif, "--data", data, "--entry", "second");
  t.is(r.status, 0, r.err);
  t.is(r.out, "7");
  const bad = await fzclif("run", clif, "--data", file("bad.json", "{ \"data\": 3 }"), "--entry", "second");
  t.is(bad.status, 2);
  t.regex(bad.err, /expected \{ "data": \[\.\.\.\] \} as fzlower writes it/);
});
