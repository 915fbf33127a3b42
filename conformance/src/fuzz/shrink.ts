/**
 * Shrinking a failing case: greedy delta debugging over the recipe tree
 * (Zeller and Hildebrandt, "Simplifying and Isolating Failure-Inducing
 * Input", 2002, applied per statement list). Candidates are tried from the
 * most to the least aggressive: drop a helper, delete chunks of a list
 * (halves down to single statements), drop the final mixing of values into
 * the result, replace a compound statement by one of its bodies, drop a
 * switch case or match arm, then the same inside every nested list. The first candidate that still fails is taken and the
 * search restarts from it, until no candidate fails or the budget is spent.
 *
 * Every candidate is itself a recipe, so it emits a valid module (see
 * recipe.ts): the shrinker never has to repair IR.
 */
import { type CaseRecipe, caseSize, children, type Stmt } from "./recipe.js";

export interface ShrinkResult {
  readonly recipe: CaseRecipe;
  /** Predicate evaluations spent. */
  readonly tries: number;
}

/** Shrink `start` while `fails` holds, spending at most `budget` evaluations. */
export function shrinkCase(start: CaseRecipe, fails: (c: CaseRecipe) => boolean, budget = 250): ShrinkResult {
  let cur = start;
  let tries = 0;
  let improved = true;
  while (improved && tries < budget) {
    improved = false;
    const size = caseSize(cur);
    for (const cand of candidates(cur)) {
      if (caseSize(cand) >= size) continue;
      if (++tries > budget) break;
      if (fails(cand)) {
        cur = cand;
        improved = true;
        break;
      }
    }
  }
  return { recipe: cur, tries };
}

/** Smaller variants of a case, most aggressive first. */
export function* candidates(c: CaseRecipe): Generator<CaseRecipe> {
  for (let j = c.helpers.length - 1; j >= 0; j--) yield { ...c, helpers: c.helpers.filter((_, k) => k !== j) };
  yield* listEdits(c.body, (body) => ({ ...c, body }));
  if (c.finalMix !== false) yield { ...c, finalMix: false };
  for (let j = 0; j < c.helpers.length; j++) {
    if (c.helpers[j]!.finalMix !== false) yield { ...c, helpers: c.helpers.map((h, k) => (k === j ? { ...h, finalMix: false } : h)) };
  }
  for (let j = 0; j < c.helpers.length; j++) {
    yield* listEdits(c.helpers[j]!.body, (body) => ({ ...c, helpers: c.helpers.map((h, k) => (k === j ? { ...h, body } : h)) }));
  }
}

function* listEdits<T>(list: readonly Stmt[], rebuild: (l: Stmt[]) => T): Generator<T> {
  for (let chunk = highestPowerOfTwo(list.length); chunk >= 1; chunk >>= 1) {
    for (let i = 0; i < list.length; i += chunk) yield rebuild([...list.slice(0, i), ...list.slice(i + chunk)]);
  }
  for (let i = 0; i < list.length; i++) {
    for (const body of children(list[i]!)) yield rebuild([...list.slice(0, i), ...body, ...list.slice(i + 1)]);
  }
  for (let i = 0; i < list.length; i++) {
    for (const s of fewerBranches(list[i]!)) yield rebuild(replaceAt(list, i, s));
  }
  for (let i = 0; i < list.length; i++) {
    const s = list[i]!;
    const kids = children(s);
    for (let ci = 0; ci < kids.length; ci++) {
      yield* listEdits(kids[ci]!, (l) => rebuild(replaceAt(list, i, withChild(s, ci, l))));
    }
  }
}

function highestPowerOfTwo(n: number): number {
  let p = 1;
  while (p * 2 <= n) p *= 2;
  return n === 0 ? 0 : p;
}

function replaceAt(list: readonly Stmt[], i: number, s: Stmt): Stmt[] {
  return list.map((x, k) => (k === i ? s : x));
}

/** The statement with child list `ci` (in the order of `children`) replaced. */
function withChild(s: Stmt, ci: number, l: readonly Stmt[]): Stmt {
  switch (s.k) {
    case "if": return ci === 0 ? { ...s, then: l } : { ...s, else: l };
    case "loop": return { ...s, body: l };
    case "iswitch": return ci < s.cases.length ? { ...s, cases: s.cases.map((c, k) => (k === ci ? { ...c, body: l } : c)) } : { ...s, dflt: l };
    case "ematch": return ci < s.arms.length ? { ...s, arms: s.arms.map((a, k) => (k === ci ? { ...a, body: l } : a)) } : { ...s, dflt: l };
    default: return s;
  }
}

/** A switch, table or literal chain without one of its cases, a match without one of its arms. */
function* fewerBranches(s: Stmt): Generator<Stmt> {
  if (s.k === "iswitch") for (let k = 0; k < s.cases.length; k++) yield { ...s, cases: s.cases.filter((_, j) => j !== k) };
  if (s.k === "ematch") for (let k = 0; k < s.arms.length; k++) yield { ...s, arms: s.arms.filter((_, j) => j !== k) };
  if (s.k === "table") for (let k = 0; k < s.cases.length; k++) yield { ...s, cases: s.cases.filter((_, j) => j !== k) };
  if (s.k === "strchain") for (let k = 0; k < s.lits.length; k++) yield { ...s, lits: s.lits.filter((_, j) => j !== k) };
}
