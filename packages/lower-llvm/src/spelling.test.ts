/** Literal and name spelling: exact floats, normalized integers, escaping, quoting. */
import test from "ava";
import { escapeBytes, floatLiteral, globalName, intLiteral, isBareName, llvmType } from "./spelling.js";

test("f64 constants print as exact IEEE bits", (t) => {
  t.is(floatLiteral(1), "0x3FF0000000000000");
  t.is(floatLiteral(0.1), "0x3FB999999999999A");
  t.is(floatLiteral(-0), "0x8000000000000000");
  t.is(floatLiteral(0), "0x0000000000000000");
  t.is(floatLiteral(Number.POSITIVE_INFINITY), "0x7FF0000000000000");
  t.is(floatLiteral(Number.NaN), "0x7FF8000000000000");
  t.is(floatLiteral(Number.MIN_VALUE), "0x0000000000000001");
  t.is(floatLiteral(-Number.MAX_VALUE), "0xFFEFFFFFFFFFFFFF");
  t.is(floatLiteral(Math.fround(0.1)), "0x3FB99999A0000000", "an f32 value as the double of the same value");
});

test("a name is bare exactly when it matches LangRef's identifier pattern", (t) => {
  for (const n of ["a", "acc_next", "v12", "$x", "-", ".", "_9", "a.b-c$d", "f0.0.f1.0.b"]) t.true(isBareName(n), n);
  for (const n of ["1st", "", "9", "x y", "caf\u00e9", "a/b", "Z@", "a\u{1F980}", "a\n"]) t.false(isBareName(n), JSON.stringify(n));
});

test("short and long names are bare exactly when LangRef's pattern matches every character, whatever their length", (t) => {
  const pattern = /^[-a-zA-Z$._][-a-zA-Z$._0-9]*$/;
  // Every ASCII character and a few others, first and later, in names on both sides of the short-name loop's bound.
  const chars = [...Array.from({ length: 128 }, (_, c) => String.fromCharCode(c)), "\u00e9", "\u{1F980}", "\uD800"];
  for (const len of [1, 2, 15, 16, 17, 40]) {
    for (const c of chars) {
      for (const name of [c + "a".repeat(len - 1), "a".repeat(len - 1) + c, "b".repeat(len >> 1) + c + "b".repeat(len - 1 - (len >> 1))]) {
        t.is(isBareName(name), pattern.test(name), JSON.stringify(name));
      }
    }
  }
});

test("integer constants are reduced to their width and printed signed", (t) => {
  t.is(intLiteral("i8", 255n), "-1");
  t.is(intLiteral("i8", 127n), "127");
  t.is(intLiteral("i32", 0x80000000n), "-2147483648");
  t.is(intLiteral("i64", (1n << 64n) - 1n), "-1");
  t.is(intLiteral("bool", 1n), "true");
  t.is(intLiteral("bool", 0n), "false");
});

test("integer constants read as numbers spell what the bigint reduction spells", (t) => {
  const widths = { i8: 8, i16: 16, i32: 32, i64: 64 } as const;
  const edges = [0n, 1n, 0x7fn, 0x80n, 0xffn, 0x100n, 0x7fffn, 0x8000n, 0xffffn, 0x1_0000n, 0x7fff_ffffn, 0x8000_0000n, 0xffff_ffffn, 0x1_0000_0000n, 0x1234_5678n];
  const values = edges.flatMap((v) => [v, -v, v - 1n, -v - 1n, v + 1n]);
  for (const [type, w] of Object.entries(widths)) {
    for (const v of values) t.is(intLiteral(type as keyof typeof widths, v), BigInt.asIntN(w, v).toString(), `${type} ${v}`);
  }
});

test("bytes escape everything but printable ASCII, and quotes and backslashes", (t) => {
  t.is(escapeBytes(new TextEncoder().encode('a"b\\c\n\u00e9')), "a\\22b\\5Cc\\0A\\C3\\A9");
  t.is(escapeBytes(new Uint8Array([0, 0x7f, 0x20, 0x7e])), "\\00\\7F ~");
});

test("a long byte run escapes as its bytes one by one do (the long path writes a buffer)", (t) => {
  // Every byte value, then runs long enough to take the buffer path, each starting at another byte.
  for (const length of [256, 257, 1000, 70_000]) {
    const bytes = Uint8Array.from({ length }, (_, i) => (i * 7 + length) & 0xff);
    const oneByOne = Array.from(bytes, (b) => escapeBytes(Uint8Array.of(b))).join("");
    t.is(escapeBytes(bytes), oneByOne, `${length} bytes`);
  }
  t.is(escapeBytes(new TextEncoder().encode("日".repeat(200))), "\\E6\\97\\A5".repeat(200));
});

test("global names are bare when LLVM reads them back as one identifier", (t) => {
  t.is(globalName("fz_panic_bounds"), "@fz_panic_bounds");
  t.is(globalName("str.0"), "@str.0");
  t.is(globalName("0abc"), '@"0abc"');
  t.is(globalName("a b"), '@"a b"');
});

test("machine types map to LLVM types", (t) => {
  t.deepEqual(
    (["bool", "i8", "i16", "i32", "i64", "f64", "ptr"] as const).map(llvmType),
    ["i1", "i8", "i16", "i32", "i64", "double", "ptr"],
  );
});
