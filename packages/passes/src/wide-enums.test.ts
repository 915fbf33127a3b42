/**
 * Lowering wide enums reads each enum's variant list a number of times
 * linear in its length, however many instructions name a variant: a switch
 * of constant-variant arms (a lookup table), an array literal of variants,
 * and a payload enum's values made and read back. Counted on a list that
 * tallies its reads, at two sizes.
 */
import test from "ava";
import { type EnumDef, type Module, parseModule } from "@fzy/ir";
import { lowerModule } from "./lower-module.js";

/** A module using every variant of a plain enum E and a payload enum P, each of n variants. */
function wideEnums(n: number): string {
  const each = (f: (i: number) => string): string[] => Array.from({ length: n }, (_, i) => f(i));
  return [
    "module wide",
    `enum E { ${each((i) => `V${i}`).join(", ")} }`,
    `enum P { ${each((i) => `W${i}(i32)`).join(", ")} }`,
    "fn make(%k: i32) -> E {",
    "  var $r: E",
    "entry:",
    `  switch %k [${each((i) => `${i} -> m${i}`).join(", ")}] default m0`,
    ...each((i) => `m${i}:\n  %e${i} = enum.new E.V${i}\n  set $r, %e${i}\n  jump done`),
    "done:\n  %r = get $r\n  ret %r",
    "}",
    "fn pick(%k: i32) -> i32 {",
    "entry:",
    ...each((i) => `  %a${i} = enum.new E.V${(i * 7) % n}`),
    `  %arr = array.lit [E; ${n}], ${each((i) => `%a${i}`).join(", ")}`,
    "  %x = array.get %arr, %k\n  %t = enum.tag %x\n  ret %t",
    "}",
    "fn payloads(%k: i32) -> i32 {",
    "entry:",
    "  %s0 = const.i32 0",
    ...each((i) => `  %p${i} = enum.new P.W${i}, %k\n  %q${i} = enum.payload %p${i}, W${i}\n  %s${i + 1} = add %s${i}, %q${i}`),
    `  ret %s${n}`,
    "}",
    "export fn kernel(%n: i32) -> i32 {",
    "entry:\n  %e = call @make, %n\n  %t = enum.tag %e\n  %a = call @pick, %t\n  %b = call @payloads, %a\n  ret %b",
    "}",
    "",
  ].join("\n");
}

/** How many variants of the two enums are read to lower `wideEnums(n)` on `backend`. */
function variantReads(n: number, backend: "llvm" | "cranelift"): number {
  let reads = 0;
  const counted = (e: EnumDef): EnumDef => ({
    name: e.name,
    variants: new Proxy([...e.variants], {
      get(target, key, receiver) {
        if (typeof key === "string" && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver) as unknown;
      },
    }),
  });
  const parsed = parseModule(wideEnums(n));
  const m: Module = { ...parsed, enums: parsed.enums.map(counted) };
  for (const mode of ["on", "force"] as const) lowerModule(m, { backend, mode });
  return reads;
}

for (const backend of ["llvm", "cranelift"] as const) {
  test(`lowering every variant of wide enums reads their lists linearly often (${backend})`, (t) => {
    const small = variantReads(300, backend), large = variantReads(1200, backend);
    t.true(large <= 6 * small, `${small} variant reads for 300 variants, ${large} for 1200`);
  });
}
