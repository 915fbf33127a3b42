/**
 * The printer is a pure function of (module, target): printing twice, or
 * printing a rebuilt copy, gives identical text, and printing leaves the
 * module untouched.
 */
import test from "ava";
import { readdirSync, readFileSync } from "node:fs";
import { type LModule, parseLIR } from "@fzy/lir";
import { LlvmModuleWriter, printLLVM, SUPPORTED_TARGETS } from "./index.js";
import { releaseWorkspace, takeWorkspace } from "./module-scope.js";

const FIXTURES = new URL("../../../filetests/lir/", import.meta.url);
/** A shared printer fixture, filetests/lir/NAME.lir. */
const fixture = (name: string): LModule => parseLIR(readFileSync(new URL(`${name}.lir`, FIXTURES), "utf8"), `${name}.lir`);

/** A structural fingerprint of a module (bigints and byte arrays spelled out). */
function fingerprint(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    typeof v === "bigint" ? `${v}n` : v instanceof Uint8Array ? Array.from(v) : v);
}

const NAMES = readdirSync(FIXTURES).filter((f) => f.endsWith(".lir")).map((f) => f.slice(0, -4)).sort();

test("there are shared fixtures to print", (t) => {
  t.true(NAMES.length >= 10);
});

for (const name of NAMES) {
  test(`deterministic ${name}`, (t) => {
    for (const target of SUPPORTED_TARGETS) {
      const module = fixture(name);
      const before = fingerprint(module);
      const first = printLLVM(module, { target });
      t.is(printLLVM(module, { target }), first);
      t.is(printLLVM(fixture(name), { target }), first);
      t.is(fingerprint(module), before);
    }
  });
}

/** The text of `module` printed with a workspace of its own (the spare left by the call before is dropped). */
function printedAlone(module: LModule): string {
  takeWorkspace();
  return printLLVM(module);
}

test("a module prints the same after any other (the workspace one call hands to the next keeps nothing)", (t) => {
  const alone = new Map(NAMES.map((name) => [name, printedAlone(fixture(name))]));
  for (const order of [NAMES, [...NAMES].reverse()]) {
    for (const name of order) t.is(printLLVM(fixture(name)), alone.get(name)!, name);
  }
});

test("a released workspace goes to the next call, and to one call only", (t) => {
  const w = takeWorkspace();
  releaseWorkspace(w);
  t.is(takeWorkspace(), w);
  t.not(takeWorkspace(), w);
});

test("a module naming a function twice, or an extern after a function, is refused, and the next module prints as alone", (t) => {
  const m = fixture(NAMES[0]!);
  const f = m.functions[0]!;
  t.throws(() => printLLVM({ ...m, functions: [...m.functions, f] }), { message: `lower-llvm: function ${f.name} is defined twice` });
  const clash = { name: f.name, params: f.params, results: f.results, noreturn: false, pure: false };
  t.throws(() => printLLVM({ ...m, externs: [...m.externs, clash] }), { message: `lower-llvm: extern ${f.name} is also a module function` });
  for (const name of NAMES) t.is(printLLVM(fixture(name)), printedAlone(fixture(name)), name);
});

test("the module writer, given the externs and data objects after it starts, prints what printLLVM prints", (t) => {
  for (const name of NAMES) {
    const m = fixture(name);
    const externs: LModule["externs"][number][] = [], data: LModule["data"][number][] = [];
    const w = new LlvmModuleWriter({ name: m.name, functions: m.functions, externs, data });
    externs.push(...m.externs);
    data.push(...m.data);
    for (const fn of m.functions) w.add(fn);
    t.is(w.finish(m), printLLVM(m), name);
  }
});

test("an extern named like a data object registered before it is refused", (t) => {
  const m = fixture(NAMES.find((n) => fixture(n).data.length > 0)!);
  const d = m.data[0]!;
  const externs: LModule["externs"][number][] = [];
  const w = new LlvmModuleWriter({ name: m.name, functions: m.functions, externs, data: m.data });
  externs.push({ name: d.name, params: [], results: [], noreturn: false, pure: false });
  t.throws(() => w.add(m.functions[0]!), { message: `lower-llvm: data object ${d.name} clashes with a function` });
});
