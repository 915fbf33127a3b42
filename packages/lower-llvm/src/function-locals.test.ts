/** The generated spellings a module's functions share: each spelled as the printer writes it, below and past the shared range. */
import test from "ava";
import { GeneratedRefs, LocalArrays, NameBytes } from "./function-locals.js";
import { LocalNames } from "./local-names.js";

test("values, temporaries and slots are spelled %vN, %tN (named tN) and %sN, in any order of asking", (t) => {
  const refs = new GeneratedRefs();
  for (const i of [5, 0, 3, 2047, 2048, 100000, 1]) {
    t.is(refs.value(i), `%v${i}`);
    t.is(refs.temp(i), `%t${i}`);
    t.is(refs.tempName(i), `t${i}`);
    t.is(refs.slot(i), `%s${i}`);
  }
});

test("one module's refs agree with a fresh one's for every number asked for twice", (t) => {
  const shared = new GeneratedRefs();
  for (let i = 0; i < 3000; i += 7) shared.value(i);
  const fresh = new GeneratedRefs();
  for (let i = 2999; i >= 0; i -= 3) t.is(shared.value(i), fresh.value(i));
});

test("the Locals a module reuses number each function's temporaries from 0, around the names it claimed", (t) => {
  const locals = new LocalArrays(new GeneratedRefs()).locals;
  locals.fill([], [], [], undefined);
  t.deepEqual([locals.temp(), locals.temp()], ["%t0", "%t1"]);
  const names = new LocalNames();
  names.claim("t0");
  locals.fill([], [], [], names);
  t.deepEqual([locals.temp(), locals.temp()], ["%t0.1", "%t1"]);
  names.clear();
  locals.fill([], [], [], names);
  t.is(locals.temp(), "%t0");
});

/** The text NameBytes holds for each value, read back as the printer writes it (undefined where the value has no name). */
function namesRead(bytes: NameBytes, named: readonly (string | undefined)[]): (string | undefined)[] {
  return named.map((n, v) => (n === undefined ? undefined : String.fromCharCode(...bytes.bytes.subarray(bytes.start[v], bytes.end[v]))));
}

test("the names' bytes are `%` and each name, the same as writing its string, for generated functions one after another", (t) => {
  const bytes = new NameBytes();
  let seed = 7;
  const next = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
  // Functions of growing and shrinking size, so the reused arrays grow and keep stale entries past the named ones.
  for (const count of [3, 200, 5, 1000, 0, 40]) {
    const named = Array.from({ length: count }, () => (next(3) === 0 ? undefined : next(4) === 0 ? `"${next(1000)}st"` : `n${"x".repeat(next(40))}.${next(9)}`));
    bytes.fill(named, count);
    t.deepEqual(namesRead(bytes, named), named.map((n) => (n === undefined ? undefined : `%${n}`)));
  }
});

test("a name that is not ASCII is refused: spelledName escapes anything else", (t) => {
  t.throws(() => new NameBytes().fill(["caf\u00e9"], 1), { message: /not spelled in ASCII/ });
});
