import test from "ava";
import { I32, I64, structType } from "./types.js";
import { INFOS_PER_NAME, ValueInfos } from "./value-infos.js";

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

test("past INFOS_PER_NAME types a name's infos are still right, only no longer all shared", (t) => {
  const infos = new ValueInfos(["x"]);
  const types = Array.from({ length: 3 * INFOS_PER_NAME }, (_, k) => structType(`S${k}`));
  for (let round = 0; round < 2; round++) {
    for (const type of types) {
      const info = infos.of(0, type);
      t.is(info.type, type);
      t.is(info.name, "x");
    }
  }
});
