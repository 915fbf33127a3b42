// A toolchain written against the published packages only, as a new user
// would: build a module with the builder, lower it with both backends, and
// print what the reference interpreter computes. The packaging test copies
// this file into a scratch project that installed the packed tarballs.
//
//   node app.mjs OUTDIR N...   writes OUTDIR/kernel.ll and OUTDIR/kernel.clif;
//                              prints one JSON line: { results: { N: "value" | "panic: ..." } }
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { FzError, I32, interpret, lower, ModuleBuilder } from "@fzy/lower";

const mb = new ModuleBuilder("scratch");
const Op = mb.enum("Op", [["Add", I32], ["Div", I32], "Nop"]);

// step(acc, op): apply one operation
const step = mb.function("step", [["acc", I32], ["op", Op]], I32);
const [entry, add, div, nop] = ["entry", "add", "div", "nop"].map((b) => step.block(b));
step.at(entry).switch(step.param(1), [
  { variant: "Add", target: add }, { variant: "Div", target: div }, { variant: "Nop", target: nop },
], null);
step.at(add).ret(step.add(step.param(0), step.enumPayload(step.param(1), "Add")));
step.at(div).ret(step.sdiv(step.param(0), step.enumPayload(step.param(1), "Div")));
step.at(nop).ret(step.param(0));

// kernel(n): 1000 through Add(n), Div(n - 3), Nop, Add(sum of a constant table)
const k = mb.function("kernel", [["n", I32]], I32, { exported: true });
k.at(k.block("entry"));
const n = k.param(0);
const table = k.constArray(I32, [1, 2, 3, 4], "table");
let acc = k.i32(1000, "start");
const sum = [0, 1, 2, 3].map((i) => k.arrayGet(table, k.i32(i))).reduce((a, b) => k.add(a, b));
for (const op of [k.enumNew("Op", "Add", n), k.enumNew("Op", "Div", k.sub(n, k.i32(3))), k.enumNew("Op", "Nop"), k.enumNew("Op", "Add", sum)]) {
  acc = k.call(step, [acc, op]);
}
k.ret(acc);
const module = mb.finish();

const [outDir, ...inputs] = process.argv.slice(2);
writeFileSync(join(outDir, "kernel.ll"), lower(module, "llvm").text);
writeFileSync(join(outDir, "kernel.clif"), lower(module, "cranelift").text);
const results = {};
for (const s of inputs) {
  try {
    results[s] = String(interpret(module, "kernel", [Number(s)]));
  } catch (e) {
    if (!(e instanceof FzError)) throw e;
    results[s] = `panic: ${e.message}`;
  }
}
console.log(JSON.stringify({ results }));
