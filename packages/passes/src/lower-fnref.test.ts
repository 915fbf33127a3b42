/**
 * The lowering of function references (lower-calls.ts): `func.ref` is the
 * callee symbol's address and keeps the callee alive even when nothing calls
 * it directly; `call.indirect` passes a multi-part result through an out
 * slot exactly as a direct call does; an import whose host ABI differs from
 * a module function's (a str crosses it) is refused by name.
 */
import test from "ava";
import { FzError, I32, ModuleBuilder, STR, parseModule } from "@fzy/ir";
import type { LFunction } from "@fzy/lir";
import { lowerModule } from "./lower-module.js";

const insts = (f: LFunction) => f.blocks.flatMap((b) => b.insts);

test("func.ref keeps an otherwise unreachable function and becomes its address", (t) => {
  const m = parseModule(`module t
fn pair(%a: i32) -> str {
entry:
  %s = str.lit "ab"
  ret %s
}

export fn kernel(%n: i32) -> i32 {
entry:
  %f = func.ref @pair
  %s = call.indirect %f, %n
  %l = str.len %s
  ret %l
}
`);
  for (const mode of ["off", "on", "force"] as const) {
    const { module } = lowerModule(m, { backend: "llvm", mode });
    const pair = module.functions.find((f) => f.name === "fzl_t_pair");
    t.truthy(pair, mode);
    const k = insts(module.functions.find((f) => f.name === "kernel")!);
    t.true(k.some((i) => i.op === "func_addr" && i.symbol === "fzl_t_pair"), mode);
    const call = k.find((i) => i.op === "call_indirect")!;
    // A str view is two parts: it comes back through a trailing out pointer, like a direct call's.
    t.is(call.op === "call_indirect" && call.args.length, mode === "off" ? 1 : 2, mode);
  }
});

test("func.ref of an import that takes a str is refused, naming the import", (t) => {
  const mb = new ModuleBuilder("t");
  mb.import("log", [STR], null);
  const f = mb.function("kernel", [["n", I32]], I32, { exported: true });
  f.at(f.block("entry"));
  f.funcRef("log");
  f.ret(f.param(0));
  const e = t.throws(() => lowerModule(mb.finish(), { backend: "llvm", mode: "on" }), { instanceOf: FzError });
  t.is(e!.code, "unsupported");
  t.regex(e!.message, /func.ref @log: an import that takes or returns str cannot be referenced/);
});
