/**
 * The lowering asks the matrix once per decision and does what it says:
 * a switch shaped for a lookup table gets one decision (not one asked and
 * dropped), and the formatted report names each decision's rule.
 */
import test from "ava";
import { I32, ModuleBuilder, type Module, verifyModule } from "@fzy/ir";
import { lowerModule } from "./lower-module.js";
import { formatReport } from "./report.js";

/** kernel(n) = match n { 0 => 10, 1 => 20, ... } through one variable: the lookup-table shape. */
function constantArms(n: number): Module {
  const mb = new ModuleBuilder("t");
  const f = mb.function("kernel", [["n", I32]], I32, { exported: true });
  const out = f.var("out", I32);
  const entry = f.block("entry");
  const arms = Array.from({ length: n }, (_, i) => f.block(`arm${i}`));
  const other = f.block("other");
  const join = f.block("join");
  f.at(entry);
  f.switch(f.param(0), arms.map((target, i) => ({ value: BigInt(i), target })), other);
  arms.forEach((a, i) => { f.at(a); f.set(out, f.iconst(I32, (i + 1) * 10)); f.jump(join); });
  f.at(other);
  f.set(out, f.iconst(I32, -1));
  f.jump(join);
  f.at(join);
  f.ret(f.get(out));
  const m = mb.finish();
  verifyModule(m);
  return m;
}

const switchDecisions = (m: Module, mode: "on" | "force") =>
  lowerModule(m, { backend: "cranelift", mode }).report.functions[0]!.decisions.filter((d) => d.subject.startsWith("switch"));

test("a switch of constant arms is decided once: lookup table in force, jump table in on", (t) => {
  const m = constantArms(6);
  const force = switchDecisions(m, "force");
  t.deepEqual(force.map((d) => [d.form, d.rule]), [["lookup-table", "match-lookup"]]);
  const on = switchDecisions(m, "on");
  t.deepEqual(on.map((d) => [d.form, d.rule]), [["jump-table", "match-jump-table"]]);
  const lowered = lowerModule(m, { backend: "cranelift", mode: "force" });
  t.is(lowered.report.functions[0]!.total.matchLookup, 1);
  t.is(lowered.report.functions[0]!.total.matchTable, 0);
});

test("the formatted report names the rule of each decision", (t) => {
  const { report } = lowerModule(constantArms(6), { backend: "llvm", mode: "on" });
  t.regex(formatReport(report), /kernel: switch in block entry: A jump-table \(dense case values: jump table\) \[match-jump-table\]/);
});

test("the lowered form does not depend on the backend", (t) => {
  for (const mode of ["off", "on", "force"] as const) {
    const m = constantArms(5);
    t.deepEqual(lowerModule(m, { backend: "llvm", mode }).module, lowerModule(m, { backend: "cranelift", mode }).module);
  }
});
