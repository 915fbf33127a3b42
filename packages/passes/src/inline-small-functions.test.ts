import test from "ava";
import { interpret, type Module, ModuleIndex, parseModule, verifyModule } from "@fzy/ir";
import type { Mode } from "./eligibility.js";
import { inlineSmallFunctions } from "./inline-small-functions.js";

const SOURCE = `module t

fn double(%x: i32) -> i32 {
entry:
  %r = add %x, %x
  ret %r
}

fn clampPos(%x: i32) -> i32 {
entry:
  %z = const.i32 0
  %c = icmp.slt %x, %z
  br %c, neg, pos
neg:
  ret %z
pos:
  ret %x
}

fn fact(%x: i32) -> i32 {
entry:
  %one = const.i32 1
  %c = icmp.sle %x, %one
  br %c, base, rec
base:
  ret %one
rec:
  %y = sub %x, %one
  %f = call @fact, %y
  %r = mul %x, %f
  ret %r
}

fn ping(%x: i32) -> i32 {
entry:
  %z = const.i32 0
  %c = icmp.sle %x, %z
  br %c, done, more
done:
  ret %z
more:
  %one = const.i32 1
  %y = sub %x, %one
  %r = call @pong, %y
  ret %r
}

fn pong(%x: i32) -> i32 {
entry:
  %r = call @ping, %x
  ret %r
}

fn big(%x: i32) -> i32 {
entry:
${Array.from({ length: 80 }, (_, i) => `  %v${i + 1} = add ${i === 0 ? "%x" : `%v${i}`}, %x`).join("\n")}
  ret %v80
}

export fn kernel(%n: i32) -> i32 {
entry:
  %a = call @double, %n
  %b = call @clampPos, %a
  %five = const.i32 5
  %c = call @fact, %five
  %d = call @ping, %five
  %e = call @big, %n
  %s1 = add %b, %c
  %s2 = add %s1, %d
  %s3 = add %s2, %e
  ret %s3
}
`;

/** Callees still called from each function. */
function callsIn(m: Module): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const f of m.functions) out[f.name] = f.blocks.flatMap((b) => b.insts.flatMap((i) => (i.op === "call" && i.imm.kind === "func" ? [i.imm.name] : []))).sort();
  return out;
}

function run(mode: Mode, enabled = true) {
  const m = parseModule(SOURCE);
  return { before: m, ...inlineSmallFunctions(new ModuleIndex(m), m, { mode, enabled }) };
}

test("small non-recursive callees are inlined; recursive and large ones stay calls", (t) => {
  const { module, records } = run("on");
  verifyModule(module);
  t.deepEqual(callsIn(module).kernel, ["big", "fact", "ping"]);
  const inlined = records.filter((r) => r.decision.form === "inlined").map((r) => `${r.caller}<-${r.callee}`).sort();
  t.deepEqual(inlined, ["kernel<-clampPos", "kernel<-double"]);
  const kept = records.filter((r) => r.caller === "kernel" && r.decision.form === "call").map((r) => r.callee).sort();
  t.deepEqual(kept, ["big"], "the matrix is asked about the large callee; recursive ones are never candidates");
  t.deepEqual(callsIn(module).fact, ["fact"], "a self-recursive function keeps its own call");
  t.deepEqual(callsIn(module).pong, ["ping"], "mutual recursion is a cycle too");
});

test("the inlined program computes the same results", (t) => {
  const { before, module } = run("on");
  for (const n of [-7, 0, 3, 1000]) t.deepEqual(interpret(module, "kernel", [n]), interpret(before, "kernel", [n]), `n = ${n}`);
});

test("force mode inlines large callees too, but never recursive ones", (t) => {
  const { module } = run("force");
  verifyModule(module);
  t.deepEqual(callsIn(module).kernel, ["fact", "ping"]);
});

test("switched off, nothing is inlined", (t) => {
  const { module } = run("on", false);
  t.deepEqual(callsIn(module).kernel, ["big", "clampPos", "double", "fact", "ping"]);
});
