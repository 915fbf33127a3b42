/**
 * A guard against code-size blow-ups that counts bytes, not time: every
 * input of the growth probe (bench/probe-shapes.ts) and every adversarial
 * shape of the compile benchmark (bench/compile-shapes.ts) lowers to at most
 * MAX_BYTES_PER_UNIT bytes of text per work unit (IR instruction or switch
 * case) through each backend. A fast path that expands each operation
 * without a bound shows here first: before rule map-many-operations, a local
 * map filled by a run of `map.set`s printed about 1,000 bytes per IR
 * instruction (16 MB of LLVM text for 4,000 keys, conformance/README.md),
 * and every pass after emission paid for it. The conformance corpus prints
 * about 86 bytes per IR instruction; the largest probe today, "many fixed
 * arrays", about 240. Each shape is lowered at a quarter of its smaller
 * size: the bytes per instruction of these straight-line inputs do not
 * depend on their size.
 */
import test from "ava";
import { parseModule } from "@fzy/ir";
import { type Backend, lower } from "@fzy/lower";
import { SHAPES, workUnits } from "./bench/compile-shapes.js";
import { PROBE_SHAPES } from "./bench/probe-shapes.js";

const MAX_BYTES_PER_UNIT = 400;
const BACKENDS: readonly Backend[] = ["llvm", "cranelift"];

/** Each shape with its smaller size. */
const inputs = [
  ...PROBE_SHAPES.map((s) => ({ name: s.name, size: s.size, make: s.make })),
  ...SHAPES.filter((s) => !s.realistic).map((s) => ({ name: s.name, size: s.sizes[0]!, make: s.make })),
];

test(`every probe and adversarial shape prints at most ${MAX_BYTES_PER_UNIT} bytes per IR instruction on each backend`, (t) => {
  for (const { name, size, make } of inputs) {
    const n = Math.max(4, Math.floor(size / 4));
    const m = parseModule(make(n));
    const units = workUnits(m);
    for (const backend of BACKENDS) {
      const bytes = lower(m, backend).text.length;
      t.true(bytes <= MAX_BYTES_PER_UNIT * units, `${name} (${n}) through ${backend}: ${bytes} bytes for ${units} units, ${(bytes / units).toFixed(0)} per unit`);
    }
  }
});
