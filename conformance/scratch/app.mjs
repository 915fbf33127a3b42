// A toolchain written against the published packages only, as a new user
// would: build a module with the builder, lower it with both backends, and
// print what the reference interpreter computes. The packaging test copies
// this file into a scratch project that installed the packed tarballs.
//
// Every instruction carries a source location in a made-up source file
// (FunctionBuilder.setLoc), as a compiler would pass its own positions on.
//
//   node app.mjs OUTDIR N...   writes OUTDIR/kernel.ll, OUTDIR/kernel.clif and
//                              OUTDIR/kernel.clif.data.json (its data objects);
//                              prints one JSON line: { results: { N: "value" | "panic: ..." },
//                              lines: { what: source line } }
import { Buffer } from "node:buffer";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { FzError, I32, interpret, lower, ModuleBuilder } from "@fzy/lower";

const mb = new ModuleBuilder("scratch");
const Op = mb.enum("Op", [["Add", I32], ["Div", I32], "Nop"]);

// The lines of the source program this module stands for.
const SOURCE = "src/scratch.fz";
const lines = { step: 3, add: 4, div: 5, nop: 6, kernel: 10, loop: 12, ret: 15 };
const at = (fb, line) => fb.setLoc({ file: SOURCE, line, col: 5 });

// step(acc, op): apply one operation
const step = mb.function("step", [["acc", I32], ["op", Op]], I32);
const [entry, add, div, nop] = ["entry", "add", "div", "nop"].map((b) => step.block(b));
at(step, lines.step).at(entry).switch(step.param(1), [
  { variant: "Add", target: add }, { variant: "Div", target: div }, { variant: "Nop", target: nop },
], null);
at(step, lines.add).at(add).ret(step.add(step.param(0), step.enumPayload(step.param(1), "Add")));
at(step, lines.div).at(div).ret(step.sdiv(step.param(0), step.enumPayload(step.param(1), "Div"), "quotient"));
at(step, lines.nop).at(nop).ret(step.param(0));

// kernel(n): 1000 through Add(n), Div(n - 3), Nop, Add(sum of a constant table)
const k = mb.function("kernel", [["n", I32]], I32, { exported: true });
k.at(k.block("entry"));
const n = k.param(0);
at(k, lines.kernel);
const table = k.constArray(I32, [1, 2, 3, 4], "table");
let acc = k.i32(1000, "start");
const sum = [0, 1, 2, 3].map((i) => k.arrayGet(table, k.i32(i))).reduce((a, b) => k.add(a, b));
at(k, lines.loop);
for (const op of [k.enumNew("Op", "Add", n), k.enumNew("Op", "Div", k.sub(n, k.i32(3))), k.enumNew("Op", "Nop"), k.enumNew("Op", "Add", sum)]) {
  acc = k.call(step, [acc, op]);
}
at(k, lines.ret).ret(acc);
const module = mb.finish();

const [outDir, ...inputs] = process.argv.slice(2);
writeFileSync(join(outDir, "kernel.ll"), lower(module, "llvm").text);
const clif = lower(module, "cranelift");
writeFileSync(join(outDir, "kernel.clif"), clif.text);
const data = clif.data.map((d) => ({ name: d.name, align: d.align, writable: d.writable, bytes: Buffer.from(d.bytes).toString("hex"), relocs: d.relocs }));
writeFileSync(join(outDir, "kernel.clif.data.json"), JSON.stringify({ data }));
const results = {};
for (const s of inputs) {
  try {
    results[s] = String(interpret(module, "kernel", [Number(s)]));
  } catch (e) {
    if (!(e instanceof FzError)) throw e;
    results[s] = `panic: ${e.message}`;
  }
}
console.log(JSON.stringify({ results, lines, source: SOURCE }));
