/**
 * The literal-chain search reads definitions and use counts: those the
 * lowering keeps (FunctionEmitter's, passed as ChainFacts) must find the
 * same chains as those the search makes itself, over every function of the
 * conformance corpus; and facts that disagree with the function change the
 * answer (so the facts are read, not ignored).
 */
import { readdirSync, readFileSync } from "node:fs";
import test from "ava";
import { computeDominators, type Func, type Inst, parseModule } from "@fzy/ir";
import { type ChainFacts, findLiteralChains } from "./lower-literal-set.js";
import { countUses } from "./use-counts.js";

const CONFORMANCE = new URL("../../../conformance/", import.meta.url);

const functions: Func[] = ["kernels", "modules", "regressions"].flatMap((dir) =>
  readdirSync(new URL(`${dir}/`, CONFORMANCE)).filter((f) => f.endsWith(".fzir")).sort()
    .flatMap((f) => parseModule(readFileSync(new URL(`${dir}/${f}`, CONFORMANCE), "utf8"), `${dir}/${f}`).functions));

/** The function's own definitions and use counts, as the lowering keeps them. */
function factsOf(f: Func): ChainFacts {
  const defInst = new Array<Inst | undefined>(f.values.length).fill(undefined);
  for (const b of f.blocks) for (const i of b.insts) if (i.dst !== null) defInst[i.dst] = i;
  return { defInst, useCounts: () => countUses(f) };
}

const chainsOf = (f: Func, facts?: ChainFacts) => [...findLiteralChains(f, computeDominators(f).preds, () => true, facts)];

test("the lowering's definitions and use counts find the chains the search finds alone", (t) => {
  let chains = 0;
  for (const f of functions) {
    const alone = chainsOf(f);
    chains += alone.length;
    t.deepEqual(chainsOf(f, factsOf(f)), alone, f.name);
  }
  t.true(chains > 0, "the corpus has literal chains");
});

test("the facts given are the ones read: uses counted twice leave no chain", (t) => {
  const f = functions.find((g) => chainsOf(g).length > 0)!;
  const own = factsOf(f), counts = countUses(f);
  t.is(chainsOf(f, { defInst: own.defInst, useCounts: () => ({ get: (v) => 2 * counts.get(v) }) }).length, 0);
});

test("a chain that comes back to its head ends there (the entry's one predecessor may be the chain's last link)", (t) => {
  const link = (b: string, lit: string, then: string, next: string) => `${b}:\n  %l_${b} = str.lit "${lit}"\n  %e_${b} = str.eq %s, %l_${b}\n  br %e_${b}, ${then}, ${next}`;
  const f = parseModule(`module cyc\n\nfn f(%s: str) -> i32 {\n${link("a", "x", "hit", "b")}\n${link("b", "y", "hit", "c")}\n${link("c", "z", "hit", "a")}\nhit:\n  %one = const.i32 1\n  ret %one\n}\n`).functions[0]!;
  const chains = chainsOf(f);
  t.is(chains.length, 1);
  const [head, chain] = chains[0]!;
  t.is(f.blocks[head]!.name, "a");
  t.deepEqual(chain.links.map((b) => f.blocks[b]!.name), ["b", "c"]);
  t.is(f.blocks[chain.otherwise]!.name, "a", "the chain stops where it would take its head again");
});
