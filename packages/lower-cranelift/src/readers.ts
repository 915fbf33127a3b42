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
import { type LBlockId, type LFunction, type LInst, type LSourceLoc, type LValue, originIndex, PlaceMap, type TextOut } from "@fzy/lir";
import { CALL } from "./instructions.js";

/** The module's source-location table: `@XXXX` numbers in order of first use. */
export class SourceLocTable {
  readonly locs: LSourceLoc[] = [];
  private readonly numbers = new PlaceMap<number>();

  /** `@XXXX` of `loc` (four hex digits or more, as Cranelift prints it). */
  srcloc(loc: LSourceLoc): string {
    let n = this.numbers.get(loc);
    if (n === undefined) {
      this.locs.push(loc);
      n = this.locs.length;
      this.numbers.set(loc, n);
    }
    return `@${n.toString(16).padStart(4, "0")}`;
  }

  /** The header comment lines that map each number back to its place. */
  header(): string[] {
    return this.locs.map((l, i) => `; srcloc @${(i + 1).toString(16).padStart(4, "0")} ${JSON.stringify(l.file)}:${l.line}:${l.col}`);
  }
}

const isWordChar = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

/** True when `text` starts with `word` as a whole word (the regular expression `^word\b`). */
const wordAt = (text: string, word: string): boolean => text.startsWith(word) && !isWordChar(text.charCodeAt(word.length));

/**
 * True when a comment starting like `text` can be neither white space nor a
 * `run`/`print` directive: its first character is printable ASCII other
 * than a space, and it does not start with those words.
 */
function safeStart(text: string): boolean {
  const c0 = text.charCodeAt(0);
  if (!(c0 > 0x20 && c0 < 0x7f)) return false;
  if (c0 === 0x72) return !wordAt(text, "run");
  if (c0 === 0x70) return !wordAt(text, "print");
  return true;
}

/** True when `text` has no control character (what commentText flattens). */
function noControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return false;
  }
  return true;
}

/** A name or origin text made safe for a CLIF comment: one line, never a `run`/`print` directive. */
export function commentText(text: string): string {
  // Most names need nothing: answered without a regular expression.
  if (safeStart(text) && noControl(text)) return text;
  const flat = text.replace(/[\x00-\x1f\x7f]/g, " ");
  return /^\s*(run|print)\b/.test(flat) ? `'${flat}'` : flat;
}

/** Prints the comments and `@XXXX` prefixes of a function's instructions. */
export class FunctionReaders {
  private last = -1;
  /** The line prefix (indent and `@XXXX `) of each origin index, filled on first use. */
  private prefixes: (string | undefined)[] | undefined;

  private fn!: LFunction;
  /** The value names of `fn`, if it has any. */
  private values: readonly (string | undefined)[] | undefined;

  /** One per module: `begin` starts each function. */
  constructor(private readonly table: SourceLocTable, private readonly indent: string) {}

  /** Starts printing `fn`. */
  begin(fn: LFunction): void {
    this.fn = fn;
    this.values = fn.names?.values;
    this.last = -1;
    this.prefixes = undefined;
  }

  /** True when blockComment would write a comment for block `b` with parameters `params`. */
  hasBlockComment(b: LBlockId, params: readonly LValue[]): boolean {
    const names = this.fn.names;
    if (names === undefined) return false;
    if (names.blocks[b] !== undefined) return true;
    for (let i = 0; i < params.length; i++) if (names.values[params[i]!] !== undefined) return true;
    return false;
  }

  /**
   * Writes the name comment of a block header (` ; loop_head(i, acc)`), if
   * it has one. The label and names are written as they are when the whole
   * comment needs no change (a list starts with "(", so the label alone
   * decides whether it reads as a directive); else the comment is built and
   * spelled by commentText.
   */
  blockComment(w: TextOut, b: LBlockId, params: readonly LValue[]): void {
    const names = this.fn.names;
    if (!names) return;
    const label = names.blocks[b];
    let named = false, plain = label === undefined || label === "" || (safeStart(label) && noControl(label));
    for (let i = 0; i < params.length; i++) {
      const n = names.values[params[i]!];
      if (n !== undefined) {
        named = true;
        if (!noControl(n)) plain = false;
      }
    }
    if (label === undefined && !named) return;
    if (plain) {
      w.s(" ; ");
      if (label !== undefined) w.s(label);
      if (named) this.nameList(w, params, names.values);
      return;
    }
    let list = "";
    if (named) {
      for (let i = 0; i < params.length; i++) list += (i ? ", " : "(") + (names.values[params[i]!] ?? "-");
      list += ")";
    }
    w.s(" ; ");
    w.s(commentText(`${label ?? ""}${list}`));
  }

  /** Writes `(a, -, c)`: the names of block parameters, `-` for none. */
  private nameList(w: TextOut, params: readonly LValue[], values: readonly (string | undefined)[]): void {
    for (let i = 0; i < params.length; i++) {
      w.s(i ? ", " : "(");
      w.s(values[params[i]!] ?? "-");
    }
    w.c(41);
  }

  startBlock(): void {
    this.last = -1;
  }

  /**
   * The prefix of the lines of instruction `i` of block `b` (`i ===
   * insts.length`: the terminator): the indent and its source location.
   * Writes its origin's text as a comment line to `w` first when it starts
   * a new origin.
   */
  prefix(w: TextOut, b: LBlockId, i: number): string {
    const origins = this.fn.origins;
    if (origins === undefined) return this.indent;
    const o = originIndex(this.fn, b, i);
    const origin = o >= 0 ? origins.table[o] : undefined;
    if (origin?.text !== undefined && o !== this.last) {
      w.s(this.indent);
      w.s("; ");
      w.s(commentText(origin.text));
      w.nl();
    }
    this.last = o;
    if (!origin?.loc) return this.indent;
    const prefixes = (this.prefixes ??= []);
    return prefixes[o] ??= `${this.indent}${this.table.srcloc(origin.loc)} `;
  }

  /**
   * Ends an instruction's line: ` ; NAME` when `defined` (what printInst
   * returned) is a value with a name, or the names of a call's results
   * (`defined` is CALL), then the newline.
   */
  endLine(w: TextOut, defined: number, inst: LInst): void {
    if (defined >= 0) return this.endValueLine(w, defined);
    const names = this.values;
    if (names !== undefined && defined === CALL && (inst.op === "call" || inst.op === "call_indirect")) this.callComment(w, inst.dsts, names);
    w.nl();
  }

  /** True when value `v` has a name (endValueLine then writes it as a comment). */
  hasName(v: LValue): boolean {
    return this.values !== undefined && this.values[v] !== undefined;
  }

  /** endLine of a line that defines value `defined` (not a call). */
  endValueLine(w: TextOut, defined: number): void {
    const names = this.values;
    if (names !== undefined) {
      const n = names[defined];
      if (n !== undefined && !(safeStart(n) && w.printable(" ; ", n))) {
        w.s(" ; ");
        w.s(commentText(n));
      }
    }
    w.nl();
  }

  private callComment(w: TextOut, dsts: readonly LValue[], names: readonly (string | undefined)[]): void {
    // One result (the common call): its name alone is the comment, written as it is when it needs no change.
    if (dsts.length === 1) {
      const n = names[dsts[0]!];
      if (n !== undefined && !(safeStart(n) && w.printable(" ; ", n))) {
        w.s(" ; ");
        w.s(commentText(n));
      }
      return;
    }
    let ns = "", count = 0;
    for (const d of dsts) {
      const n = names[d];
      if (n !== undefined) ns += count++ ? `, ${n}` : n;
    }
    if (count) {
      w.s(" ; ");
      w.s(commentText(ns));
    }
  }
}
