/**
 * What printing one module accumulates besides its text: the callable and
 * addressable symbols, the externs and intrinsics actually used (only those are
 * declared), attribute groups and metadata nodes. Group and node numbers are
 * handed out in order of first use while the module is printed in a fixed
 * order, so the same module always gets the same numbers.
 */
import { type LData, type LExtern, type LModuleInProgress, type LType, Spare, StringIndex } from "@fzy/lir";
import { DataRanges } from "./facts-loads.js";
import { EdgePlan } from "./edge-plan.js";
import { KnownOperands } from "./facts-operands.js";
import { FactsScratch } from "./facts-scratch.js";
import { GeneratedRefs, LocalArrays } from "./function-locals.js";
import { LocalNames } from "./local-names.js";
import { globalName, llvmParamType, llvmReturnType } from "./spelling.js";

/** A callee as a call site needs it. */
export interface CalleeInfo {
  readonly name: string;
  readonly params: readonly LType[];
  readonly results: readonly LType[];
  /** A call to it is followed by `unreachable`. */
  readonly noreturn: boolean;
}

/** A callee with its `@name`, as a call line needs them. */
export interface CallTarget {
  readonly info: CalleeInfo;
  readonly ref: string;
  /** `RET @name(`, the text of a call before its arguments, spelled at the first call that writes it. */
  head?: string;
}

/** Branch weight of an edge into a hot block: 2000:1 against a cold one keeps panic paths out of line. */
export const HOT_WEIGHT = 2000;
/** Branch weight of an edge into a cold block. */
export const COLD_WEIGHT = 1;

/**
 * The arrays printing reuses from one function to the next (local names,
 * generated spellings, edge plans, known operands, the facts' scratch),
 * each reset by the function that takes it. A module ends like a function,
 * so the next `printLLVM` call takes them over (see takeWorkspace): a
 * module of one large function otherwise made them anew for every call,
 * and allocating them cost more than using them.
 */
export class LlvmWorkspace {
  /** The module's functions by name (their index in LModule.functions). */
  readonly functionIndex = new StringIndex();
  readonly localNames = new LocalNames();
  readonly generatedRefs = new GeneratedRefs();
  readonly localArrays = new LocalArrays(this.generatedRefs);
  readonly edgePlan = new EdgePlan();
  readonly knownOperands = new KnownOperands();
  readonly factsScratch = new FactsScratch();
}

/** The workspace of the last `printLLVM` call that finished (@fzy/ir spare.ts). */
const spare = new Spare<LlvmWorkspace>();

/** The spare workspace if there is one (then no other call can take it), else a new one. */
export function takeWorkspace(): LlvmWorkspace {
  return spare.take() ?? new LlvmWorkspace();
}

/** Hands a workspace no printing uses any more to the next call. */
export function releaseWorkspace(w: LlvmWorkspace): void {
  spare.give(w);
}

/** The per-module state of one `printLLVM` call. */
export class LlvmModuleScope {
  /** The module's functions by name (refilled for each module). */
  private readonly functions: StringIndex;
  private readonly externs = new Map<string, LExtern>();
  private readonly dataObjects = new Map<string, LData>();
  private readonly usedExterns = new Set<string>();
  private readonly intrinsics = new Map<string, string>();
  private readonly attrGroups: string[] = [];
  private readonly metadata: string[] = [];
  /** Position of each node in `metadata`, so numbering a node is one lookup. */
  private readonly metadataIndex = new Map<string, number>();
  /** Named metadata lines (`!llvm.dbg.cu = !{!0}`), printed before the numbered nodes. */
  private readonly namedMetadata: string[] = [];
  /** Each module function called so far, by index: an array (made at the first call), not a Map, since a call chain calls every function. */
  private functionTargets: (CallTarget | undefined)[] | undefined;
  /** Each extern called so far (and marked used). */
  private readonly externTargets = new Map<string, CallTarget>();
  private readonly globalRefs = new Map<string, string>();
  /** The symbols whose address was taken so far, by name, with their `@name`. */
  private readonly addressed = new Map<string, string>();
  private readonly twoWay: (string | undefined)[] = [undefined, undefined];
  private definedGroup: string | undefined;
  private definedTail: string | undefined;
  /** The local names of the function being printed (cleared for each; local-names.ts). */
  readonly localNames: LocalNames;
  /** The generated local spellings every function shares (function-locals.ts). */
  readonly generatedRefs: GeneratedRefs;
  /** The spelling and label arrays every function's local names reuse (function-locals.ts). */
  readonly localArrays: LocalArrays;
  /** The edge plan every function's plan reuses (edge-plan.ts). */
  readonly edgePlan: EdgePlan;
  /** Whether a registered extern is noreturn (then noreturnTest is given to the edge plan). */
  private anyNoreturn = false;
  /** isNoreturn as a function value, made once. */
  private readonly noreturnFn = (name: string): boolean => this.isNoreturn(name);
  /** The externs and data objects of `module` registered so far (its lists only grow; see sync). */
  private externsSeen = 0;
  private dataSeen = 0;
  /** The operands every function knows without solving its facts (facts-operands.ts). */
  readonly knownOperands: KnownOperands;
  /** The arrays every function's facts reuse (facts-scratch.ts). */
  readonly factsScratch: FactsScratch;
  /** What loads from the module's read-only data may read (llvm-facts.ts), each object read once per type and stride. */
  readonly dataRanges = new DataRanges(this.dataObjects);

  /**
   * `module`: its functions' heads are registered now, its externs and data
   * objects by sync (a module in progress gains them as its functions are
   * lowered). `facts`: whether functions state the facts of llvm-facts.ts
   * (PrintLLVMOptions.facts).
   */
  constructor(readonly module: LModuleInProgress, readonly facts = true, readonly workspace = new LlvmWorkspace()) {
    ({ localNames: this.localNames, generatedRefs: this.generatedRefs, localArrays: this.localArrays, edgePlan: this.edgePlan } = workspace);
    ({ knownOperands: this.knownOperands, factsScratch: this.factsScratch } = workspace);
    this.functions = workspace.functionIndex;
    const fns = module.functions;
    this.functions.clear();
    this.functions.reserve(fns.length);
    for (let i = 0; i < fns.length; i++) {
      if (this.functions.add(fns[i]!.name, i) >= 0) throw new Error(`lower-llvm: function ${fns[i]!.name} is defined twice`);
    }
    this.sync();
  }

  /** Registers the externs and data objects the module gained since the last call (a function printed next may use them). */
  sync(): void {
    const externs = this.module.externs, data = this.module.data;
    for (; this.externsSeen < externs.length; this.externsSeen++) {
      const e = externs[this.externsSeen]!;
      if (this.hasFunction(e.name)) throw new Error(`lower-llvm: extern ${e.name} is also a module function`);
      // A data object registered before this extern (a module in progress registers them in turn).
      if (this.dataObjects.has(e.name)) throw new Error(`lower-llvm: data object ${e.name} clashes with a function`);
      this.define(this.externs, e.name, e, "extern");
      if (e.noreturn) this.anyNoreturn = true;
    }
    for (; this.dataSeen < data.length; this.dataSeen++) {
      const d = data[this.dataSeen]!;
      if (this.hasFunction(d.name) || this.externs.has(d.name)) throw new Error(`lower-llvm: data object ${d.name} clashes with a function`);
      this.define(this.dataObjects, d.name, d, "data object");
    }
  }

  /** isNoreturn as a function value; undefined while no extern is noreturn, so the edge plan need not look for calls (edge-plan.ts). */
  get noreturnTest(): ((name: string) => boolean) | undefined {
    return this.anyNoreturn ? this.noreturnFn : undefined;
  }

  private define<T>(table: Map<string, T>, name: string, value: T, what: string): void {
    // One hash look-up: a name already there leaves the size as it was.
    const size = table.size;
    table.set(name, value);
    if (table.size === size) throw new Error(`lower-llvm: ${what} ${name} is defined twice`);
  }

  private hasFunction(name: string): boolean {
    return this.functions.get(name) >= 0;
  }

  /** The callee `name` (module function or extern); marks an extern as used. */
  callee(name: string): CalleeInfo {
    return this.callTarget(name).info;
  }

  /** The callee `name` and its `@name` (one look-up per call after the first); marks an extern as used. */
  callTarget(name: string): CallTarget {
    const fi = this.functions.get(name);
    if (fi >= 0) {
      const targets = (this.functionTargets ??= new Array<CallTarget | undefined>(this.module.functions.length));
      return (targets[fi] ??= this.functionTarget(fi));
    }
    const known = this.externTargets.get(name);
    if (known !== undefined) return known;
    const e = this.externs.get(name);
    if (!e) throw new Error(`lower-llvm: call to unknown function ${name}`);
    this.usedExterns.add(name);
    const target: CallTarget = { info: e, ref: this.globalRef(name), head: undefined };
    this.externTargets.set(name, target);
    return target;
  }

  private functionTarget(fi: number): CallTarget {
    const f = this.module.functions[fi]!;
    return { info: { name: f.name, params: f.params, results: f.results, noreturn: false }, ref: globalName(f.name), head: undefined };
  }

  /** `@name` as globalName spells it, spelled once per module. */
  globalRef(name: string): string {
    let g = this.globalRefs.get(name);
    if (g === undefined) this.globalRefs.set(name, (g = globalName(name)));
    return g;
  }

  /** True when calling `name` never returns (without marking it used). */
  isNoreturn(name: string): boolean {
    return this.externs.get(name)?.noreturn ?? false;
  }

  /** `@name` of an addressable symbol (data, function or extern); marks an extern as used. */
  symbol(name: string): string {
    // Checked and marked at the first address taken; every later one is a single look-up.
    const known = this.addressed.get(name);
    if (known !== undefined) return known;
    if (this.externs.has(name)) this.usedExterns.add(name);
    else if (!this.hasFunction(name) && !this.dataObjects.has(name)) {
      throw new Error(`lower-llvm: address of unknown symbol ${name}`);
    }
    const ref = this.globalRef(name);
    this.addressed.set(name, ref);
    return ref;
  }

  /** Records that intrinsic `name` is used, with its declaration line. */
  useIntrinsic(name: string, declaration: string): void {
    this.intrinsics.set(name, declaration);
  }

  /** `#N` for an attribute set, numbered by first use. */
  attrGroup(attrs: string): string {
    let i = this.attrGroups.indexOf(attrs);
    if (i < 0) i = this.attrGroups.push(attrs) - 1;
    return `#${i}`;
  }

  /** `#N` of DEFINED_FUNCTION_ATTRS, numbered at its first use like every group, then kept. */
  definedFunctionGroup(): string {
    return (this.definedGroup ??= this.attrGroup(DEFINED_FUNCTION_ATTRS));
  }

  /** `) #N {` and the line break: the end of a `define` line without debug information, spelled once. */
  definedFunctionTail(): string {
    return (this.definedTail ??= `) ${this.definedFunctionGroup()} {\n`);
  }

  /** `!N` for a branch-weights node, numbered by first use and shared between equal weight lists. */
  branchWeights(weights: readonly number[]): string {
    return this.node(`!{!"branch_weights", ${weights.map((w) => `i32 ${w}`).join(", ")}}`);
  }

  /** `, !prof !N` of a two-way branch with one cold edge, the first when `firstCold`; made once per module. */
  twoWayWeights(firstCold: boolean): string {
    const k = firstCold ? 0 : 1;
    return (this.twoWay[k] ??= `, !prof ${this.branchWeights(firstCold ? [COLD_WEIGHT, HOT_WEIGHT] : [HOT_WEIGHT, COLD_WEIGHT])}`);
  }

  /** `!N` for a metadata node written as `text`, numbered by first use; equal texts share one node. */
  node(text: string): string {
    let i = this.metadataIndex.get(text);
    if (i === undefined) this.metadataIndex.set(text, (i = this.metadata.push(text) - 1));
    return `!${i}`;
  }

  /**
   * `!N` for a metadata node no other text can equal (a `!DILocation`, whose
   * scope is its function's own distinct subprogram, asked once per place of
   * the function): numbered as `node` numbers, without the look-up by text.
   */
  uniqueNode(text: string): string {
    return `!${this.metadata.push(text) - 1}`;
  }

  /** Adds a named metadata line (`!name = !{...}`) to the trailer. */
  named(line: string): void {
    this.namedMetadata.push(line);
  }

  /** Declarations of the used externs (in the order of `externs`, the finished module's) and intrinsics (name order). */
  printDeclarations(externs: readonly LExtern[]): string[] {
    const lines: string[] = [];
    for (const e of externs) {
      if (!this.usedExterns.has(e.name)) continue;
      const params = e.params.map(llvmParamType).join(", ");
      lines.push(`declare ${llvmReturnType(e.results, e.name)} ${globalName(e.name)}(${params}) ${this.attrGroup(externAttrs(e))}`);
    }
    for (const name of [...this.intrinsics.keys()].sort()) lines.push(this.intrinsics.get(name)!);
    return lines;
  }

  /** The attribute group and metadata definitions; call after everything else is printed. */
  printTrailer(): string[] {
    const lines = this.attrGroups.map((a, i) => `attributes #${i} = { ${a} }`);
    if (this.metadata.length > 0) lines.push("", ...this.namedMetadata, ...this.metadata.map((m, i) => `!${i} = ${m}`));
    return lines;
  }
}

/**
 * Attributes of a defined function: code from this library never unwinds
 * (a panic prints and exits the process), so every function is `nounwind`,
 * which lets LLVM drop landing pads and unwind tables.
 */
export const DEFINED_FUNCTION_ATTRS = "nounwind";

/**
 * Attributes of an extern. A panic is `noreturn` (code after it is dead) and
 * `cold` (calls to it and the paths leading there are laid out of line). A
 * pure helper reads at most the memory its pointer arguments reach and writes
 * none, which is what `argmemonly readonly` says in the spelling LLVM 15
 * reads (16 and later upgrade it to `memory(argmem: read)`).
 */
export function externAttrs(e: LExtern): string {
  if (e.noreturn) return "noreturn nounwind cold";
  if (e.pure) return "nounwind willreturn argmemonly readonly";
  return "nounwind";
}
