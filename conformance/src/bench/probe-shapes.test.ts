import test from "ava";
import { parseModule, verifyModule } from "@fzy/ir";
import { lower } from "@fzy/lower";
import { workUnits } from "./compile-shapes.js";
import { PROBE_SHAPES } from "./probe-shapes.js";

test("every probe shape is a valid module that both backends lower, and grows with its size", (t) => {
  const names = new Set<string>();
  for (const s of PROBE_SHAPES) {
    t.false(names.has(s.name), `${s.name} is named once`);
    names.add(s.name);
    const small = parseModule(s.make(8));
    t.notThrows(() => verifyModule(small), s.name);
    for (const backend of ["llvm", "cranelift"] as const) t.true(lower(small, backend).text.length > 0, `${s.name} ${backend}`);
    // The axis the probe scales is the input's size: four times the size, at least three times the instructions.
    t.true(workUnits(parseModule(s.make(256))) >= 3 * workUnits(parseModule(s.make(64))), `${s.name} grows`);
  }
});
