/**
 * Source locations as LLVM debug info (LangRef, "Metadata"; the DWARF the
 * nodes become is what `addr2line` and debuggers read). Line tables only:
 * one `DICompileUnit` (`emissionKind: LineTablesOnly`, the file of the first
 * location in the module), a `DIFile` per source file, a `DISubprogram` per
 * function that has a located instruction (its line is that of the first
 * one), and a `DILocation` per located instruction. A location in another
 * file than its function's goes through a `DILexicalBlockFile`. The module
 * flags say "Dwarf Version" 5 and "Debug Info Version" 3, without which LLVM
 * drops the debug info.
 *
 * A call in a function with debug info must carry a location when its
 * callee has one (LLVM's verifier: "inlinable function call ... must have a
 * !dbg location"), so an unlocated call gets line 0, DWARF's "no source line".
 */
import { type LFunction, type LSourceLoc, PlaceMap } from "@fzy/lir";
import type { LlvmModuleScope } from "./module-scope.js";
import { quoted } from "./spelling.js";

/** The debug info of one function while it is printed. */
export interface FunctionDebug {
  /** `!N` of the function's DISubprogram. */
  readonly subprogram: string;
  /** `, !dbg !N`: the attachment of the DILocation of `loc` (line 0 when undefined), made once per place of the function. */
  attachment(loc: LSourceLoc | undefined): string;
}

/** The module-wide debug-info nodes of one `printLLVM` call. */
export class DebugInfo {
  private unit: string | undefined;
  /** Each file's `!DIFile` node, by name (every function with debug info asks for its file's). */
  private readonly files = new Map<string, string>();

  constructor(private readonly ctx: LlvmModuleScope) {}

  /** The first source location of `fn` in block order, if it has any. */
  static firstLoc(fn: LFunction): LSourceLoc | undefined {
    const o = fn.origins;
    if (!o) return undefined;
    for (const row of o.at) {
      for (const i of row) {
        const loc = i >= 0 ? o.table[i]!.loc : undefined;
        if (loc) return loc;
      }
    }
    return undefined;
  }

  /**
   * The file as the location names it, with an empty directory: DWARF 5
   * joins the compile unit's directory, a file's directory and its name, so
   * splitting `src/main.fz` would read back as `src/src/main.fz`.
   */
  private file(name: string): string {
    let node = this.files.get(name);
    if (node === undefined) this.files.set(name, (node = this.ctx.node(`!DIFile(filename: ${quoted(name)}, directory: "")`)));
    return node;
  }

  /** The compile unit, created (with the module flags) on first use. */
  private compileUnit(file: string): string {
    if (this.unit === undefined) {
      this.unit = this.ctx.node(
        `distinct !DICompileUnit(language: DW_LANG_C99, file: ${file}, producer: "fzy", isOptimized: false, runtimeVersion: 0, emissionKind: LineTablesOnly)`,
      );
      this.ctx.named(`!llvm.dbg.cu = !{${this.unit}}`);
      const dwarf = this.ctx.node(`!{i32 7, !"Dwarf Version", i32 5}`);
      const version = this.ctx.node(`!{i32 2, !"Debug Info Version", i32 3}`);
      this.ctx.named(`!llvm.module.flags = !{${dwarf}, ${version}}`);
    }
    return this.unit;
  }

  /** The debug info of `fn`, or undefined when no instruction of it has a source location. */
  forFunction(fn: LFunction): FunctionDebug | undefined {
    const first = DebugInfo.firstLoc(fn);
    if (!first) return undefined;
    const file = this.file(first.file);
    const unit = this.compileUnit(file);
    const type = this.ctx.node(`!DISubroutineType(types: ${this.ctx.node("!{}")})`);
    const flags = fn.exported ? "DISPFlagDefinition" : "DISPFlagLocalToUnit | DISPFlagDefinition";
    const subprogram = this.ctx.node(
      `distinct !DISubprogram(name: ${quoted(fn.name)}, scope: ${file}, file: ${file}, line: ${first.line}, type: ${type}, scopeLine: ${first.line}, spFlags: ${flags}, unit: ${unit})`,
    );
    const scopes = new Map<string, string>([[first.file, subprogram]]);
    const scopeOf = (name: string): string => {
      let s = scopes.get(name);
      if (s === undefined) {
        s = this.ctx.node(`!DILexicalBlockFile(scope: ${subprogram}, file: ${this.file(name)}, discriminator: 0)`);
        scopes.set(name, s);
      }
      return s;
    };
    // A place's node depends only on the place (its scope is the function's, by file): each is spelled once, and
    // numbered without a look-up by text, since no node of another function or place can equal it.
    const attachments = new PlaceMap<string>();
    let lineZero: string | undefined;
    const dbg = (node: string): string => `, !dbg ${this.ctx.uniqueNode(node)}`;
    const attachment = (loc: LSourceLoc | undefined): string => {
      if (!loc) return (lineZero ??= dbg(`!DILocation(line: 0, scope: ${subprogram})`));
      let a = attachments.get(loc);
      if (a === undefined) attachments.set(loc, (a = dbg(`!DILocation(line: ${loc.line}, column: ${loc.col}, scope: ${scopeOf(loc.file)})`)));
      return a;
    };
    return { subprogram, attachment };
  }
}
