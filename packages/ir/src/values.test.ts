/** Printing interpreter values (formatValue) and converting host values (toIValue). */
import test from "ava";
import { F64, formatValue, I32, I64, I8, IEnum, IStruct, STR, toIValue } from "./index.js";

test("scalars print as the text format spells literals", (t) => {
  t.is(formatValue(183), "183");
  t.is(formatValue(-1n), "-1");
  t.is(formatValue(true), "true");
  t.is(formatValue(1, F64), "1.0");
  t.is(formatValue(1.5), "1.5");
  t.is(formatValue(NaN, F64), "nan");
  t.is(formatValue(-Infinity, F64), "-inf");
  t.is(formatValue(1e21, F64), "1.0e21");
  t.is(formatValue(1.5e-7, F64), "1.5e-7");
  t.is(formatValue("a\"b\\\n\u0001é"), '"a\\"b\\\\\\n\\x01é"');
  t.is(formatValue(undefined), "()");
});

test("aggregates print with names", (t) => {
  const pair = new IStruct({ name: "Pair", fields: [{ name: "left", type: I32 }, { name: "right", type: F64 }] }, [1, 2]);
  t.is(formatValue(pair), "Pair { left: 1, right: 2.0 }");
  const opt = { name: "Opt", variants: [{ name: "None", payload: null }, { name: "Some", payload: STR }] };
  t.is(formatValue(new IEnum(opt, 1, "x")), 'Opt.Some("x")');
  t.is(formatValue(new IEnum(opt, 0, undefined)), "Opt.None");
  t.is(formatValue([1, 2, 3]), "[1, 2, 3]");
  t.is(formatValue({ handle: 3 }), "<handle>");
});

test("host integers wrap to the parameter width", (t) => {
  t.is(toIValue(I32, 2 ** 31, "x"), -(2 ** 31));
  t.is(toIValue(I8, 200n, "x"), -56);
  t.is(toIValue(I64, 2 ** 53, "x"), 2n ** 53n);
  t.throws(() => toIValue(I32, 1.5, "argument 1"), { message: "argument 1: 1.5 is not a i32" });
  t.throws(() => toIValue(STR, 1, "argument 1"), { code: "option" });
});
