/** ImmTable: one immediate per distinct spelling, and no immediate for a spelling that is not one. */
import test from "ava";
import { NameTable } from "./names.js";
import { ImmTable } from "./resolve-imms.js";

test("a variant is one shared immediate per spelling; a word that is not Enum.Variant has none", (t) => {
  const names = new NameTable();
  const src = "Opt.Some Opt.None Some A.B.C";
  const [some, none, bare, three] = [names.intern(src, 0, 8), names.intern(src, 9, 17), names.intern(src, 18, 22), names.intern(src, 23, 28)];
  const imms = new ImmTable(names);
  const a = imms.variant(some!);
  t.deepEqual(a, { kind: "variant", enumName: "Opt", variant: "Some" });
  t.is(imms.variant(some!), a);
  t.deepEqual(imms.variant(none!), { kind: "variant", enumName: "Opt", variant: "None" });
  t.is(imms.variant(bare!), null);
  t.is(imms.variant(three!), null);
  t.is(imms.variant(bare!), null);
});
