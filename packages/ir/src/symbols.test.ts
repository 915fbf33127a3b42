/**
 * The symbol rule (symbols.ts): which exported and imported names are
 * refused, where the error points (line:column for text, the function for a
 * module built by hand), and that names merely starting with `fz` pass.
 */
import test from "ava";
import { FzError, I32, type Module, ModuleBuilder, parseModule, symbolProblem, verifyModuleAll } from "./index.js";

const exporting = (name: string) => `module m\n\nexport fn ${name}(%a: i32) -> i32 {\nentry:\n  ret %a\n}\n`;

test("an exported C library name in text is refused at its line and column, naming it", (t) => {
  for (const name of ["exit", "malloc", "memcpy", "main", "write"]) {
    const e = t.throws(() => parseModule(exporting(name), "x.fzir"), { instanceOf: FzError })!;
    t.is(e.code, "unsupported");
    t.is(e.format().split(": error")[0], "x.fzir:3:11", name);
    t.regex(e.message, new RegExp(`exported function ${name} cannot be linked under that name`));
  }
});

test("the runtime's prefixes and implementation-reserved names are refused for exports and imports", (t) => {
  for (const name of ["fz_panic_bounds", "fz_x", "fzl_m_f", "fzd_m_0", "_start", "__libc_start_main"]) {
    t.not(symbolProblem(name, "export"), null, name);
    t.not(symbolProblem(name, "import"), null, name);
  }
  const e = t.throws(() => parseModule("module m\nimport fn fz_panic_bounds(i64, i64)\n", "i.fzir"), { instanceOf: FzError })!;
  t.true(e.format().startsWith("i.fzir:2:11: error[unsupported]: import fz_panic_bounds"), e.format());
});

test("fz without the underscore is an ordinary name; imports may call the C library", (t) => {
  for (const name of ["fzfoo", "fz", "fzl", "fzrt", "exit_", "Main", "mainly", "kernel"]) t.is(symbolProblem(name, "export"), null, name);
  t.notThrows(() => parseModule(exporting("fzfoo")));
  t.notThrows(() => parseModule("module m\nimport fn malloc(i64) -> handle\nimport fn puts(str) -> i32\n"));
});

test("internal functions may take any name: they never become a global symbol", (t) => {
  const m = parseModule("module m\nfn exit(%a: i32) -> i32 {\nentry:\n  ret %a\n}\nfn fz_panic(%a: i32) -> i32 {\nentry:\n  ret %a\n}\n");
  t.deepEqual(verifyModuleAll(m), []);
});

test("the builder refuses the name when the function is declared; the verifier catches a module made by hand", (t) => {
  const mb = new ModuleBuilder("m");
  t.throws(() => mb.function("memset", [], I32, { exported: true }), { code: "unsupported", message: /memset is a C library/ });
  const internal = mb.function("memset", [], I32);
  internal.at(internal.block("entry")).ret(internal.i32(0));
  const f = mb.function("ok", [["a", I32]], I32, { exported: true });
  f.at(f.block("entry")).ret(f.param(0));
  const built = mb.finish();
  const byHand: Module = { ...built, functions: built.functions.map((fn) => (fn.name === "ok" ? { ...fn, name: "abort" } : fn)) };
  const errors = verifyModuleAll(byHand).filter((e) => e.code === "unsupported");
  t.is(errors.length, 1);
  t.is(errors[0]!.format(), "in function abort: error[unsupported]: exported function abort cannot be linked under that name: abort is a C library or start-up symbol (SPEC.md, Symbols)");
});
