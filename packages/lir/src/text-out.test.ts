/**
 * TextOut against the plain string it must equal: ASCII bytes, strings
 * with non-ASCII characters (lone surrogates included) kept beside them,
 * numbers spelled as `${x}`, growth and chunking at every buffer size, and
 * moving a scratch text into another.
 */
import test from "ava";
import { TextOut } from "./text-out.js";

/** A deterministic pseudo-random sequence (LCG), so a failure repeats. */
function rng(seed: number): () => number {
  let x = seed >>> 0;
  return () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

const PIECES = ["    ", " = ", "iadd", ", ", "é", "x\u{1F600}y", "\uD800", "run", "", "; srcloc", "\u00a0lead", "plain_name",
  // Long enough to be copied natively (NATIVE_COPY): all ASCII, and with a non-ASCII character at either end, a lone surrogate, an emoji.
  "f11.0.f12.0.f13.0.f14.0.f15.0.b", "f11.0.f12.0.f13.0.f14.0.f15.0.é", "éf11.0.f12.0.f13.0.f14.0.f15.0", "f11.0.f12.0.\uDC00f13.0.f14.0.f15",
  "f11.0.f12.0.f13.0.f14.0.\u{1F600}", "x".repeat(31), "y".repeat(32), "z".repeat(300)];
const NUMBERS = [0, 1, 9, 10, 99, 100, 101, 999, 1000, 65535, 2 ** 31 - 1, 2 ** 31, 2 ** 53, -1, -99, -(2 ** 31), 1.5, -0.25, NaN, Infinity];

/** Writes a random sequence to `w` and returns the string it must print. */
function scribble(w: TextOut, next: () => number, count: number): string {
  let expect = "";
  for (let i = 0; i < count; i++) {
    const k = Math.floor(next() * 12);
    const piece = PIECES[Math.floor(next() * PIECES.length)]!;
    const x = NUMBERS[Math.floor(next() * NUMBERS.length)]!;
    const y = Math.floor(next() * 5000);
    switch (k) {
      case 0: w.s(piece); expect += piece; break;
      case 1: w.u(x); expect += `${x}`; break;
      case 2: w.v(x); expect += `v${x}`; break;
      case 3: w.imm(x); expect += ` ${x}`; break;
      case 4: w.nl(); expect += "\n"; break;
      case 5:
        w.inst(piece, y, "op", piece, x, y, -1);
        expect += `${piece}v${y} = op${piece} v${x}, v${y}`;
        break;
      case 6:
        if (w.printable(" ; ", piece)) expect += ` ; ${piece}`;
        else refusedRightly(piece);
        break;
      case 7: {
        const tail = PIECES[Math.floor(next() * PIECES.length)]!;
        w.ref(piece, undefined, "%v", x, tail);
        expect += `${piece}%v${x}${tail}`;
        break;
      }
      case 8: {
        const name = PIECES[Math.floor(next() * PIECES.length)]!;
        w.ref(piece, name, "bb", y, ", ");
        expect += `${piece}${name}, `;
        break;
      }
      case 9: {
        // A sigil goes before a name (`%` before a local name), never before a generated one.
        const name = PIECES[Math.floor(next() * PIECES.length)]!;
        w.ref(piece, name, "bb", y, piece, 0x25);
        expect += `${piece}%${name}${piece}`;
        break;
      }
      case 10:
        w.ref(piece, undefined, "%v", x, "", 0x25);
        expect += `${piece}%v${x}`;
        break;
      case 11: {
        // Two operands: a name with a sigil or without, or a generated one.
        const a = next() < 0.3 ? undefined : PIECES[Math.floor(next() * PIECES.length)]!;
        const b = next() < 0.3 ? undefined : PIECES[Math.floor(next() * PIECES.length)]!;
        const sigil = next() < 0.5 ? 0x25 : 0;
        w.refs(piece, a, sigil, x, ", ", b, 0, y, "%v", piece);
        expect += `${piece}${a === undefined ? `%v${x}` : sigil ? `%${a}` : a}, ${b ?? `%v${y}`}${piece}`;
        break;
      }
    }
  }
  return expect;
}

/** printable refuses exactly the strings with a character outside 0x20..0x7e. */
function refusedRightly(piece: string): void {
  if (/^[\x20-\x7e]*$/.test(piece)) throw new Error(`printable refused '${piece}'`);
}

test("a TextOut prints exactly the string its pieces make, at every buffer size", (t) => {
  for (const size of [1, 2, 7, 64, 4096]) {
    for (const growing of [true, false]) {
      const next = rng(size * 2 + Number(growing));
      const w = new TextOut(size, growing);
      const expect = scribble(w, next, 3000);
      t.is(w.text("; head é\n"), `; head é\n${expect}`, `size ${size} growing ${growing}`);
    }
  }
});

test("take moves a scratch text, non-ASCII strings included, and leaves it empty", (t) => {
  const next = rng(7);
  const out = new TextOut(16, true), scratch = new TextOut(8, false);
  let expect = "";
  for (let round = 0; round < 200; round++) {
    expect += scribble(out, next, 5);
    expect += scribble(scratch, next, Math.floor(next() * 40));
    out.take(scratch);
  }
  t.is(out.text(""), expect);
  t.is(scratch.text(""), "");
});

test("an all-ASCII text is one piece with the head in front", (t) => {
  const w = new TextOut(4, true);
  for (let i = 0; i < 1000; i++) { w.v(i); w.nl(); }
  t.is(w.text("; module m\n"), `; module m\n${Array.from({ length: 1000 }, (_, i) => `v${i}\n`).join("")}`);
});

test("text() empties a TextOut, and the next growing one reuses its buffer without its bytes", (t) => {
  const first = new TextOut(4, true);
  for (let i = 0; i < 5000; i++) first.v(i);
  const long = first.text("; a\n");
  t.true(long.startsWith("; a\nv0v1v2"));
  t.is(first.text(""), "", "nothing is left after text()");
  first.s("again");
  t.is(first.text("> "), "> again", "a finished TextOut can be written again");
  const second = new TextOut(4, true);
  second.s("short");
  t.is(second.text("; b\n"), "; b\nshort");
  const third = new TextOut(4, true);
  third.s("é");
  third.s("tail");
  t.is(third.text("; c\n"), "; c\nétail");
});

test("a text longer than the largest buffer a growing TextOut keeps (8 MB) is printed whole, non-ASCII strings included", (t) => {
  const w = new TextOut(1 << 16, true);
  const line = "    v123456 = iconst.i32 -1234567 ; a fairly long line of text\n";
  const parts: string[] = [];
  for (let i = 0; i < 150_000; i++) {
    w.s(line);
    parts.push(line);
    if (i % 20_000 === 7) { w.s("é"); parts.push("é"); }
  }
  const expect = `; head\n${parts.join("")}`;
  t.true(expect.length > 1 << 23);
  t.is(w.text("; head\n"), expect);
  // The next growing text, smaller, reuses a kept buffer without the last one's bytes.
  const next = new TextOut(1 << 16, true);
  next.s("tail");
  t.is(next.text(""), "tail");
});

test("an all-ASCII text longer than the kept buffer (8 MB) is decoded whole, its last bytes in large pieces included", (t) => {
  const w = new TextOut(1 << 16, true);
  const pieces: string[] = [];
  let length = 0;
  // Every piece differs from its neighbours, so a lost, repeated or moved byte at a piece boundary shows.
  for (let i = 0; length < (1 << 23) + 3 * (1 << 19) + 17; i++) {
    const piece = `${i % 99991};`;
    w.s(piece);
    pieces.push(piece);
    length += piece.length;
  }
  t.is(w.text("; h\n"), `; h\n${pieces.join("")}`);
});

test("an all-ASCII text longer than a decoded piece (64 KiB) is decoded whole, at and around the piece boundaries", (t) => {
  for (const length of [(1 << 16) - 1, 1 << 16, (1 << 16) + 1, 3 * (1 << 16) + 17]) {
    const w = new TextOut(64, true);
    let expect = "";
    // Every byte differs from its neighbours, so a lost, repeated or moved byte at a boundary shows.
    for (let i = 0; expect.length < length; i++) {
      const piece = `${i % 997};`;
      w.s(piece);
      expect += piece;
    }
    t.is(w.text("; h\n"), `; h\n${expect}`, `length ${length}`);
  }
});
