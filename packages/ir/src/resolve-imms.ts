/**
 * The immediates the parser gives instructions, made once per distinct
 * spelling and shared by every instruction of the module that spells it
 * (`const.i32 0`, `icmp.slt`, `get $x`, `call @f`): an immediate is
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
  // By name id, sized to the names the text holds (every name is read before any is resolved).
  private readonly lits: (ScalarInit | undefined)[];
  private readonly funcs: (Imm | undefined)[];
  private readonly globals: (Imm | undefined)[];
  private readonly structs: (Imm | undefined)[];
  private readonly fields: (Imm | undefined)[];
  private readonly vars: Imm[] = [];
  private readonly ccs = new Map<string, Imm>();

  constructor(private readonly names: NameTable) {
    const n = names.strings.length;
    this.lits = new Array<ScalarInit | undefined>(n).fill(undefined);
    this.funcs = new Array<Imm | undefined>(n).fill(undefined);
    this.globals = new Array<Imm | undefined>(n).fill(undefined);
    this.structs = new Array<Imm | undefined>(n).fill(undefined);
    this.fields = new Array<Imm | undefined>(n).fill(undefined);
  }

  /** The literal a number or word token (name id `id`, kind `kind`) spells, or the error message. */
  literal(kind: string, id: number): ScalarInit | string {
    const known = this.lits[id];
    if (known !== undefined) return known;
    const lit = literal(kind, this.names.strings[id]!);
    if (typeof lit !== "string") this.lits[id] = lit;
    return lit;
  }

  /** `{ kind: "func", name }` for the name with id `id`. */
  func(id: number): Imm {
    return (this.funcs[id] ??= { kind: "func", name: this.names.strings[id]! });
  }

  global(id: number): Imm {
    return (this.globals[id] ??= { kind: "global", name: this.names.strings[id]! });
  }

  struct(id: number): Imm {
    return (this.structs[id] ??= { kind: "struct", name: this.names.strings[id]! });
  }

  field(id: number): Imm {
    return (this.fields[id] ??= { kind: "field", name: this.names.strings[id]! });
  }

  /** Variable `v` (the same index names a variable of any function). */
  variable(v: VarId): Imm {
    while (this.vars.length <= v) this.vars.push({ kind: "var", var: this.vars.length as VarId });
    return this.vars[v]!;
  }

  /** A condition code (icmp/fcmp suffix). */
  cc(cc: string): Imm {
    let imm = this.ccs.get(cc);
    if (imm === undefined) this.ccs.set(cc, (imm = { kind: "cc", cc }));
    return imm;
  }
}
