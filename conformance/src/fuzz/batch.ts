/**
 * Modules from recipes. A batch puts many cases into one module, each as its
 * own function `cI`, behind an exported dispatcher `kernel(n)` that runs
 * case n >> 3 on input n & 7 of the batch's input table: one native build
 * per backend and mode serves the whole batch. A case can also stand alone
 * as `kernel` (its shrinking and its regression file use that form), with
 * only the named types it uses declared.
 */
import { I32, type Module, ModuleBuilder, printModule } from "@fzy/ir";
import { declareTypes, emitCase, namedTypesOf } from "./emit.js";
import { declareGlobals, globalsUsed } from "./gen-globals.js";
import { mix32, Rng } from "./prng.js";
import type { CaseRecipe } from "./recipe.js";

/** Inputs per batch; a case runs on a few of them (CaseRecipe.inputs). */
export const INPUT_SLOTS = 8;

/** The batch's input table: edges of i32 and one random value. */
export function inputTable(seed: number): number[] {
  return [0, 1, -1, 7, 1000, 2147483647, -2147483648, new Rng(mix32(seed ^ 0x5eed)).u32() | 0];
}

export interface BatchCase {
  readonly index: number;
  readonly recipe: CaseRecipe;
}

/**
 * One module holding every case of the batch and the dispatcher. With
 * `combined` (case slot, input slot pairs), `kernel(COMBINED)` runs all of
 * those in sequence and returns acc * 31 + result over them: one process for
 * every probe known to return a value.
 */
export function batchModule(name: string, cases: readonly BatchCase[], inputs: readonly number[], combined: readonly (readonly [number, number])[] = []): Module {
  const mb = new ModuleBuilder(name);
  declareTypes(mb);
  declareGlobals(mb, new Set(cases.flatMap((c) => [...globalsUsed(c.recipe)])));
  for (const c of cases) emitCase(mb, c.recipe, { fn: `c${c.index}`, exported: false, helper: (j) => `c${c.index}_h${j}` });
  const fb = mb.function("kernel", [["n", I32]], I32, { exported: true });
  fb.at(fb.block("entry"));
  const n = fb.param(0);
  if (combined.length > 0) {
    const [all, one] = [fb.block("all"), fb.block("one")];
    fb.br(fb.icmp("slt", n, fb.iconst(I32, 0)), all, one);
    fb.at(all);
    let acc = fb.iconst(I32, 0);
    for (const [slot, j] of combined) {
      const r = fb.call(`c${cases[slot]!.index}`, [fb.iconst(I32, inputs[j]!)])!;
      acc = fb.add(fb.mul(acc, fb.iconst(I32, 31)), r);
    }
    fb.ret(acc);
    fb.at(one);
  }
  const slot = fb.lshr(n, fb.iconst(I32, 3));
  const table = fb.arrayLit({ kind: "array", elem: I32, len: INPUT_SLOTS }, inputs.map((x) => fb.iconst(I32, x)));
  const x = fb.arrayGet(table, fb.and(n, fb.iconst(I32, INPUT_SLOTS - 1)));
  const arms = cases.map((c) => fb.block(`run${c.index}`));
  const none = fb.block("none");
  fb.switch(slot, cases.map((_, i) => ({ value: BigInt(i), target: arms[i]! })), none);
  cases.forEach((c, i) => {
    fb.at(arms[i]!);
    fb.ret(fb.call(`c${c.index}`, [x])!);
  });
  fb.at(none);
  fb.ret(fb.iconst(I32, -1));
  return mb.finish();
}

/** The argument of the batch's `kernel` that runs the combined probes. */
export const COMBINED_ARG = -1;

/** The argument of the batch's `kernel` that runs case slot `slot` on input slot `j`. */
export function dispatchArg(slot: number, j: number): number {
  return slot * INPUT_SLOTS + j;
}

/** One case as a module of its own: `kernel` and its helpers `h0`, `h1`. */
export function caseModule(name: string, recipe: CaseRecipe): Module {
  const build = (only?: ReadonlySet<string>) => {
    const mb = new ModuleBuilder(name);
    declareTypes(mb, only);
    declareGlobals(mb, globalsUsed(recipe));
    emitCase(mb, recipe, { fn: "kernel", exported: true, helper: (j) => `h${j}` });
    return mb.finish();
  };
  const full = build();
  const used = namedTypesOf(full.functions.flatMap((f) => [...f.values.map((v) => v.type), ...f.vars.map((v) => v.type)]));
  return build(used);
}

/** A standalone case as a .fzir file in the format of conformance/modules: header comment, inputs line, module. */
export function caseFile(module: Module, comment: readonly string[], inputs: readonly number[]): string {
  const lines = [...comment.map((l) => `; ${l}`.trimEnd()), ";", `; inputs: ${inputs.join(" ")}`];
  return `${lines.join("\n")}\n${printModule(module)}`;
}
