import test from "ava";
import { ModuleIndex, parseModule, type Type } from "@fzy/ir";
import { Representation } from "./layout.js";

test("partCount is the length of parts for every kind of type, with and without string views", (t) => {
  const ix = new ModuleIndex(parseModule("module m\nenum E { A, B(i32) }\nenum F { X, Y }\nstruct S { a: i32 }\n"));
  const types: Type[] = [
    { kind: "int", bits: 8 }, { kind: "int", bits: 64 }, { kind: "bool" }, { kind: "f64" }, { kind: "f32" }, { kind: "str" },
    { kind: "enum", name: "E" }, { kind: "enum", name: "F" }, { kind: "struct", name: "S" }, { kind: "dynarray", elem: { kind: "str" } },
  ] as Type[];
  for (const views of [true, false]) {
    const r = new Representation(ix, views);
    for (const ty of types) t.is(r.partCount(ty), r.parts(ty).length, `${JSON.stringify(ty)} (views ${views})`);
  }
});
