/** Printing interpreter values (formatValue) and converting host values (toIValue). */
import test from "ava";
import { F64, formatValue, I32, I64, I8, IEnum, IStruct, quoteString, STR, toIValue } from "./index.js";

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

/** quoteString as it was written first, a character at a time: the reference the buffered one must match. */
function quotedOneByOne(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (c === 0) out += "\\0";
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return out + '"';
}

test("quoteString writes every string as a character at a time would, across its buffer's chunks", (t) => {
  const ascii = Array.from({ length: 0x80 }, (_, c) => String.fromCharCode(c)).join("");
  const cases = [
    "", "plain", ascii, "é日本\u{1F600}", "\ud800 lone \udfff",
    // Escapes (up to 4 units each) at and around the 4,096-unit chunk boundary, and a run of them past it.
    ..."\x7f\n\"".split("").flatMap((e) => [4094, 4095, 4096, 4097].map((k) => "a".repeat(k) + e + "z" + e)),
    "\x01".repeat(5000) + "tail", `${ascii}日`.repeat(300),
  ];
  for (const s of cases) t.is(quoteString(s), quotedOneByOne(s), JSON.stringify(s.slice(0, 40)));
});
