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

/** How many variants of an enum of n (the last with a str payload) are read to ask payloadEnum and enumCellSize n times each. */
function variantReadsForEveryValue(n: number): { reads: number; boxed: boolean; size: number } {
  let reads = 0;
  const variants = Array.from({ length: n }, (_, i) => ({ name: `V${i}`, payload: i === n - 1 ? ({ kind: "str" } as Type) : null }));
  const counted = new Proxy(variants, {
    get(target, key, receiver) {
      if (typeof key === "string" && /^\d+$/.test(key)) reads++;
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  const ix = new ModuleIndex({ name: "m", structs: [], enums: [{ name: "E", variants: counted }], imports: [], functions: [] });
  const r = new Representation(ix, true), e: Type = { kind: "enum", name: "E" };
  let boxed = true, size = 0;
  for (let i = 0; i < n; i++) { boxed &&= r.payloadEnum(e); size = r.enumCellSize("E"); }
  return { reads, boxed, size };
}

test("an enum's representation is found once, not per value: linear in its variants over n values", (t) => {
  const small = variantReadsForEveryValue(1000), large = variantReadsForEveryValue(4000);
  t.true(small.boxed && large.boxed);
  t.is(large.size, 24); // tag at 0, a str view (ptr, len) at 8
  t.true(large.reads <= 6 * small.reads, `${small.reads} reads for 1000 variants, ${large.reads} for 4000`);
});
