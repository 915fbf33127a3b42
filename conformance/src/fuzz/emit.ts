/**
 * Recipe -> IR through the public builder API (ModuleBuilder). Every pick is
 * resolved against the values of the needed type that dominate the current
 * point: a stack of scopes mirrors the nesting of the recipe, so a value
 * made inside a branch, loop body or switch arm is never used after it. State
 * that crosses control flow goes through declared variables (`get`/`set`),
 * from which the lowering builds SSA itself.
 *
 * Memory stays bounded whatever the recipe: every string stored into a
 * mutable place (variable, array, struct, payload, argument, result) is at
 * most STORE_CAP bytes long, so a loop cannot double a string per trip, and
 * a straight-line string operation whose worst-case result would pass
 * GROW_CAP bytes is left out.
 */
import { type BlockId, type FloatCC, type FunctionBuilder, type IntCC, I32, type ModuleBuilder, type Type, type ValueId, type VarId } from "@fzy/ir";
import { arrayParts, ENUMS, enumSpec, isIntKey, STRINGS, STRUCTS, structSpec, typeOf } from "./catalogue.js";
import { emitIndirectCall } from "./gen-fnrefs.js";
import { emitGlobalStmt, globalsUsed, resetGlobals } from "./gen-globals.js";
import { emitNumber } from "./gen-numbers.js";
import { emitStrExtra } from "./gen-strings.js";
import { children, type CaseRecipe, type HelperRecipe, type IdxMode, type Pick, type Stmt } from "./recipe.js";
import { emitMap } from "./gen-maps.js";

const STORE_CAP = 64;
const GROW_CAP = 4096;

/** Declare the catalogue's structs and enums (only those in `only`, when given). */
export function declareTypes(mb: ModuleBuilder, only?: ReadonlySet<string>): void {
  for (const s of STRUCTS) if (!only || only.has(s.name)) mb.struct(s.name, s.fields.map(([f, t]) => [f, typeOf(t)] as const));
  for (const e of ENUMS) {
    if (!only || only.has(e.name)) mb.enum(e.name, e.variants.map(([v, p]) => (p ? ([v, typeOf(p)] as const) : v)));
  }
}

/** How the functions of one case are named in a module. */
export interface CaseNames {
  readonly fn: string;
  readonly exported: boolean;
  readonly helper: (j: number) => string;
}

interface HelperSig {
  readonly name: string;
  readonly params: readonly string[];
  readonly result: string | null;
  /** Upper bound of a str result's length. */
  readonly bound: number;
}

/** Emit a case's helpers and its `fn NAME(%n: i32) -> i32`. */
export function emitCase(mb: ModuleBuilder, c: CaseRecipe, names: CaseNames): void {
  const sigs = c.helpers.map((h, j) => emitHelper(mb, h, names.helper(j)));
  const fb = mb.function(names.fn, [["n", I32]], I32, { exported: names.exported });
  const em = new FnEmitter(fb, sigs, ["i32"], varTypes(c.body));
  resetGlobals(fb, globalsUsed(c));
  em.body(c.body);
  fb.ret(em.finalAcc(c.finalMix !== false));
}

function emitHelper(mb: ModuleBuilder, h: HelperRecipe, name: string): HelperSig {
  const fb = mb.function(name, h.params.map((t, i) => [`p${i}`, typeOf(t)] as const), h.result ? typeOf(h.result) : null);
  const em = new FnEmitter(fb, [], h.params, varTypes(h.body));
  em.body(h.body);
  let bound = 0;
  if (h.result === null) fb.ret();
  else if (h.result === "i32") fb.ret(em.finalAcc(h.finalMix !== false));
  else {
    const v = em.stored(h.result, h.out);
    bound = em.boundOf(v);
    fb.ret(v);
  }
  return { name, params: h.params, result: h.result, bound };
}

/** Type keys of the variables a body reads or writes (declared and set in the entry block). */
function varTypes(body: readonly Stmt[], out = new Set<string>()): Set<string> {
  for (const s of body) {
    if (s.k === "setv" || s.k === "getv") out.add(s.t);
    if (s.k === "table") out.add(s.v);
    if (s.k === "strchain") out.add("i32");
    for (const c of children(s)) varTypes(c, out);
  }
  return out;
}

class FnEmitter {
  /** In-scope values by type key, innermost scope last. */
  private readonly scopes: Map<string, ValueId[]>[] = [new Map()];
  private readonly loopCounters: ValueId[] = [];
  private readonly bounds = new Map<ValueId, number>();
  private readonly vars = new Map<string, VarId>();
  private readonly acc: VarId;
  private serial = 0;
  private literal = 0;

  constructor(private readonly fb: FunctionBuilder, private readonly helpers: readonly HelperSig[], params: readonly string[], vars: ReadonlySet<string>) {
    fb.at(fb.block("entry"));
    params.forEach((t, i) => {
      this.add(t, fb.param(i));
      if (t === "str") this.bounds.set(fb.param(i), STORE_CAP);
    });
    this.acc = fb.var("acc", I32);
    fb.set(this.acc, fb.iconst(I32, 0));
    for (const t of [...vars].sort()) {
      const v = fb.var(`v_${t}`, typeOf(t));
      this.vars.set(t, v);
      fb.set(v, this.stored(t, 0));
    }
  }

  body(stmts: readonly Stmt[]): void {
    for (const s of stmts) this.stmt(s);
  }

  /** Mix the variables and the last few values in scope into the accumulator (when `mix`) and return it. */
  finalAcc(mix = true): ValueId {
    if (!mix) return this.fb.get(this.acc);
    for (const [t, v] of this.vars) this.mix(t, this.fb.get(v));
    const top = this.scopes[0]!;
    for (const t of [...top.keys()].sort()) {
      for (const v of top.get(t)!.slice(-2)) this.mix(t, v);
    }
    return this.fb.get(this.acc);
  }

  boundOf(v: ValueId): number {
    return this.bounds.get(v) ?? 0;
  }

  private add(t: string, v: ValueId, bound?: number): ValueId {
    const top = this.scopes[this.scopes.length - 1]!;
    const list = top.get(t);
    if (list) list.push(v);
    else top.set(t, [v]);
    if (bound !== undefined) this.bounds.set(v, bound);
    return v;
  }

  /** The value of type `t` that `p` picks among those in scope; one is made when there is none. */
  private val(t: string, p: Pick): ValueId {
    let n = 0;
    for (const s of this.scopes) n += s.get(t)?.length ?? 0;
    if (n === 0) return this.materialize(t);
    let i = p % n;
    for (const s of this.scopes) {
      const list = s.get(t) ?? [];
      if (i < list.length) return list[i]!;
      i -= list.length;
    }
    throw new Error("unreachable pick");
  }

  /** Like val, for a value about to be stored: a string longer than STORE_CAP is replaced by a literal. */
  stored(t: string, p: Pick): ValueId {
    const v = this.val(t, p);
    return t === "str" && this.boundOf(v) > STORE_CAP ? this.lit() : v;
  }

  private lit(s = STRINGS[this.literal++ % STRINGS.length]!): ValueId {
    return this.add("str", this.fb.str(s), Buffer.byteLength(s));
  }

  /** A value of type `t` made from the parameter or from constants. */
  private materialize(t: string): ValueId {
    const fb = this.fb;
    const n = (): ValueId => this.val("i32", 0);
    if (isIntKey(t)) {
      if (this.count("i32") === 0) return this.add(t, fb.iconst(typeOf(t), 1));
      const x = n();
      return t === "i32" ? x : this.add(t, fb.convert(t === "i64" ? "sext" : "trunc", x, typeOf(t)));
    }
    switch (t) {
      case "bool": return this.add(t, fb.icmp("slt", n(), fb.iconst(I32, 0)));
      case "f64": case "f32": return this.add(t, fb.convert("sitofp", n(), typeOf(t)));
      case "str": return this.lit();
    }
    const s = structSpec(t);
    if (s) return this.add(t, fb.structNew(t, s.fields.map(([, ft]) => this.stored(ft, 0))));
    const e = enumSpec(t);
    if (e) {
      const [variant, payload] = e.variants[0]!;
      return this.add(t, fb.enumNew(t, variant, payload ? this.stored(payload, 0) : undefined));
    }
    const { elem, len } = arrayParts(t);
    if (len !== null) return this.add(t, fb.arrayNew(typeOf(t), this.stored(elem, 0)));
    // Not empty: an empty array would make every later read of it a bounds trap.
    const d = this.add(t, fb.arrayNew(typeOf(t)));
    for (let i = 0; i < 3; i++) fb.arrayPush(d, this.stored(elem, i));
    return d;
  }

  private count(t: string): number {
    let n = 0;
    for (const s of this.scopes) n += s.get(t)?.length ?? 0;
    return n;
  }

  private scoped(body: readonly Stmt[], counter?: ValueId): void {
    this.scopes.push(new Map());
    if (counter !== undefined) {
      this.loopCounters.push(counter);
      this.add("i32", counter);
    }
    this.body(body);
    if (counter !== undefined) this.loopCounters.pop();
    this.scopes.pop();
  }

  private label(stem: string): string {
    return `${stem}${this.serial++}`;
  }

  /** acc = acc * 31 + fold(v). */
  private mix(t: string, v: ValueId): void {
    const fb = this.fb;
    const folded = this.fold(t, v);
    fb.set(this.acc, fb.add(fb.mul(fb.get(this.acc), fb.iconst(I32, 31)), folded));
  }

  /** An i32 that depends on the value (its length for strings and arrays, its tag for enums). */
  private fold(t: string, v: ValueId): ValueId {
    const fb = this.fb;
    switch (t) {
      case "i8": case "i16": return fb.convert("sext", v, I32);
      case "i32": return v;
      case "i64": return fb.convert("trunc", fb.xor(v, fb.lshr(v, fb.iconst(typeOf("i64"), 32))), I32);
      case "bool": return fb.convert("zext", v, I32);
      case "f64": case "f32": return fb.convert("fptosi", v, I32);
      case "str": return fb.strLen(v);
      case "P": return fb.structGet(v, "x");
      case "Q": return fb.convert("sext", fb.structGet(v, "k"), I32);
    }
    if (enumSpec(t)) return fb.enumTag(v);
    return fb.arrayLen(v);
  }

  private index(t: string, arr: ValueId, mode: IdxMode, p: Pick): ValueId {
    const fb = this.fb;
    switch (mode.k) {
      case "raw": return this.val("i32", p);
      case "const": return fb.iconst(I32, mode.v);
      case "loop": {
        const i = this.loopCounters[this.loopCounters.length - 1];
        if (i === undefined) return this.val("i32", p);
        return mode.off === 0 ? i : fb.add(i, fb.iconst(I32, mode.off));
      }
      case "edge": {
        const { len } = arrayParts(t);
        return len === null ? fb.add(fb.arrayLen(arr), fb.iconst(I32, mode.d)) : fb.iconst(I32, len + mode.d);
      }
      case "mod": {
        const { len } = arrayParts(t);
        if (len === 0) return this.val("i32", p);
        const divisor = len === null ? fb.or(fb.arrayLen(arr), fb.iconst(I32, 1)) : fb.iconst(I32, len);
        return fb.urem(this.val("i32", p), divisor);
      }
    }
  }

  private stmt(s: Stmt): void {
    const fb = this.fb;
    switch (s.k) {
      case "const": {
        const t = typeOf(s.t);
        const v = typeof s.v === "bigint" ? fb.iconst(t, s.v) : typeof s.v === "boolean" ? fb.bconst(s.v) : fb.fconst(s.v);
        this.add(s.t, v);
        return;
      }
      case "bin": {
        const isDiv = s.op === "sdiv" || s.op === "srem" || s.op === "udiv" || s.op === "urem";
        const shape = isDiv && isIntKey(s.t) ? s.div : undefined;
        let a = this.val(s.t, s.a);
        // (a & mask) + shift: a dividend the range analysis proves to start at 0 or at -1.
        if (shape && shape.mask !== null) a = fb.add(fb.and(a, fb.iconst(typeOf(s.t), shape.mask)), fb.iconst(typeOf(s.t), shape.shift));
        let b = shape && shape.divisor !== null ? fb.iconst(typeOf(s.t), shape.divisor) : this.val(s.t, s.b);
        if (s.guard && isDiv && !(shape && shape.divisor !== null)) b = fb.or(b, fb.iconst(typeOf(s.t), 1));
        this.add(s.t, fb.emit(s.op, [a, b])!);
        return;
      }
      case "un": this.add(s.t, fb.emit(s.op, [this.val(s.t, s.a)])!); return;
      case "cmp": {
        const a = this.val(s.t, s.a), b = this.val(s.t, s.b);
        // A recipe is data (saved, shrunk); the typing rule still checks the code when the instruction is built.
        this.add("bool", s.t === "f64" ? fb.fcmp(s.cc as FloatCC, a, b) : fb.icmp(s.cc as IntCC, a, b));
        return;
      }
      case "select": {
        const c = this.val("bool", s.c), a = this.val(s.t, s.a), b = this.val(s.t, s.b);
        this.add(s.t, fb.select(c, a, b), Math.max(this.boundOf(a), this.boundOf(b)));
        return;
      }
      case "conv": this.add(s.to, fb.convert(s.op, this.val(s.from, s.a), typeOf(s.to))); return;
      case "opaque": {
        const a = this.val(s.t, s.a);
        this.add(s.t, fb.opaque(a), this.boundOf(a));
        return;
      }
      case "num": return emitNumber({ fb, val: (t, p) => this.val(t, p), add: (t, v) => { this.add(t, v); } }, s);
      case "slit": this.lit(s.s); return;
      case "sop": return this.strOp(s);
      case "sx": return emitStrExtra({ fb, val: (t, p) => this.val(t, p), add: (t, v, b) => this.add(t, v, b), boundOf: (v) => this.boundOf(v), growCap: GROW_CAP }, s);
      case "anew": {
        const { elem, len } = arrayParts(s.t);
        const t = typeOf(s.t);
        if (len === null) {
          // A new dynamic array gets up to four elements, so reads modulo its length often land.
          const d = this.add(s.t, fb.arrayNew(t));
          for (let i = 0; i < s.picks[0]! % 5; i++) fb.arrayPush(d, this.stored(elem, s.picks[i + 1]!));
        }
        else if (s.lit) this.add(s.t, fb.arrayLit(t, Array.from({ length: len }, (_, i) => this.stored(elem, s.picks[i % s.picks.length]!))));
        else this.add(s.t, fb.arrayNew(t, this.stored(elem, s.picks[0]!)));
        return;
      }
      case "aget": {
        const a = this.val(s.t, s.a);
        const { elem } = arrayParts(s.t);
        this.add(elem, fb.arrayGet(a, this.index(s.t, a, s.idx, s.i)), elem === "str" ? STORE_CAP : undefined);
        return;
      }
      case "aset": {
        const a = this.val(s.t, s.a);
        const i = this.index(s.t, a, s.idx, s.i);
        fb.arraySet(a, i, this.stored(arrayParts(s.t).elem, s.v));
        return;
      }
      case "alen": this.add("i32", fb.arrayLen(this.val(s.t, s.a))); return;
      case "apush": fb.arrayPush(this.val(s.t, s.a), this.stored(arrayParts(s.t).elem, s.v)); return;
      case "window": {
        const a = this.val(s.t, s.a);
        const off = fb.and(this.val("i32", s.i), fb.iconst(I32, s.mask));
        let sum = fb.arrayGet(a, off);
        for (let k = 1; k < 4; k++) sum = fb.add(sum, fb.arrayGet(a, fb.add(off, fb.iconst(I32, k))));
        this.add(arrayParts(s.t).elem, sum);
        return;
      }
      case "snew": {
        const spec = structSpec(s.s)!;
        this.add(s.s, fb.structNew(s.s, spec.fields.map(([, ft], i) => this.stored(ft, s.picks[i % s.picks.length]!))));
        return;
      }
      case "sget": {
        const [f, ft] = structSpec(s.s)!.fields[s.field]!;
        this.add(ft, fb.structGet(this.val(s.s, s.a), f), ft === "str" ? STORE_CAP : undefined);
        return;
      }
      case "sset": {
        const [f, ft] = structSpec(s.s)!.fields[s.field]!;
        fb.structSet(this.val(s.s, s.a), f, this.stored(ft, s.v));
        return;
      }
      case "enew": {
        const [variant, payload] = enumSpec(s.e)!.variants[s.variant]!;
        this.add(s.e, fb.enumNew(s.e, variant, payload ? this.stored(payload, s.v) : undefined));
        return;
      }
      case "etag": this.add("i32", fb.enumTag(this.val(s.e, s.a))); return;
      case "epayload": {
        const [variant, payload] = enumSpec(s.e)!.variants[s.variant]!;
        this.add(payload!, fb.enumPayload(this.val(s.e, s.a), variant), payload === "str" ? STORE_CAP : undefined);
        return;
      }
      case "call": {
        const h = this.helpers[s.h % Math.max(1, this.helpers.length)];
        if (!h) return;
        const args = h.params.map((t, i) => this.stored(t, s.picks[i % s.picks.length]!));
        if (h.result) this.add(h.result, fb.call(h.name, args), h.bound);
        else fb.callVoid(h.name, args);
        return;
      }
      case "mix": this.mix(s.t, this.val(s.t, s.a)); return;
      case "setv": fb.set(this.vars.get(s.t)!, this.stored(s.t, s.a)); return;
      case "getv": this.add(s.t, fb.get(this.vars.get(s.t)!), s.t === "str" ? STORE_CAP : undefined); return;
      case "icall": emitIndirectCall(fb, s, this.helpers, (t, p) => this.stored(t, p), (t, v, bound) => this.add(t, v, bound)); return;
      case "gget": case "gset":
        emitGlobalStmt(fb, s, (t) => this.stored(t, s.k === "gset" ? s.a : 0), (t, v) => this.add(t, v, t === "str" ? STORE_CAP : undefined));
        return;
      case "if": {
        const c = this.val("bool", s.c);
        const [th, el, join] = [fb.block(this.label("then")), fb.block(this.label("else")), fb.block(this.label("join"))];
        fb.br(c, th, el);
        fb.at(th); this.scoped(s.then); fb.jump(join);
        fb.at(el); this.scoped(s.else); fb.jump(join);
        fb.at(join);
        return;
      }
      case "loop": return this.loop(s);
      case "map": return emitMap({
        fb, val: (t, p) => this.val(t, p), stored: (t, p) => this.stored(t, p), mix: (t, v) => this.mix(t, v), serial: () => this.serial++,
        add: (t, v) => { this.add(t, v, t === "str" ? STORE_CAP : undefined); },
      }, s);
      case "iswitch": {
        const x = this.val(s.t, s.a);
        const arms = s.cases.map(() => fb.block(this.label("case")));
        const dflt = fb.block(this.label("default")), join = fb.block(this.label("endswitch"));
        fb.switch(x, s.cases.map((c, i) => ({ value: c.v, target: arms[i]! })), dflt);
        s.cases.forEach((c, i) => { fb.at(arms[i]!); this.scoped(c.body); fb.jump(join); });
        fb.at(dflt); this.scoped(s.dflt); fb.jump(join);
        fb.at(join);
        return;
      }
      case "ematch": return this.match(s);
      case "table": return this.table(s);
      case "strchain": return this.strChain(s);
      case "ret": {
        const c = this.val("bool", s.c), v = this.val(s.t, s.a);
        const [out, cont] = [fb.block(this.label("early")), fb.block(this.label("cont"))];
        fb.br(c, out, cont);
        fb.at(out);
        this.mix(s.t, v);
        fb.ret(fb.get(this.acc));
        fb.at(cont);
        return;
      }
      case "trap": {
        const c = this.val("bool", s.c);
        const [out, cont] = [fb.block(this.label("trap")), fb.block(this.label("cont"))];
        fb.br(c, out, cont);
        fb.at(out); fb.unreachable();
        fb.at(cont);
        return;
      }
    }
  }

  private strOp(s: Extract<Stmt, { k: "sop" }>): void {
    const fb = this.fb;
    const a = this.val("str", s.a);
    const b = () => this.val("str", s.b);
    const la = this.boundOf(a);
    switch (s.op) {
      case "trim": this.add("str", fb.strTrim(a), la); return;
      case "concat": {
        const bv = b();
        const bound = la + this.boundOf(bv);
        if (bound <= GROW_CAP) this.add("str", fb.strConcat(a, bv), bound);
        return;
      }
      case "replace": {
        const from = b(), to = this.val("str", s.c);
        // Worst case: an empty pattern inserts `to` before every byte and at the end.
        const bound = (la + 1) * this.boundOf(to) + la;
        if (bound <= GROW_CAP) this.add("str", fb.strReplace(a, from, to), bound);
        return;
      }
      case "len": this.add("i32", fb.strLen(a)); return;
      case "eq": this.add("bool", fb.strEq(a, b())); return;
      case "contains": this.add("bool", fb.strContains(a, b())); return;
      case "starts_with": this.add("bool", fb.strStartsWith(a, b())); return;
      case "ends_with": this.add("bool", fb.strEndsWith(a, b())); return;
    }
  }

  private loop(s: Extract<Stmt, { k: "loop" }>): void {
    const fb = this.fb;
    const count = s.count.k === "const" ? fb.iconst(I32, s.count.v) : fb.and(this.val("i32", s.count.i), fb.iconst(I32, s.count.m));
    const id = this.serial++;
    const iv = fb.var(`i${id}`, I32);
    fb.set(iv, fb.iconst(I32, 0));
    const [head, body, exit] = [fb.block(`head${id}`), fb.block(`body${id}`), fb.block(`exit${id}`)];
    fb.jump(head);
    fb.at(head);
    const i = fb.get(iv);
    fb.br(fb.icmp(s.cc ?? "slt", i, count), body, exit);
    fb.at(body);
    this.scoped(s.body, i);
    fb.set(iv, fb.add(i, fb.iconst(I32, 1)));
    fb.jump(head);
    fb.at(exit);
  }

  /** Each arm: `%c = const; set $v, %c; jump join`, nothing else (what the lookup-table lowering looks for). */
  private table(s: Extract<Stmt, { k: "table" }>): void {
    const fb = this.fb;
    const x = this.val(s.t, s.a);
    const spec = enumSpec(s.t);
    const v = this.vars.get(s.v)!;
    const arm = (value: bigint) => {
      const b = fb.block(this.label("tab"));
      fb.at(b);
      fb.set(v, s.v === "bool" ? fb.bconst(value !== 0n) : fb.iconst(typeOf(s.v), value));
      return b;
    };
    const from = fb.block(this.label("tabswitch")), join = fb.block(this.label("endtab"));
    fb.jump(from);
    const arms = s.cases.map((c) => { const b = arm(c.value); fb.jump(join); return b; });
    const exhaustive = spec !== undefined && new Set(s.cases.map((c) => c.key)).size === spec.variants.length;
    let dflt: BlockId | null = null;
    if (s.dflt !== null || !exhaustive) { dflt = arm(s.dflt ?? 0n); fb.jump(join); }
    fb.at(from);
    fb.switch(x, s.cases.map((c, i) => ({ value: c.key, target: arms[i]! })), dflt);
    fb.at(join);
  }

  /** `if s == LIT0 { $v_i32 = 0 } else if s == LIT1 { ... }`, each test block ending in its str.eq. */
  private strChain(s: Extract<Stmt, { k: "strchain" }>): void {
    const fb = this.fb;
    const subject = this.val("str", s.a);
    const v = this.vars.get("i32")!;
    const join = fb.block(this.label("endchain"));
    s.lits.forEach((lit, i) => {
      const [hit, next] = [fb.block(this.label("hit")), fb.block(this.label("test"))];
      fb.br(fb.strEq(subject, fb.str(lit)), hit, next);
      fb.at(hit);
      fb.set(v, fb.iconst(I32, i + 1));
      fb.jump(join);
      fb.at(next);
    });
    fb.jump(join);
    fb.at(join);
  }

  private match(s: Extract<Stmt, { k: "ematch" }>): void {
    const fb = this.fb;
    const spec = enumSpec(s.e)!;
    const x = this.val(s.e, s.a);
    const arms = s.arms.map(() => fb.block(this.label("arm")));
    const covered = new Set(s.arms.map((a) => a.variant));
    // A shrunk match may have lost arms: a default is then required again.
    const needDefault = s.dflt !== null || covered.size < spec.variants.length;
    const dflt = needDefault ? fb.block(this.label("other")) : null;
    const join = fb.block(this.label("endmatch"));
    fb.switch(x, s.arms.map((a, i) => ({ value: BigInt(a.variant), target: arms[i]! })), dflt);
    s.arms.forEach((a, i) => {
      fb.at(arms[i]!);
      this.scopes.push(new Map());
      const [variant, payload] = spec.variants[a.variant]!;
      if (a.payload && payload) this.add(payload, fb.enumPayload(x, variant), payload === "str" ? STORE_CAP : undefined);
      this.body(a.body);
      this.scopes.pop();
      fb.jump(join);
    });
    if (dflt !== null) { fb.at(dflt); this.scoped(s.dflt ?? []); fb.jump(join); }
    fb.at(join);
  }
}

/** Named types a set of type keys mentions, with the types their definitions use. */
export function namedTypesOf(types: Iterable<Type>): Set<string> {
  const out = new Set<string>();
  const visit = (t: Type): void => {
    if (t.kind === "array" || t.kind === "dynarray") return visit(t.elem);
    if (t.kind === "map") { visit(t.key); return visit(t.value); }
    if (t.kind !== "struct" && t.kind !== "enum") return;
    if (out.has(t.name)) return;
    out.add(t.name);
    for (const [, ft] of structSpec(t.name)?.fields ?? []) visit(typeOf(ft));
    for (const [, p] of enumSpec(t.name)?.variants ?? []) if (p) visit(typeOf(p));
  };
  for (const t of types) visit(t);
  return out;
}
