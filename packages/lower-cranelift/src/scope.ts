/**
 * The state the instruction printer writes through. ModuleScope is built
 * once per module: the symbols (functions, externs and data objects) in one
 * open-addressing index, each callee a number with a declaration stamp in
 * typed arrays, the signatures spelled once per distinct list, and a
 * declaration record per data object and signature stamped by the function
 * that last declared it. FunctionScope (one per module, reset per function)
 * writes a function's value names (through the ptr/int alias table)
 * straight to the output and numbers its preamble entities (stack slots,
 * global values, signatures, function references) in order of first use,
 * so the same function always prints the same text. Nothing on the
 * per-operand path allocates or looks up a Map unless the function has
 * aliases.
 */
import { type LBlockId, type LExtern, type LFunction, type LModuleInProgress, type LType, type LValue, type StringIndex, TextOut } from "@fzy/lir";
import type { CalleeStamps, ClifWorkspace } from "./workspace.js";
import { type ClifType, checkSymbol, clifType, signatureText } from "./spelling.js";

/** What a call can reach: a function of the module or a declared extern. */
export type Callee = Pick<LExtern, "name" | "params" | "results">;

/** A callee's number: the module's functions in module order, then its externs in the order they were registered. */
export type CalleeId = number;

/** One decimal digit per lowered type (9 separates parameters from results in a signature key). */
const TYPE_DIGIT: Readonly<Record<LType, number>> = { bool: 0, i8: 1, i16: 2, i32: 3, i64: 4, f32: 5, f64: 6, ptr: 7 };

/**
 * An entity a function declares in its preamble on first use (a signature,
 * a data object's global value): the FunctionScope serial that last
 * declared it and its number there, so no function needs a Map of its own.
 */
interface Declared {
  refIn: number;
  ref: number;
}

/** The symbol-table number of data object `k` (callees have their own number, 0 and up; -1 is no symbol). */
const dataSymbol = (k: number): number => -2 - k;

/**
 * Module-wide lookups shared by every function printer. The symbols (callee
 * and data object names) are one open-addressing index built once per
 * module, and a callee is its number: a module of many functions makes no
 * record per function.
 */
export class ModuleScope {
  /** Every symbol of the module: a callee's number, or dataSymbol of a data object's. */
  private readonly symbols: StringIndex;
  /** Callees below this number are the module's functions, the others its externs. */
  private readonly functionCount: number;
  /** Per callee: the function that last declared it and its `fnN` there. */
  private readonly stamps: CalleeStamps;
  /**
   * The symbols looked up by the functions so far: a Map look-up reads the
   * hash the name keeps, where the index hashes the name at every call
   * site. A symbol's number never changes, and names not found are not kept
   * (sync may register them later).
   */
  private readonly found = new Map<string, number>();
  /** The data objects, each with its `gvN` in the function that last declared it. */
  private readonly data: Declared[] = [];
  /** The signatures used by calls, each with its `sigN` in the function that last declared it. */
  private readonly sigDecls = new Map<string, Declared>();
  private readonly signatures = new Map<number, string>();

  /** The externs and data objects of `module` registered so far (its lists only grow; see sync). */
  private externsSeen = 0;
  private dataSeen = 0;

  /**
   * `module`: its functions are registered now, its externs and data
   * objects by sync (a module in progress gains them as its functions are
   * lowered). `workspace`: the tables it fills (emptied here).
   */
  constructor(private readonly module: LModuleInProgress, workspace: ClifWorkspace) {
    const fns = module.functions;
    this.functionCount = fns.length;
    this.symbols = workspace.symbols;
    this.symbols.clear();
    this.symbols.reserve(fns.length + 64);
    this.stamps = workspace.stamps;
    this.stamps.startModule(fns.length);
    for (let i = 0; i < fns.length; i++) this.add(fns[i]!.name, i, "function");
    this.sync();
  }

  /** Registers the externs and data objects the module gained since the last call (a function printed next may use them). */
  sync(): void {
    const { externs, data, name } = this.module;
    for (; this.externsSeen < externs.length; this.externsSeen++) {
      const k = this.functionCount + this.externsSeen;
      this.stamps.fit(k + 1);
      this.add(externs[this.externsSeen]!.name, k, "extern");
    }
    for (; this.dataSeen < data.length; this.dataSeen++) {
      const d = data[this.dataSeen]!;
      if (this.symbols.add(d.name, dataSymbol(this.dataSeen)) !== -1) throw new Error(`lower-cranelift: symbol '${d.name}' is defined twice in module ${name}`);
      this.data.push({ refIn: -1, ref: 0 });
    }
  }

  private add(name: string, k: CalleeId, what: string): void {
    checkSymbol(name, what);
    const had = this.symbols.add(name, k);
    if (had >= 0) throw new Error(`lower-cranelift: '${name}' is declared twice in module ${this.module.name}`);
    // A data object registered before this extern (a module in progress registers them in turn).
    if (had !== -1) throw new Error(`lower-cranelift: symbol '${name}' is defined twice in module ${this.module.name}`);
  }

  /** The symbol number of `name` (-1: no symbol of the module). */
  private symbolNumber(name: string): number {
    let k = this.found.get(name);
    if (k === undefined) {
      k = this.symbols.get(name);
      if (k !== -1) this.found.set(name, k);
    }
    return k;
  }

  /** The number of the callee called `name`. */
  calleeNamed(name: string): CalleeId {
    const k = this.symbolNumber(name);
    if (k < 0) throw new Error(`lower-cranelift: call to '${name}', which is neither a function nor an extern of the module`);
    return k;
  }

  /** The name and signature of callee `k`. */
  callee(k: CalleeId): Callee {
    return k < this.functionCount ? this.module.functions[k]! : this.module.externs[k - this.functionCount]!;
  }

  /** True when callee `k` is a function of the module (`colocated`: a direct, PC-relative call). */
  colocated(k: CalleeId): boolean {
    return k < this.functionCount;
  }

  /** `fnN` of callee `k` in the function with serial `serial`, or -1 when that function has not declared it. */
  calleeRef(k: CalleeId, serial: number): number {
    return this.stamps.ref(k, serial);
  }

  /** Records that the function with serial `serial` declares callee `k` as `fnN`. */
  setCalleeRef(k: CalleeId, serial: number, n: number): void {
    this.stamps.set(k, serial, n);
  }

  /** True when a relocation may name `symbol`: a data object, function or extern of the module. */
  knows(symbol: string): boolean {
    return this.symbols.get(symbol) !== -1;
  }

  /**
   * signatureText of a parameter and result list, spelled once per distinct
   * list: short lists are keyed by a number, one decimal digit per type.
   */
  signature(params: readonly LType[], results: readonly LType[]): string {
    if (params.length + results.length > 14) return signatureText(params, results);
    let key = 1;
    for (let i = 0; i < params.length; i++) key = key * 10 + TYPE_DIGIT[params[i]!];
    key = key * 10 + 9;
    for (let i = 0; i < results.length; i++) key = key * 10 + TYPE_DIGIT[results[i]!];
    if (Number.isNaN(key)) return signatureText(params, results);
    let text = this.signatures.get(key);
    if (text === undefined) {
      text = signatureText(params, results);
      this.signatures.set(key, text);
    }
    return text;
  }

  /** The signature text already spelled for a key of `signature` (undefined when none is). */
  signatureOfKey(key: number): string | undefined {
    return this.signatures.get(key);
  }

  /** The declaration record of data object `symbol`, or undefined when the module has no such data object. */
  dataDecl(symbol: string): Declared | undefined {
    const k = this.symbolNumber(symbol);
    return k < -1 ? this.data[-2 - k] : undefined;
  }

  /** The declaration record of a signature text (made on first use). */
  signatureDecl(text: string): Declared {
    let d = this.sigDecls.get(text);
    if (d === undefined) {
      d = { refIn: -1, ref: 0 };
      this.sigDecls.set(text, d);
    }
    return d;
  }

  /** A fresh stamp for one function's callee declarations. */
  nextSerial(): number {
    return this.stamps.nextSerial();
  }
}

/** Writes a newline and `function %name(i64, i64) -> i32 system_v {`, the first line of a function of the module. */
export function writeFunctionHead(w: TextOut, module: ModuleScope, c: Callee): void {
  // The signature text ends in ` system_v`, the calling convention the head ends in: written as it is, no string built.
  w.s("\nfunction %");
  w.s(c.name);
  w.s(module.signature(c.params, c.results));
  w.s(" {");
}

/**
 * Block numbers cranelift-reader accepts: below 100,000 (its
 * MAX_BLOCKS_IN_A_FUNCTION; "too many blocks" from there on). Every block
 * of a function is numbered (its own blocks by index, then the fresh ones),
 * so a function of more blocks than this has no CLIF text.
 */
export const MAX_BLOCKS = 100_000;

/** The types a fresh value can have, by the code FunctionScope keeps for it. */
const FRESH_TYPES: readonly LType[] = ["bool", "i8", "i16", "i32", "i64", "f32", "f64", "ptr"];

/** A function over a limit of CLIF text (the lowering is correct; Cranelift's reader would refuse the text). */
export class ClifLimitError extends Error {
  constructor(readonly func: string, message: string) {
    super(message);
    this.name = "ClifLimitError";
  }
}

function tooManyBlocks(func: string): ClifLimitError {
  return new ClifLimitError(func, `function ${func} needs more than ${MAX_BLOCKS.toLocaleString("en-US")} blocks in CLIF, and cranelift-reader numbers blocks below ${MAX_BLOCKS.toLocaleString("en-US")}`);
}

/**
 * Names, fresh values and preamble declarations of the function being
 * printed. One per module, reset by `begin` for each function (nothing is
 * allocated per function unless it needs it).
 */
export class FunctionScope {
  /** Values that are another value under a new name (ptr/int casts are identities in CLIF); allocated on the first alias. */
  private aliases: Map<LValue, LValue> | undefined;
  /**
   * Per value of the function, this function's serial when the value is a
   * key of `aliases`, so an operand that is no alias (most are) is answered
   * without a Map look-up; grown on a function's first alias.
   */
  private aliased = new Int32Array(0);
  /** Whether a key of `aliases` is no value of the function (then every operand is looked up). */
  private oddAlias = false;
  /**
   * The type of each fresh value (id minus the function's value count), as
   * its index in FRESH_TYPES: bytes in a buffer kept from function to
   * function (a switch's tree makes two fresh values per compare, and a list
   * of strings grown by push cost about 90 ns per value).
   */
  private freshTypes = new Uint8Array(64);
  /** Value ids below this are values of the function (its own and fresh ones). */
  private limit = 0;
  /** The number of the next fresh block (after the function's blocks and the fresh entry block). */
  private nextBlock = 0;
  private serial = -1;
  private sigCount = 0;
  private fnCount = 0;
  private gvCount = 0;
  /** Preamble lines by kind, each line after a newline (empty between functions). */
  private readonly preambleGvs = new TextOut(1 << 12, false);
  private readonly preambleSigs = new TextOut(1 << 12, false);
  private readonly preambleFns = new TextOut(1 << 12, false);
  private opaqueSlotIndex: number | undefined;
  /** The function being printed (set by `begin`). */
  fn!: LFunction;

  /** `w`: where the function's body is written (`begin` may change it). */
  constructor(readonly module: ModuleScope, public w: TextOut) {}

  /** Starts printing `fn` to `w`. */
  begin(fn: LFunction, w: TextOut): void {
    this.fn = fn;
    this.w = w;
    this.aliases = undefined;
    this.oddAlias = false;
    this.limit = fn.valueTypes.length;
    // (The fresh entry block, when the function needs one, is numbered blocks.length.)
    if (fn.blocks.length + 1 > MAX_BLOCKS) throw tooManyBlocks(fn.name);
    this.nextBlock = fn.blocks.length + 1;
    this.serial = this.module.nextSerial();
    this.sigCount = 0;
    this.fnCount = 0;
    this.gvCount = 0;
    this.preambleGvs.clear();
    this.preambleSigs.clear();
    this.preambleFns.clear();
    this.opaqueSlotIndex = undefined;
  }

  /** Records that `dst` is `src` under another name. */
  alias(dst: LValue, src: LValue): void {
    (this.aliases ??= new Map()).set(dst, src);
    const n = this.fn.valueTypes.length;
    if (!((dst | 0) === dst && dst >= 0 && dst < n)) {
      this.oddAlias = true;
      return;
    }
    // Only a function's first alias can find it short (n is the function's), so no stamp of this function is lost.
    if (this.aliased.length < n) this.aliased = new Int32Array(Math.max(n, this.aliased.length * 2));
    this.aliased[dst] = this.serial;
  }

  /** The value `value` names, through aliases. */
  private resolved(value: LValue): LValue {
    const aliases = this.aliases;
    if (aliases === undefined || (!this.oddAlias && this.aliased[value] !== this.serial)) return value;
    return this.resolve(value, aliases);
  }

  private resolve(v: LValue, aliases: Map<LValue, LValue>): LValue {
    let r = v;
    for (let seen = 0; ; seen++) {
      const next = aliases.get(r);
      if (next === undefined) return r;
      if (seen >= aliases.size) throw new Error(`lower-cranelift: alias cycle at v${v} in ${this.fn.name}`);
      r = next;
    }
  }

  /** N of the `vN` that spells a value, through aliases. */
  id(value: LValue): number {
    const r = this.resolved(value);
    if (!(r >= 0 && r < this.limit)) throw new Error(`lower-cranelift: v${value} is not a value of ${this.fn.name}`);
    return r;
  }

  /** Writes `vN`, through aliases. */
  v(value: LValue): void {
    this.w.v(this.id(value));
  }

  /** Writes `v1, v2, ...`. */
  values(vs: readonly LValue[]): void {
    for (let i = 0; i < vs.length; i++) {
      if (i) this.w.next(this.id(vs[i]!));
      else this.w.v(this.id(vs[i]!));
    }
  }

  typeOf(value: LValue): LType {
    const r = this.resolved(value);
    const n = this.fn.valueTypes.length;
    const t = r < n ? this.fn.valueTypes[r] : r < this.limit ? FRESH_TYPES[this.freshTypes[r - n]!] : undefined;
    if (t === undefined) throw new Error(`lower-cranelift: v${value} is not a value of ${this.fn.name}`);
    return t;
  }

  /** A value the lowered form does not have (temporaries of `opaque`, unused call results, a switch tree's constants and compares). */
  fresh(t: LType): LValue {
    const k = this.limit - this.fn.valueTypes.length;
    if (k === this.freshTypes.length) {
      const grown = new Uint8Array(2 * k);
      grown.set(this.freshTypes);
      this.freshTypes = grown;
    }
    this.freshTypes[k] = FRESH_TYPES.indexOf(t);
    return (this.limit++) as LValue;
  }

  /** A block the lowered form does not have (a switch's compare tree): numbered after its blocks and the fresh entry block. */
  freshBlock(): number {
    if (this.nextBlock >= MAX_BLOCKS) throw tooManyBlocks(this.fn.name);
    return this.nextBlock++;
  }

  /** Writes `blockN` (lowered blocks keep their index) after `lead`, which ends in `block` (one write for both). */
  block(b: LBlockId, lead = "block"): void {
    if (!(b >= 0 && b < this.fn.blocks.length)) throw new Error(`lower-cranelift: block${b} is not a block of ${this.fn.name}`);
    this.w.named(lead, b);
  }

  /** N of `fnN` for callee `k`, declaring it (and its `sigN`) on first use. */
  fnRef(k: CalleeId): number {
    const m = this.module;
    const known = m.calleeRef(k, this.serial);
    if (known >= 0) return known;
    const c = m.callee(k);
    const sig = this.sigRefText(m.signature(c.params, c.results));
    const ref = this.fnCount++;
    m.setCalleeRef(k, this.serial, ref);
    const w = this.preambleFns;
    w.named("\n    fn", ref);
    w.s(m.colocated(k) ? " = colocated %" : " = %");
    w.s(c.name);
    w.named(" sig", sig);
    return ref;
  }

  /** N of `sigN` for a signature, declaring it on first use (calls and `call_indirect` share them). */
  sigRef(params: readonly LType[], results: readonly LType[]): number {
    return this.sigRefText(this.module.signature(params, results));
  }

  /**
   * sigRef of the signature read off values: the types of `args`, then of
   * `results` (a call_indirect's). No list of types is made unless the
   * module has not spelled that signature yet.
   */
  sigRefOfValues(args: readonly LValue[], results: readonly LValue[]): number {
    if (args.length + results.length <= 14) {
      // The key of ModuleScope.signature, computed from the values' types.
      let key = 1;
      for (let i = 0; i < args.length; i++) key = key * 10 + TYPE_DIGIT[this.typeOf(args[i]!)];
      key = key * 10 + 9;
      for (let i = 0; i < results.length; i++) key = key * 10 + TYPE_DIGIT[this.typeOf(results[i]!)];
      const text = this.module.signatureOfKey(key);
      if (text !== undefined) return this.sigRefText(text);
    }
    return this.sigRef(args.map((a) => this.typeOf(a)), results.map((r) => this.typeOf(r)));
  }

  private sigRefText(text: string): number {
    const d = this.module.signatureDecl(text);
    if (d.refIn !== this.serial) {
      d.refIn = this.serial;
      d.ref = this.sigCount++;
      this.preambleSigs.named("\n    sig", d.ref);
      this.preambleSigs.s(" = ");
      this.preambleSigs.s(text);
    }
    return d.ref;
  }

  /**
   * N of `gvN` for a data object. Data objects are defined in the same module as
   * the functions, so the symbol is `colocated` (a PC-relative address, no
   * GOT load).
   */
  globalValue(symbol: string): number {
    const d = this.module.dataDecl(symbol);
    if (!d) throw new Error(`lower-cranelift: symbol_addr of '${symbol}', which is not a data object of the module`);
    if (d.refIn !== this.serial) {
      checkSymbol(symbol, "data object");
      d.refIn = this.serial;
      d.ref = this.gvCount++;
      this.preambleGvs.named("\n    gv", d.ref);
      this.preambleGvs.s(" = symbol colocated %");
      this.preambleGvs.s(symbol);
    }
    return d.ref;
  }

  /** N of `ssN`, the 8-byte slot every `opaque` of this function passes its value through. */
  opaqueSlot(): number {
    return (this.opaqueSlotIndex ??= this.fn.slots.length);
  }

  /**
   * Writes the preamble lines to `w` in Cranelift's own order (slots,
   * global values, signatures, function references), each after a newline
   * and indented; false when there are none.
   */
  writePreamble(w: TextOut): boolean {
    const fnSlots = this.fn.slots;
    for (let i = 0; i < fnSlots.length; i++) {
      const s = fnSlots[i]!;
      if (!Number.isInteger(s.size) || s.size < 0 || s.size > 0xffff_ffff) throw new Error(`lower-cranelift: stack slot ${i} of ${this.fn.name} has size ${s.size}`);
      if (!Number.isInteger(s.align) || s.align < 1 || (s.align & (s.align - 1)) !== 0) {
        throw new Error(`lower-cranelift: stack slot ${i} of ${this.fn.name} has alignment ${s.align}, not a power of two`);
      }
      w.named("\n    ss", i);
      w.s(" = explicit_slot ");
      w.u(s.size);
      w.s(", align = ");
      w.u(s.align);
    }
    const opaque = this.opaqueSlotIndex !== undefined;
    if (opaque) {
      w.named("\n    ss", this.opaqueSlotIndex!);
      w.s(" = explicit_slot 8, align = 8");
    }
    const any = fnSlots.length > 0 || opaque || !this.preambleGvs.empty() || !this.preambleSigs.empty() || !this.preambleFns.empty();
    w.take(this.preambleGvs);
    w.take(this.preambleSigs);
    w.take(this.preambleFns);
    return any;
  }

  /** The CLIF type name of a value. */
  clifTypeOf(value: LValue): ClifType {
    return clifType(this.typeOf(value));
  }
}
