/**
 * The local names of one function as the LLVM printer writes them: the
 * operand spelling of every value (constants and fixed addresses in place,
 * the rest as a local), the label of every label id of the edge plan, the
 * arguments' names when a prologue takes them, and fresh temporaries.
 * Generated names (`vN`, `bbN`, `entry`, `tN`) give way to the source
 * names the lowered form carries (local-names.ts keeps them unique).
 */
import type { LFunction, TextOut } from "@fzy/lir";
import { type EdgePlan, PROLOGUE_LABEL } from "./edge-plan.js";
import type { KnownOperands } from "./facts-operands.js";
import type { LocalNames } from "./local-names.js";
import type { LlvmModuleScope } from "./module-scope.js";
import { floatLiteral, intLiteral, spelledName } from "./spelling.js";

/**
 * N when `name` is `prefix` followed by N in decimal as the printer writes it
 * (no leading zero), the shape of a generated name (`v12`, `bb3`); else -1.
 */
function generatedIndex(name: string, prefix: number): number {
  const n = name.length;
  if (n === prefix || n - prefix > 9 || (name.charCodeAt(prefix) === 0x30 && n > prefix + 1)) return -1;
  let k = 0;
  for (let i = prefix; i < n; i++) {
    const d = name.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    k = k * 10 + d;
  }
  return k;
}

/** Name of the i-th function argument when LIR block 0 is a branch target (its parameters are then phis). */
export function argumentName(i: number): string {
  return `arg${i}`;
}

/**
 * The generated spellings every function of a module shares (`%vN`, `%tN`,
 * `%sN`: value ids, temporaries and slots count from 0 in each), made once
 * per module rather than once per function that prints them.
 */
export class GeneratedRefs {
  private readonly values: string[] = [];
  private readonly temps: string[] = [];
  private readonly tempNames: string[] = [];
  private readonly slots: string[] = [];

  /** `%vI`. */
  value(i: number): string {
    return i < SHARED ? (this.values[i] ?? extend(this.values, "%v", i)) : `%v${i}`;
  }

  /** `%tI`. */
  temp(i: number): string {
    return i < SHARED ? (this.temps[i] ?? extend(this.temps, "%t", i)) : `%t${i}`;
  }

  /** `tI`, the name a temporary claims. */
  tempName(i: number): string {
    return i < SHARED ? (this.tempNames[i] ?? extend(this.tempNames, "t", i)) : `t${i}`;
  }

  /** `%sI`. */
  slot(i: number): string {
    return i < SHARED ? (this.slots[i] ?? extend(this.slots, "%s", i)) : `%s${i}`;
  }
}

/**
 * The numbers below which a spelling is kept: most functions number fewer
 * values, and a large function would keep a list as long as itself for no
 * other function to read.
 */
const SHARED = 2048;

/** Fills `list` (entry k: `${prefix}${k}`) up to entry i, which it returns (filled in order, so the array keeps no holes). */
function extend(list: string[], prefix: string, i: number): string {
  for (let k = list.length; k <= i; k++) list.push(`${prefix}${k}`);
  return list[i]!;
}

/**
 * The three arrays localNames fills for each function, spellings and local
 * names by value id and labels by label id, reused from one function to the next (and one
 * module to the next, module-scope.ts LlvmWorkspace): for a large function
 * each was a new array of hundreds of kilobytes, which V8 places in memory
 * of its own, one page fault per 4 KB. As in a new array, every entry a
 * function may read (from 0 to the end of the array) is undefined.
 */
export class LocalArrays {
  /** The Locals object every function's names refill. */
  readonly locals: Locals;
  private spell: (string | undefined)[] = [];
  private named: (string | undefined)[] = [];
  private labels: (string | undefined)[] = [];
  /** How many entries of each the function before could have set. */
  private spellUsed = 0;
  private namedUsed = 0;
  private labelsUsed = 0;

  /** `refs`: the generated spellings of the module (temporaries). */
  constructor(refs: GeneratedRefs) {
    this.locals = new Locals(refs);
  }

  /** The spellings of a function of `count` values, all undefined. */
  spellings(count: number): (string | undefined)[] {
    this.spell = cleared(this.spell, this.spellUsed, count);
    this.spellUsed = count;
    return this.spell;
  }

  /** The local names of a function of `count` values, all undefined. */
  namesFor(count: number): (string | undefined)[] {
    this.named = cleared(this.named, this.namedUsed, count);
    this.namedUsed = count;
    return this.named;
  }

  /** The labels of a function of `count` label ids, all undefined. */
  labelsFor(count: number): (string | undefined)[] {
    this.labels = cleared(this.labels, this.labelsUsed, count);
    this.labelsUsed = count;
    return this.labels;
  }
}

/** `list` with entries 0 .. max(used, count) - 1 set to undefined (the rest already is), or a new array when it is shorter than count. */
function cleared(list: (string | undefined)[], used: number, count: number): (string | undefined)[] {
  if (list.length < count) return new Array<string | undefined>(count);
  const end = Math.max(used, count);
  // A few entries (a small function's) are cleared by a loop: fill() is a call into the engine that cost more.
  if (end <= SHORT_CLEAR) for (let i = 0; i < end; i++) list[i] = undefined;
  else list.fill(undefined, 0, end);
  return list;
}

/** Up to how many entries cleared() loops rather than calls fill(). */
const SHORT_CLEAR = 32;

/**
 * The printed local names of one function: value spellings, labels by label
 * id, fresh temporaries. One object per module (LocalArrays.locals),
 * refilled by localNames for each function: objects and closures made per
 * function were most of what printing a module of many small functions
 * allocated.
 */
export class Locals {
  /**
   * Operand spelling of each value that prints in place (a constant, a
   * fixed address); undefined for the others, which print as `%` and their
   * local name (`named`) or else as their generated one, `%vN` (written
   * without a string, as labels are: a large function would make a string
   * per value only to write it once).
   */
  spell: readonly (string | undefined)[] = [];
  /**
   * The local name of each value that has one, as written after its `%`
   * (`acc`, `"1st"`): kept without the `%`, since `%` and a name made a new
   * string per value, and a long one a second (its flat copy) when written.
   */
  named: readonly (string | undefined)[] = [];
  /**
   * Printed label of each label id of the plan; undefined for a LIR block
   * whose label is its generated one, `bbN` (written without a string).
   */
  labels: readonly (string | undefined)[] = [];
  /** The bytes of the local names in `named`, which the printer writes (filled by localNames). */
  readonly nameBytes = new NameBytes();
  /** Which generated names the function's source names took (localNames). */
  readonly taken = new TakenNames();
  private temps = 0;
  /** The names temporaries are claimed among; undefined when the function has no names (a temporary is then `%tN`). */
  private names: LocalNames | undefined = undefined;

  constructor(private readonly refs: GeneratedRefs) {}

  /** Starts the names of a function: its spellings, local names and labels, and the names its temporaries are claimed among. */
  fill(spell: readonly (string | undefined)[], named: readonly (string | undefined)[], labels: readonly (string | undefined)[], names: LocalNames | undefined): this {
    this.spell = spell;
    this.named = named;
    this.labels = labels;
    this.names = names;
    this.temps = 0;
    return this;
  }

  /** The spelling of the i-th function argument when a prologue takes the arguments (`%argI`). */
  arg(i: number): string {
    return `%${argumentName(i)}`;
  }

  /** A fresh temporary (`%tN`, or `%tN.K` when a source name took `tN`). */
  temp(): string {
    const k = this.temps++;
    if (!this.names) return this.refs.temp(k);
    const name = this.refs.tempName(k), claimed = this.names.claim(name);
    return claimed === name ? this.refs.temp(k) : `%${claimed}`;
  }
}

/**
 * The local names of one function's values as bytes, `%` included, one
 * name after another: value v's are bytes[start[v]] .. bytes[end[v] - 1].
 * The printer writes a name from here at each use, so each name string is
 * read once per function: the strings lie all over the heap (the module's
 * names), and reading one at every use cost about a seventh of printing
 * the benchmark's corpus. The arrays are reused from one function to the
 * next.
 *
 * Invariant: start[v] and end[v] hold value v's bytes exactly where the
 * function's `named[v]` is set (elsewhere they are stale, never read).
 */
export class NameBytes {
  bytes: Uint8Array = new Uint8Array(256);
  start: Int32Array = new Int32Array(64);
  end: Int32Array = new Int32Array(64);

  /** The bytes of `named`, the local names of a function's `count` values (each ASCII, as spelledName spells it). */
  fill(named: readonly (string | undefined)[], count: number): void {
    if (this.start.length < count) {
      const size = Math.max(count, 2 * this.start.length);
      this.start = new Int32Array(size);
      this.end = new Int32Array(size);
    }
    let bytes = this.bytes, at = 0;
    for (let v = 0; v < count; v++) {
      const name = named[v];
      if (name === undefined) continue;
      if (at + name.length + 1 > bytes.length) bytes = this.grow(at, at + name.length + 1);
      this.start[v] = at;
      bytes[at++] = PERCENT;
      let units = 0;
      for (let i = 0; i < name.length; i++) {
        const c = name.charCodeAt(i);
        units |= c;
        bytes[at++] = c;
      }
      if (units >= 0x80) throw new Error(`lower-llvm: local name ${JSON.stringify(name)} is not spelled in ASCII`);
      this.end[v] = at;
    }
  }

  /** The buffer, at least `need` bytes long, keeping its first `used`. */
  private grow(used: number, need: number): Uint8Array {
    const next = new Uint8Array(Math.max(need, 2 * this.bytes.length));
    next.set(this.bytes.subarray(0, used));
    return (this.bytes = next);
  }
}

/** `%`, written before a local name. */
const PERCENT = 0x25;

/**
 * The generated names (`vN`, `bbN`, `entry`) the source names of a function
 * took. Only a claimed source name that is exactly a generated name can take
 * one (a claim that got a `.K` is no generated name), so those are marked by
 * number, and a generated name is checked with one array read. The arrays are
 * made at the first such name (most functions have none: a typed array per
 * function costs more than its use).
 */
class TakenNames {
  values: Uint8Array | undefined = undefined;
  blocks: Uint8Array | undefined = undefined;
  entry = false;
  private valueCount = 0;
  private blockCount = 0;

  /** Forgets the function before: `valueCount` values and `blockCount` LIR blocks, none taken. */
  reset(valueCount: number, blockCount: number): void {
    this.values = this.blocks = undefined;
    this.entry = false;
    this.valueCount = valueCount;
    this.blockCount = blockCount;
  }

  /** Claims source name `name` among `local`, marking the generated name it takes; the name claimed. */
  claim(local: LocalNames, name: string): string {
    const claimed = local.claim(name);
    const c = claimed.charCodeAt(0);
    if (c === 0x76) { // v
      const k = generatedIndex(claimed, 1);
      if (k >= 0 && k < this.valueCount) (this.values ??= new Uint8Array(this.valueCount))[k] = 1;
    } else if (c === 0x62 && claimed.charCodeAt(1) === 0x62) { // bb
      const k = generatedIndex(claimed, 2);
      if (k >= 0 && k < this.blockCount) (this.blocks ??= new Uint8Array(this.blockCount))[k] = 1;
    } else if (claimed === PROLOGUE_LABEL) this.entry = true;
    return claimed;
  }
}

/** Writes the label of label id `id` (without `%`). */
export function putLabel(w: TextOut, labels: readonly (string | undefined)[], id: number): void {
  const l = labels[id];
  if (l !== undefined) w.s(l);
  else {
    w.s("bb");
    w.u(id);
  }
}

/**
 * Operand spellings of every value (constants and fixed addresses print in
 * place, the rest as a local) and the function's labels, in arrays by value
 * id and label id. Without names this is `%vN`, `bbN` and `%tN` with no
 * bookkeeping. With names, the spellings the printer writes directly
 * (`%sN`, `%argN`) are reserved first, then the source names are claimed
 * (blocks, then values, in id order), then each generated name is checked
 * against them (generated names never collide with each other, so only a
 * source name can take one), then split labels and temporaries are claimed
 * as they come.
 */
export function localNames(fn: LFunction, plan: EdgePlan, ctx: LlvmModuleScope, known: KnownOperands | undefined): Locals {
  const spell = inPlaceSpellings(fn, plan, ctx, known);
  const nv = fn.valueTypes.length;
  const names = fn.names;
  const n = plan.blockCount, splitCount = plan.labelCount - n - 1;
  const { order, printed } = plan;
  /** Printed label by label id (undefined: the generated `bbN` of a LIR block). */
  const labels = ctx.localArrays.labelsFor(plan.labelCount);
  const locals = ctx.localArrays.locals;
  if (!names) {
    labels[plan.prologueId] = PROLOGUE_LABEL;
    for (let s = 0; s < splitCount; s++) labels[n + 1 + s] = `bb${plan.splitFrom[s]!}.e${plan.splitEdge[s]!}`;
    return locals.fill(spell, NO_NAMES, labels, undefined);
  }
  const local = ctx.localNames;
  local.clear();
  // Room for every claim but the split labels and temporaries, counted first (the table is kept from one function
  // to the next): growing it on the way copied it into fresh memory at each doubling. Only named blocks and values
  // count: a table for every block and value would be megabytes to clear for a large function whose blocks and
  // values mostly print as `bbN` and `%vN`, without a claim.
  local.reserve(fn.slots.length + fn.params.length + splitCount + 16 + sourceNameCount(fn, plan, spell, nv));
  for (let i = 0; i < fn.slots.length; i++) local.claim(`s${i}`);
  if (plan.prologue) for (let i = 0; i < fn.params.length; i++) local.claim(argumentName(i));
  // The unspelled name of each LIR block with split blocks (a split label extends it); only made when there are splits.
  const raw = splitCount > 0 ? new Array<string | undefined>(n) : undefined;
  const taken = locals.taken;
  taken.reset(nv, n);
  const blockNames = names.blocks;
  for (let i = 0; i < printed; i++) {
    const b = order[i]!;
    if (b >= n) continue;
    const name = blockNames[b];
    if (!name) continue;
    const claimed = taken.claim(local, name);
    if (raw) raw[b] = claimed;
    labels[b] = spelledName(claimed);
  }
  const valueNames = names.values, named = ctx.localArrays.namesFor(nv);
  for (let i = 0; i < nv; i++) {
    const name = valueNames[i];
    if (spell[i] === undefined && name) named[i] = spelledName(taken.claim(local, name));
  }
  // A generated name (`bbN`, `entry`, `vN`, with a `.K` when a source name took it) is always bare: it is its own spelling.
  if (plan.prologue) labels[plan.prologueId] = taken.entry ? local.claim(PROLOGUE_LABEL) : PROLOGUE_LABEL;
  const takenBlocks = taken.blocks, takenValues = taken.values;
  if (takenBlocks) {
    for (let i = 0; i < printed; i++) {
      const b = order[i]!;
      if (b < n && labels[b] === undefined && takenBlocks[b]) labels[b] = local.claim(`bb${b}`);
    }
  }
  // A value without a name prints as `%vN` (the printer writes it itself) unless a source name took `vN`; then it
  // claims `vN.K`. `vN` and its `.K` variants are always bare names: no quoting check per value.
  if (takenValues) for (let i = 0; i < nv; i++) if (takenValues[i] && spell[i] === undefined && named[i] === undefined) named[i] = local.claim(`v${i}`);
  locals.nameBytes.fill(named, nv);
  // A split block is named after its source block: `loop_head.e1`.
  for (let i = 0; raw && i < printed; i++) {
    const id = order[i]!;
    if (id <= n) continue;
    const s = id - n - 1, from = plan.splitFrom[s]!;
    const source = raw[from] ?? labels[from] ?? `bb${from}`;
    labels[id] = spelledName(local.claim(`${source}.e${plan.splitEdge[s]!}`));
  }
  return locals.fill(spell, named, labels, local);
}

/** The local names of a function without names: none (never written to). */
const NO_NAMES: readonly (string | undefined)[] = [];

/** How many source names localNames claims: of the printed blocks, and of the values that do not print in place. */
function sourceNameCount(fn: LFunction, plan: EdgePlan, spell: readonly (string | undefined)[], nv: number): number {
  const { blocks, values } = fn.names!;
  let count = 0;
  for (let i = 0; i < plan.printed; i++) if (plan.order[i]! < plan.blockCount && blocks[plan.order[i]!]) count++;
  for (let i = 0, n = Math.min(values.length, nv); i < n; i++) if (values[i] && spell[i] === undefined) count++;
  return count;
}

/**
 * Spellings of the values that print in place (constants, fixed addresses);
 * undefined for the others. The integer constants also go to `known`.
 */
function inPlaceSpellings(fn: LFunction, plan: EdgePlan, ctx: LlvmModuleScope, known: KnownOperands | undefined): (string | undefined)[] {
  const spell = ctx.localArrays.spellings(fn.valueTypes.length);
  const n = plan.blockCount;
  for (let o = 0; o < plan.printed; o++) {
    const b = plan.order[o]!;
    if (b >= n) continue;
    const insts = fn.blocks[b]!.insts;
    for (let k = 0, kept = plan.kept[b]!; k < kept; k++) {
      const inst = insts[k]!;
      switch (inst.op) {
        case "iconst":
          spell[inst.dst] = intLiteral(inst.type, inst.value);
          known?.constant(inst.dst, fn.valueTypes[inst.dst], inst.type, inst.value);
          break;
        case "fconst": spell[inst.dst] = floatLiteral(inst.value); break;
        case "symbol_addr": spell[inst.dst] = ctx.symbol(inst.symbol); break;
        case "func_addr": spell[inst.dst] = ctx.callTarget(inst.symbol).ref; break;
        case "stack_addr":
          if (inst.slot < 0 || inst.slot >= fn.slots.length) throw new Error(`lower-llvm: ${fn.name} uses missing stack slot ${inst.slot}`);
          if (inst.offset === 0) spell[inst.dst] = ctx.generatedRefs.slot(inst.slot);
          break;
        default: break;
      }
    }
  }
  return spell;
}
