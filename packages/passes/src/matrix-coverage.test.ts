/**
 * Every decision the lowering reports for the conformance corpus (kernels,
 * modules, regressions, in every mode) names a rule of the matrix, and that
 * rule can make exactly that decision: nothing is decided outside the matrix.
 */
import { readdirSync, readFileSync } from "node:fs";
import test from "ava";
import { parseModule, verifyModule } from "@fzy/ir";
import { decide, type Mode, RULES, sampleInputs } from "./eligibility.js";
import { lowerModule } from "./lower-module.js";

const CONFORMANCE = new URL("../../../conformance/", import.meta.url);
const DIRS = ["kernels", "modules", "regressions"];
const MODES: Mode[] = ["off", "on", "force"];

/** What each rule can decide: its `policy form` pairs over the representative inputs, and its reasons. */
function ruleOutcomes(): Map<string, { forms: Set<string>; reasons: Set<string> }> {
  const out = new Map(RULES.map((r) => [r.id, { forms: new Set<string>(), reasons: new Set<string>() }]));
  for (const i of sampleInputs()) {
    const d = decide(i);
    out.get(d.rule)!.forms.add(`${d.policy} ${d.form}`);
    out.get(d.rule)!.reasons.add(d.reason);
  }
  return out;
}

const corpus = DIRS.flatMap((dir) =>
  readdirSync(new URL(`${dir}/`, CONFORMANCE)).filter((f) => f.endsWith(".fzir")).sort().map((f) => ({
    name: `${dir}/${f}`, text: readFileSync(new URL(`${dir}/${f}`, CONFORMANCE), "utf8"),
  })));

test("the corpus is there", (t) => {
  for (const dir of DIRS) t.true(corpus.some((c) => c.name.startsWith(`${dir}/`)), dir);
});

test("every reported decision of every kernel, module and regression maps to the matrix rule that made it", (t) => {
  const outcomes = ruleOutcomes();
  const seen = new Set<string>();
  for (const { name, text } of corpus) {
    const m = parseModule(text, name);
    verifyModule(m);
    for (const mode of MODES) {
      const { report } = lowerModule(m, { backend: "llvm", mode });
      for (const f of report.functions) {
        for (const d of f.decisions) {
          const where = `${name} (${mode}) ${f.name}: ${d.subject}`;
          const rule = outcomes.get(d.rule);
          if (!rule) {
            t.fail(`${where}: no rule ${d.rule}`);
            continue;
          }
          seen.add(d.rule);
          t.true(rule.forms.has(`${d.policy} ${d.form}`), `${where}: rule ${d.rule} never decides ${d.policy} ${d.form}`);
          // Rules with a fixed reason must give exactly it; the others (escape, family) are checked by form.
          if (rule.reasons.size === 1) t.true(rule.reasons.has(d.reason), `${where}: reason ${d.reason}`);
        }
      }
    }
  }
  // The corpus exercises the rules of every kind the report lists.
  for (const id of ["mode-off", "local-struct", "match-jump-table", "bounds-strict", "call-small"]) t.true(seen.has(id), id);
});
