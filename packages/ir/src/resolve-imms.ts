/**
 * The immediates the parser gives instructions, made once per distinct
 * spelling and shared by every instruction of the module that spells it
 * (`const.i32 0`, `icmp.slt`, `get $x`, `call @f`, `enum.new Opt.None`): an immediate is
 * immutable data (module.ts marks every field readonly and no pass keys a
 * table on an immediate's identity), so a module of n instructions holds
 * one object per distinct immediate rather than n, which keeps the
 * collector's work proportional to what the module says, not how often.
 *
 * Tables are indexed by the dense name ids of names.ts; a literal's value is
 * parsed once per distinct text. Only well-formed answers are kept: a text
 * that is no literal is reported at each place it is written.
 */
import { literal } from "./literals.js";
import type { Imm, ScalarInit, VarId } from "./module.js";
import type { NameTable } from "./names.js";

/** Shared immediates of one module being parsed. */
export class ImmTable {
  // By name id (maps, not arrays of every name: a module of many distinct names uses few of them here).
  private readonly lits = new Map<number, ScalarInit>();
  private readonly funcs = new Map<number, Imm>();
  private readonly globals = new Map<number, Imm>();
  private readonly structs = new Map<number, Imm>();
  private readonly fields = new Map<number, Imm>();
  private readonly variants = new Map<number, Imm | null>();
  private readonly vars: Imm[] = [];
  private readonly ccs = new Map<string, Imm>();

  constructor(private readonly names: NameTable) {}

  /**
   * The literal a token (name id `id`, kind `kind`) spells, or the error
   * message. Only number and word tokens can spell one, and only theirs are
   * looked up by id: `%12`, `$12` and `@12` intern to the id of `12`.
   */
  literal(kind: string, id: number): ScalarInit | string {
    if (kind !== "number" && kind !== "word") return literal(kind, "");
    const known = this.lits.get(id);
    if (known !== undefined) return known;
    const lit = literal(kind, this.names.strings[id]!);
    if (typeof lit !== "string") this.lits.set(id, lit);
    return lit;
  }

  /** `{ kind: "func", name }` for the name with id `id`. */
  func(id: number): Imm {
    return this.named(this.funcs, "func", id);
  }

  global(id: number): Imm {
    return this.named(this.globals, "global", id);
  }

  struct(id: number): Imm {
    return this.named(this.structs, "struct", id);
  }

  field(id: number): Imm {
    return this.named(this.fields, "field", id);
  }

  /** `{ kind: "variant", enumName, variant }` of the word with id `id` (`Enum.Variant`), or null when it is not two dotted parts. */
  variant(id: number): Imm | null {
    let imm = this.variants.get(id);
    if (imm === undefined) {
      const parts = this.names.strings[id]!.split(".");
      imm = parts.length === 2 ? { kind: "variant", enumName: parts[0]!, variant: parts[1]! } : null;
      this.variants.set(id, imm);
    }
    return imm;
  }

  /** Variable `v` (the same index names a variable of any function). */
  variable(v: VarId): Imm {
    while (this.vars.length <= v) this.vars.push({ kind: "var", var: this.vars.length as VarId });
    return this.vars[v]!;
  }

  /** The immediate `{ kind, name }` of the name with id `id`, made on first use. */
  private named(table: Map<number, Imm>, kind: "func" | "global" | "struct" | "field", id: number): Imm {
    const known = table.get(id);
    if (known !== undefined) return known;
    const imm: Imm = { kind, name: this.names.strings[id]! };
    table.set(id, imm);
    return imm;
  }

  /** A condition code (icmp/fcmp suffix). */
  cc(cc: string): Imm {
    const known = this.ccs.get(cc);
    if (known !== undefined) return known;
    const imm: Imm = { kind: "cc", cc };
    this.ccs.set(cc, imm);
    return imm;
  }
}
