/**
 * A toolchain can build and lower a module importing from @fzy/lower alone:
 * the builder, its handle and option types and the IR's types are re-exported.
 */
import test from "ava";
import { arrayType, type Callee, type FunctionBuilder, I32, type IntCC, lower, ModuleBuilder, type Type, type ValueId } from "./index.js";

test("the builder and the types it needs come from @fzy/lower", (t) => {
  const mb = new ModuleBuilder("m");
  const sq: FunctionBuilder<Type> = mb.function("sq", [["x", I32]], I32);
  sq.at(sq.block("entry")).ret(sq.mul(sq.param(0), sq.param(0)));
  const callee: Callee<Type> = sq;
  const k = mb.function("kernel", [["n", I32]], I32, { exported: true });
  k.at(k.block("entry"));
  const cc: IntCC = "slt";
  const table: ValueId = k.arrayLit(arrayType(I32, 2), [k.i32(3), k.call(callee, [k.param(0)])]);
  const small = k.icmp(cc, k.param(0), k.i32(2));
  k.ret(k.select(small, k.arrayGet(table, k.i32(0)), k.arrayGet(table, k.i32(1))));
  const r = lower(mb.finish(), "llvm");
  t.regex(r.text, /define noundef i32 @kernel\(i32 noundef /);
});
