/**
 * ModuleIndex.fieldIndex / variantIndex / variantOfEnum: the position of a field or variant
 * by name, as the first entry of that name in declaration order, for short
 * lists (searched) and long ones (a table made once); finding every field of
 * a struct reads its list a number of times linear in its length, and so
 * does verifying a value of a map keyed by an enum per variant.
 */
import test from "ava";
import { type EnumDef, type Module, ModuleIndex, type StructDef } from "./module.js";
import { parseModule } from "./resolve-syntax.js";
import { verifyModule } from "./verifier.js";
import { I32 } from "./types.js";

/** A struct of the fields `names` (repeats allowed: the index must answer even for an unverified module). */
function struct(names: readonly string[]): StructDef {
  return { name: "S", fields: names.map((name) => ({ name, type: I32 })) };
}

function indexOf(structs: readonly StructDef[], enums: readonly EnumDef[] = []): ModuleIndex {
  const m: Module = { name: "m", structs, enums, imports: [], functions: [] };
  return new ModuleIndex(m);
}

/** The first position of `name` in `list`, by the plain search. */
const firstOf = (list: readonly { readonly name: string }[], name: string): number => list.findIndex((x) => x.name === name);

test("a field's and a variant's position is the first of its name, in short and long lists", (t) => {
  let seed = 7;
  const random = (n: number): number => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed % n; };
  for (const length of [0, 1, 3, 8, 9, 40, 300]) {
    const names = Array.from({ length }, () => `f${random(Math.max(1, length))}`);
    const s = struct(names);
    const e: EnumDef = { name: "E", variants: names.map((name) => ({ name, payload: null })) };
    const ix = indexOf([s], [e]);
    for (let k = 0; k < length + 5; k++) {
      const name = `f${k}`;
      t.is(ix.fieldIndex(s, name), firstOf(s.fields, name), `field ${name} of ${length}`);
      t.is(ix.variantIndex(e, name), firstOf(e.variants, name), `variant ${name} of ${length}`);
      t.is(ix.variantOfEnum("E", name), firstOf(e.variants, name), `variant ${name} of enum E of ${length}`);
      t.is(ix.variantOfEnum("F", name), -1, `variant ${name} of no enum`);
    }
  }
});

/** How many entries of a struct of n fields are read to find each of its fields once. */
function readsToFindEvery(n: number): number {
  let reads = 0;
  const fields = Array.from({ length: n }, (_, i) => ({ name: `f${i}`, type: I32 }));
  const counted = new Proxy(fields, {
    get(target, key, receiver) {
      if (typeof key === "string" && /^\d+$/.test(key)) reads++;
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  const s: StructDef = { name: "S", fields: counted };
  const ix = indexOf([s]);
  for (let i = 0; i < n; i++) if (ix.fieldIndex(s, `f${i}`) !== i) throw new Error(`field f${i} misplaced`);
  return reads;
}

test("finding every field of a wide struct reads its list linearly often", (t) => {
  const small = readsToFindEvery(1000), large = readsToFindEvery(4000);
  t.true(large <= 6 * small, `${small} reads for 1000 fields, ${large} for 4000`);
});

test("a switch by variant name on a wide enum takes each variant's position as its case value", (t) => {
  const n = 40, order = Array.from({ length: n }, (_, i) => (i * 7) % n);
  const text = [
    "module m",
    `enum E { ${order.map((i) => `V${i}`).join(", ")} }`,
    "fn f(%e: E) -> i32 {",
    "entry:",
    `  switch %e [${Array.from({ length: n }, (_, i) => `V${i} -> b${i}`).join(", ")}]`,
    ...Array.from({ length: n }, (_, i) => `b${i}:\n  %r${i} = const.i32 ${i}\n  ret %r${i}`),
    "}",
  ].join("\n");
  const term = parseModule(text).functions[0]!.blocks[0]!.term;
  if (term.op !== "switch") return t.fail("no switch");
  t.deepEqual(term.cases.map((c) => Number(c.value)), Array.from({ length: n }, (_, i) => order.indexOf(i)));
  t.throws(() => parseModule(text.replace("V3 -> b3", "W3 -> b3")), { message: /enum E has no variant W3/ });
});

test("whether an enum has a payload, in short and long lists", (t) => {
  for (const length of [1, 8, 9, 100]) {
    for (const at of [-1, 0, length - 1]) {
      const e: EnumDef = { name: "E", variants: Array.from({ length }, (_, i) => ({ name: `V${i}`, payload: i === at ? I32 : null })) };
      const ix = indexOf([], [e]);
      t.is(ix.hasPayload(e), at >= 0, `payload at ${at} of ${length}`);
      t.is(ix.hasPayload(e), at >= 0);
    }
  }
});

/** How many variants are read to verify a function with a map value keyed by an enum of n variants per variant. */
function readsToVerifyEnumKeyedMaps(n: number): number {
  const text = [
    "module m",
    `enum E { ${Array.from({ length: n }, (_, i) => `V${i}`).join(", ")} }`,
    "fn f(%n: i32) -> i32 {",
    "  var $m: {E: i32}",
    "entry:",
    "  %m = map.new {E: i32}",
    "  set $m, %m",
    ...Array.from({ length: n }, (_, i) => `  %m${i} = get $m\n  %e${i} = enum.new E.V${i}\n  map.set %m${i}, %e${i}, %n`),
    "  ret %n",
    "}",
  ].join("\n");
  const parsed = parseModule(text);
  let reads = 0;
  const variants = new Proxy([...parsed.enums[0]!.variants], {
    get(target, key, receiver) {
      if (typeof key === "string" && /^\d+$/.test(key)) reads++;
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  verifyModule({ ...parsed, enums: [{ name: "E", variants }] });
  return reads;
}

test("verifying a value of an enum-keyed map per variant reads the enum linearly often", (t) => {
  const small = readsToVerifyEnumKeyedMaps(500), large = readsToVerifyEnumKeyedMaps(2000);
  t.true(large <= 6 * small, `${small} reads for 500 variants, ${large} for 2000`);
});
