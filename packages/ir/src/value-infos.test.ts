import test from "ava";
import { I32, I64, structType } from "./types.js";
import { TYPES_KEPT, ValueInfos } from "./value-infos.js";

test("one ValueInfo per name and type object; each name keeps its own", (t) => {
  const infos = new ValueInfos(["x", "y"]);
  const x32 = infos.of(0, I32);
  t.deepEqual(x32, { name: "x", type: I32 });
  t.is(infos.of(0, I32), x32);
  const y32 = infos.of(1, I32);
  t.not(y32, x32);
  t.is(y32.name, "y");
});

test("a name that changes type and back gets its earlier info again", (t) => {
  const infos = new ValueInfos(["x"]);
  const a = infos.of(0, I32), b = infos.of(0, I64);
  t.deepEqual(b, { name: "x", type: I64 });
  t.is(infos.of(0, I32), a);
  t.is(infos.of(0, I64), b);
});

test("a name seen with many types gets its earlier info of each type again", (t) => {
  const infos = new ValueInfos(["x"]);
  const types = Array.from({ length: 40 }, (_, k) => structType(`S${k}`));
  const first = types.map((type) => infos.of(0, type));
  for (let k = 0; k < types.length; k++) t.is(infos.of(0, types[k]!), first[k]);
});

test("past TYPES_KEPT type objects the infos are still right, only no longer all shared", (t) => {
  const infos = new ValueInfos(["x"]);
  const types = Array.from({ length: 3 * TYPES_KEPT }, (_, k) => structType(`S${k}`));
  for (let round = 0; round < 2; round++) {
    for (const type of types) {
      const info = infos.of(0, type);
      t.is(info.type, type);
      t.is(info.name, "x");
    }
  }
});
