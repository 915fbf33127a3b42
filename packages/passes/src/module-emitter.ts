/**
 * ModuleEmitter: the module-wide half of one lowering, shared by the
 * functions it lowers: the resolved options, the representation of types,
 * the data objects (deduplicated by content, named in creation order so the
 * output is deterministic), the externs actually used, and the machine
 * signature of every module function.
 */
import { FzError, type Func, type ModuleIndex } from "@fzy/ir";
import { type BackendCapabilities, decide, type FastPath, type Mode } from "./eligibility.js";
import { Representation } from "./layout.js";
import type { LData, LExtern, LFunctionHead, LReloc, LType } from "@fzy/lir";
import { RUNTIME } from "@fzy/lir";
import { cImportExtern } from "./c-import-abi.js";
import { type LoweringScratch, takeLoweringScratch } from "./lower-scratch.js";
import { mayRecurse } from "./may-recurse.js";

export interface ResolvedOptions {
  readonly mode: Mode;
  /** What the backend the result is printed by can spell (the matrix reads sparseSwitch). */
  readonly capabilities: BackendCapabilities;
  readonly fast: Readonly<Record<FastPath, boolean>>;
  /** Record each IR instruction's text as the origin of its code (printed as comments). */
  readonly annotate?: boolean;
}

/** A module function's head (its symbol is `name`) and how it returns a multi-part result. */
export interface FnSig extends LFunctionHead {
  /** Parts of a multi-part result, returned through a trailing out pointer. */
  readonly outParts: readonly LType[] | null;
}

/**
 * The empty list of machine types (shared, never written). Not frozen, nor
 * are the one-type lists: a frozen array has an elements kind of its own,
 * and the printers' loops over lists of both kinds measured 20-30% slower
 * on the LLVM side.
 */
const NO_TYPES: readonly LType[] = [];

export class ModuleEmitter {
  readonly repr: Representation;
  readonly data: LData[] = [];
  /** Read-only data objects by content hash (dataHash): indices into `data`, compared byte for byte. */
  private readonly dataByHash = new Map<number, number[]>();
  /** String literals' bytes and data objects, by text (stringData). */
  private readonly literals = new Map<string, { readonly bytes: Uint8Array; readonly name: string }>();
  /** The externs declared so far, in the order of their first use (only grows: the printers read it as functions are lowered). */
  readonly externsInUseOrder: LExtern[] = [];
  /** Their names (each extern is listed once). */
  private readonly externNames = new Set<string>();
  /** The signature of each module function, in the module's order. */
  private readonly sigList: readonly FnSig[];
  /** The same by name, made at the first call asked about (a module without calls never builds it). */
  private sigByName: Map<string, FnSig> | undefined;
  /** The data object of each mutable global used so far (lower-globals.ts). */
  readonly globalCells = new Map<string, string>();
  private readonly prefix: string;
  /** The shared one-type lists of signatures (oneType). */
  private readonly oneTypes = new Map<LType, readonly LType[]>();
  /** The functions that may recurse (may-recurse.ts), by name; made at the first question (most modules ask none). */
  private recursive: ReadonlySet<string> | undefined;
  /** Tables each function's lowering takes emptied (lower-scratch.ts): the last module's, or a new set. */
  readonly scratch: LoweringScratch = takeLoweringScratch();

  constructor(readonly ix: ModuleIndex, readonly opts: ResolvedOptions) {
    // Strings are represented one way module-wide, so values cross calls unconverted: the
    // matrix decides for a local string; boundaries intern (lower-strings.internHandle).
    const strings = decide({ kind: "string", mode: opts.mode, enabled: opts.fast.strings, escape: "none", mutability: "immutable", constant: false });
    this.repr = new Representation(ix, strings.form === "view");
    this.prefix = ix.module.name.replace(/[^A-Za-z0-9_]/g, "_");
    this.sigList = ix.module.functions.map((f) => this.computeSig(f));
  }

  private computeSig(f: Func): FnSig {
    const name = f.exported ? f.name : `fzl_${this.prefix}_${f.name}`, exported = f.exported;
    const result = f.result;
    if (result !== null && this.repr.partCount(result) > 1) {
      const params: LType[] = [];
      for (const p of f.params) for (const t of this.repr.parts(p.type)) params.push(t);
      return { name, params: [...params, "ptr"], results: [], exported, outParts: this.repr.parts(result) };
    }
    return { name, params: this.paramTypes(f), results: result === null ? NO_TYPES : this.oneType(this.repr.firstPart(result)), exported, outParts: null };
  }

  /**
   * The machine parameter types of `f`: a list shared by every function
   * without parameters, or with one single-part parameter of the same type
   * (most small functions), so a module of many builds few lists (the
   * lowered form and the printers only read them).
   */
  private paramTypes(f: Func): readonly LType[] {
    const ps = f.params;
    if (ps.length === 0) return NO_TYPES;
    if (ps.length === 1 && this.repr.partCount(ps[0]!.type) === 1) return this.oneType(this.repr.firstPart(ps[0]!.type));
    const params: LType[] = [];
    for (const p of ps) for (const t of this.repr.parts(p.type)) params.push(t);
    return params;
  }

  /** The one-element list of machine type `t`, shared module-wide (never written; not frozen, see NO_TYPES). */
  private oneType(t: LType): readonly LType[] {
    let l = this.oneTypes.get(t);
    if (l === undefined) this.oneTypes.set(t, (l = [t]));
    return l;
  }

  /** Whether module function `name` may call itself, directly or through others (the matrix's frame budget asks). */
  mayRecurse(name: string): boolean {
    if (this.recursive === undefined) {
      const fns = this.ix.module.functions, rec = mayRecurse(this.ix.module), names = new Set<string>();
      for (let f = 0; f < fns.length; f++) if (rec[f]) names.add(fns[f]!.name);
      this.recursive = names;
    }
    return this.recursive.has(name);
  }

  /** The signature of module function `name`. */
  sig(name: string): FnSig {
    if (this.sigByName === undefined) {
      this.sigByName = new Map();
      this.ix.module.functions.forEach((f, k) => this.sigByName!.set(f.name, this.sigList[k]!));
    }
    return this.sigByName.get(name)!;
  }

  /** Every module function as its callers and the printers see it, in module order. */
  heads(): readonly LFunctionHead[] {
    return this.sigList;
  }

  /** The signature of the module's `k`-th function (no lookup by name). */
  sigAt(k: number): FnSig {
    return this.sigList[k]!;
  }

  /** Declare (once) and return a runtime function. */
  runtime(name: string): LExtern {
    const e = RUNTIME[name];
    if (!e) throw new Error(`unknown runtime function ${name}`);
    return this.declare(e);
  }

  /** Declare (once) an import with its machine signature. */
  importFn(name: string): LExtern {
    const def = this.ix.imports.get(name)!;
    if (def.abi === "c") return this.declare(cImportExtern(def, (t) => this.repr.parts(t)));
    // Strings cross imports as interned handles (one pointer), whatever the mode.
    const conv = (t: import("@fzy/ir").Type): LType[] => (t.kind === "str" ? ["ptr"] : this.repr.parts(t));
    const e: LExtern = { name, params: def.params.flatMap(conv), results: def.result ? conv(def.result) : [], noreturn: false, pure: false };
    if (e.results.length > 1) throw new FzError("unsupported", `import ${name} returns a multi-part value`);
    return this.declare(e);
  }

  private declare(e: LExtern): LExtern {
    if (this.externNames.has(e.name)) return e;
    this.externNames.add(e.name);
    this.externsInUseOrder.push(e);
    return e;
  }

  /** The externs declared, in name order. */
  usedExterns(): LExtern[] {
    return [...this.externsInUseOrder].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /**
   * The UTF-8 bytes of string literal `text` and the data object holding them
   * (addData(bytes, 1), asked once per distinct text: later uses find the
   * same object without encoding or hashing again). The bytes are shared:
   * callers only read them.
   */
  stringData(text: string): { readonly bytes: Uint8Array; readonly name: string } {
    let hit = this.literals.get(text);
    if (hit === undefined) {
      const bytes = UTF8.encode(text);
      hit = { bytes, name: this.addData(bytes, 1) };
      this.literals.set(text, hit);
    }
    return hit;
  }

  /** A data object holding `bytes`, shared between identical read-only contents. */
  addData(bytes: Uint8Array, align: number, relocs: readonly LReloc[] = [], writable = false): string {
    const h = writable ? 0 : dataHash(bytes, align, relocs);
    const bucket = writable ? undefined : this.dataByHash.get(h);
    if (bucket) {
      for (const k of bucket) {
        const d = this.data[k]!;
        if (d.align === align && sameBytes(d.bytes, bytes) && sameRelocs(d.relocs, relocs)) return d.name;
      }
    }
    const name = `fzd_${this.prefix}_${this.data.length}`;
    if (!writable) {
      if (bucket) bucket.push(this.data.length);
      else this.dataByHash.set(h, [this.data.length]);
    }
    this.data.push({ name, bytes, align, relocs, writable });
    return name;
  }
}

/**
 * An FNV-1a hash of a data object's content (bytes, alignment, relocations),
 * to find equal contents without building a string key of every byte; equal
 * hashes are then compared in full. Its low 30 bits: a small integer to the
 * engine, so the map's key is no boxed number (a full 32-bit key is one
 * for half of all contents, which made the map's look-ups and insertions
 * about twice as slow on a module of 32,000 string literals).
 */
function dataHash(bytes: Uint8Array, align: number, relocs: readonly LReloc[]): number {
  let h = Math.imul(0x811c9dc5 ^ align, 0x01000193);
  for (let k = 0; k < bytes.length; k++) h = Math.imul(h ^ bytes[k]!, 0x01000193);
  for (const r of relocs) h = Math.imul(h ^ r.offset ^ (r.addend << 16) ^ r.symbol.length, 0x01000193);
  return h & 0x3fffffff;
}

/** The one UTF-8 encoder of literals (stateless, so shared). */
const UTF8 = new TextEncoder();

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  // Long contents (constant arrays) are compared natively.
  if (a.length > 64) return Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length));
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

function sameRelocs(a: readonly LReloc[], b: readonly LReloc[]): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) {
    const x = a[k]!, y = b[k]!;
    if (x.offset !== y.offset || x.symbol !== y.symbol || x.addend !== y.addend) return false;
  }
  return true;
}
