/**
 * The printer is a pure function of (module, target): printing twice, or
 * printing a rebuilt copy, gives identical text, and printing leaves the
 * module untouched.
 */
import test from "ava";
import { EXAMPLES } from "./examples.js";
import { printLLVM, SUPPORTED_TARGETS } from "./index.js";

/** A structural fingerprint of a module (bigints and byte arrays spelled out). */
function fingerprint(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    typeof v === "bigint" ? `${v}n` : v instanceof Uint8Array ? Array.from(v) : v);
}

for (const example of EXAMPLES) {
  test(`deterministic ${example.name}`, (t) => {
    for (const target of SUPPORTED_TARGETS) {
      const module = example.build();
      const before = fingerprint(module);
      const first = printLLVM(module, { target });
      t.is(printLLVM(module, { target }), first);
      t.is(printLLVM(example.build(), { target }), first);
      t.is(fingerprint(module), before);
    }
  });
}
