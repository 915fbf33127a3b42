/** Spare: what one call gives back goes to the next taker, and to one taker only. */
import test from "ava";
import { Spare } from "./spare.js";

test("a given object goes to the next take, and to one take only", (t) => {
  const s = new Spare<{ n: number }>();
  t.is(s.take(), undefined);
  const a = { n: 1 };
  s.give(a);
  t.is(s.take(), a);
  t.is(s.take(), undefined);
  const b = { n: 2 };
  s.give(a);
  s.give(b);
  t.is(s.take(), b);
});
