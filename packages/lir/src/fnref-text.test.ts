/**
 * Function references in the lowered form: `func_addr` and `call_indirect`
 * print, parse back to the same structure and print identically, pass the
 * verifier, and the verifier refuses a reference to an unknown function and
 * an indirect call through a value that is not a `ptr`.
 */
import test from "ava";
import { LFunctionBuilder, type LModule, parseLIR, printLIR, verifyLIR } from "./index.js";

function module(mutate?: (f: LFunctionBuilder) => void): LModule {
  const g = new LFunctionBuilder("twice", ["i32", "i64"], ["i64"], false);
  g.ret([g.binary("iadd", g.args[1]!, g.args[1]!)]);
  const h = new LFunctionBuilder("sink", ["i32"], [], false);
  h.ret([]);
  const f = new LFunctionBuilder("kernel", ["i32"], ["i64"], true);
  const ref = f.funcAddr("twice");
  const [r] = f.callIndirect(ref, [f.args[0]!, f.iconst("i64", 20)], ["i64"]);
  f.callIndirect(f.funcAddr("sink"), [f.args[0]!], []);
  mutate?.(f);
  f.ret([r!]);
  return { name: "m", functions: [g.finish(), h.finish(), f.finish()], externs: [], data: [] };
}

test("func_addr and call_indirect round-trip through the text form and verify", (t) => {
  const m = module();
  verifyLIR(m);
  const text = printLIR(m);
  t.regex(text, /= func_addr %twice/);
  t.regex(text, /v\d+: i64 = call_indirect v\d+\(v\d+, v\d+\)/);
  t.regex(text, /\n {4}call_indirect v\d+\(v\d+\)\n/);
  const back = parseLIR(text);
  t.deepEqual(back, m);
  t.is(printLIR(back), text);
});

test("the verifier refuses func_addr of an unknown function and call_indirect through a non-pointer", (t) => {
  const unknown = t.throws(() => verifyLIR(module((f) => { f.funcAddr("nowhere"); })), { instanceOf: Error });
  t.regex(unknown!.message, /func_addr of %nowhere, which is neither a function nor an extern/);
  const notPtr = t.throws(() => verifyLIR(module((f) => { f.callIndirect(f.iconst("i64", 0), [], []); })), { instanceOf: Error });
  t.regex(notPtr!.message, /call_indirect through v\d+, which is i64, not ptr/);
});
