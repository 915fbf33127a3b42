/**
 * The machine signature of C-ABI imports (c-import-abi.ts, HOST_ABI.md):
 * arrays of scalars cross as (ptr, i64), everything else an array or an
 * aggregate would need is refused by name.
 */
import test from "ava";
import { arrayType, BOOL, dynArrayType, F32, F64, FzError, I32, I8, type ImportDef, STR, type Type } from "@fzy/ir";
import type { LType } from "@fzy/lir";
import { cImportExtern } from "./c-import-abi.js";

const parts = (t: Type): LType[] => [t.kind === "int" ? (`i${t.bits}` as LType) : t.kind === "bool" ? "bool" : t.kind === "f64" ? "f64" : t.kind === "f32" ? "f32" : "ptr"];
const def = (params: Type[], result: Type | null): ImportDef => ({ name: "h", params, result, abi: "c" });

test("c import abi: a fixed or dynamic array of scalars is a pointer and a length, beside scalars and a str", (t) => {
  const ext = cImportExtern(def([dynArrayType(I32), I8, arrayType(F64, 3), STR, arrayType(BOOL, 2), dynArrayType(F32)], I32), parts);
  t.deepEqual(ext.params, ["ptr", "i64", "i8", "ptr", "i64", "ptr", "i64", "ptr", "i64", "ptr", "i64"]);
  t.deepEqual(ext.results, ["i32"]);
});

const refused: [string, ImportDef, RegExp][] = [
  ["an array of str", def([dynArrayType(STR)], null), /an array crosses a C-ABI import only of int, bool, f64 or f32 elements/],
  ["an array of arrays", def([dynArrayType(arrayType(I32, 2))], null), /only of int, bool, f64 or f32 elements/],
  ["an array result", def([], dynArrayType(I32)), /an array result cannot cross a C-ABI import yet/],
];
for (const [what, d, msg] of refused) {
  test(`c import abi: refuses ${what}`, (t) => {
    t.regex(t.throws(() => cImportExtern(d, parts), { instanceOf: FzError })!.message, msg);
  });
}
