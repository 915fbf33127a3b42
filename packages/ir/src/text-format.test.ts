/**
 * The `.fzir` text format round-trips: for every `.fzir` file of this
 * package print(parse(x)) is a fixpoint (conformance checks every file of
 * the repository the same way), the testdata files use every
 * opcode and terminator and are valid IR, and a module built in code prints
 * to text that parses back to the same print.
 */
import test from "ava";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import {
  BOOL, HANDLE, I16, I32, I64, I8, ModuleBuilder, OPCODES, STR, TERMINATORS, arrayType, dynArrayType,
  parseModule, printInst, printModule, printTerm, verifyModule,
} from "./index.js";

const here = dirname(fileURLToPath(import.meta.url));
const testdata = join(here, "..", "testdata");

/** Every .fzir file under `dir`, skipping dependencies, build output and VCS data. */
function fzirFiles(dir: string): string[] {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length > 0) {
    const d = stack.pop()!;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) {
        if (e.name !== "node_modules" && e.name !== "dist") stack.push(join(d, e.name));
      } else if (e.name.endsWith(".fzir")) {
        out.push(join(d, e.name));
      }
    }
  }
  return out.sort();
}

const root = join(here, "..");
const allFiles = fzirFiles(root);
const testdataFiles = fzirFiles(testdata);

test("finds .fzir files in the package's testdata", (t) => {
  t.true(allFiles.length > 0);
  t.true(testdataFiles.length >= 4);
});

for (const file of allFiles) {
  const name = relative(root, file);
  test(`round trip: ${name}`, (t) => {
    const once = printModule(parseModule(readFileSync(file), name));
    const twice = printModule(parseModule(once, `${name} (printed)`));
    t.is(twice, once);
    // Parsing a string and parsing its UTF-8 bytes give the same module.
    t.is(printModule(parseModule(new TextEncoder().encode(once))), once);
  });
}

test("testdata files are valid IR", (t) => {
  for (const file of testdataFiles) t.notThrows(() => verifyModule(parseModule(readFileSync(file), file)), file);
});

test("every opcode and terminator appears in some testdata file", (t) => {
  const ops = new Set<string>();
  const terms = new Set<string>();
  for (const file of testdataFiles) {
    for (const f of parseModule(readFileSync(file)).functions) {
      for (const b of f.blocks) {
        for (const i of b.insts) ops.add(i.op);
        terms.add(b.term.op);
      }
    }
  }
  t.deepEqual(Object.keys(OPCODES).filter((op) => !ops.has(op)), []);
  t.deepEqual(Object.keys(TERMINATORS).filter((op) => !terms.has(op)), []);
});

test("canonical print of a non-canonical file", (t) => {
  const src = [
    "module  m ; comment",
    "fn g() -> E { entry: %e = enum.new E.B, %k",
    "  ret %e }",
    "enum E{A,B([i32;2])}",
  ].join("\n");
  t.throws(() => parseModule(src), { message: /use of undefined value %k/ });
  const ok = src.replace(", %k", "").replace("B([i32;2])", "B");
  t.is(printModule(parseModule(ok)), "module m\n\nenum E { A, B }\n\nfn g() -> E {\nentry:\n  %e = enum.new E.B\n  ret %e\n}\n");
});

test("literals print in a form that reads back exactly", (t) => {
  const floats = [0, -0, 1, -1.5, 0.1, 1 / 3, 1e21, 1e-7, 5e-324, Number.MAX_VALUE, -Number.MIN_VALUE, NaN, Infinity, -Infinity, 123456789.125];
  const strings = ["", "plain", 'q"b\\', "\n\t\r\0\x01\x1f\x7f", "é日本🎉", "\u2028\u0085\u00a0"];
  const mb = new ModuleBuilder("lits");
  const f = mb.function("f", [], null);
  f.at(f.block("entry"));
  floats.forEach((x) => f.fconst(x));
  strings.forEach((s) => f.str(s));
  f.iconst(I64, -(1n << 63n));
  f.iconst(I64, (1n << 63n) - 1n);
  f.ret();
  const m = parseModule(printModule(mb.finish()));
  const insts = m.functions[0]!.blocks[0]!.insts;
  const got = insts.map((i) => (i.imm.kind === "f64" || i.imm.kind === "str" || i.imm.kind === "int" ? i.imm.value : null));
  t.deepEqual(got.slice(0, floats.length), floats);
  t.true(Object.is(got[1], -0));
  t.deepEqual(got.slice(floats.length), [...strings, -(1n << 63n), (1n << 63n) - 1n]);
});

test("a module built in code prints to text that parses back to the same print", (t) => {
  const mb = new ModuleBuilder("built");
  const pair = mb.struct("Pair", [["l", I32], ["r", I64]]);
  const shape = mb.enum("Shape", ["Dot", ["Line", I32], ["Pairs", dynArrayType(pair)]]);
  mb.struct("Holder", [["grid", arrayType(arrayType(I8, 2), 3)], ["h", HANDLE], ["s", shape]]);
  const open = mb.import("open", [STR], HANDLE);
  const log = mb.import("log", [STR, I16], null);
  const helper = mb.function("helper", [["x", I32]], BOOL);
  const main = mb.function("run", [["n", I32], ["s", STR]], I32, { exported: true });

  helper.at(helper.block("entry"));
  helper.ret(helper.icmp("sgt", helper.param(0), helper.iconst(I32, 0)));

  const acc = main.var("acc", I32);
  const entry = main.block("entry");
  const loop = main.block("loop");
  const body = main.block("body");
  const done = main.block("done");
  const dot = main.block("dot");
  main.at(entry);
  main.set(acc, main.iconst(I32, -7));
  main.call(log, [main.str("tab\there \"q\" é"), main.iconst(I16, 0x7fff)]);
  const h = main.call(open, [main.param(1)]);
  main.jump(loop);
  main.at(loop);
  const a = main.get(acc);
  main.br(main.call(helper, [a]), body, done);
  main.at(body);
  const p = main.structNew("Pair", [a, main.convert("sext", a, I64)]);
  const arr = main.arrayNew(dynArrayType(pair));
  main.arrayPush(arr, p);
  const e = main.enumNew("Shape", "Pairs", arr);
  const row = main.arrayLit(arrayType(I8, 2), [main.iconst(I8, 1), main.iconst(I8, -1)]);
  main.structNew("Holder", [main.arrayNew(arrayType(arrayType(I8, 2), 3), row), h, e]);
  main.structSet(p, "l", main.sub(a, main.iconst(I32, 1)));
  main.set(acc, main.structGet(p, "l"));
  main.switch(main.enumTag(e), [{ value: 0n, target: dot }, { value: -3n, target: done }], loop);
  main.at(dot);
  main.switch(e, [{ value: 0n, target: done }, { value: 1n, target: done }, { value: 2n, target: loop }], null);
  main.at(done);
  main.ret(main.get(acc));

  const module = mb.finish();
  verifyModule(module);
  const text = printModule(module);
  const reparsed = parseModule(text);
  verifyModule(reparsed);
  t.is(printModule(reparsed), text);

  const f = module.functions[1]!;
  t.is(printInst(f, f.blocks[0]!.insts[0]!), "%t0 = const.i32 -7");
  const sw = f.blocks[4]!.term;
  const swv = sw.op === "switch" ? f.values[sw.value]!.name : "?";
  t.is(printTerm(f, sw, module), `switch %${swv} [Dot -> done, Line -> done, Pairs -> loop]`);
  t.is(printTerm(f, sw), `switch %${swv} [0 -> done, 1 -> done, 2 -> loop]`);
  t.true(text.includes(`  switch %${swv} [Dot -> done, Line -> done, Pairs -> loop]\n`));
});

test("value ids follow dominance, names and layout follow the text", (t) => {
  const m = parseModule(readFileSync(join(testdata, "layout.fzir")));
  const f = m.functions[0]!;
  t.deepEqual(f.blocks.map((b) => b.name), ["0", "1", "2"]);
  // Block 2 dominates block 1, so %y (in 2) is built before %s (in 1).
  const id = (name: string) => f.values.findIndex((v) => v.name === name);
  t.true(id("y") < id("s"));
  t.is(f.values.filter((v) => v.name === "t0").length, 1);
});
