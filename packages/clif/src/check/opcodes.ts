/**
 * The one opcode table: every instruction of Cranelift 0.135's instruction
 * reference (cranelift/codegen/meta/src/shared/instructions.rs of wasmtime
 * v48), each with its text format, how its controlling type is written
 * (`iconst.i32` requires the suffix, `iadd` infers it and may repeat it,
 * `jump` takes none), its typing rule (see verify-types.ts), whether it
 * ends a block, and its meaning. An opcode whose `covered` is false is valid
 * CLIF this checker does not check: a function using it is reported as
 * "not covered", never as an error.
 */

export type Format =
  | "unary_imm" | "unary_ieee" | "unary_const" | "unary" | "load_no_offset" | "store_no_offset" | "binary" | "binary_imm8"
  | "ternary_imm8" | "shuffle" | "int_compare" | "float_compare" | "ternary" | "load" | "store" | "stack_addr" | "global_value"
  | "func_addr" | "call" | "call_indirect" | "jump" | "brif" | "br_table" | "multi_ary" | "nullary" | "trap" | "cond_trap"
  | "int_add_trap" | "atomic_rmw" | "atomic_cas" | "opaque";

/**
 * Typing rules, named after the type variables of the reference: `same`
 * (all operands and the result one type of a class), `shift` (amount any
 * scalar integer), `overflow` (T, T -> T, i8), `carry` (T, T, i8 -> T, i8),
 * conversions with a required result type, and the rest one per shape.
 */
export type Typing =
  | "iconst" | "fconst" | "vconst" | "same" | "shift" | "overflow" | "carry" | "icmp" | "fcmp" | "select" | "bitselect"
  | "extend" | "reduce" | "fpromote" | "fdemote" | "float_to_int" | "int_to_float" | "bmask" | "bitcast" | "isplit" | "iconcat"
  | "splat" | "extractlane" | "insertlane" | "vtest" | "vhigh_bits" | "narrow" | "widen" | "fixed" | "shuffle"
  | "atomic_load" | "atomic_store" | "atomic_rmw" | "atomic_cas" | "load" | "store" | "address" | "call" | "call_indirect"
  | "branch" | "return" | "trap" | "cond_trap" | "set_pinned_reg" | "nothing" | "opaque";

/** Type classes of the reference's type variables. */
export type TypeClass = "Int" | "iB" | "bits" | "Float" | "FloatScalar" | "IxN" | "I16or32" | "NarrowScalar" | "i32_64" | "iSwappable" | "FloatVecOnly";

export interface OpcodeInfo {
  readonly format: Format;
  readonly typing: Typing;
  /** `required`: `op.T` must name the result type; `optional`: inferred, a suffix must agree; `none`: no suffix. */
  readonly suffix: "required" | "optional" | "none";
  readonly terminator: boolean;
  /** Bytes moved by a narrow load or store (`uload8`: 1); 0 for full-width access. */
  readonly memBytes: number;
  /** The type class of the controlling type variable, for `same`-like rules. */
  readonly cls?: TypeClass;
  /** For `fixed`: operand types and result types. */
  readonly fixed?: readonly [readonly string[], readonly string[]];
  /** False: valid CLIF this checker does not check (the function is reported as not covered). */
  readonly covered: boolean;
  readonly meaning: string;
}

function op(format: Format, typing: Typing, suffix: OpcodeInfo["suffix"], meaning: string, extra: Partial<OpcodeInfo> = {}): OpcodeInfo {
  return { format, typing, suffix, terminator: false, memBytes: 0, covered: true, meaning, ...extra };
}
const term = { terminator: true };
const same = (format: Format, cls: TypeClass, meaning: string) => op(format, "same", "optional", meaning, { cls });
const notCovered = (meaning: string, extra: Partial<OpcodeInfo> = {}) => op("opaque", "opaque", "optional", meaning, { covered: false, ...extra });

export const OPCODES = {
  // Constants.
  iconst: op("unary_imm", "iconst", "required", "integer constant of the controlling type (i8..i64)"),
  f16const: op("unary_ieee", "fconst", "none", "f16 constant"),
  f32const: op("unary_ieee", "fconst", "none", "f32 constant"),
  f64const: op("unary_ieee", "fconst", "none", "f64 constant, hexadecimal significand"),
  f128const: op("unary_ieee", "fconst", "none", "f128 constant"),
  vconst: op("unary_const", "vconst", "required", "vector constant"),
  // Integer arithmetic.
  iadd: same("binary", "Int", "wrapping addition"),
  isub: same("binary", "Int", "wrapping subtraction"),
  imul: same("binary", "Int", "wrapping multiplication (low half)"),
  umulhi: same("binary", "Int", "high half of the unsigned product"),
  smulhi: same("binary", "Int", "high half of the signed product"),
  sdiv: same("binary", "iB", "signed division truncating toward zero; traps int_divz on 0 and int_ovf on MIN / -1"),
  srem: same("binary", "iB", "signed remainder with the dividend's sign; traps int_divz on 0; MIN % -1 is 0"),
  udiv: same("binary", "iB", "unsigned division; traps int_divz on 0"),
  urem: same("binary", "iB", "unsigned remainder; traps int_divz on 0"),
  smin: same("binary", "Int", "signed minimum"),
  umin: same("binary", "Int", "unsigned minimum"),
  smax: same("binary", "Int", "signed maximum"),
  umax: same("binary", "Int", "unsigned maximum"),
  avg_round: same("binary", "IxN", "lane-wise unsigned rounding average"),
  uadd_sat: same("binary", "IxN", "lane-wise unsigned saturating addition"),
  sadd_sat: same("binary", "IxN", "lane-wise signed saturating addition"),
  usub_sat: same("binary", "IxN", "lane-wise unsigned saturating subtraction"),
  ssub_sat: same("binary", "IxN", "lane-wise signed saturating subtraction"),
  sqmul_round_sat: same("binary", "I16or32", "lane-wise fixed-point rounding multiplication, saturating"),
  x86_pmulhrsw: same("binary", "I16or32", "x86 pmulhrsw"),
  ineg: same("unary", "Int", "wrapping negation"),
  iabs: same("unary", "Int", "absolute value, wrapping at MIN"),
  uadd_overflow: op("binary", "overflow", "optional", "addition and its unsigned overflow flag", { cls: "iB" }),
  sadd_overflow: op("binary", "overflow", "optional", "addition and its signed overflow flag", { cls: "iB" }),
  usub_overflow: op("binary", "overflow", "optional", "subtraction and its unsigned overflow flag", { cls: "iB" }),
  ssub_overflow: op("binary", "overflow", "optional", "subtraction and its signed overflow flag", { cls: "iB" }),
  umul_overflow: op("binary", "overflow", "optional", "multiplication and its unsigned overflow flag", { cls: "NarrowScalar" }),
  smul_overflow: op("binary", "overflow", "optional", "multiplication and its signed overflow flag", { cls: "NarrowScalar" }),
  sadd_overflow_cin: op("ternary", "carry", "optional", "addition with carry in, signed overflow out", { cls: "iB" }),
  uadd_overflow_cin: op("ternary", "carry", "optional", "addition with carry in, carry out", { cls: "iB" }),
  ssub_overflow_bin: op("ternary", "carry", "optional", "subtraction with borrow in, signed overflow out", { cls: "iB" }),
  usub_overflow_bin: op("ternary", "carry", "optional", "subtraction with borrow in, borrow out", { cls: "iB" }),
  uadd_overflow_trap: op("int_add_trap", "same", "optional", "addition, trapping on unsigned overflow", { cls: "i32_64" }),
  // Bits.
  band: same("binary", "bits", "bitwise and (any type, floats included)"),
  bor: same("binary", "bits", "bitwise or"),
  bxor: same("binary", "bits", "bitwise exclusive or"),
  bnot: same("unary", "bits", "bitwise not"),
  rotl: op("binary", "shift", "optional", "rotate left; amount modulo the width", { cls: "Int" }),
  rotr: op("binary", "shift", "optional", "rotate right; amount modulo the width", { cls: "Int" }),
  ishl: op("binary", "shift", "optional", "shift left; the amount (any integer type) is taken modulo the width", { cls: "Int" }),
  ushr: op("binary", "shift", "optional", "logical shift right; amount modulo the width", { cls: "Int" }),
  sshr: op("binary", "shift", "optional", "arithmetic shift right; amount modulo the width", { cls: "Int" }),
  bitrev: same("unary", "iB", "reverse the bits"),
  clz: same("unary", "iB", "count leading zeros"),
  cls: same("unary", "iB", "count leading sign bits (not counting the sign bit)"),
  ctz: same("unary", "iB", "count trailing zeros"),
  bswap: same("unary", "iSwappable", "reverse the bytes"),
  popcnt: same("unary", "Int", "count the one bits"),
  bmask: op("unary", "bmask", "required", "all ones when the value is non-zero, else zero"),
  // Floats.
  fadd: same("binary", "Float", "IEEE addition"),
  fsub: same("binary", "Float", "IEEE subtraction"),
  fmul: same("binary", "Float", "IEEE multiplication"),
  fdiv: same("binary", "Float", "IEEE division"),
  fcopysign: same("binary", "Float", "magnitude of the first, sign of the second"),
  fmin: same("binary", "Float", "IEEE minimum; NaN if either is NaN; -0 < +0"),
  fmax: same("binary", "Float", "IEEE maximum; NaN if either is NaN; -0 < +0"),
  sqrt: same("unary", "Float", "square root"),
  fneg: same("unary", "Float", "flip the sign bit"),
  fabs: same("unary", "Float", "clear the sign bit"),
  ceil: same("unary", "Float", "round toward +inf"),
  floor: same("unary", "Float", "round toward -inf"),
  trunc: same("unary", "Float", "round toward zero"),
  nearest: same("unary", "Float", "round to nearest, ties to even"),
  fma: same("ternary", "Float", "fused multiply-add"),
  // Comparisons and selection.
  icmp: op("int_compare", "icmp", "optional", "integer comparison; i8 result 0 or 1 (lanes of all ones for vectors)", { cls: "Int" }),
  fcmp: op("float_compare", "fcmp", "optional", "float comparison by FloatCC; i8 result 0 or 1", { cls: "Float" }),
  select: op("ternary", "select", "optional", "first value when the condition is non-zero, else the second"),
  select_spectre_guard: op("ternary", "select", "optional", "select that is never turned into a branch"),
  bitselect: op("ternary", "bitselect", "optional", "bits of the first value where the mask is 1, else of the second"),
  blendv: op("ternary", "bitselect", "optional", "x86 blendv"),
  // Conversions.
  uextend: op("unary", "extend", "required", "zero-extend to a wider integer"),
  sextend: op("unary", "extend", "required", "sign-extend to a wider integer"),
  ireduce: op("unary", "reduce", "required", "keep the low bits, narrower integer"),
  fpromote: op("unary", "fpromote", "required", "float to a wider float"),
  fdemote: op("unary", "fdemote", "required", "float to a narrower float, rounding to nearest"),
  fcvt_to_uint: op("unary", "float_to_int", "required", "float to unsigned integer toward zero; traps on NaN and overflow"),
  fcvt_to_sint: op("unary", "float_to_int", "required", "float to signed integer toward zero; traps on NaN and overflow"),
  fcvt_to_uint_sat: op("unary", "float_to_int", "required", "float to unsigned integer toward zero, saturating, NaN to 0"),
  fcvt_to_sint_sat: op("unary", "float_to_int", "required", "float to signed integer toward zero, saturating, NaN to 0"),
  x86_cvtt2dq: op("unary", "float_to_int", "required", "x86 cvttps2dq"),
  fcvt_from_uint: op("unary", "int_to_float", "required", "unsigned integer to float, rounding to nearest"),
  fcvt_from_sint: op("unary", "int_to_float", "required", "signed integer to float, rounding to nearest"),
  bitcast: op("load_no_offset", "bitcast", "required", "reinterpret the bits as another type of the same width"),
  isplit: op("unary", "isplit", "optional", "low and high halves of an integer"),
  iconcat: op("binary", "iconcat", "optional", "integer of twice the width from its low and high halves"),
  // Vectors.
  splat: op("unary", "splat", "required", "vector with every lane the scalar"),
  scalar_to_vector: op("unary", "splat", "required", "vector with lane 0 the scalar, others zero"),
  extractlane: op("binary_imm8", "extractlane", "optional", "one lane of a vector"),
  insertlane: op("ternary_imm8", "insertlane", "optional", "a vector with one lane replaced"),
  vany_true: op("unary", "vtest", "optional", "1 if any lane is non-zero"),
  vall_true: op("unary", "vtest", "optional", "1 if every lane is non-zero"),
  vhigh_bits: op("unary", "vhigh_bits", "required", "the lanes' high bits as an integer"),
  swizzle: op("binary", "fixed", "optional", "bytes of the first vector selected by the second", { fixed: [["i8x16", "i8x16"], ["i8x16"]] }),
  x86_pshufb: op("binary", "fixed", "optional", "x86 pshufb", { fixed: [["i8x16", "i8x16"], ["i8x16"]] }),
  x86_pmaddubsw: op("binary", "fixed", "optional", "x86 pmaddubsw", { fixed: [["i8x16", "i8x16"], ["i16x8"]] }),
  shuffle: op("shuffle", "shuffle", "optional", "bytes of two vectors selected by an immediate mask"),
  snarrow: op("binary", "narrow", "optional", "narrow two vectors, signed saturation"),
  unarrow: op("binary", "narrow", "optional", "narrow two vectors, signed to unsigned saturation"),
  uunarrow: op("binary", "narrow", "optional", "narrow two vectors, unsigned saturation"),
  swiden_low: op("unary", "widen", "optional", "sign-extend the low half of the lanes"),
  swiden_high: op("unary", "widen", "optional", "sign-extend the high half of the lanes"),
  uwiden_low: op("unary", "widen", "optional", "zero-extend the low half of the lanes"),
  uwiden_high: op("unary", "widen", "optional", "zero-extend the high half of the lanes"),
  iadd_pairwise: op("binary", "same", "optional", "pairwise addition of adjacent lanes", { cls: "IxN" }),
  fvdemote: op("unary", "fixed", "optional", "f64x2 to f32x4, upper lanes zero", { fixed: [["f64x2"], ["f32x4"]] }),
  fvpromote_low: op("unary", "fixed", "optional", "low f32 lanes to f64x2", { fixed: [["f32x4"], ["f64x2"]] }),
  uload8x8: op("load", "load", "none", "8 bytes zero-extended to i16x8", { fixed: [[], ["i16x8"]] }),
  sload8x8: op("load", "load", "none", "8 bytes sign-extended to i16x8", { fixed: [[], ["i16x8"]] }),
  uload16x4: op("load", "load", "none", "4 i16 zero-extended to i32x4", { fixed: [[], ["i32x4"]] }),
  sload16x4: op("load", "load", "none", "4 i16 sign-extended to i32x4", { fixed: [[], ["i32x4"]] }),
  uload32x2: op("load", "load", "none", "2 i32 zero-extended to i64x2", { fixed: [[], ["i64x2"]] }),
  sload32x2: op("load", "load", "none", "2 i32 sign-extended to i64x2", { fixed: [[], ["i64x2"]] }),
  extract_vector: notCovered("a fixed vector out of a dynamic one (dynamic vector types are not covered)"),
  // Memory.
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
  atomic_load: op("load_no_offset", "atomic_load", "required", "sequentially consistent integer load"),
  atomic_store: op("store_no_offset", "atomic_store", "optional", "sequentially consistent integer store"),
  atomic_rmw: op("atomic_rmw", "atomic_rmw", "required", "atomic read-modify-write; gives the old value"),
  atomic_cas: op("atomic_cas", "atomic_cas", "optional", "atomic compare-and-swap; gives the old value"),
  fence: op("nullary", "nothing", "none", "memory fence"),
  stack_addr: op("stack_addr", "address", "required", "address of a stack slot plus offset"),
  dynamic_stack_addr: notCovered("address of a dynamic stack slot (dynamic types are not covered)", { suffix: "required" }),
  symbol_value: op("global_value", "address", "required", "address of a symbol global value"),
  tls_value: notCovered("address of a thread-local global value", { suffix: "required" }),
  func_addr: op("func_addr", "address", "required", "address of a declared function"),
  get_pinned_reg: op("nullary", "address", "required", "the pinned register's value"),
  set_pinned_reg: op("unary", "set_pinned_reg", "none", "set the pinned register"),
  get_frame_pointer: op("nullary", "address", "required", "the frame pointer"),
  get_stack_pointer: op("nullary", "address", "required", "the stack pointer"),
  get_return_address: op("nullary", "address", "required", "the return address"),
  get_exception_handler_address: notCovered("address of an exception handler block", { suffix: "required" }),
  stack_switch: notCovered("switch stacks"),
  nop: op("nullary", "nothing", "none", "no operation"),
  sequence_point: op("nullary", "nothing", "none", "an ordering point for debugging"),
  debugtrap: op("nullary", "nothing", "none", "a debugger breakpoint"),
  // Calls and control.
  call: op("call", "call", "none", "direct call through a function reference"),
  call_indirect: op("call_indirect", "call_indirect", "optional", "call of an address with a declared signature"),
  return_call: op("call", "call", "none", "tail call", term),
  return_call_indirect: op("call_indirect", "call_indirect", "optional", "indirect tail call", term),
  try_call: notCovered("call with exception handlers", term),
  try_call_indirect: notCovered("indirect call with exception handlers", term),
  jump: op("jump", "branch", "none", "unconditional branch", term),
  brif: op("brif", "branch", "optional", "to the first target when the condition is non-zero, else the second", term),
  br_table: op("br_table", "branch", "none", "i32 index into the table, unsigned; out of range takes the default", term),
  return: op("multi_ary", "return", "none", "return from the function", term),
  trap: op("trap", "trap", "none", "unconditional trap", term),
  trapz: op("cond_trap", "cond_trap", "optional", "trap when the value is zero"),
  trapnz: op("cond_trap", "cond_trap", "optional", "trap when the value is non-zero"),
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
/** Memory flags of Cranelift 0.135 (plus a trap code); little and big exclude each other. */
export const MEM_FLAGS = ["notrap", "aligned", "readonly", "little", "big", "can_move"] as const;
/** Built-in trap codes; user codes are user1 ... user250. */
export const TRAP_CODES = ["stk_ovf", "heap_oob", "int_ovf", "int_divz", "bad_toint"] as const;
/** The operations of atomic_rmw. */
export const ATOMIC_RMW_OPS = ["add", "sub", "and", "nand", "or", "xor", "xchg", "umin", "umax", "smin", "smax"] as const;

export function isTrapCode(s: string): boolean {
  if ((TRAP_CODES as readonly string[]).includes(s)) return true;
  const m = /^user([1-9][0-9]{0,2})$/.exec(s);
  return m !== null && Number(m[1]) <= 250;
}
