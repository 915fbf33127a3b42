/**
 * Resolves one function body from the parser's instruction store straight
 * into the Func's arrays (values, blocks, instructions with dense value
 * indices), typing every instruction by the one typing rule (typing.ts
 * `instResult`). Blocks keep their layout order (the printer keeps it), but
 * instructions are built block by block in reverse postorder of the CFG, so
 * a definition that dominates a use is always built before it; values are
 * numbered in that order, as FunctionBuilder numbers them.
 *
 * Names are looked up by their dense ids (names.ts), in tables shared by
 * the module's bodies and emptied per function in O(1). The blocks' labels,
 * successors and dominance are body-graph.ts.
 *
 * Every failure is an FzError at a text location: a type error of an
 * instruction points at its opcode, of a terminator at its keyword, with
 * the message FunctionBuilder gives for the same mistake.
 */
import { ArgLists } from "./arg-lists.js";
import { BodyGraph, type Dominance, lineCol } from "./body-graph.js";
import { Spare } from "./spare.js";
import { FzError, type FzErrorCode, type TextLocation } from "./errors.js";
import type { Pos } from "./lexer.js";
import { parseIntLiteral } from "./literals.js";
import { makeInst, makeValueInfo } from "./records.js";
import type { Block, BlockId, Func, Imm, Inst, ModuleIndex, SwitchCase, Term, ValueId, ValueInfo, VarId, VarInfo } from "./module.js";
import type { IdMap, NameTable } from "./names.js";
import type { ImmTable } from "./resolve-imms.js";
import { FLOAT_CCS, INT_CCS, type Opcode } from "./opcodes.js";
import type { BlockSyntax, FuncSyntax, InstStore, Name, TypeSyntax } from "./syntax.js";
import { type Type, typeToString } from "./types.js";
import type { ValueInfos } from "./value-infos.js";
import { brConditionError, instResultOf, type OpTyping, retError, switchValueError, typeWellFormed } from "./typing.js";

/** What a body needs from the module's resolver. */
export interface ModuleScope {
  type(t: TypeSyntax): Type;
  /** The line and column of source offset `pos`. */
  loc(pos: Pos): TextLocation;
  /** Whether callee @name exists and has no result. */
  calleeIsVoid(name: string): boolean;
  /** The module's declarations (every signature, before any body). */
  index(): ModuleIndex;
  readonly insts: InstStore;
  readonly names: NameTable;
  /** Scratch tables shared by the bodies of one module: value name id -> definition, block label id -> block, variable name id -> variable. */
  readonly defOf: IdMap;
  readonly blockOf: IdMap;
  readonly varOf: IdMap;
  /** Scratch of `unique`: the names of the list being checked. */
  readonly seen: IdMap;
  /** The module's shared immediates (resolve-imms.ts). */
  readonly imms: ImmTable;
  /** The module's ValueInfos (value-infos.ts), which also give the functions' parameters. */
  readonly infos: ValueInfos;
}

/**
 * The per-value and per-instruction scratch arrays of a BodyResolver, which
 * grow to the largest function's size: handed from one module's resolver to
 * the next (spare.ts), so that a parse after the first writes into them
 * instead of growing them again, copy after copy, in fresh memory. Entries
 * past what a function writes are stale and never read.
 */
interface BodyScratch {
  readonly values: ValueInfo[];
  readonly types: Type[];
  readonly insts: Inst[];
}

const spareScratch = new Spare<BodyScratch>();

/**
 * Resolves function bodies into Funcs, one `build` per function; made once
 * per module, so the tables it only needs while resolving a body are
 * reused, not made again for every function.
 */
export class BodyResolver {
  // The function being built (what `build` returns holds these arrays).
  private f!: FuncSyntax;
  private header!: Func;
  private vars!: readonly VarInfo[];
  /**
   * Every value (params are values 0..params.length-1): the first
   * `valueCount` entries of an array reused from function to function
   * (written by index; `build` returns an exact copy).
   */
  private readonly values: ValueInfo[];
  /** The type of each value, beside `values` (read per operand: an array entry, not a load from the value's info). */
  private readonly types: Type[];
  private valueCount = 0;
  /** The module's ValueInfos, shared by values of one name and type. */
  private readonly infos: ValueInfos;
  /** Each block's instructions and terminator, by block (scratch reused from function to function: only `build` reads them). */
  private readonly insts: Inst[][] = [];
  private readonly terms: Term[] = [];
  /** Names given to results the text leaves unnamed. */
  private fresh = 0;
  /** Definitions, by index (defOf maps a name to one): a parameter (block -1) or instruction `index` of `block`. */
  private defBlock = new Int32Array(64);
  private defIndex = new Int32Array(64);
  private defPos = new Int32Array(64);
  /** The value of each definition once built, or -1. */
  private defId = new Int32Array(64);
  /** The definition each instruction of the function makes (by its index from the function's first instruction), when it names a result. */
  private instDef = new Int32Array(64);
  private defs = 0;
  /**
   * Operand types for the typing rule, one array per operand count, written
   * in place: emptying an array (length = 0) gives up its storage, so each
   * instruction would allocate it anew.
   */
  private readonly argTypes: Type[][] = [];
  /**
   * The value operands of the instruction being built, as `args` lists them:
   * their count and (in `argIds`) their ids, kept as they are resolved, so
   * that typing reads neither the shared list nor the values' infos.
   */
  private argCount = 0;
  /** The instructions of the block being built. */
  private readonly blockInsts: Inst[];
  /** The arrays above, given back by `release`. */
  private readonly scratch: BodyScratch;
  /** The type each `.SUFFIX` names, by its index in the store (InstStore.suffixAt), once resolved (only names that resolve are kept). */
  private readonly suffixTypes: (Type | undefined)[] = [];
  private blockLength = 0;
  /** The function's blocks by label and its dominance (null for a function of one block: never asked). */
  private readonly graph: BodyGraph;
  private dom: Dominance | null = null;
  private readonly s: InstStore;
  private readonly ix: ModuleIndex;
  /** The module's shared operand lists, and scratch for the ids of a long one. */
  private readonly argLists = new ArgLists();
  private readonly argIds: ValueId[] = [];

  constructor(private readonly r: ModuleScope) {
    this.s = r.insts;
    this.graph = new BodyGraph(r);
    this.ix = r.index();
    this.infos = r.infos;
    this.scratch = spareScratch.take() ?? { values: [], types: [], insts: [] };
    this.values = this.scratch.values;
    this.types = this.scratch.types;
    this.blockInsts = this.scratch.insts;
  }

  /** Hand the scratch arrays to the next module's resolver; this one builds no more bodies. */
  release(): void {
    spareScratch.give(this.scratch);
  }

  private err(code: FzErrorCode, message: string, pos: Pos): FzError {
    return new FzError(code, message, this.r.loc(pos));
  }

  /** The body of `f` (whose declaration is `header`) as a Func. */
  build(header: Func, f: FuncSyntax): Func {
    this.f = f;
    this.header = header;
    this.valueCount = 0;
    this.fresh = 0;
    this.defs = 0;
    this.r.defOf.clear();
    this.r.varOf.clear();
    this.vars = f.vars.length === 0 ? NO_VARS : this.declareVars();
    this.graph.declare(f);
    this.collectDefs();
    const s = this.s, fb = f.firstBlock, nb = f.blockCount;
    this.dom = this.graph.dominance();
    if (this.dom === null) this.emitBlock(0 as BlockId);
    else for (const b of this.dom.rpo) this.emitBlock(b);
    const blocks: Block[] = new Array<Block>(nb);
    for (let i = 0; i < nb; i++) blocks[i] = { name: this.text(s.label(fb + i)), insts: this.insts[i]!, term: this.terms[i]! };
    // The header (in the module's index since the signatures were declared) becomes the function: one record, not two.
    const func = header as { -readonly [K in keyof Func]: Func[K] };
    func.values = this.values.slice(0, this.valueCount); // exact length, as for a block's instructions
    func.vars = this.vars;
    func.blocks = blocks;
    this.graph.remember(func); // a large function's dominator tree, for the verifier
    return func;
  }

  /** The function's variables, each by name in `varOf`; a name declared twice is reported at its second place. */
  private declareVars(): VarInfo[] {
    const f = this.f, vars: VarInfo[] = [];
    if (f.vars.length > 1) unique(this.r, f.vars, "variable $", "function", f.name.text);
    for (const v of f.vars) {
      const type = this.r.type(v.type);
      const bad = typeWellFormed(this.ix, type);
      if (bad) throw this.err("type", `${bad} in variable $${v.text} of function ${f.name.text}`, v.pos);
      this.r.varOf.set(v.id, vars.length);
      vars.push({ name: v.text, type });
    }
    return vars;
  }

  /** The text of name id `id`. */
  private text(id: number): string {
    return this.r.names.strings[id]!;
  }

  /** Every value name and where it is defined; duplicates are reported in text order. */
  private collectDefs(): void {
    const s = this.s, params = this.f.params, fb = this.f.firstBlock, nb = this.f.blockCount;
    this.reserveDefs(params.length + s.to(fb + nb - 1) - s.from(fb));
    for (let i = 0; i < params.length; i++) {
      const p = params[i]!;
      this.define(p.id, p.pos, -1, i, i);
      const type = this.header.params[i]!.type;
      this.types[this.valueCount] = type;
      this.values[this.valueCount++] = this.infos.of(p.id, type);
    }
    const first = s.from(fb);
    for (let bi = 0; bi < nb; bi++) {
      const from = s.from(fb + bi), to = s.to(fb + bi);
      for (let i = from; i < to; i++) {
        const id = s.dstId(i);
        if (id >= 0) this.instDef[i - first] = this.define(id, s.dstPos(i), bi, i - from, -1);
      }
    }
  }

  /** Room for `n` definitions. */
  private reserveDefs(n: number): void {
    if (n <= this.defBlock.length) return;
    const size = Math.max(n, this.defBlock.length * 2);
    this.defBlock = new Int32Array(size);
    this.defIndex = new Int32Array(size);
    this.defPos = new Int32Array(size);
    this.defId = new Int32Array(size);
    this.instDef = new Int32Array(size);
  }

  /** Value name id `id` (written at `pos`) is defined by instruction `index` of `block` (a parameter: block -1), as value `value` once built (-1: not yet); returns the definition's index. */
  private define(id: number, pos: Pos, block: number, index: number, value: number): number {
    const first = this.r.defOf.get(id);
    if (first >= 0) {
      throw this.err("duplicate", `value %${this.text(id)} is defined twice in function ${this.f.name.text} (first at ${lineCol(this.r, this.defPos[first]!)})`, pos);
    }
    const d = this.defs++;
    this.r.defOf.set(id, d);
    this.defBlock[d] = block;
    this.defIndex[d] = index;
    this.defPos[d] = pos;
    this.defId[d] = value;
    return d;
  }

  /** The value named by name id `id` (written at `pos`) used at instruction `index` of `block` (the terminator's index is the block's length). */
  private use(id: number, pos: Pos, block: number, index: number): ValueId {
    const d = this.r.defOf.get(id);
    if (d < 0) throw this.err("undefined", `use of undefined value %${this.r.names.strings[id]}`, pos);
    const db = this.defBlock[d]!;
    const ok = db === -1 || (db === block ? this.defIndex[d]! < index : this.dom!.strictlyDominates(db as BlockId, block as BlockId));
    if (!ok || this.defId[d] === -1) throw this.err("undefined", `%${this.r.names.strings[id]} is not defined on every path to this use`, pos);
    return this.defId[d] as ValueId;
  }

  private emitBlock(bi: BlockId): void {
    const s = this.s, b: BlockSyntax = this.f.firstBlock + bi;
    const from = s.from(b), to = s.to(b), first = s.from(this.f.firstBlock);
    this.blockLength = 0;
    for (let i = from; i < to; i++) {
      const dst = this.emit(i, bi, i - from);
      if (s.dstId(i) >= 0) this.defId[this.instDef[i - first]!] = dst!;
    }
    // A copy of exactly the block's length: the module keeps it, and a pushed array keeps spare room.
    this.insts[bi] = this.blockInsts.slice(0, this.blockLength);
    const term = this.term(b, bi, to - from);
    const loc = s.termSrcLoc(b);
    this.terms[bi] = loc ? { ...term, loc: { file: loc.file, line: loc.line, col: loc.col } } : term;
  }

  /** The terminator of block `t` (block `bi`, whose instruction count is `index`). */
  private term(t: BlockSyntax, bi: number, index: number): Term {
    const s = this.s, ta = s.termA(t), taPos = s.termAPos(t), tc = s.termC(t), tcPos = s.termCPos(t);
    switch (s.termOp(t)) {
      case "jump": return { op: "jump", target: this.graph.block(ta, taPos) };
      case "br": {
        const cond = this.use(ta, taPos, bi, index);
        const term: Term = { op: "br", cond, then: this.graph.block(s.termB(t), s.termBPos(t)), else: this.graph.block(tc, tcPos) };
        const bad = brConditionError(this.types[cond]!);
        if (bad) throw this.err("type", bad, s.termPos(t));
        return term;
      }
      case "ret": {
        const v = ta < 0 ? null : this.use(ta, taPos, bi, index);
        const got = v === null ? null : this.types[v]!;
        const bad = retError(got, this.header.result);
        if (bad) throw this.err("type", bad, s.termPos(t));
        return { op: "ret", value: v };
      }
      case "unreachable": return { op: "unreachable" };
      case "switch": {
        const value = this.use(ta, taPos, bi, index);
        const type = this.types[value]!;
        // Same message as the builder's check, which would only come after the cases.
        const bad = switchValueError(type);
        if (bad) throw this.err("type", bad, s.termPos(t));
        const cases = s.termCases(t)!.map((c): SwitchCase => {
          const key = this.text(c.key);
          if (type.kind === "enum") {
            if (c.keyKind !== "word") throw this.err("type", `switch on enum ${type.name} needs variant names as cases, got ${key}`, c.keyPos);
            const v = this.ix.variantOfEnum(type.name, key);
            if (v < 0) throw this.err("type", `enum ${type.name} has no variant ${key}`, c.keyPos);
            return { value: BigInt(v), target: this.graph.block(c.target, c.targetPos) };
          }
          const k = c.keyKind === "number" ? parseIntLiteral(key) : null;
          if (k === null) throw this.err("type", `switch on ${typeToString(type)} needs integer cases, got ${key}`, c.keyPos);
          return { value: k, target: this.graph.block(c.target, c.targetPos) };
        });
        return { op: "switch", value, cases, default: tc < 0 ? null : this.graph.block(tc, tcPos) };
      }
    }
  }

  /** Instruction `i` has `n` operands: at least `min`, at most `max`. */
  private count(i: number, n: number, min: number, max = min): void {
    if (n >= min && n <= max) return;
    const want = max === min ? `${min}` : max === Infinity ? `at least ${min}` : `${min} or ${max}`;
    throw this.err("parse", `${this.s.op(i)} takes ${want} operand(s), got ${n}`, this.s.pos(i));
  }

  /**
   * Operands `from` to the instruction's last as values, in the module's
   * shared list of exactly those ids (arg-lists.ts).
   */
  private valuesFrom(i: number, from: number, bi: number, ii: number): ValueId[] {
    const s = this.s, lists = this.argLists, ids = this.argIds;
    const j = s.opFrom(i)! + from, n = s.opTo(i)! - j;
    for (let k = 0; k < n; k++) ids[k] = this.value(i, j + k, bi, ii);
    this.argCount = n;
    switch (n) {
      case 0: return lists.none;
      case 1: return lists.one(ids[0]!);
      case 2: return lists.two(ids[0]!, ids[1]!);
      default: return lists.of(ids, n);
    }
  }

  /** Build instruction `i` (instruction `ii` of block `bi`); returns its result value. */
  private emit(i: number, bi: number, ii: number): ValueId | null {
    const s = this.s;
    const typing = s.typing(i); // the format, the result and the typing rule's operand count, found once by the parser
    const op = typing.op;
    const o0 = s.opFrom(i)!;
    const n = s.opTo(i)! - o0;
    const info = typing.info;
    const fmt = info.format;
    const suffix = s.suffix(i)!;
    if (fmt !== "const" && fmt !== "convert" && fmt !== "cmp" && suffix !== null) {
      throw this.err("parse", `${op} takes no suffix (found .${suffix})`, s.pos(i)! + op.length + 1);
    }
    let type: Type | null = null;
    let imm: Imm = NONE;
    let noResult = false;
    let args: ValueId[] | null = null;
    switch (fmt) {
      case "const": {
        type = this.suffixType(i);
        this.count(i, n, 1);
        const lit = this.r.imms.literal(s.kind(o0)!, s.id(o0)!);
        if (typeof lit === "string") throw this.err("parse", lit, s.at(o0)!);
        imm = lit;
        break;
      }
      case "strlit":
        this.count(i, n, 1);
        if (s.kind(o0) !== "string") throw this.operandError(i, 0, "a string literal");
        imm = { kind: "str", value: s.extra(o0) as string };
        break;
      case "unary": this.count(i, n, 1); args = this.valuesFrom(i, 0, bi, ii); break;
      case "binary": this.count(i, n, 2); args = this.valuesFrom(i, 0, bi, ii); break;
      case "ternary": this.count(i, n, 3); args = this.valuesFrom(i, 0, bi, ii); break;
      case "cmp": {
        const ccs: readonly string[] = op === "icmp" ? INT_CCS : FLOAT_CCS;
        if (suffix === null) throw this.err("parse", `${op} needs a condition code suffix (${op}.${ccs[0]}: one of ${ccs.join(" ")})`, s.pos(i)!);
        if (!ccs.includes(suffix)) throw this.err("parse", `unknown condition code ${op}.${suffix} (expected one of ${ccs.join(" ")})`, s.pos(i)! + op.length + 1);
        this.count(i, n, 2);
        imm = this.r.imms.cc(suffix);
        args = this.valuesFrom(i, 0, bi, ii);
        break;
      }
      case "convert": type = this.suffixType(i); this.count(i, n, 1); args = this.valuesFrom(i, 0, bi, ii); break;
      case "getvar": this.count(i, n, 1); imm = this.variable(i, o0); break;
      case "setvar": this.count(i, n, 2); imm = this.variable(i, o0); args = this.valuesFrom(i, 1, bi, ii); break;
      case "call":
        this.count(i, n, 1, Infinity);
        if (s.kind(o0) !== "func") throw this.operandError(i, 0, "a callee (@name)");
        imm = this.r.imms.func(s.id(o0)!);
        args = this.valuesFrom(i, 1, bi, ii);
        break;
      case "funcref":
        this.count(i, n, 1);
        if (s.kind(o0) !== "func") throw this.operandError(i, 0, "a function (@name)");
        imm = this.r.imms.func(s.id(o0)!);
        break;
      case "callind": {
        this.count(i, n, 1, Infinity);
        args = this.valuesFrom(i, 0, bi, ii);
        const ft = this.types[args[0]!]!;
        if (ft.kind === "fn" && ft.result === null) noResult = true;
        break;
      }
      case "globalget": case "globalset":
        this.count(i, n, fmt === "globalget" ? 1 : 2);
        if (s.kind(o0) !== "func") throw this.operandError(i, 0, "a global (@name)");
        imm = this.r.imms.global(s.id(o0)!);
        args = this.valuesFrom(i, 1, bi, ii);
        break;
      case "arraylit": case "arraynew": {
        this.count(i, n, 1, fmt === "arraynew" ? 2 : Infinity);
        const k = s.kind(o0);
        if (k !== "type" && k !== "word") throw this.operandError(i, 0, "an array type");
        type = this.r.type(k === "type" ? (s.extra(o0) as TypeSyntax) : { kind: "name", name: s.text(o0)!, pos: s.at(o0)! });
        args = this.valuesFrom(i, 1, bi, ii);
        break;
      }
      case "mapnew":
        this.count(i, n, 1);
        if (s.kind(o0) !== "type") throw this.operandError(i, 0, "a map type {K: V}");
        type = this.r.type(s.extra(o0) as TypeSyntax);
        break;
      case "structnew": this.count(i, n, 1, Infinity); imm = this.r.imms.struct(this.ident(i, 0, "a struct name")); args = this.valuesFrom(i, 1, bi, ii); break;
      case "field": case "fieldset": {
        this.count(i, n, fmt === "field" ? 2 : 3);
        imm = this.r.imms.field(this.ident(i, 1, "a field name"));
        const obj = this.value(i, o0, bi, ii);
        args = fmt === "field" ? this.operands1(obj) : this.operands2(obj, this.value(i, o0 + 2, bi, ii));
        break;
      }
      case "enumnew": {
        this.count(i, n, 1, 2);
        const variant = s.kind(o0) === "word" ? this.r.imms.variant(s.id(o0)!) : null;
        if (variant === null) throw this.operandError(i, 0, "a variant (Enum.Variant)");
        imm = variant;
        args = this.valuesFrom(i, 1, bi, ii);
        break;
      }
      case "payload": {
        this.count(i, n, 2);
        args = this.operands1(this.value(i, o0, bi, ii));
        const t = this.types[args[0]!]!;
        imm = { kind: "variant", enumName: t.kind === "enum" ? t.name : "", variant: this.r.names.strings[this.ident(i, 1, "a variant name")]! };
        break;
      }
    }
    if (args === null) {
      args = this.argLists.none;
      this.argCount = 0;
    }
    const dstId = s.dstId(i);
    const fresh = dstId >= 0 || noResult ? undefined : this.freshName(info.hasResult, imm);
    return this.add(i, bi, op, typing, args, type, imm, dstId, fresh);
  }

  /** The shared list `[a]`, as the instruction's operands (argIds, argCount). */
  private operands1(a: ValueId): ValueId[] {
    this.argIds[0] = a;
    this.argCount = 1;
    return this.argLists.one(a);
  }

  /** The shared list `[a, b]`, as the instruction's operands. */
  private operands2(a: ValueId, b: ValueId): ValueId[] {
    this.argIds[0] = a;
    this.argIds[1] = b;
    this.argCount = 2;
    return this.argLists.two(a, b);
  }

  /**
   * Type instruction `i` by the typing rule and append it to block `bi`;
   * returns its result, named by name id `nameId` or else `fresh` (the name
   * made for an unnamed result), or a name made now. `args` holds the ids
   * of argIds (argCount of them).
   */
  private add(i: number, bi: number, op: Opcode, typing: OpTyping, args: ValueId[], type: Type | null, imm: Imm, nameId: number, fresh: string | undefined): ValueId | null {
    const pos = this.s.pos(i)!;
    if (type) {
      const bad = typeWellFormed(this.ix, type);
      if (bad) throw this.err("type", bad, pos);
    }
    // instResult reads its argument types and keeps none of them, so one scratch array serves every instruction.
    const n = this.argCount, ids = this.argIds, types = this.types;
    const argTypes = (this.argTypes[n] ??= new Array<Type>(n));
    for (let k = 0; k < n; k++) argTypes[k] = types[ids[k]!]!;
    const typed = instResultOf(typing.arity, this.ix, this.vars, op, argTypes, type, imm);
    if (typeof typed === "string") throw this.err("type", typed, pos);
    let dst: ValueId | null = null;
    if (typing.info.hasResult && typed) {
      dst = this.valueCount as ValueId;
      this.types[this.valueCount] = typed;
      this.values[this.valueCount++] = nameId >= 0 ? this.infos.of(nameId, typed) : makeValueInfo(fresh ?? this.freshName(true, imm)!, typed);
    } else if (nameId >= 0 || fresh !== undefined) {
      throw this.err("type", `${op} gives no value to name %${nameId >= 0 ? this.text(nameId) : fresh}`, pos);
    }
    this.blockInsts[this.blockLength++] = makeInst(op, dst, args, type, imm, this.s.srcLoc(i));
    return dst;
  }

  /** A name for a result the text leaves unnamed, distinct from every name in the function. */
  private freshName(hasResult: boolean, imm: Imm): string | undefined {
    if (!hasResult) return undefined;
    if (imm.kind === "func" && this.r.calleeIsVoid(imm.name)) return undefined;
    let name: string;
    do name = `t${this.fresh++}`; while (this.r.defOf.get(this.r.names.lookup(name)) >= 0);
    return name;
  }

  /** Operand `j` (a store index) of instruction `i` as a value. */
  private value(i: number, j: number, bi: number, ii: number): ValueId {
    const s = this.s;
    if (s.kind(j) !== "value") throw this.operandError(i, j - s.opFrom(i)!, "a value (%name)");
    return this.use(s.id(j)!, s.at(j)!, bi, ii);
  }

  private variable(i: number, j: number): Imm {
    const s = this.s;
    if (s.kind(j) !== "var") throw this.operandError(i, 0, "a variable ($name)");
    const v = this.r.varOf.get(s.id(j)!) as VarId;
    if (v < 0) throw this.err("undefined", `unknown variable $${s.text(j)!} in function ${this.f.name.text}`, s.at(j)!);
    return this.r.imms.variable(v);
  }

  private suffixType(i: number): Type {
    const s = this.s, k = s.suffixAt(i);
    const known = k >= 0 ? this.suffixTypes[k] : undefined;
    if (known !== undefined) return known;
    const op = s.op(i), suffix = s.suffix(i);
    if (suffix === null) throw this.err("parse", `${op} needs a type suffix (${op}.i32)`, s.pos(i));
    const type = this.r.type({ kind: "name", name: suffix, pos: s.pos(i) + op.length + 1 });
    this.suffixTypes[k] = type;
    return type;
  }

  /** Operand `k` (0-based) of instruction `i` as a plain name; returns its name id. */
  private ident(i: number, k: number, want: string): number {
    const s = this.s;
    const j = s.opFrom(i)! + k;
    if (s.kind(j) !== "word" || s.text(j)!.includes(".")) throw this.operandError(i, k, want);
    return s.id(j)!;
  }

  private operandError(i: number, k: number, want: string): FzError {
    const s = this.s;
    const j = s.opFrom(i)! + k;
    const kind = s.kind(j)!, text = s.text(j)!;
    const shown = kind === "type" ? "a type" : kind === "string" ? "a string" : kind === "value" ? `%${text}` : kind === "var" ? `$${text}` : kind === "func" ? `@${text}` : text;
    return this.err("parse", `operand ${k + 1} of ${s.op(i)!} must be ${want}, found ${shown}`, s.at(j)!);
  }
}

/** Throw a `duplicate` error at the second of two equal names (found by name id in the scope's `seen`, emptied here), spelled `${item}NAME of ${owner} ${ownerName}` (strings, not a closure per list). */
export function unique(scope: { loc(pos: Pos): TextLocation; readonly seen: IdMap }, names: readonly Name[], item: string, owner: string, ownerName: string): void {
  const seen = scope.seen;
  seen.clear();
  for (let i = 0; i < names.length; i++) {
    const n = names[i]!;
    const first = seen.get(n.id);
    if (first >= 0) {
      const l = scope.loc(names[first]!.pos);
      throw new FzError("duplicate", `${item}${n.text} of ${owner} ${ownerName} is defined twice (first at ${l.line}:${l.column})`, scope.loc(n.pos));
    }
    seen.set(n.id, i);
  }
}

/** The variables of a function that declares none (shared, as the module only reads them). */
const NO_VARS: readonly VarInfo[] = Object.freeze([]);

/** The immediate of every instruction without one: shared (and frozen), as nothing keys on an immediate's identity. */
const NONE: Imm = Object.freeze({ kind: "none" });
