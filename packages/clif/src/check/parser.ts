/**
 * A line-oriented parser for CLIF files as cranelift-reader reads them:
 * filetest headers (`test`, `target`, `set`), `function` headers with any
 * calling convention (the target's default, system_v, when none is
 * written), parameter and result attributes, preamble declarations (`ss`,
 * `gv`, `sig`, `fn`), block headers, value aliases, one instruction per
 * line, and the `; run:` / `; print:` comments after each function. It does
 * what the reader checks (syntax, immediates in range, declared entities,
 * known opcodes and formats). A line that fails is one error (with its
 * column) and parsing goes on, so one run reports every such line; valid
 * forms this checker does not check are recorded as not covered. Removed
 * forms (`*_imm`, `stack_load`, `global_value`, `brz`, `b1`) are named.
 */
import {
  type BlockAst, type BlockCall, type CheckError, type ClifFile, type FnDecl, type FunctionAst, type GlobalDecl, type Inst,
  isVector, type NotCovered, type Operands, parseValueType, type RunComment, type SigDecl, type Signature, type SlotDecl,
  type ValueType, typeBits,
} from "./ast.js";
import { CLIFSyntaxError, type FloatFormat, parseFloatBits, parseIntImmediate, tokenize } from "./lexer.js";
import { BLOCK, CALLCONVS, FN, GV, Line, SIG, SS, VALUE } from "./line.js";
import { ATOMIC_RMW_OPS, FLOAT_CC, INT_CC, isOpcode, isTrapCode, MEM_FLAGS, OPCODES, removedForm } from "./opcodes.js";

/** The calling convention of a signature that names none: the target's default (system_v on x86_64 and aarch64 Linux). */
export const DEFAULT_CALLCONV = "system_v";
/** Parameter and result attributes (extension and purpose). */
const ATTRIBUTES = ["sext", "uext", "sret", "vmctx", "stack_limit"];

function parseType(l: Line): ValueType {
  const w = l.word("a type");
  const removed = removedForm(w);
  if (removed) l.fail(removed, l.pos - 1);
  const t = parseValueType(w);
  if (!t) l.fail(`unknown type '${w}'`, l.pos - 1);
  return t;
}

/** Attributes after a parameter or result type: `sext`, `uext`, `sret`, `vmctx`, `stack_limit`, `sarg(N)`. */
function parseAttributes(l: Line): void {
  for (;;) {
    if (l.isWord("sarg")) {
      l.pos++;
      l.expect("(", "after sarg");
      l.num("a size");
      l.expect(")", "after the sarg size");
    } else if (l.peek()?.kind === "word" && ATTRIBUTES.includes(l.peek()!.text)) l.pos++;
    else return;
  }
}

function parseTypeList(l: Line, out: ValueType[], close: string): void {
  while (l.peek() && !l.isPunct(close) && !(close === "" && l.isWord() && !parseValueType(l.peek()!.text))) {
    out.push(parseType(l));
    parseAttributes(l);
    if (l.peek()?.kind === "word" && !CALLCONVS.includes(l.peek()!.text) && !parseValueType(l.peek()!.text)) {
      const w = l.peek()!.text;
      const last = close === "" && (l.pos + 1 === l.tokens.length || l.tokens[l.pos + 1]!.text === "{");
      l.fail(last ? `unknown calling convention '${w}' (${CALLCONVS.join(", ")})` : `unknown attribute '${w}' (sext, uext, sret, vmctx, stack_limit, sarg(N))`);
    }
    if (!l.eat(",")) break;
  }
}

/** `(T [attrs], ...) [-> T [attrs], ...] [CALLCONV]`; the default convention when none is written. */
function parseSignature(l: Line): Signature {
  l.expect("(", "before parameter types");
  const params: ValueType[] = [];
  parseTypeList(l, params, ")");
  l.expect(")", "after parameter types");
  const results: ValueType[] = [];
  if (l.eat("->")) {
    if (l.isPunct("(")) l.fail("results are written '-> T, U', without parentheses");
    parseTypeList(l, results, "");
  }
  let cc = DEFAULT_CALLCONV;
  if (l.peek()?.kind === "word") {
    cc = l.word("a calling convention");
    if (!CALLCONVS.includes(cc)) l.fail(`unknown calling convention '${cc}' (${CALLCONVS.join(", ")})`, l.pos - 1);
  }
  return { params, results, cc };
}

/** Memory flags up to the first operand (for atomic_rmw: up to its operation name). */
function parseFlags(l: Line, stop: readonly string[] = []): string[] {
  const flags: string[] = [];
  for (let t = l.peek(); t?.kind === "word" && !VALUE.test(t.text) && !stop.includes(t.text); t = l.peek()) {
    if (!(MEM_FLAGS as readonly string[]).includes(t.text) && !isTrapCode(t.text)) l.fail(`unknown memory flag '${t.text}'`);
    if ((t.text === "big" && flags.includes("little")) || (t.text === "little" && flags.includes("big"))) l.fail("cannot set both big and little endian bits");
    flags.push(t.text);
    l.pos++;
  }
  return flags;
}

/** An 8-bit lane index immediate. */
function uimm8(l: Line): number {
  const v = parseIntImmediate(l.num("a lane index"), 8);
  if (typeof v === "string" || v < 0n) l.fail("a lane index is 0..255", l.pos - 1);
  return Number(v);
}

/** The rest of a vector immediate (`[1 2 3 4]`, `0x...`, `const0`) as text; its lanes are not checked. */
function vectorImmediate(l: Line): string {
  const start = l.pos;
  if (l.eat("[")) {
    while (l.peek() && !l.isPunct("]")) l.pos++;
    l.expect("]", "after the vector immediate");
  } else if (l.peek()?.kind === "num" || l.isWord()) l.pos++;
  else l.fail(`expected a vector immediate, found ${l.describe()}`);
  return l.tokens.slice(start, l.pos).map((t) => t.text).join(" ");
}

function parseBlockCall(l: Line): BlockCall {
  const block = l.ref(BLOCK, "a block (blockN)");
  const args: number[] = [];
  if (l.eat("(")) {
    while (!l.isPunct(")")) {
      args.push(l.value());
      if (!l.eat(",")) break;
    }
    l.expect(")", "after block arguments");
  }
  return { block, args };
}

function parseValueList(l: Line, close: string): number[] {
  const vs: number[] = [];
  while (l.peek() && !l.isPunct(close)) {
    vs.push(l.value());
    if (!l.eat(",")) break;
  }
  return vs;
}

/** Entities the instructions of a function may name. */
interface Decls {
  readonly slots: Map<number, SlotDecl>;
  readonly globals: Map<number, GlobalDecl>;
  readonly sigs: Map<number, SigDecl>;
  readonly fns: Map<number, FnDecl>;
}

function declared<T>(l: Line, map: ReadonlyMap<number, T>, id: number, kind: string): number {
  if (!map.has(id)) l.fail(`${kind}${id} is not declared`);
  return id;
}

function parseOperands(l: Line, name: string, format: (typeof OPCODES)[keyof typeof OPCODES]["format"], ctrl: ValueType | undefined, d: Decls): Operands {
  switch (format) {
    case "unary_imm": {
      if (ctrl !== undefined && (isVector(ctrl) || !ctrl.startsWith("i") || typeBits(ctrl) > 64)) l.fail(`iconst makes i8, i16, i32 or i64, not ${ctrl}`);
      const text = l.num("an integer immediate");
      const v = parseIntImmediate(text, ctrl === undefined ? 64 : typeBits(ctrl));
      return { format, imm: typeof v === "string" ? l.fail(v, l.pos - 1) : v };
    }
    case "unary_ieee": {
      const type = name.slice(0, name.length - "const".length) as FloatFormat;
      const text = l.num(`an ${type} immediate`);
      const bits = parseFloatBits(text, type);
      return { format, bits: typeof bits === "string" ? l.fail(bits, l.pos - 1) : bits, type };
    }
    case "unary_const": return { format, imm: vectorImmediate(l) };
    case "nullary": return { format };
    case "opaque": {
      const uses: number[] = [];
      for (const t of l.tokens.slice(l.pos)) {
        const m = t.kind === "word" ? VALUE.exec(t.text) : null;
        if (m) uses.push(Number(m[1]));
      }
      l.pos = l.tokens.length;
      return { format, uses, why: `instruction ${name}` };
    }
    case "binary_imm8": {
      const arg = l.value();
      l.expect(",", "before the lane index");
      return { format, arg, imm: uimm8(l) };
    }
    case "ternary_imm8": {
      const a = l.value();
      l.expect(",", "between operands");
      const b = l.value();
      l.expect(",", "before the lane index");
      return { format, args: [a, b], imm: uimm8(l) };
    }
    case "shuffle": {
      const a = l.value();
      l.expect(",", "between operands");
      const b = l.value();
      l.expect(",", "before the mask");
      return { format, args: [a, b], imm: vectorImmediate(l) };
    }
    case "store_no_offset": {
      const flags = parseFlags(l);
      const value = l.value();
      l.expect(",", "between the stored value and the address");
      return { format, flags, value, addr: l.value() };
    }
    case "int_add_trap": {
      const a = l.value();
      l.expect(",", "between operands");
      const b = l.value();
      l.expect(",", "before the trap code");
      const code = l.word("a trap code");
      if (!isTrapCode(code)) l.fail(`unknown trap code '${code}'`, l.pos - 1);
      return { format, args: [a, b], code };
    }
    case "atomic_rmw": {
      const flags = parseFlags(l, ATOMIC_RMW_OPS);
      const op = l.word("an atomic_rmw operation") ;
      if (!(ATOMIC_RMW_OPS as readonly string[]).includes(op)) l.fail(`unknown atomic_rmw operation '${op}' (${ATOMIC_RMW_OPS.join(" ")})`, l.pos - 1);
      const addr = l.value();
      l.expect(",", "between the address and the value");
      return { format, flags, op, addr, value: l.value() };
    }
    case "atomic_cas": {
      const flags = parseFlags(l);
      const addr = l.value();
      l.expect(",", "after the address");
      const e = l.value();
      l.expect(",", "between the expected and the new value");
      return { format, flags, addr, args: [e, l.value()] };
    }
    case "unary": return { format, arg: l.value() };
    case "load_no_offset": return { format, flags: parseFlags(l), arg: l.value() };
    case "binary": {
      const a = l.value();
      l.expect(",", "between operands");
      return { format, args: [a, l.value()] };
    }
    case "int_compare": case "float_compare": {
      const cc = l.word("a condition code");
      const codes: readonly string[] = format === "int_compare" ? INT_CC : FLOAT_CC;
      if (!codes.includes(cc)) l.fail(`unknown ${format === "int_compare" ? "IntCC" : "FloatCC"} condition code '${cc}' (one of ${codes.join(" ")})`);
      const a = l.value();
      l.expect(",", "between operands");
      return { format, cc, args: [a, l.value()] };
    }
    case "ternary": {
      const c = l.value();
      l.expect(",", "between operands");
      const x = l.value();
      l.expect(",", "between operands");
      return { format, args: [c, x, l.value()] };
    }
    case "load": {
      const flags = parseFlags(l);
      return { format, flags, addr: l.value(), offset: l.offset() };
    }
    case "store": {
      const flags = parseFlags(l);
      const value = l.value();
      l.expect(",", "between the stored value and the address");
      return { format, flags, value, addr: l.value(), offset: l.offset() };
    }
    case "stack_addr": return { format, slot: declared(l, d.slots, l.ref(SS, "a stack slot (ssN)"), "ss"), offset: l.offset() };
    case "global_value": return { format, gv: declared(l, d.globals, l.ref(GV, "a global value (gvN)"), "gv") };
    case "func_addr": return { format, fn: declared(l, d.fns, l.ref(FN, "a function reference (fnN)"), "fn") };
    case "call": {
      const fn = declared(l, d.fns, l.ref(FN, "a function reference (fnN)"), "fn");
      l.expect("(", "before call arguments");
      const args = parseValueList(l, ")");
      l.expect(")", "after call arguments");
      return { format, fn, args };
    }
    case "call_indirect": {
      const sig = declared(l, d.sigs, l.ref(SIG, "a signature (sigN)"), "sig");
      l.expect(",", "after the signature");
      const callee = l.value();
      l.expect("(", "before call arguments");
      const args = parseValueList(l, ")");
      l.expect(")", "after call arguments");
      return { format, sig, callee, args };
    }
    case "jump": return { format, dest: parseBlockCall(l) };
    case "brif": {
      const cond = l.value();
      l.expect(",", "after the condition");
      const then = parseBlockCall(l);
      l.expect(",", "between the targets");
      return { format, cond, then, else: parseBlockCall(l) };
    }
    case "br_table": {
      const index = l.value();
      l.expect(",", "after the index");
      const dflt = parseBlockCall(l);
      l.expect(",", "after the default target");
      l.expect("[", "before the table");
      const table: BlockCall[] = [];
      while (!l.isPunct("]")) {
        table.push(parseBlockCall(l));
        if (!l.eat(",")) break;
      }
      l.expect("]", "after the table");
      return { format, index, default: dflt, table };
    }
    case "multi_ary": return { format, args: parseValueList(l, "") };
    case "trap": {
      const code = l.word("a trap code");
      if (!isTrapCode(code)) l.fail(`unknown trap code '${code}' (user1..user250, ${"stk_ovf heap_oob int_ovf int_divz bad_toint"})`);
      return { format, code };
    }
    case "cond_trap": {
      const arg = l.value();
      l.expect(",", "before the trap code");
      const code = l.word("a trap code");
      if (!isTrapCode(code)) l.fail(`unknown trap code '${code}'`);
      return { format, arg, code };
    }
  }
}

function parseInst(l: Line, d: Decls, notCovered: NotCovered[]): Inst {
  const results: number[] = [];
  const first = l.tokens[0]!, second = l.tokens[1];
  if (first.kind === "word" && VALUE.test(first.text) && second?.kind === "punct") {
    do results.push(l.value()); while (l.eat(","));
    l.expect("=", "after the result values");
  }
  const at = l.pos;
  const word = l.word("an instruction");
  const dot = word.indexOf(".");
  const name = dot < 0 ? word : word.slice(0, dot);
  const suffix = dot < 0 ? undefined : word.slice(dot + 1);
  if (!isOpcode(name)) l.fail(removedForm(name) ?? `unknown instruction '${name}'`, at);
  const info: (typeof OPCODES)[keyof typeof OPCODES] = OPCODES[name];
  let ctrl: ValueType | undefined;
  if (suffix !== undefined) {
    if (info.suffix === "none") l.fail(`${name} takes no type suffix`, at);
    ctrl = parseType(new Line([{ kind: "word", text: suffix, col: l.tokens[at]!.col + dot + 1 }], l.line, l.text));
  } else if (info.suffix === "required") {
    l.fail(`${name} needs its result type, as in ${name}.i64`, at);
  }
  const col = l.tokens[0]!.col;
  const operands = parseOperands(l, name, info.format, ctrl, d);
  if (operands.format === "opaque") notCovered.push({ line: l.line, col: l.tokens[at]!.col, what: operands.why });
  l.end();
  return { line: l.line, col, text: l.text, opcode: name, ctrl, results, ...operands } as Inst;
}

/** `[colocated] %name` or a user name `u1:2`. */
function parseExternalName(l: Line): { name: string; colocated: boolean } {
  const colocated = l.isWord("colocated");
  if (colocated) l.pos++;
  return { name: l.name("a function name"), colocated };
}

function parseDecl(l: Line, d: Decls, notCovered: NotCovered[]): void {
  const w = l.word("a declaration");
  l.expect("=", "in the declaration");
  const dup = (map: ReadonlyMap<number, { line: number }>, id: number, kind: string) => {
    if (map.has(id)) l.fail(`${kind}${id} is declared twice (first on line ${map.get(id)!.line})`, 0);
    return id;
  };
  const skip = (what: string) => {
    notCovered.push({ line: l.line, col: l.tokens[0]!.col, what });
    l.pos = l.tokens.length;
  };
  let m: RegExpExecArray | null;
  if ((m = SS.exec(w))) {
    const id = dup(d.slots, Number(m[1]), "ss");
    const kind = l.word("a stack slot kind");
    if (kind !== "explicit_slot") l.fail(`unknown stack slot kind '${kind}' (explicit_slot)`, l.pos - 1);
    const size = parseIntImmediate(l.num("a slot size"), 64);
    if (typeof size === "string" || size < 0n || size > 0xffff_ffffn) l.fail("stack slot size must be 0 .. 2^32-1", l.pos - 1);
    let align = 1;
    while (l.eat(",")) {
      const key = l.word("'align' or 'key'");
      l.expect("=", `after ${key}`);
      if (key === "align") {
        const a = parseIntImmediate(l.num("an alignment"), 64);
        if (typeof a === "string" || a < 1n || a > 1n << 31n || (a & (a - 1n)) !== 0n) l.fail("stack slot alignment is not a power of two", l.pos - 1);
        align = Number(a);
      } else if (key === "key") {
        l.num("a slot key");
      } else l.fail(`unknown stack slot flag '${key}' (align, key)`, l.pos - 2);
    }
    l.end();
    d.slots.set(id, { id, size: Number(size), align, line: l.line });
  } else if ((m = GV.exec(w))) {
    const id = dup(d.globals, Number(m[1]), "gv");
    if (!l.isWord("symbol")) {
      const kind = l.peek()?.text ?? "";
      if (!["vmctx", "load", "iadd_imm", "dyn_scale_target_const"].includes(kind.split(".")[0]!)) l.fail(`unknown global value kind '${kind}' (symbol, vmctx, load, iadd_imm, dyn_scale_target_const)`);
      return skip(`global value kind '${kind.split(".")[0]}'`);
    }
    l.pos++;
    const colocated = l.isWord("colocated");
    if (colocated) l.pos++;
    if (l.isWord("tls")) return skip("thread-local symbol");
    const symbol = l.name("a symbol name");
    let offset = 0n;
    if (l.peek()?.kind === "num") {
      const o = parseIntImmediate(l.num("an offset"), 64);
      if (typeof o === "string" || !/^[+-]/.test(l.tokens[l.pos - 1]!.text)) l.fail("a symbol offset is written +N", l.pos - 1);
      offset = o as bigint;
    }
    l.end();
    d.globals.set(id, { id, symbol, colocated, offset, line: l.line });
  } else if ((m = SIG.exec(w))) {
    const id = dup(d.sigs, Number(m[1]), "sig");
    const sig = parseSignature(l);
    l.end();
    d.sigs.set(id, { id, sig, line: l.line });
  } else if ((m = FN.exec(w))) {
    const id = dup(d.fns, Number(m[1]), "fn");
    const { name, colocated } = parseExternalName(l);
    let sig: Signature;
    if (l.isPunct("(")) {
      sig = parseSignature(l);
      // The reader imports an inline signature as the next signature entity: later lines may name it as sigN.
      const next = d.sigs.size ? Math.max(...d.sigs.keys()) + 1 : 0;
      d.sigs.set(next, { id: next, sig, line: l.line });
    } else sig = d.sigs.get(declared(l, d.sigs, l.ref(SIG, "a signature (sigN)"), "sig"))!.sig;
    l.end();
    d.fns.set(id, { id, name, colocated, sig, line: l.line });
  } else if (/^(dt|dss|const)(0|[1-9][0-9]*)$/.test(w) || w === "stack_limit") {
    skip(`declaration ${w.replace(/[0-9]+$/, "N")}`);
  } else {
    l.fail(removedForm(w.replace(/[0-9]+$/, "") === "jt" ? "jump_table" : w) ?? `unknown declaration '${w}'`, 0);
  }
}

function parseBlockHeader(l: Line): BlockAst {
  const id = l.ref(BLOCK, "a block");
  const params: { value: number; type: ValueType }[] = [];
  if (l.eat("(")) {
    while (!l.isPunct(")")) {
      const value = l.value();
      l.expect(":", "between a block parameter and its type");
      params.push({ value, type: parseType(l) });
      if (!l.eat(",")) break;
    }
    l.expect(")", "after block parameters");
  }
  const cold = l.isWord("cold") && l.word("cold") === "cold";
  if (l.peek()?.kind === "word") l.fail(`unknown block flag '${l.peek()!.text}'`);
  l.expect(":", "after the block header");
  l.end();
  return { id, params, cold, line: l.line, insts: [] };
}

interface OpenFunction {
  name: string;
  sig: Signature;
  line: number;
  decls: Decls;
  blocks: BlockAst[];
  /** Each block's position in `blocks`, by id (a duplicate is found without a search of the blocks before it). */
  blockPos: Map<number, number>;
  aliases: Map<number, { target: number; line: number }>;
  notCovered: NotCovered[];
  broken: boolean;
  runs: RunComment[];
}

/** Header lines of a filetest: `test NAME`, `target ARCH [features]`, `set FLAG[=VALUE]`. */
const HEADER = /^(test|target|set)\b/;

/**
 * Parses CLIF text. Never throws on bad input: each line that fails to parse
 * is one entry of `errors` (with its column); a function whose header fails
 * is skipped to its closing brace.
 */
export function parseCLIF(source: string): ClifFile {
  const functions: FunctionAst[] = [];
  const errors: CheckError[] = [];
  const headers: string[] = [];
  let fn: OpenFunction | undefined;
  let skipping = false;
  let lastClosed: FunctionAst | undefined;
  const lines = source.split("\n");
  /** The code part of a line (before `;`). */
  const codeOf = (raw: string) => (raw.indexOf(";") < 0 ? raw : raw.slice(0, raw.indexOf(";")));
  const open = (t: string) => (t.match(/[[(]/g)?.length ?? 0) - (t.match(/[\])]/g)?.length ?? 0);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const lineNo = i + 1;
    const semi = raw.indexOf(";");
    const comment = semi < 0 ? "" : raw.slice(semi + 1);
    const run = /^\s*(run|print)\b/.exec(comment);
    if (run) {
      const target = fn ?? lastClosed;
      if (target) target.runs.push({ line: lineNo, col: semi + 1, kind: run[1] as "run" | "print", text: comment.trim() });
    }
    let code = codeOf(raw);
    // An immediate may continue on the next lines (`vconst.i8x16 [0 0 ...\n 0 0]`): join until brackets balance.
    while (open(code) > 0 && i + 1 < lines.length && !/^\s*(function|block[0-9]|})/.test(lines[i + 1]!)) code += ` ${codeOf(lines[++i]!)}`;
    const text = code.trim();
    if (!text) continue;
    const col0 = code.length - code.trimStart().length + 1;
    try {
      if (skipping) {
        if (text === "}") skipping = false;
        continue;
      }
      if (!fn && HEADER.test(text)) {
        headers.push(text);
        continue;
      }
      const at = srcloc(text, lineNo, col0);
      const body = at ? at.rest : text;
      const l = new Line(tokenize(body, lineNo, at ? at.col : col0), lineNo, body);
      const first = l.tokens[0]!;
      if (at && (!fn || !isInstruction(l))) throw new CLIFSyntaxError(lineNo, "a source location (@XXXX) may only precede an instruction", col0);
      if (!fn) {
        if (first.kind !== "word" || first.text !== "function") l.fail(`expected 'function', found ${l.describe()}`);
        l.pos++;
        try {
          const name = l.name("a function name");
          const sig = parseSignature(l);
          l.expect("{", "after the signature");
          l.end();
          fn = { name, sig, line: lineNo, decls: { slots: new Map(), globals: new Map(), sigs: new Map(), fns: new Map() }, blocks: [], blockPos: new Map(), aliases: new Map(), notCovered: [], broken: false, runs: [] };
        } catch (e) {
          skipping = !/}\s*$/.test(text);
          throw e;
        }
        continue;
      }
      if (first.kind === "punct" && first.text === "}") {
        l.pos++;
        l.end();
        const f = fn;
        fn = undefined;
        if (f.blocks.length === 0) l.fail(`function %${f.name} has no blocks`);
        lastClosed = { name: f.name, sig: f.sig, line: f.line, ...f.decls, blocks: f.blocks, blockPos: f.blockPos, aliases: f.aliases, notCovered: f.notCovered, broken: f.broken, runs: f.runs };
        functions.push(lastClosed);
        continue;
      }
      parseBodyLine(l, fn, body);
    } catch (e) {
      if (!(e instanceof CLIFSyntaxError)) throw e;
      errors.push({ line: e.line, col: e.col, message: e.message });
      if (fn) {
        fn.broken = true;
        placeholder(fn, text, lineNo, col0);
      }
    }
  }
  if (fn) errors.push({ line: lines.length, col: 0, message: `function %${fn.name} is not closed with '}'` });
  return { functions, headers, errors };
}

/**
 * A leading source location `@XXXX` (cranelift-reader: hexadecimal digits,
 * a u32; the embedder's opaque number, printed with four digits or more):
 * the rest of the line and its column, or undefined when there is none.
 */
function srcloc(text: string, line: number, col0: number): { rest: string; col: number } | undefined {
  if (!text.startsWith("@")) return undefined;
  const m = /^@([0-9A-Za-z_]*)\s*/.exec(text)!;
  if (!/^[0-9a-fA-F]{1,8}$/.test(m[1]!)) throw new CLIFSyntaxError(line, `invalid source location '@${m[1]}' (1 to 8 hexadecimal digits)`, col0);
  if (m[0].length === text.length) throw new CLIFSyntaxError(line, "a source location (@XXXX) must be followed by an instruction", col0);
  return { rest: text.slice(m[0].length), col: col0 + m[0].length };
}

/** Whether a body line is an instruction (not a declaration, block header, alias or closing brace). */
function isInstruction(l: Line): boolean {
  const [first, second] = l.tokens;
  if (!first || (first.kind === "punct" && first.text === "}")) return false;
  if (first.kind === "word" && BLOCK.test(first.text)) return false;
  const isDecl = first.kind === "word" && second?.kind === "punct" && second.text === "=" && !VALUE.test(first.text);
  const isAlias = first.kind === "word" && VALUE.test(first.text) && second?.kind === "punct" && second.text === "->";
  return !isDecl && !isAlias;
}

function parseBodyLine(l: Line, fn: OpenFunction, text: string): void {
  const first = l.tokens[0]!;
  const isDecl = first.kind === "word" && l.tokens[1]?.kind === "punct" && l.tokens[1].text === "=" && !VALUE.test(first.text);
  if (isDecl) {
    if (fn.blocks.length) l.fail("declarations belong before the first block");
    parseDecl(l, fn.decls, fn.notCovered);
  } else if (first.kind === "word" && BLOCK.test(first.text)) {
    const b = parseBlockHeader(l);
    const dup = fn.blockPos.get(b.id);
    if (dup !== undefined) l.fail(`block${b.id} is defined twice (first on line ${fn.blocks[dup]!.line})`, 0);
    fn.blockPos.set(b.id, fn.blocks.length);
    fn.blocks.push(b);
  } else if (first.kind === "word" && VALUE.test(first.text) && l.tokens[1]?.kind === "punct" && l.tokens[1].text === "->") {
    const a = l.value();
    l.expect("->", "in a value alias");
    const target = l.value();
    l.end();
    if (fn.aliases.has(a)) l.fail(`v${a} is aliased twice`, 0);
    fn.aliases.set(a, { target, line: l.line });
  } else {
    if (!fn.blocks.length) l.fail(`instruction before the first block: '${text}'`);
    fn.blocks[fn.blocks.length - 1]!.insts.push(parseInst(l, fn.decls, fn.notCovered));
  }
}

/** After a line failed: its result values (`v1, v2 = ...`) still count as defined, so one error does not cascade. */
function placeholder(fn: OpenFunction, text: string, line: number, col: number): void {
  const m = /^((?:v[0-9]+\s*,\s*)*v[0-9]+)\s*=/.exec(text);
  const block = fn.blocks[fn.blocks.length - 1];
  if (!m || !block) return;
  const results = m[1]!.split(",").map((v) => Number(v.trim().slice(1)));
  block.insts.push({ line, col, text, opcode: "nop", ctrl: undefined, results, format: "opaque", uses: [], why: "a line that did not parse" });
}
