/**
 * A line-oriented parser for the checked CLIF subset: `function` headers,
 * preamble declarations (`ss`, `gv`, `sig`, `fn`), block headers and one
 * instruction per line, as Cranelift's own printer lays them out. It does
 * what cranelift-reader checks (syntax, immediates in range, declared
 * entities, known opcodes and formats) and rejects every form outside the
 * subset with the line it is on, naming removed forms (`*_imm`,
 * `stack_load`, `global_value`, `brz`, `b1`) for what they are.
 */
import {
  type BlockAst, type BlockCall, type ClifFile, type FnDecl, type FunctionAst, type GlobalDecl, type Inst,
  type Operands, type SigDecl, type Signature, type SlotDecl, VALUE_TYPES, type ValueType, typeBits,
} from "./ast.js";
import { CLIFSyntaxError, parseF64, parseIntImmediate, tokenize } from "./lexer.js";
import { BLOCK, CALLCONVS, FN, GV, Line, SIG, SS, VALUE } from "./line.js";
import { FLOAT_CC, INT_CC, isOpcode, isTrapCode, MEM_FLAGS, OPCODES, removedForm } from "./opcodes.js";

function parseType(l: Line): ValueType {
  const w = l.word("a type");
  const removed = removedForm(w);
  if (removed) l.fail(removed);
  if (!(VALUE_TYPES as readonly string[]).includes(w)) l.fail(`type '${w}' is outside the checked subset (i8 i16 i32 i64 f64)`);
  return w as ValueType;
}

/** `(T, ...) [-> T, ...] system_v`. */
function parseSignature(l: Line): Signature {
  l.expect("(", "before parameter types");
  const params: ValueType[] = [];
  while (!l.isPunct(")")) {
    params.push(parseType(l));
    if (l.peek()?.kind === "word" && !CALLCONVS.includes(l.peek()!.text)) l.fail(`parameter attribute '${l.peek()!.text}' is outside the checked subset`);
    if (!l.eat(",")) break;
  }
  l.expect(")", "after parameter types");
  const results: ValueType[] = [];
  if (l.eat("->")) {
    if (l.isPunct("(")) l.fail("results are written '-> T, U', without parentheses");
    do results.push(parseType(l)); while (l.eat(","));
  }
  const t = l.peek();
  if (t?.kind !== "word") l.fail("missing calling convention: write system_v (the default, fast, cannot be called from C)");
  const cc = l.word("a calling convention");
  if (cc !== "system_v") l.fail(CALLCONVS.includes(cc) ? `calling convention ${cc}: functions here must be system_v` : `unknown calling convention '${cc}'`);
  return { params, results };
}

function parseFlags(l: Line): string[] {
  const flags: string[] = [];
  for (let t = l.peek(); t?.kind === "word" && !VALUE.test(t.text); t = l.peek()) {
    if (!(MEM_FLAGS as readonly string[]).includes(t.text) && !isTrapCode(t.text)) l.fail(`unknown memory flag '${t.text}'`);
    flags.push(t.text);
    l.pos++;
  }
  return flags;
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

function parseOperands(l: Line, format: (typeof OPCODES)[keyof typeof OPCODES]["format"], ctrl: ValueType | undefined, d: Decls): Operands {
  switch (format) {
    case "unary_imm": {
      const text = l.num("an integer immediate");
      const v = parseIntImmediate(text, ctrl === undefined || ctrl === "f64" ? 64 : typeBits(ctrl));
      if (ctrl === "f64") l.fail("iconst makes integers: use f64const for f64");
      return { format, imm: typeof v === "string" ? l.fail(v) : v };
    }
    case "unary_ieee64": {
      const bits = parseF64(l.num("an f64 immediate"));
      return { format, bits: typeof bits === "string" ? l.fail(bits) : bits };
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

function parseInst(l: Line, d: Decls): Inst {
  const results: number[] = [];
  const first = l.tokens[0]!, second = l.tokens[1];
  if (first.kind === "word" && VALUE.test(first.text) && second?.kind === "punct") {
    if (second.text === "->") l.fail("value aliases are outside the checked subset");
    do results.push(l.value()); while (l.eat(","));
    l.expect("=", "after the result values");
  }
  const word = l.word("an instruction");
  const dot = word.indexOf(".");
  const name = dot < 0 ? word : word.slice(0, dot);
  const suffix = dot < 0 ? undefined : word.slice(dot + 1);
  if (!isOpcode(name)) l.fail(removedForm(name) ?? `unknown or unsupported instruction '${name}' in '${l.text}'`);
  const info = OPCODES[name];
  let ctrl: ValueType | undefined;
  if (suffix !== undefined) {
    if (info.suffix === "none") l.fail(`${name} takes no type suffix`);
    ctrl = parseType(new Line([{ kind: "word", text: suffix }], l.line, l.text));
  } else if (info.suffix === "required") {
    l.fail(`${name} needs its result type, as in ${name}.i64`);
  }
  const operands = parseOperands(l, info.format, ctrl, d);
  l.end();
  return { line: l.line, text: l.text, opcode: name, ctrl, results, ...operands } as Inst;
}

function parseDecl(l: Line, d: Decls): void {
  const w = l.word("a declaration");
  l.expect("=", "in the declaration");
  const dup = (map: ReadonlyMap<number, { line: number }>, id: number, kind: string) => {
    if (map.has(id)) l.fail(`${kind}${id} is declared twice (first on line ${map.get(id)!.line})`);
    return id;
  };
  let m: RegExpExecArray | null;
  if ((m = SS.exec(w))) {
    const id = dup(d.slots, Number(m[1]), "ss");
    const kind = l.word("a stack slot kind");
    if (kind !== "explicit_slot") l.fail(`stack slot kind '${kind}' is outside the checked subset: use explicit_slot`);
    const size = parseIntImmediate(l.num("a slot size"), 64);
    if (typeof size === "string" || size < 0n || size > 0xffff_ffffn) l.fail("stack slot size must be 0 .. 2^32-1");
    let align = 1;
    if (l.eat(",")) {
      if (l.word("'align'") !== "align") l.fail("the only stack slot flag of the subset is align");
      l.expect("=", "after align");
      const a = parseIntImmediate(l.num("an alignment"), 64);
      if (typeof a === "string" || a < 1n || a > 1n << 31n || (a & (a - 1n)) !== 0n) l.fail("stack slot alignment is not a power of two");
      align = Number(a);
    }
    l.end();
    d.slots.set(id, { id, size: Number(size), align, line: l.line });
  } else if ((m = GV.exec(w))) {
    const id = dup(d.globals, Number(m[1]), "gv");
    const kind = l.word("'symbol'");
    if (kind !== "symbol") l.fail(`global value kind '${kind}' is outside the checked subset: use symbol (derived global values do not compile)`);
    const colocated = l.peek()?.kind === "word" && l.peek()!.text === "colocated" && l.word("colocated") === "colocated";
    const symbol = l.name("a symbol name");
    let offset = 0n;
    if (l.peek()?.kind === "num") {
      const o = parseIntImmediate(l.num("an offset"), 64);
      if (typeof o === "string" || !/^[+-]/.test(l.tokens[l.pos - 1]!.text)) l.fail("a symbol offset is written +N");
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
    const colocated = l.peek()?.kind === "word" && l.peek()!.text === "colocated" && l.word("colocated") === "colocated";
    const name = l.name("a function name");
    let sig: Signature;
    if (l.isPunct("(")) sig = parseSignature(l);
    else sig = d.sigs.get(declared(l, d.sigs, l.ref(SIG, "a signature (sigN)"), "sig"))!.sig;
    l.end();
    d.fns.set(id, { id, name, colocated, sig, line: l.line });
  } else {
    l.fail(removedForm(w.replace(/[0-9]+$/, "") === "jt" ? "jump_table" : w) ?? `unknown declaration '${w}'`);
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
  const cold = l.peek()?.kind === "word" && l.word("cold") === "cold";
  if (l.peek()?.kind === "word") l.fail(`unknown block flag '${l.peek()!.text}'`);
  l.expect(":", "after the block header");
  l.end();
  return { id, params, cold, line: l.line, insts: [] };
}

/** Parses CLIF text; throws CLIFSyntaxError at the first syntax error. */
export function parseCLIF(source: string): ClifFile {
  const functions: FunctionAst[] = [];
  let fn: { name: string; sig: FunctionAst["sig"]; line: number; decls: Decls; blocks: BlockAst[] } | undefined;
  source.split("\n").forEach((raw, i) => {
    const lineNo = i + 1;
    const text = raw.replace(/;.*$/, "").trim();
    if (!text) return;
    const l = new Line(tokenize(text, lineNo), lineNo, text);
    const first = l.tokens[0]!;
    if (!fn) {
      if (first.kind !== "word" || first.text !== "function") l.fail(`expected 'function', found ${l.describe()}`);
      l.pos++;
      const name = l.name("a function name");
      const sig = parseSignature(l);
      l.expect("{", "after the signature");
      l.end();
      fn = { name, sig, line: lineNo, decls: { slots: new Map(), globals: new Map(), sigs: new Map(), fns: new Map() }, blocks: [] };
      return;
    }
    if (first.kind === "punct" && first.text === "}") {
      l.pos++;
      l.end();
      if (fn.blocks.length === 0) l.fail(`function %${fn.name} has no blocks`);
      functions.push({ name: fn.name, sig: fn.sig, line: fn.line, ...fn.decls, blocks: fn.blocks });
      fn = undefined;
      return;
    }
    const isDecl = first.kind === "word" && l.tokens[1]?.kind === "punct" && l.tokens[1].text === "=" && !VALUE.test(first.text);
    if (isDecl) {
      if (fn.blocks.length) l.fail("declarations belong before the first block");
      parseDecl(l, fn.decls);
    } else if (first.kind === "word" && BLOCK.test(first.text)) {
      const b = parseBlockHeader(l);
      const dup = fn.blocks.find((x) => x.id === b.id);
      if (dup) l.fail(`block${b.id} is defined twice (first on line ${dup.line})`);
      fn.blocks.push(b);
    } else {
      if (!fn.blocks.length) l.fail(`instruction before the first block: '${text}'`);
      fn.blocks[fn.blocks.length - 1]!.insts.push(parseInst(l, fn.decls));
    }
  });
  if (fn) throw new CLIFSyntaxError(source.split("\n").length, `function %${fn.name} is not closed with '}'`);
  return { functions };
}
