/**
 * What strength reduction (lower-arithmetic.ts strengthReduced) relies on
 * when it asks the matrix once, with a proof, and asks for the proof only
 * where that question gives the unsigned form: without a proof the matrix
 * never gives it, and with one it gives what it gives unproven everywhere
 * else.
 */
import test from "ava";
import { decide, type Mode } from "./eligibility.js";

test("the matrix makes a division unsigned only on a proof: one question with a proof settles what the proof can change", (t) => {
  let unsigned = 0;
  for (const mode of ["off", "on", "force"] as Mode[]) {
    for (const enabled of [true, false]) {
      for (const constant of [true, false]) {
        const ask = (proven: boolean) => decide({ kind: "division", mode, enabled, escape: "none", mutability: "immutable", constant, proven });
        const proven = ask(true), unproven = ask(false);
        t.not(unproven.form, "unsigned-division", `${mode} ${enabled} ${constant}`);
        if (proven.form === "unsigned-division") unsigned++;
        else t.deepEqual(proven, unproven, `${mode} ${enabled} ${constant}: a proof that cannot make it unsigned changes nothing`);
      }
    }
  }
  t.is(unsigned, 2, "mode on and force, enabled, by a positive constant");
});
