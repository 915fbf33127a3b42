/**
 * ModuleEmitter: the module-wide half of one lowering, shared by the
 * functions it lowers: the resolved options, the representation of types,
 * the data objects (deduplicated by content, named in creation order so the
 * output is deterministic), the externs actually used, and the machine
 * signature of every module function.
 */
import { FzError, type Func, type ModuleIndex } from "@fzy/ir";
import { decide, type FastPath, type Mode } from "./eligibility.js";
import { Representation } from "./layout.js";
import type { LData, LExtern, LReloc, LType } from "@fzy/lir";
import { RUNTIME } from "@fzy/lir";
import { cImportExtern } from "./c-import-abi.js";

export interface ResolvedOptions {
  readonly mode: Mode;
  readonly fast: Readonly<Record<FastPath, boolean>>;
  /** Record each IR instruction's text as the origin of its code (printed as comments). */
  readonly annotate?: boolean;
}

export interface FnSig {
  readonly symbol: string;
  readonly params: readonly LType[];
  readonly results: readonly LType[];
  /** Parts of a multi-part result, returned through a trailing out pointer. */
  readonly outParts: readonly LType[] | null;
}

export class ModuleEmitter {
  readonly repr: Representation;
  readonly data: LData[] = [];
  private readonly dataByKey = new Map<string, string>();
  private readonly externs = new Map<string, LExtern>();
  /** The signature of each module function, in the module's order. */
  private readonly sigList: readonly FnSig[];
  /** The same by name, made at the first call asked about (a module without calls never builds it). */
  private sigByName: Map<string, FnSig> | undefined;
  /** The data object of each mutable global used so far (lower-globals.ts). */
  readonly globalCells = new Map<string, string>();
  private readonly prefix: string;

  constructor(readonly ix: ModuleIndex, readonly opts: ResolvedOptions) {
    // Strings are represented one way module-wide, so values cross calls unconverted: the
    // matrix decides for a local string; boundaries intern (lower-strings.internHandle).
    const strings = decide({ kind: "string", mode: opts.mode, enabled: opts.fast.strings, escape: "none", mutability: "immutable", constant: false });
    this.repr = new Representation(ix, strings.form === "view");
    this.prefix = ix.module.name.replace(/[^A-Za-z0-9_]/g, "_");
    this.sigList = ix.module.functions.map((f) => this.computeSig(f));
  }

  private computeSig(f: Func): FnSig {
    const symbol = f.exported ? f.name : `fzl_${this.prefix}_${f.name}`;
    const params: LType[] = [];
    for (const p of f.params) for (const t of this.repr.parts(p.type)) params.push(t);
    const res = f.result ? this.repr.parts(f.result) : [];
    if (res.length > 1) return { symbol, params: [...params, "ptr"], results: [], outParts: res };
    return { symbol, params, results: res, outParts: null };
  }

  /** The signature of module function `name`. */
  sig(name: string): FnSig {
    if (this.sigByName === undefined) {
      this.sigByName = new Map();
      this.ix.module.functions.forEach((f, k) => this.sigByName!.set(f.name, this.sigList[k]!));
    }
    return this.sigByName.get(name)!;
  }

  /** The signature of the module's `k`-th function (no lookup by name). */
  sigAt(k: number): FnSig {
    return this.sigList[k]!;
  }

  /** Declare (once) and return a runtime function. */
  runtime(name: string): LExtern {
    const e = RUNTIME[name];
    if (!e) throw new Error(`unknown runtime function ${name}`);
    this.externs.set(name, e);
    return e;
  }

  /** Declare (once) an import with its machine signature. */
  importFn(name: string): LExtern {
    const def = this.ix.imports.get(name)!;
    if (def.abi === "c") return this.declare(cImportExtern(def, (t) => this.repr.parts(t)));
    // Strings cross imports as interned handles (one pointer), whatever the mode.
    const conv = (t: import("@fzy/ir").Type): LType[] => (t.kind === "str" ? ["ptr"] : this.repr.parts(t));
    const e: LExtern = { name, params: def.params.flatMap(conv), results: def.result ? conv(def.result) : [], noreturn: false, pure: false };
    if (e.results.length > 1) throw new FzError("unsupported", `import ${name} returns a multi-part value`);
    this.externs.set(name, e);
    return e;
  }

  private declare(e: LExtern): LExtern {
    this.externs.set(e.name, e);
    return e;
  }

  usedExterns(): LExtern[] {
    return [...this.externs.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** A data object holding `bytes`, shared between identical read-only contents. */
  addData(bytes: Uint8Array, align: number, relocs: readonly LReloc[] = [], writable = false): string {
    const key = `${align}|${writable}|${Buffer.from(bytes).toString("hex")}|${relocs.map((r) => `${r.offset}:${r.symbol}+${r.addend}`).join(",")}`;
    const hit = writable ? undefined : this.dataByKey.get(key);
    if (hit) return hit;
    const name = `fzd_${this.prefix}_${this.data.length}`;
    this.data.push({ name, bytes, align, relocs, writable });
    if (!writable) this.dataByKey.set(key, name);
    return name;
  }
}
