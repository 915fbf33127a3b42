/**
 * isStringTooLong: the engine's two refusals of a string longer than it can
 * hold count, nothing else does. (The printers and the wasm backend turn
 * them into "limit" errors. V8's own refusal is met here, by doubling a
 * string; the decoder's needs a text too large to make in a test.)
 */
import test from "ava";
import { FzError, isStackOverflow, isStringTooLong } from "./errors.js";
import { parseModule } from "./resolve-syntax.js";

test("a string past the engine's longest is recognised, as the decoder and as V8 refuse it; other errors are not", (t) => {
  let joined: unknown;
  try {
    // Doubled by concatenation: V8 makes a rope of the two halves, so no string of that length is ever laid out.
    let s = "x".repeat(1 << 20);
    for (let k = 0; k < 10; k++) s += s;
  } catch (e) {
    joined = e;
  }
  t.true(joined instanceof RangeError, "V8 refuses a string of 2^29 units");
  t.true(isStringTooLong(joined));
  t.true(isStringTooLong(Object.assign(new Error("Cannot create a string longer than 0x1fffffe8 characters"), { code: "ERR_STRING_TOO_LONG" })));
  t.false(isStringTooLong(new RangeError("Maximum call stack size exceeded")));
  t.false(isStringTooLong(new Error("Invalid string length")), "only V8's RangeError says it so");
  t.false(isStringTooLong("Invalid string length"));
});

test("parseModule of more bytes than a string can hold is a limit error at 1:1 that says so, not an internal parser error", (t) => {
  const bytes = new Uint8Array(1 << 29).fill(0x20); // 2^29 spaces: 24 more than V8's longest string
  const e = t.throws(() => parseModule(bytes, "big.fzir"), { instanceOf: FzError });
  t.is(e!.code, "limit");
  t.is(e!.format(), "big.fzir:1:1: error[limit]: input of 536870912 bytes is longer than the longest string the JavaScript engine holds (about 536 million characters)");
});

test("the engine's stack overflow is recognised; other RangeErrors are not", (t) => {
  const deep = (n: number): number => (n === 0 ? 0 : 1 + deep(n - 1));
  let overflow: unknown;
  try {
    deep(1e7);
  } catch (e) {
    overflow = e;
  }
  t.true(isStackOverflow(overflow));
  t.false(isStackOverflow(new RangeError("Invalid string length")));
  t.false(isStackOverflow(new Error("Maximum call stack size exceeded")), "only V8's RangeError says it so");
});
