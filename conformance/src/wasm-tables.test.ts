/**
 * Jump tables through the wasm backend (lower-wasm table-dispatch.ts): a
 * table of more than ONE_LEVEL_EDGES distinct edges dispatches in two levels
 * (a chunk, then an edge within it), which keeps the nesting of wasm blocks
 * near twice the square root of the table's length instead of the whole
 * length. Each table here is a dense switch on the input whose cases pass
 * values of their own to one join (so it is neither a lookup table nor a
 * compare chain); some cases share a target (an edge of several chunks, or
 * of one), and the default is taken below, above and far outside the
 * cases. Every input must give the interpreter's result, and the text's
 * indentation (binaryen indents by nesting depth) stays shallow.
 */
import test from "ava";
import { interpret, parseModule } from "@fzy/ir";
import { lowerText } from "@fzy/lower";
import { ONE_LEVEL_EDGES } from "@fzy/lower-wasm";
import { showOutcome } from "./parity.js";
import { compileWasm, wasmOutcome } from "./wasm-outcome.js";

/**
 * A kernel switching on n over cases 0..cases-1: case i goes to its own
 * block p_i, except every `shareEvery`-th case, which goes to p_(i mod 5)
 * (cases far apart sharing an edge); the default block passes its own value.
 */
function tableModule(cases: number, shareEvery: number): { text: string; edges: number } {
  const targets = Array.from({ length: cases }, (_, i) => (i % shareEvery === 0 ? `p${i % 5}` : `p${i}`));
  const blocks = [...new Set(targets)];
  const body = [
    "entry:", "  set $v, %n",
    `  switch %n [${targets.map((b, i) => `${i} -> ${b}`).join(", ")}] default dflt`,
    ...blocks.flatMap((b) => [`${b}:`, `  %c_${b} = const.i32 ${7 * Number(b.slice(1)) + 3}`, `  %x_${b} = xor %n, %c_${b}`, `  set $v, %x_${b}`, "  jump join"]),
    "dflt:", "  %kd = const.i32 1000003", "  %xd = mul %n, %kd", "  set $v, %xd", "  jump join",
    "join:", "  %r = get $v", "  ret %r",
  ];
  const text = ["module tables", "export fn kernel(%n: i32) -> i32 {", "  var $v: i32", ...body, "}", ""].join("\n");
  return { text, edges: blocks.length + 1 };
}

/** The deepest indentation of a text, in characters. */
const deepest = (text: string) => text.split("\n").reduce((d, l) => Math.max(d, l.length - l.trimStart().length), 0);

for (const [cases, shareEvery, maxIndent] of [[40, 7, 120], [90, 4, 120], [1000, 9, 200], [4096, 13, 320]] as const) {
  test(`a jump table of ${cases} cases (every ${shareEvery}th shared) gives the interpreter's result for every case and the default`, (t) => {
    const { text, edges } = tableModule(cases, shareEvery);
    const r = lowerText(text, "wasm");
    t.regex(r.text, /br_table/, "the switch is a jump table");
    // Two levels past ONE_LEVEL_EDGES distinct edges: the outer table's index is the input shifted right.
    t.is(/i32\.shr_u/.test(r.text), edges > ONE_LEVEL_EDGES, `${edges} distinct edges`);
    t.true(deepest(r.text) <= maxIndent, `deepest indentation ${deepest(r.text)}`);
    const module = compileWasm(r.binary);
    const step = Math.max(1, Math.floor(cases / 300));
    const inputs = [-2147483648, -1, 2147483647, cases, cases + 1, cases + 64, 4096, 65535];
    for (let i = 0; i < cases; i += step) inputs.push(i);
    for (const edge of [63, 64, 65, 127, 128, cases - 1]) if (edge < cases) inputs.push(edge);
    const m = parseModule(text); // (no case traps: the interpreter's value is the outcome)
    const bad = inputs.filter((n) => showOutcome(wasmOutcome(module, n)) !== String(interpret(m, "kernel", [n])));
    t.deepEqual(bad, [], `inputs whose wasm result differs from the interpreter's`);
  });
}
