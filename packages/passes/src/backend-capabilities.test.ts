/**
 * The capability columns of the matrix (BACKEND_CAPABILITIES): every form a
 * rule can choose is spellable by every backend, and the lowered form does
 * not depend on the backend it is lowered for.
 */
import test from "ava";
import { readFileSync } from "node:fs";
import { parseModule } from "@fzy/ir";
import { printLIR } from "@fzy/lir";
import { BACKEND_CAPABILITIES, type BackendCapabilities, decide, type Form, sampleInputs } from "./eligibility.js";
import { lowerModule } from "./lower-module.js";

/** The capability a form needs from a backend; forms not listed need only branches, loads and stores. */
const NEEDS: Partial<Record<Form, keyof BackendCapabilities>> = { "jump-table": "denseSwitch" };

test("every form the matrix chooses is spellable by every backend", (t) => {
  const forms = new Set(sampleInputs().map((i) => decide(i).form));
  t.true(forms.has("jump-table") && forms.has("branch-tree"));
  for (const [backend, caps] of Object.entries(BACKEND_CAPABILITIES)) {
    for (const form of forms) {
      const need = NEEDS[form];
      if (need) t.truthy(caps[need], `${backend} cannot spell ${form} (needs ${need})`);
    }
  }
});

const SAMPLES = ["kernels/resultx_classify.fzir", "kernels/text_kernel.fzir", "modules/match_sparse.fzir", "modules/match_dense.fzir", "modules/str_eq_chain.fzir"];

test("the lowered form is the same for every backend", (t) => {
  for (const file of SAMPLES) {
    const m = parseModule(readFileSync(new URL(`../../../conformance/${file}`, import.meta.url), "utf8"), file);
    for (const mode of ["off", "on", "force"] as const) {
      const texts = (Object.keys(BACKEND_CAPABILITIES) as ("cranelift" | "llvm" | "wasm")[]).map((backend) => printLIR(lowerModule(m, { backend, mode }).module));
      t.is(new Set(texts).size, 1, `${file} ${mode}`);
    }
  }
});
