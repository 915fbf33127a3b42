/**
 * The per-function state the instruction printer writes through: value and
 * block names, and the preamble entities (stack slots, global values,
 * signatures, function references) numbered in order of first use, so the
 * same function always prints the same text.
 */
import type { LBlockId, LExtern, LFunction, LModule, LType, LValue } from "@fzy/lir";
import { clifType, signatureText, symbolName } from "./spelling.js";

/** What a call can reach: a function of the module or a declared extern. */
export interface Callee {
  readonly name: string;
  readonly params: readonly LType[];
  readonly results: readonly LType[];
  readonly colocated: boolean;
}

/** Module-wide lookups shared by every function printer. */
export class ModuleScope {
  private readonly callees = new Map<string, Callee>();
  readonly dataNames: ReadonlySet<string>;

  constructor(module: LModule) {
    const add = (c: Callee, what: string) => {
      symbolName(c.name, what);
      if (this.callees.has(c.name)) throw new Error(`lower-cranelift: '${c.name}' is declared twice in module ${module.name}`);
      this.callees.set(c.name, c);
    };
    for (const f of module.functions) add({ name: f.name, params: f.params, results: f.results, colocated: true }, "function");
    for (const e of module.externs) add(externCallee(e), "extern");
    this.dataNames = new Set(module.data.map((d) => d.name));
  }

  callee(name: string): Callee {
    const c = this.callees.get(name);
    if (!c) throw new Error(`lower-cranelift: call to '${name}', which is neither a function nor an extern of the module`);
    return c;
  }

  has(name: string): boolean {
    return this.callees.has(name);
  }
}

function externCallee(e: LExtern): Callee {
  return { name: e.name, params: e.params, results: e.results, colocated: false };
}

/** Names, fresh values and preamble declarations of one function being printed. */
export class FunctionScope {
  /** Values that are another value under a new name (ptr/int casts are identities in CLIF). */
  private readonly aliases = new Map<LValue, LValue>();
  private readonly extraTypes: LType[] = [];
  private readonly sigs = new Map<string, number>();
  private readonly fnRefs = new Map<string, number>();
  private readonly gvs = new Map<string, number>();
  private readonly preambleFns: string[] = [];
  private readonly preambleSigs: string[] = [];
  private readonly preambleGvs: string[] = [];
  private opaqueSlotIndex: number | undefined;

  constructor(readonly fn: LFunction, readonly module: ModuleScope) {}

  /** Records that `dst` is `src` under another name. */
  alias(dst: LValue, src: LValue): void {
    this.aliases.set(dst, src);
  }

  private resolve(v: LValue): LValue {
    if (this.aliases.size === 0) return v;
    let r = v;
    for (let seen = 0; this.aliases.has(r); seen++) {
      if (seen > this.aliases.size) throw new Error(`lower-cranelift: alias cycle at v${v} in ${this.fn.name}`);
      r = this.aliases.get(r)!;
    }
    return r;
  }

  /** `vN`, through aliases. */
  v(value: LValue): string {
    const r = this.resolve(value);
    if (r < 0 || r >= this.fn.valueTypes.length + this.extraTypes.length) {
      throw new Error(`lower-cranelift: v${value} is not a value of ${this.fn.name}`);
    }
    return `v${r}`;
  }

  typeOf(value: LValue): LType {
    const r = this.resolve(value);
    const t = r < this.fn.valueTypes.length ? this.fn.valueTypes[r] : this.extraTypes[r - this.fn.valueTypes.length];
    if (t === undefined) throw new Error(`lower-cranelift: v${value} is not a value of ${this.fn.name}`);
    return t;
  }

  /** A value the lowered form does not have (temporaries of `opaque`, unused call results). */
  fresh(t: LType): LValue {
    this.extraTypes.push(t);
    return (this.fn.valueTypes.length + this.extraTypes.length - 1) as LValue;
  }

  /** `blockN`: lowered blocks keep their index. */
  block(b: LBlockId): string {
    if (b < 0 || b >= this.fn.blocks.length) throw new Error(`lower-cranelift: block${b} is not a block of ${this.fn.name}`);
    return `block${b}`;
  }

  /** `fnN` for a callee, declaring it (and its `sigN`) on first use. */
  fnRef(callee: Callee): string {
    let n = this.fnRefs.get(callee.name);
    if (n === undefined) {
      const sig = this.sigRef(callee.params, callee.results);
      n = this.fnRefs.size;
      this.fnRefs.set(callee.name, n);
      const name = symbolName(callee.name, callee.colocated ? "function" : "extern");
      this.preambleFns.push(`fn${n} = ${callee.colocated ? "colocated " : ""}${name} ${sig}`);
    }
    return `fn${n}`;
  }

  /** `sigN` for a signature, declaring it on first use (calls and `call_indirect` share them). */
  sigRef(params: readonly LType[], results: readonly LType[]): string {
    const text = signatureText(params, results);
    let n = this.sigs.get(text);
    if (n === undefined) {
      n = this.sigs.size;
      this.sigs.set(text, n);
      this.preambleSigs.push(`sig${n} = ${text}`);
    }
    return `sig${n}`;
  }

  /**
   * `gvN` for a data object. Data objects are defined in the same module as
   * the functions, so the symbol is `colocated` (a PC-relative address, no
   * GOT load).
   */
  globalValue(symbol: string): string {
    if (!this.module.dataNames.has(symbol)) throw new Error(`lower-cranelift: symbol_addr of '${symbol}', which is not a data object of the module`);
    let n = this.gvs.get(symbol);
    if (n === undefined) {
      n = this.gvs.size;
      this.gvs.set(symbol, n);
      this.preambleGvs.push(`gv${n} = symbol colocated ${symbolName(symbol, "data object")}`);
    }
    return `gv${n}`;
  }

  /** The 8-byte slot every `opaque` of this function passes its value through. */
  opaqueSlot(): string {
    if (this.opaqueSlotIndex === undefined) this.opaqueSlotIndex = this.fn.slots.length;
    return `ss${this.opaqueSlotIndex}`;
  }

  /** Preamble lines in Cranelift's own order: slots, global values, signatures, function references. */
  preamble(): string[] {
    const slots = this.fn.slots.map((s, i) => {
      if (!Number.isInteger(s.size) || s.size < 0 || s.size > 0xffff_ffff) throw new Error(`lower-cranelift: stack slot ${i} of ${this.fn.name} has size ${s.size}`);
      if (!Number.isInteger(s.align) || s.align < 1 || (s.align & (s.align - 1)) !== 0) {
        throw new Error(`lower-cranelift: stack slot ${i} of ${this.fn.name} has alignment ${s.align}, not a power of two`);
      }
      return `ss${i} = explicit_slot ${s.size}, align = ${s.align}`;
    });
    if (this.opaqueSlotIndex !== undefined) slots.push(`ss${this.opaqueSlotIndex} = explicit_slot 8, align = 8`);
    return [...slots, ...this.preambleGvs, ...this.preambleSigs, ...this.preambleFns];
  }

  /** The CLIF type name of a value. */
  clifTypeOf(value: LValue): string {
    return clifType(this.typeOf(value));
  }
}
