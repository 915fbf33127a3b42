/**
 * parseIntLiteral: the fast path for short plain decimals and the general
 * path (separators, hex, long literals) agree with the grammar's INT
 * (SPEC.md) and with BigInt on every form.
 */
import test from "ava";
import { parseIntLiteral } from "./literals.js";

test("plain decimals, signs and leading zeros", (t) => {
  for (const [text, want] of [["0", 0n], ["-0", 0n], ["7", 7n], ["007", 7n], ["-42", -42n], ["999999999999999", 999999999999999n], ["-999999999999999", -999999999999999n]] as const) {
    t.is(parseIntLiteral(text), want, text);
  }
});

test("long literals, separators and hex take the general path exactly", (t) => {
  t.is(parseIntLiteral("9223372036854775807"), 9223372036854775807n);
  t.is(parseIntLiteral("-9223372036854775808"), -9223372036854775808n);
  t.is(parseIntLiteral("9007199254740993"), 9007199254740993n); // 2^53 + 1: not a double
  t.is(parseIntLiteral("1_000_000"), 1000000n);
  t.is(parseIntLiteral("-0x7f"), -127n);
  t.is(parseIntLiteral("0xff_ff"), 65535n);
});

test("what is not an INT is null", (t) => {
  for (const text of ["", "-", "12a", "1.5", "1__0", "_1", "1_", "0x", "--1", "+1", "nan", "x12"]) t.is(parseIntLiteral(text), null, text);
});
