/**
 * The workspace handed from one module to the next: a callee's declaration
 * stamp from an earlier function or module never counts as declared, and a
 * module printed after others (reused tables) or beside another (two
 * writers at once) prints what it prints alone.
 */
import test from "ava";
import { readdirSync, readFileSync } from "node:fs";
import { parseLIR, type LModule } from "@fzy/lir";
import { ClifModuleWriter, printCLIF } from "./index.js";
import { CalleeStamps } from "./workspace.js";

const FIXTURES = new URL("../../../filetests/lir/", import.meta.url);
const fixture = (name: string): LModule => parseLIR(readFileSync(new URL(`${name}.lir`, FIXTURES), "utf8"), `${name}.lir`);
const NAMES = readdirSync(FIXTURES).filter((f) => f.endsWith(".lir")).map((f) => f.slice(0, -4)).sort();

test("a callee stamp counts only for the function that set it", (t) => {
  const s = new CalleeStamps();
  s.startModule(3);
  const a = s.nextSerial(), b = s.nextSerial();
  t.not(a, 0);
  t.is(s.ref(1, a), -1, "nothing declared yet");
  s.set(1, a, 7);
  t.is(s.ref(1, a), 7);
  t.is(s.ref(1, b), -1, "a later function has not declared it");
  s.fit(1000);
  t.is(s.ref(1, a), 7, "growing keeps the stamps");
  s.startModule(5);
  t.is(s.ref(1, s.nextSerial()), -1, "nor has a function of the next module");
});

test("modules print the same after others and beside others as alone", (t) => {
  t.true(NAMES.length >= 10);
  const alone = new Map(NAMES.map((n) => [n, printCLIF(fixture(n))]));
  for (const name of [...NAMES].reverse()) t.deepEqual(printCLIF(fixture(name)), alone.get(name), `${name} after others`);
  for (let i = 0; i + 1 < NAMES.length; i += 2) {
    const x = fixture(NAMES[i]!), y = fixture(NAMES[i + 1]!);
    const wx = new ClifModuleWriter(x), wy = new ClifModuleWriter(y);
    for (let k = 0; k < Math.max(x.functions.length, y.functions.length); k++) {
      if (k < x.functions.length) wx.add(x.functions[k]!, k);
      if (k < y.functions.length) wy.add(y.functions[k]!, k);
    }
    t.deepEqual(wy.finish(y), alone.get(NAMES[i + 1]!), `${NAMES[i + 1]} beside ${NAMES[i]}`);
    t.deepEqual(wx.finish(x), alone.get(NAMES[i]!), `${NAMES[i]} beside ${NAMES[i + 1]}`);
  }
});
