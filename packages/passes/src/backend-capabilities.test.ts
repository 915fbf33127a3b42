/**
 * The capability columns of the matrix (BACKEND_CAPABILITIES): every form a
 * rule chooses for a backend is spellable by that backend, a sparse match is
 * a native switch exactly where the backend has one, and the lowered form
 * does not otherwise depend on the backend it is lowered for.
 */
import test from "ava";
import { readFileSync } from "node:fs";
import { parseModule } from "@fzy/ir";
import { type LModule, printLIR } from "@fzy/lir";
import { BACKEND_CAPABILITIES, type BackendCapabilities, decide, type Form, sampleInputs } from "./eligibility.js";
import { lowerModule } from "./lower-module.js";

type Backend = keyof typeof BACKEND_CAPABILITIES;
const BACKENDS = Object.keys(BACKEND_CAPABILITIES) as Backend[];

/** The capability a form needs from a backend; forms not listed need only branches, loads and stores. */
const NEEDS: Partial<Record<Form, keyof BackendCapabilities>> = { "jump-table": "denseSwitch", "native-switch": "sparseSwitch" };

test("every form the matrix chooses for a backend is spellable by it", (t) => {
  const all = new Set<Form>();
  for (const [backend, caps] of Object.entries(BACKEND_CAPABILITIES)) {
    const forms = new Set(sampleInputs().map((i) => decide({ ...i, sparseSwitch: caps.sparseSwitch }).form));
    for (const form of forms) {
      all.add(form);
      const need = NEEDS[form];
      if (need) t.truthy(caps[need], `${backend} cannot spell ${form} (needs ${need})`);
    }
  }
  t.true(all.has("jump-table") && all.has("branch-tree") && all.has("native-switch"));
});

const read = (file: string) => parseModule(readFileSync(new URL(`../../../conformance/${file}`, import.meta.url), "utf8"), file);
/** The opcodes of every terminator of a lowered module. */
const termOps = (m: LModule) => new Set(m.functions.flatMap((f) => f.blocks.map((b) => b.term.op)));

test("a sparse match is a native switch for a backend with one, never for the others", (t) => {
  const m = read("modules/match_sparse.fzir");
  for (const backend of BACKENDS) {
    for (const mode of ["on", "force"] as const) {
      const r = lowerModule(m, { backend, mode });
      const switches = r.report.functions.reduce((n, f) => n + f.total.matchSwitch, 0);
      const sparse = BACKEND_CAPABILITIES[backend].sparseSwitch;
      t.is(termOps(r.module).has("switch"), sparse, `${backend} ${mode}: switch terminators`);
      t.is(switches > 0, sparse, `${backend} ${mode}: native switches counted`);
      t.is(r.report.functions.some((f) => f.total.matchTree > 0), !sparse, `${backend} ${mode}: branch trees counted`);
    }
  }
});

const SAMPLES = ["kernels/resultx_classify.fzir", "kernels/text_kernel.fzir", "modules/match_sparse.fzir", "modules/match_dense.fzir", "modules/str_eq_chain.fzir"];

test("the lowered form is the same for every backend but for native switches", (t) => {
  for (const file of SAMPLES) {
    const m = read(file);
    for (const mode of ["off", "on", "force"] as const) {
      const lowered = BACKENDS.map((backend) => lowerModule(m, { backend, mode }));
      const texts = lowered.map((r) => printLIR(r.module));
      const withoutSwitch = texts.filter((_, k) => !BACKEND_CAPABILITIES[BACKENDS[k]!].sparseSwitch);
      t.is(new Set(withoutSwitch).size, 1, `${file} ${mode}`);
      const nativeSwitches = lowered.some((r) => r.report.functions.some((f) => f.total.matchSwitch > 0));
      if (!nativeSwitches) t.is(new Set(texts).size, 1, `${file} ${mode}`);
    }
  }
});
