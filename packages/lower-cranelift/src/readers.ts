/**
 * What the CLIF text carries for its readers besides the program: the names
 * the lowered form keeps (CLIF has no syntax for them, so they are comments:
 * `v7 = iadd v3, v4 ; acc`, `block3(v5: i32): ; loop_head(i)`), each
 * origin's text as a `; ...` line before its code, and source locations as
 * Cranelift's `@XXXX` instruction prefix.
 *
 * A CLIF source location is an opaque 32-bit number the embedder maps back
 * (cranelift-codegen `ir::SourceLoc`); here it is the 1-based index of the
 * location in the module's table, which `printCLIF` returns and prints as
 * `; srcloc @0001 "file":line:col` header lines. A comment never starts with
 * the words `run` or `print` (the filetest directives `; run:`/`; print:`):
 * such a name is written in single quotes.
 */
import { type LBlockId, type LFunction, type LInst, type LSourceLoc, type LValue, originIndex } from "@fzy/lir";

/** The module's source-location table: `@XXXX` numbers in order of first use. */
export class SourceLocTable {
  readonly locs: LSourceLoc[] = [];
  private readonly index = new Map<string, number>();

  /** `@XXXX` of `loc` (four hex digits or more, as Cranelift prints it). */
  srcloc(loc: LSourceLoc): string {
    const key = `${loc.line}:${loc.col}:${loc.file}`;
    let n = this.index.get(key);
    if (n === undefined) {
      this.locs.push(loc);
      n = this.locs.length;
      this.index.set(key, n);
    }
    return `@${n.toString(16).padStart(4, "0")}`;
  }

  /** The header comment lines that map each number back to its place. */
  header(): string[] {
    return this.locs.map((l, i) => `; srcloc @${(i + 1).toString(16).padStart(4, "0")} ${JSON.stringify(l.file)}:${l.line}:${l.col}`);
  }
}

/** A name or origin text made safe for a CLIF comment: one line, never a `run`/`print` directive. */
export function commentText(text: string): string {
  const flat = text.replace(/[\x00-\x1f\x7f]/g, " ");
  return /^\s*(run|print)\b/.test(flat) ? `'${flat}'` : flat;
}

/** Prints the comments and `@XXXX` prefixes of one function's instructions. */
export class FunctionReaders {
  private last = -1;

  constructor(private readonly fn: LFunction, private readonly table: SourceLocTable) {}

  /** The name comment of a block header (`; loop_head(i, acc)`), or "". */
  blockComment(b: LBlockId, params: readonly LValue[]): string {
    const names = this.fn.names;
    if (!names) return "";
    const label = names.blocks[b];
    const ps = params.map((p) => names.values[p]);
    if (label === undefined && ps.every((p) => p === undefined)) return "";
    const list = ps.length && ps.some((p) => p !== undefined) ? `(${ps.map((p) => p ?? "-").join(", ")})` : "";
    return ` ; ${commentText(`${label ?? ""}${list}`)}`;
  }

  startBlock(): void {
    this.last = -1;
  }

  /**
   * Appends the lines of instruction `i` of block `b` (`i === insts.length`:
   * the terminator) to `out`: its origin's text first when it starts a new
   * origin, every line with its source location, and the names of `defs`
   * after the last line (the one that defines them).
   */
  emit(out: string[], indent: string, b: LBlockId, i: number, lines: readonly string[], inst: LInst | undefined): void {
    let at = "";
    if (this.fn.origins) {
      const o = originIndex(this.fn, b, i);
      const origin = o >= 0 ? this.fn.origins.table[o]! : undefined;
      if (origin?.text !== undefined && o !== this.last) out.push(`${indent}; ${commentText(origin.text)}`);
      this.last = o;
      if (origin?.loc) at = `${this.table.srcloc(origin.loc)} `;
    }
    const comment = inst && this.fn.names ? this.nameComment(inst, this.fn.names.values) : "";
    const last = lines.length - 1;
    for (let k = 0; k <= last; k++) out.push(indent + at + lines[k]! + (k === last ? comment : ""));
  }

  /** ` ; NAME` for the values `inst` defines that have names ("" when none has). */
  private nameComment(inst: LInst, names: readonly (string | undefined)[]): string {
    if (inst.op === "store") return "";
    if (inst.op !== "call" && inst.op !== "call_indirect") {
      const n = names[inst.dst];
      return n === undefined ? "" : ` ; ${commentText(n)}`;
    }
    const ns = inst.dsts.map((d) => names[d]).filter((n) => n !== undefined);
    return ns.length ? ` ; ${commentText(ns.join(", "))}` : "";
  }
}
