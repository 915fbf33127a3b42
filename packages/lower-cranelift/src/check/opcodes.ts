/**
 * The one opcode table of the checked CLIF subset: each opcode's text
 * format, how its controlling type is written (`iconst.i32` requires the
 * suffix, `iadd` infers it and may repeat it, `jump` takes none), its typing
 * rule, whether it ends a block, and its meaning (Cranelift 0.135
 * semantics, which the executor implements). The parser, the verifier and
 * the executor all read this table; an opcode missing here is rejected.
 */

export type Format =
  | "unary_imm" | "unary_ieee64" | "unary" | "load_no_offset" | "binary" | "int_compare" | "float_compare"
  | "ternary" | "load" | "store" | "stack_addr" | "global_value" | "func_addr" | "call" | "call_indirect"
  | "jump" | "brif" | "br_table" | "multi_ary" | "trap" | "cond_trap";

export type Typing =
  | "iconst" | "f64const" | "int_binary" | "shift" | "float_binary" | "icmp" | "fcmp" | "select"
  | "extend" | "reduce" | "float_to_int" | "int_to_float" | "bitcast" | "atomic_load"
  | "load" | "store" | "address" | "call" | "call_indirect" | "branch" | "return" | "trap" | "cond_trap";

export interface OpcodeInfo {
  readonly format: Format;
  readonly typing: Typing;
  /** `required`: `op.T` must name the result type; `optional`: inferred, a suffix must agree; `none`: no suffix. */
  readonly suffix: "required" | "optional" | "none";
  readonly terminator: boolean;
  /** Bytes moved by a narrow load or store (`uload8`: 1); 0 for full-width access. */
  readonly memBytes: number;
  readonly meaning: string;
}

function op(format: Format, typing: Typing, suffix: OpcodeInfo["suffix"], meaning: string, extra: Partial<OpcodeInfo> = {}): OpcodeInfo {
  return { format, typing, suffix, terminator: false, memBytes: 0, meaning, ...extra };
}
const term = { terminator: true };

export const OPCODES = {
  iconst: op("unary_imm", "iconst", "required", "integer constant of the controlling type"),
  f64const: op("unary_ieee64", "f64const", "none", "f64 constant, hexadecimal significand"),
  iadd: op("binary", "int_binary", "optional", "wrapping addition"),
  isub: op("binary", "int_binary", "optional", "wrapping subtraction"),
  imul: op("binary", "int_binary", "optional", "wrapping multiplication (low half)"),
  sdiv: op("binary", "int_binary", "optional", "signed division truncating toward zero; traps int_divz on 0 and int_ovf on MIN / -1"),
  srem: op("binary", "int_binary", "optional", "signed remainder with the dividend's sign; traps int_divz on 0; MIN % -1 is 0 on native targets"),
  udiv: op("binary", "int_binary", "optional", "unsigned division; traps int_divz on 0"),
  urem: op("binary", "int_binary", "optional", "unsigned remainder; traps int_divz on 0"),
  band: op("binary", "int_binary", "optional", "bitwise and"),
  bor: op("binary", "int_binary", "optional", "bitwise or"),
  bxor: op("binary", "int_binary", "optional", "bitwise exclusive or"),
  ishl: op("binary", "shift", "optional", "shift left; the amount (any integer type) is taken modulo the width"),
  ushr: op("binary", "shift", "optional", "logical shift right; amount modulo the width"),
  sshr: op("binary", "shift", "optional", "arithmetic shift right; amount modulo the width"),
  fadd: op("binary", "float_binary", "optional", "IEEE addition"),
  fsub: op("binary", "float_binary", "optional", "IEEE subtraction"),
  fmul: op("binary", "float_binary", "optional", "IEEE multiplication"),
  fdiv: op("binary", "float_binary", "optional", "IEEE division"),
  icmp: op("int_compare", "icmp", "optional", "integer comparison; i8 result 0 or 1"),
  fcmp: op("float_compare", "fcmp", "optional", "float comparison by FloatCC; i8 result 0 or 1"),
  select: op("ternary", "select", "optional", "first value when the condition is non-zero, else the second"),
  uextend: op("unary", "extend", "required", "zero-extend to a wider integer"),
  sextend: op("unary", "extend", "required", "sign-extend to a wider integer"),
  ireduce: op("unary", "reduce", "required", "keep the low bits, narrower integer"),
  fcvt_to_sint_sat: op("unary", "float_to_int", "required", "float to signed integer toward zero, saturating, NaN to 0"),
  fcvt_from_sint: op("unary", "int_to_float", "required", "signed integer to float, rounding to nearest"),
  bitcast: op("load_no_offset", "bitcast", "required", "reinterpret the bits as another type of the same width"),
  atomic_load: op("load_no_offset", "atomic_load", "required", "sequentially consistent integer load (a memory fence for the optimizer)"),
  load: op("load", "load", "required", "load the controlling type from address + offset"),
  uload8: op("load", "load", "required", "load 1 byte, zero-extend", { memBytes: 1 }),
  sload8: op("load", "load", "required", "load 1 byte, sign-extend", { memBytes: 1 }),
  uload16: op("load", "load", "required", "load 2 bytes, zero-extend", { memBytes: 2 }),
  sload16: op("load", "load", "required", "load 2 bytes, sign-extend", { memBytes: 2 }),
  uload32: op("load", "load", "required", "load 4 bytes, zero-extend", { memBytes: 4 }),
  sload32: op("load", "load", "required", "load 4 bytes, sign-extend", { memBytes: 4 }),
  store: op("store", "store", "optional", "store the value at address + offset"),
  istore8: op("store", "store", "optional", "store the low byte", { memBytes: 1 }),
  istore16: op("store", "store", "optional", "store the low 2 bytes", { memBytes: 2 }),
  istore32: op("store", "store", "optional", "store the low 4 bytes", { memBytes: 4 }),
  stack_addr: op("stack_addr", "address", "required", "address of a stack slot plus offset"),
  symbol_value: op("global_value", "address", "required", "address of a symbol global value"),
  func_addr: op("func_addr", "address", "required", "address of a declared function"),
  call: op("call", "call", "none", "direct call through a function reference"),
  call_indirect: op("call_indirect", "call_indirect", "none", "call of an address with a declared signature"),
  jump: op("jump", "branch", "none", "unconditional branch", term),
  brif: op("brif", "branch", "none", "to the first target when the condition is non-zero, else the second", term),
  br_table: op("br_table", "branch", "none", "i32 index into the table, unsigned; out of range takes the default", term),
  return: op("multi_ary", "return", "none", "return from the function", term),
  trap: op("trap", "trap", "none", "unconditional trap", term),
  trapz: op("cond_trap", "cond_trap", "none", "trap when the value is zero"),
  trapnz: op("cond_trap", "cond_trap", "none", "trap when the value is non-zero"),
} as const satisfies Record<string, OpcodeInfo>;

export type Opcode = keyof typeof OPCODES;

export function isOpcode(name: string): name is Opcode {
  return Object.prototype.hasOwnProperty.call(OPCODES, name);
}

/** Why a name that older Cranelift accepted is rejected now; undefined for names never valid. */
export function removedForm(name: string): string | undefined {
  if (/_imm$/.test(name)) return `'${name}' was removed in Cranelift 0.133: use iconst and the plain instruction`;
  if (name === "stack_load" || name === "stack_store") return `'${name}' was removed in Cranelift 0.134: use stack_addr with load/store`;
  if (name === "global_value") return "'global_value' was removed in Cranelift 0.134: use symbol_value";
  if (name === "brz" || name === "brnz") return `'${name}' no longer exists: use brif`;
  if (name === "jump_table") return "jump_table declarations no longer exist: br_table lists its targets inline";
  if (name === "b1" || /^b(8|16|32|64|128)$/.test(name)) return `the boolean type '${name}' no longer exists: comparisons give i8`;
  return undefined;
}

export const INT_CC = ["eq", "ne", "slt", "sge", "sgt", "sle", "ult", "uge", "ugt", "ule"] as const;
export const FLOAT_CC = ["ord", "uno", "eq", "ne", "one", "ueq", "lt", "le", "gt", "ge", "ult", "ule", "ugt", "uge"] as const;
/** Memory flags of the subset (plus a trap code). */
export const MEM_FLAGS = ["notrap", "aligned", "readonly", "little", "big", "can_move"] as const;
/** Built-in trap codes; user codes are user1 ... user250. */
export const TRAP_CODES = ["stk_ovf", "heap_oob", "int_ovf", "int_divz", "bad_toint"] as const;

export function isTrapCode(s: string): boolean {
  if ((TRAP_CODES as readonly string[]).includes(s)) return true;
  const m = /^user([1-9][0-9]{0,2})$/.exec(s);
  return m !== null && Number(m[1]) <= 250;
}
