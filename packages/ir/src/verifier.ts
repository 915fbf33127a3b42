/**
 * The verifier: SPEC.md's "Verifier contract", checked on a Module built in
 * code or parsed. Every error is an FzError located at function, block and
 * instruction (the terminator's index is the block's instruction count) and
 * carries the instruction as printed.
 *
 * Invariants checked, with the error code reported:
 *
 * Module
 *  - structs, enums, imports and functions have distinct names (duplicate);
 *  - field names are distinct per struct, variant names per enum, and an
 *    enum has at least one variant (duplicate, type);
 *  - every type in a declaration, signature, variable or value is
 *    well-formed: named types exist, array lengths in 0..2^31-1 (type);
 *  - exported and imported names obey the symbol rule of symbols.ts (unsupported);
 *  - globals have distinct names too (duplicate), hold int, bool, f64, str,
 *    a fixed array of scalars or a function reference, mutable or not, and
 *    start with a literal of their type or a function or import of their
 *    signature (`globalDefError`, `globalRefError`, type).
 * Function
 *  - it has at least one block (cfg); value, variable and block names are
 *    distinct (duplicate);
 *  - values 0..params-1 are the parameters, with their types (type);
 *  - every value is defined once, by a parameter or one instruction
 *    (duplicate), and every operand names an existing value (undefined);
 *  - each instruction is a known opcode, well-typed by `instResult` (typing.ts), has a
 *    result exactly when the typing rule gives one, and that result value
 *    has the type the rule gives (type);
 *  - every terminator target exists (cfg); `br` tests a bool (type);
 *  - `switch` is on an integer or an enum (type); each case value fits the
 *    integer type (as `const` does) or is a variant index of the enum (type);
 *    case values are distinct, compared in the type's width (cfg); a missing
 *    default is allowed only when an enum switch names every variant (cfg);
 *  - `ret` carries a value exactly when the function has a result type, of
 *    that type (type);
 *  - every block is reachable from the entry (cfg);
 *  - every use of a value is dominated by its definition: an earlier
 *    instruction of the same block, a strictly dominating block, or a
 *    parameter (undefined);
 *  - every `get` of a variable is preceded by a `set` on every path from the
 *    entry: gets dominated by a set pass at once, the other variables go
 *    through a forward must-assigned dataflow over bitsets, intersecting at
 *    joins, iterated in reverse postorder to a fixpoint (definite-assignment.ts;
 *    undefined).
 *
 * The CFG checks run only when every target exists, so a broken edge is
 * reported once rather than as a cascade.
 */
import { FzError, type FzErrorCode, type IrLocation } from "./errors.js";
import { checkDefiniteAssignment, type Dominance as DominanceOf } from "./definite-assignment.js";
import { dominatorsOf } from "./dominator-cache.js";
import { SMALL_GRAPH_BLOCKS, SmallDominators } from "./small-dominators.js";
import { instLocation } from "./locate.js";
import { StringIndex } from "./names.js";
import { Spare } from "./spare.js";
import { checkSymbols } from "./symbols.js";
import { type BlockId, type Func, type Module, ModuleIndex, successors, type Term, type ValueId } from "./module.js";
import { type Type, typeEq, typeToString } from "./types.js";
import { globalDefError, globalRefError, instResultOf, OP_TYPING, switchValueError, typeWellFormed } from "./typing.js";

/** Verify a module; throws the first error found. */
export function verifyModule(m: Module): void {
  const errors = verifyModuleAll(m);
  if (errors.length > 0) throw errors[0]!;
}

/**
 * A value that is not a Module at all (.fzir text passed where a Module
 * goes, undefined) is one FzError saying what it is, not a TypeError from
 * deep inside the checks.
 */
function checkModuleShape(m: unknown): asserts m is Module {
  if (typeof m === "string") throw new FzError("type", "expected a Module (what parseModule or ModuleBuilder makes), not a string: parse .fzir text with parseModule first (lowerText does both)");
  if (typeof m !== "object" || m === null) throw new FzError("type", `expected a Module (what parseModule or ModuleBuilder makes), not ${m === null ? "null" : typeof m}`);
  const o = m as Record<string, unknown>;
  if (typeof o["name"] !== "string") throw new FzError("type", "expected a Module: its name is not a string");
  for (const k of ["structs", "enums", "imports", "functions"]) if (!Array.isArray(o[k])) throw new FzError("type", `expected a Module: its ${k} is not an array`);
  if (o["globals"] !== undefined && !Array.isArray(o["globals"])) throw new FzError("type", "expected a Module: its globals is not an array");
}

/** Verify a module and return every error found (empty when it is well-formed). */
export function verifyModuleAll(m: Module): FzError[] {
  checkModuleShape(m);
  const errors: FzError[] = [];
  const ix = ModuleIndex.of(m);
  const scratch = spareScratch.take() ?? newScratch();
  checkDeclarations(m, ix, errors, scratch.names);
  errors.push(...checkSymbols(m));
  const fv = new FunctionVerifier(m, ix, errors, scratch);
  const fs = m.functions;
  for (let i = 0; i < fs.length; i++) fv.verify(fs[i]!);
  spareScratch.give(scratch);
  return errors;
}

/** The scratch of the last verifyModuleAll call that finished (spare.ts): a module of one large function otherwise grew its tables anew on every call. */
const spareScratch = new Spare<Scratch>();

function newScratch(): Scratch {
  return {
    names: new StringIndex(), argTypes: [], defBlock: new Int32Array(256), defInst: new Int32Array(256), bits: new Uint32Array(256),
    varInts: new Int32Array(64), stack: new Int32Array(256), small: new SmallDominators(),
  };
}

function checkDeclarations(m: Module, ix: ModuleIndex, errors: FzError[], names: StringIndex): void {
  const err = (code: FzErrorCode, msg: string) => errors.push(new FzError(code, msg));
  // Names the index proves distinct are not hashed again; only a module with a repeat claims them one by one,
  // which reports each repeat in the order of the lists.
  const distinct = namesDistinct(m, ix);
  if (!distinct) {
    names.reserve(m.structs.length + m.enums.length + m.imports.length + (m.globals?.length ?? 0) + m.functions.length);
    names.clear();
  }
  const claim = (kind: string, name: string) => {
    if (!distinct && names.add(name) >= 0) err("duplicate", `${kind} ${name}: the name is defined twice in module ${m.name}`);
  };
  const wf = (t: Type, where: string) => {
    const why = typeWellFormed(ix, t);
    if (why) err("type", `${why} in ${where}`);
  };
  for (const s of m.structs) {
    claim("struct", s.name);
    const seen = new Set<string>();
    for (const f of s.fields) {
      if (seen.has(f.name)) err("duplicate", `field ${f.name} of struct ${s.name} is defined twice`);
      seen.add(f.name);
      wf(f.type, `field ${f.name} of struct ${s.name}`);
    }
  }
  for (const e of m.enums) {
    claim("enum", e.name);
    if (e.variants.length === 0) err("type", `enum ${e.name} has no variants`);
    const seen = new Set<string>();
    for (const v of e.variants) {
      if (seen.has(v.name)) err("duplicate", `variant ${v.name} of enum ${e.name} is defined twice`);
      seen.add(v.name);
      if (v.payload) wf(v.payload, `variant ${e.name}.${v.name}`);
    }
  }
  for (const i of m.imports) {
    claim("import", i.name);
    for (const t of i.params) wf(t, `import ${i.name}`);
    if (i.result) wf(i.result, `import ${i.name}`);
  }
  for (const g of m.globals ?? []) {
    claim("global", g.name);
    const why = globalDefError(g);
    if (why) err("type", why);
  }
  if (!distinct) for (let i = 0; i < m.functions.length; i++) claim("function", m.functions[i]!.name);
  for (const g of m.globals ?? []) {
    const why = globalRefError(ix, g);
    if (why) err("type", why);
  }
}

/**
 * Whether the module's structs, enums, imports, globals and functions have
 * distinct names, told by its index: each declaration is the one its kind's
 * map holds under its name and each map is as long as its list (so no two of
 * a kind share one), and no name of a
 * struct, enum, import or global is also a name of a later kind. The maps
 * hash each name once, when the index is made; a module has few
 * declarations besides its functions, whose names are looked up, not hashed.
 */
function namesDistinct(m: Module, ix: ModuleIndex): boolean {
  const globals = m.globals ?? [];
  // Sizes first: a list holding one declaration twice has a map entry fewer.
  if (ix.functions.size !== m.functions.length || ix.globals.size !== globals.length || ix.imports.size !== m.imports.length
    || ix.enums.size !== m.enums.length || ix.structs.size !== m.structs.length) return false;
  for (let i = 0; i < m.functions.length; i++) if (ix.functions.get(m.functions[i]!.name) !== m.functions[i]) return false;
  for (const g of globals) if (ix.globals.get(g.name) !== g || ix.functions.has(g.name)) return false;
  for (const i of m.imports) if (ix.imports.get(i.name) !== i || ix.globals.has(i.name) || ix.functions.has(i.name)) return false;
  for (const e of m.enums) if (ix.enums.get(e.name) !== e || ix.imports.has(e.name) || ix.globals.has(e.name) || ix.functions.has(e.name)) return false;
  for (const s of m.structs) {
    if (ix.structs.get(s.name) !== s || ix.enums.has(s.name) || ix.imports.has(s.name) || ix.globals.has(s.name) || ix.functions.has(s.name)) return false;
  }
  return true;
}

/**
 * Reused from function to function: the names of the list being checked
 * (uniqueNames empties the set per list, in O(1)), and an instruction's
 * operand types (one array per operand count).
 */
interface Scratch {
  readonly names: StringIndex;
  readonly argTypes: Type[][];
  /** FunctionVerifier's definition tables and checkDefiniteAssignment's bit matrices, grown as needed. */
  defBlock: Int32Array;
  defInst: Int32Array;
  bits: Uint32Array;
  /** checkDefiniteAssignment's per-variable tables (2 per variable) and its walk's stack (2 per block). */
  varInts: Int32Array;
  stack: Int32Array;
  /** The dominator tree of a function of fewer than SMALL_GRAPH_BLOCKS blocks, made again in place per function. */
  readonly small: SmallDominators;
}

/** Marks a value without a definition in FunctionVerifier.defBlock. */
const NO_DEF = -2;

/** Verifies the functions of one module, one `verify` call each (one object per module, not per function). */
class FunctionVerifier {
  /** The function being verified. */
  private f!: Func;
  /** Block of each value's definition: -1 for a parameter, NO_DEF when not (yet) defined. */
  private defBlock!: Int32Array;
  /** Instruction index of each value's definition within its block. */
  private defInst!: Int32Array;
  /** The function's value count: the scratch arrays above are longer, and hold stale entries past it. */
  private nValues = 0;

  constructor(
    private readonly m: Module,
    private readonly ix: ModuleIndex,
    private readonly errors: FzError[],
    private readonly scratch: Scratch,
  ) {}

  /** Check function `f`, appending its errors. */
  verify(f: Func): void {
    this.f = f;
    const scratch = this.scratch;
    // The module's scratch arrays, grown to the largest function (a typed array per function is an off-heap allocation the collector tracks).
    const n = (this.nValues = f.values.length);
    if (scratch.defBlock.length < n) {
      scratch.defBlock = new Int32Array(Math.max(n, scratch.defBlock.length * 2));
      scratch.defInst = new Int32Array(scratch.defBlock.length);
    }
    this.defBlock = scratch.defBlock.fill(NO_DEF, 0, n);
    this.defInst = scratch.defInst.fill(0, 0, n);
    this.run();
  }

  private err(code: FzErrorCode, msg: string, block?: number, inst?: number): void {
    const loc: IrLocation = block === undefined
      ? { kind: "ir", func: this.f.name }
      : instLocation(this.m, this.f, block, inst ?? this.f.blocks[block]!.insts.length);
    this.errors.push(new FzError(code, msg, loc));
  }

  private typeOf(v: ValueId): Type | undefined {
    return this.f.values[v]?.type;
  }

  private show(v: ValueId): string {
    return `%${this.f.values[v]?.name ?? `#${v}`}`;
  }

  private run(): void {
    const f = this.f;
    this.checkHeader();
    if (f.blocks.length === 0) {
      this.err("cfg", `function ${f.name} has no blocks`);
      return;
    }
    let targetsOk = true;
    for (let bi = 0; bi < f.blocks.length && targetsOk; bi++) targetsOk = targetsExist(f.blocks[bi]!.term, f.blocks.length);
    // Most functions are one block: their dominance needs no tree. With the tree at hand, the uses are
    // checked in the same walk as the instructions (`usesOk`), and only a failure walks again for the errors.
    const nb = f.blocks.length;
    const dom: Dominance | null = !targetsOk ? null : nb === 1 ? ONE_BLOCK : nb < SMALL_GRAPH_BLOCKS ? this.scratch.small.ofFunction(f) : dominatorsOf(f);
    const before = this.errors.length;
    let usesOk = true;
    for (let bi = 0; bi < f.blocks.length; bi++) {
      const insts = f.blocks[bi]!.insts, reachable = dom !== null && dom.isReachable(bi as BlockId);
      for (let ii = 0; ii < insts.length; ii++) {
        this.checkInst(bi, ii);
        if (reachable && usesOk) {
          const args = insts[ii]!.args;
          for (let k = 0; k < args.length && usesOk; k++) usesOk = this.useDominated(dom, args[k]!, bi, ii);
        }
      }
      this.checkTerm(bi, targetsOk);
      const used = termUse(f.blocks[bi]!.term);
      if (reachable && usesOk && used !== null) usesOk = this.useDominated(dom, used, bi, insts.length);
    }
    for (let v = 0; v < f.values.length; v++) {
      if (this.defBlock[v] === NO_DEF) this.err("undefined", `value %${f.values[v]!.name} has no definition`);
    }
    if (dom === null) return;
    for (let bi = 0; bi < f.blocks.length; bi++) {
      if (!dom.isReachable(bi as BlockId)) this.err("cfg", `block ${f.blocks[bi]!.name} is unreachable from the entry`, bi, 0);
    }
    if (!usesOk || this.errors.length > before) this.checkDominance(dom);
    this.checkDefiniteAssignment(dom);
  }

  private checkHeader(): void {
    const f = this.f;
    for (let i = 0; i < f.params.length; i++) {
      const p = f.params[i]!, v = f.values[i];
      if (!v || !typeEq(v.type, p.type) || v.name !== p.name) {
        this.err("type", `value ${i} must be parameter %${p.name}: ${typeToString(p.type)}`);
      }
      if (i < this.nValues) this.defBlock[i] = -1;
    }
    if (f.result) {
      const why = typeWellFormed(this.ix, f.result);
      if (why) this.err("type", `${why} in the result of function ${f.name}`);
    }
    // The lists are checked without a callback each (most have no duplicate): a repeat is reported by index.
    // A short list compares each name with those before it; a longer one hashes them into the set (`repeats`).
    const longest = Math.max(f.values.length, f.blocks.length, f.vars.length);
    if (longest > FEW_NAMES) this.scratch.names.reserve(longest);
    // One pass over the values for their names and types (a large function's values are far apart in memory); a
    // malformed type is reported after the duplicate names, from the first value that has one.
    let badType = -1;
    for (let i = 0; i < f.values.length; i++) {
      const v = f.values[i]!;
      if (this.repeats(f.values, i)) this.err("duplicate", `value %${v.name} is defined twice`);
      if (badType < 0 && typeWellFormed(this.ix, v.type) !== null) badType = i;
    }
    for (let i = 0; i < f.vars.length; i++) {
      if (this.repeats(f.vars, i)) this.err("duplicate", `variable $${f.vars[i]!.name} is declared twice`);
    }
    for (let i = 0; i < f.blocks.length; i++) {
      if (this.repeats(f.blocks, i)) this.err("duplicate", `block ${f.blocks[i]!.name} is defined twice`, i, 0);
    }
    // The place is spelled only for an error: most types are scalars, well-formed by their kind.
    if (badType >= 0) for (let i = badType; i < f.values.length; i++) {
      const v = f.values[i]!;
      const why = typeWellFormed(this.ix, v.type);
      if (why) this.err("type", `${why} in value %${v.name}`);
    }
    for (let i = 0; i < f.vars.length; i++) {
      const v = f.vars[i]!;
      const why = typeWellFormed(this.ix, v.type);
      if (why) this.err("type", `${why} in variable $${v.name}`);
    }
  }

  private checkInst(bi: number, ii: number): void {
    const inst = this.f.blocks[bi]!.insts[ii]!;
    const typing = OP_TYPING.get(inst.op);
    if (!typing) return this.err("type", `unknown opcode ${String(inst.op)}`, bi, ii);
    const info = typing.info;
    if (inst.dst !== null) {
      if (!this.f.values[inst.dst]) return this.err("undefined", `result value #${inst.dst} is not declared`, bi, ii);
      if (this.defBlock[inst.dst] !== NO_DEF) this.err("duplicate", `value ${this.show(inst.dst)} is defined twice`, bi, ii);
      else { this.defBlock[inst.dst] = bi; this.defInst[inst.dst] = ii; }
    }
    const n = inst.args.length;
    const argTypes = (this.scratch.argTypes[n] ??= new Array<Type>(n));
    for (let k = 0; k < n; k++) {
      const a = inst.args[k]!;
      const t = this.typeOf(a);
      if (!t) return this.err("undefined", `operand #${a} is not a value of function ${this.f.name}`, bi, ii);
      argTypes[k] = t;
    }
    if (inst.type) {
      const why = typeWellFormed(this.ix, inst.type);
      if (why) return this.err("type", why, bi, ii);
    }
    const typed = instResultOf(typing.arity, this.ix, this.f.vars, inst.op, argTypes, inst.type, inst.imm);
    if (typeof typed === "string") return this.err("type", typed, bi, ii);
    const gives = info.hasResult ? typed : null;
    if (gives === null && inst.dst !== null) return this.err("type", `${inst.op} gives no value, yet defines ${this.show(inst.dst)}`, bi, ii);
    if (gives !== null && inst.dst === null) return this.err("type", `${inst.op} gives a ${typeToString(gives)} but defines no value`, bi, ii);
    if (gives !== null && inst.dst !== null && !typeEq(gives, this.typeOf(inst.dst)!)) {
      this.err("type", `${this.show(inst.dst)} is declared ${typeToString(this.typeOf(inst.dst)!)} but ${inst.op} gives ${typeToString(gives)}`, bi, ii);
    }
  }

  /** `targetsOk`: every terminator's targets are known to exist (a switch's cases are not walked again for them). */
  private checkTerm(bi: number, targetsOk: boolean): void {
    const f = this.f;
    const t = f.blocks[bi]!.term;
    if (t.op === "jump" && t.target >= 0 && t.target < f.blocks.length) return; // the most common terminator, well-formed
    if (!targetsOk && !targetsExist(t, f.blocks.length)) {
      for (const target of successors(t)) {
        if (!(target >= 0 && target < f.blocks.length)) this.err("cfg", `${t.op} to block #${target}, which does not exist`, bi);
      }
    }
    const used = termUse(t);
    if (used !== null && !this.typeOf(used)) return this.err("undefined", `operand #${used} is not a value of function ${f.name}`, bi);
    switch (t.op) {
      case "br": {
        const ct = this.typeOf(t.cond)!;
        if (ct.kind !== "bool") this.err("type", `br condition ${this.show(t.cond)} must be bool, got ${typeToString(ct)}`, bi);
        break;
      }
      case "switch": this.checkSwitch(bi, t); break;
      case "ret": {
        const want = f.result;
        const got = t.value === null ? null : this.typeOf(t.value)!;
        if (want === null && got !== null) this.err("type", `ret of a ${typeToString(got)} in function ${f.name}, which returns nothing`, bi);
        else if (want !== null && got === null) this.err("type", `ret without a value in function ${f.name}, which returns ${typeToString(want)}`, bi);
        else if (want && got && !typeEq(want, got)) this.err("type", `ret of a ${typeToString(got)} in function ${f.name}, which returns ${typeToString(want)}`, bi);
        break;
      }
      case "jump": case "unreachable": break;
    }
  }

  /**
   * Case values fit the switched type and are distinct in its width. Up to
   * 32 bits the values are compared as numbers (a case value that does not
   * fit is far beyond 2^53 only when it is out of range anyway, and there
   * its rounding keeps the order against the bounds); i64 keys as BigInts.
   */
  /** Whether entry `i` of `list` (checked in order from 0) has the name of an entry before it. */
  private repeats(list: readonly { readonly name: string }[], i: number): boolean {
    if (list.length <= FEW_NAMES) return repeatsName(list, i);
    const names = this.scratch.names;
    if (i === 0) names.clear();
    return names.add(list[i]!.name) >= 0;
  }

  private checkSwitch(bi: number, t: Extract<Term, { op: "switch" }>): void {
    const err = (code: FzErrorCode, msg: string) => this.err(code, msg, bi);
    const vt = this.typeOf(t.value)!;
    if (vt.kind === "int") {
      if (vt.bits <= 32) this.intCases(vt.bits, t.cases, err);
      else {
        const seen = new Set<bigint>();
        const lim = 1n << BigInt(vt.bits);
        for (const c of t.cases) {
          if (c.value < -(lim >> 1n) || c.value >= lim) { err("type", `case ${c.value} does not fit ${typeToString(vt)}`); continue; }
          const key = BigInt.asIntN(vt.bits, c.value);
          if (seen.has(key)) err("cfg", `case ${c.value} appears twice`);
          seen.add(key);
        }
      }
      if (t.default === null) err("cfg", `switch on ${typeToString(vt)} needs a default`);
    } else if (vt.kind === "enum") {
      const def = this.ix.enums.get(vt.name);
      if (!def) return err("type", `unknown enum ${vt.name}`);
      const n = def.variants.length;
      const seen = new Uint8Array(n);
      let distinct = 0;
      for (const c of t.cases) {
        const v = Number(c.value);
        if (v < 0 || v >= n) { err("type", `case ${c.value} is not a variant of enum ${def.name}`); continue; }
        if (seen[v] === 1) err("cfg", `case ${def.variants[v]!.name} appears twice`);
        else { seen[v] = 1; distinct++; }
      }
      if (t.default === null && distinct < n) {
        const missing = def.variants.filter((_, i) => seen[i] === 0).map((v) => v.name);
        err("cfg", `switch on enum ${def.name} without a default misses ${missing.join(", ")}`);
      }
    } else {
      err("type", switchValueError(vt)!);
    }
  }

  /** The cases of a switch on an integer of `bits` <= 32 bits: each fits, none repeats in that width. */
  private intCases(bits: number, cases: readonly { readonly value: bigint }[], err: (code: FzErrorCode, msg: string) => void): void {
    if (intCasesAscend(bits, cases)) return;
    const seen = new Set<number>();
    for (let k = 0; k < cases.length; k++) {
      const value = cases[k]!.value, key = wrapped(Number(value), bits);
      if (key === undefined) { err("type", `case ${value} does not fit i${bits}`); continue; }
      if (seen.has(key)) err("cfg", `case ${value} appears twice`);
      seen.add(key);
    }
  }

  /** Every operand's definition dominates the use (blocks are all reachable-checked by now). */
  private checkDominance(dom: Dominance): void {
    const blocks = this.f.blocks;
    for (let bi = 0; bi < blocks.length; bi++) {
      if (!dom.isReachable(bi as BlockId)) continue;
      const block = blocks[bi]!;
      for (let ii = 0; ii < block.insts.length; ii++) for (const a of block.insts[ii]!.args) this.checkUse(dom, a, bi, ii);
      const used = termUse(block.term);
      if (used !== null) this.checkUse(dom, used, bi, block.insts.length);
    }
  }

  /**
   * Whether `v`, used at instruction `ii` of block `bi`, is defined by then
   * where it dominates the use (checkUse's test, asked during the walk):
   * false also when its definition is later in the layout (not seen yet),
   * so that checkDominance decides after the walk.
   */
  private useDominated(dom: Dominance, v: ValueId, bi: number, ii: number): boolean {
    if (!(v >= 0 && v < this.nValues)) return true; // reported as undefined; checkUse skips it too
    const db = this.defBlock[v]!;
    if (db === -1) return true;
    if (db === NO_DEF) return false;
    return db === bi ? this.defInst[v]! < ii : dom.strictlyDominates(db as BlockId, bi as BlockId);
  }

  /** The definition of `v` dominates its use at instruction `ii` of block `bi`. */
  private checkUse(dom: Dominance, v: ValueId, bi: number, ii: number): void {
    const db = v >= 0 && v < this.nValues ? this.defBlock[v] : undefined;
    if (db === undefined || db === NO_DEF) return; // reported as undefined already
    if (db === -1) return;
    const ok = db === bi ? this.defInst[v]! < ii : dom.strictlyDominates(db as BlockId, bi as BlockId);
    if (ok) return;
    const where = db === bi ? "later in this block" : `in block ${this.f.blocks[db]!.name}, which does not dominate this use`;
    this.err("undefined", `${this.show(v)} is used before its definition (defined ${where})`, bi, ii);
  }

  /** Every `get` reads a variable set on every path from the entry (definite-assignment.ts). */
  private checkDefiniteAssignment(dom: Dominance): void {
    checkDefiniteAssignment(this.f, dom, this.scratch, this.readBeforeSet);
  }

  /** The error of a `get` (instruction `ii` of block `b`) of variable `v` not set on every path (a field, not a closure per function). */
  private readonly readBeforeSet = (b: number, ii: number, v: number): void => {
    this.err("undefined", `$${this.f.vars[v]!.name} is read before it is set on some path from the entry`, b, ii);
  };
}

/**
 * The longest list of names checked for repeats by comparison with the names
 * before each (at most 28 comparisons, against hashing every name).
 */
const FEW_NAMES = 8;

/** Whether entry `i` of `list` has the name of an entry before it. */
function repeatsName(list: readonly { readonly name: string }[], i: number): boolean {
  const name = list[i]!.name;
  for (let j = 0; j < i; j++) if (list[j]!.name === name) return true;
  return false;
}

/**
 * Whether the cases of a switch on an integer of `bits` <= 32 bits all fit
 * and, wrapped as intCases wraps them, strictly ascend: then none repeats
 * and intCases has nothing to report, without a set of every case (most
 * switches list their cases in order).
 */
function intCasesAscend(bits: number, cases: readonly { readonly value: bigint }[]): boolean {
  let last = -Infinity;
  for (let k = 0; k < cases.length; k++) {
    const key = wrapped(Number(cases[k]!.value), bits);
    if (key === undefined || key <= last) return false;
    last = key;
  }
  return true;
}

/** A case `v` of a switch on `bits` <= 32 bits wrapped to that width and sign-extended (as BigInt.asIntN), or undefined where it fits neither signed nor unsigned. */
function wrapped(v: number, bits: number): number | undefined {
  if (!(v >= -(2 ** (bits - 1)) && v < 2 ** bits)) return undefined;
  const shift = 32 - bits;
  return (v << shift) >> shift;
}

/** The value a terminator reads (each reads at most one), or null. */
function termUse(t: Term): ValueId | null {
  switch (t.op) {
    case "br": return t.cond;
    case "switch": return t.value;
    case "ret": return t.value;
    case "jump": case "unreachable": return null;
  }
}

/** Whether every target of `t` is a block of a function with `n` blocks. */
function targetsExist(t: Term, n: number): boolean {
  switch (t.op) {
    case "jump": return t.target >= 0 && t.target < n;
    case "br": return t.then >= 0 && t.then < n && t.else >= 0 && t.else < n;
    case "switch":
      for (const c of t.cases) if (!(c.target >= 0 && c.target < n)) return false;
      return t.default === null || (t.default >= 0 && t.default < n);
    case "ret": case "unreachable": return true;
  }
}

/**
 * The dominance a one-block function has, without building its tree: the
 * entry is reachable and strictly dominates nothing (a use in the same block
 * is checked by instruction order), and it has no predecessor the
 * must-assigned dataflow reads (the entry starts empty).
 */
const ONE_BLOCK: Dominance = {
  rpo: [0 as BlockId],
  predCount: () => 0,
  pred: () => { throw new RangeError("the entry has no predecessor"); },
  childCount: () => 0,
  child: () => { throw new RangeError("the entry has no children"); },
  isReachable: (b) => b === 0,
  strictlyDominates: () => false,
};

/** What the CFG checks ask of the dominator tree. */
type Dominance = DominanceOf;
