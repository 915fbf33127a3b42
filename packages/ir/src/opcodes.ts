/**
 * The one opcode table. Every instruction is declared here with its text
 * format, its effect class and a one-line meaning; the builder, parser,
 * printer, verifier, interpreter and lowering all read it.
 *
 * Formats (how operands are written after `%dst = op`):
 *   const      op.T LITERAL              int, bool or f64 literal of type T
 *   strlit     op "TEXT"                 UTF-8 string literal
 *   unary      op %a
 *   binary     op %a, %b
 *   ternary    op %a, %b, %c
 *   cmp        op.CC %a, %b              condition code as suffix
 *   convert    op.T %a                   target type as suffix
 *   getvar     op $v
 *   setvar     op $v, %a
 *   call       op @f[, %a...]
 *   arraylit   op TYPE[, %a...]          TYPE is the fixed array type
 *   arraynew   op TYPE[, %fill]          [T] takes no fill, [T; N] takes one
 *   structnew  op Name[, %a...]
 *   field      op %s, field
 *   fieldset   op %s, field, %v
 *   enumnew    op Enum.Variant[, %payload]
 *   payload    op %e, Variant
 *   globalget  op @g                     a module global
 *   globalset  op @g, %v
 *   funcref    op @f                     a function or import, as a value
 *   callind    op %f[, %a...]            call through a function reference
 *   mapnew     op TYPE                   TYPE is the map type {K: V}
 *
 * Effects: `pure` (no side effects, may trap only where noted), `read`
 * (reads mutable state), `write` (mutates state), `call` (arbitrary), `opaque`
 * (identity the optimizer must not see through).
 */

export type Format =
  | "const" | "strlit" | "unary" | "binary" | "ternary" | "cmp" | "convert"
  | "getvar" | "setvar" | "call" | "arraylit" | "arraynew" | "structnew"
  | "field" | "fieldset" | "enumnew" | "payload"
  | "globalget" | "globalset" | "funcref" | "callind" | "mapnew";

export type Effect = "pure" | "trap" | "read" | "write" | "call" | "opaque";

export interface OpInfo {
  readonly format: Format;
  readonly effect: Effect;
  /** True when the instruction produces a value. */
  readonly hasResult: boolean;
  readonly doc: string;
}

function op(format: Format, effect: Effect, hasResult: boolean, doc: string): OpInfo {
  return { format, effect, hasResult, doc };
}

export const OPCODES = {
  "const": op("const", "pure", true, "a constant of the suffix type"),
  "str.lit": op("strlit", "pure", true, "a string literal"),
  "opaque": op("unary", "opaque", true, "identity that optimizers must not see through (Rust black_box)"),

  "add": op("binary", "pure", true, "wrapping two's-complement addition"),
  "sub": op("binary", "pure", true, "wrapping subtraction"),
  "mul": op("binary", "pure", true, "wrapping multiplication"),
  "sdiv": op("binary", "trap", true, "signed division truncating toward zero; traps on zero and MIN / -1"),
  "srem": op("binary", "trap", true, "signed remainder with the dividend's sign; traps on zero and MIN % -1"),
  "udiv": op("binary", "trap", true, "unsigned division; traps on zero"),
  "urem": op("binary", "trap", true, "unsigned remainder; traps on zero"),
  "and": op("binary", "pure", true, "bitwise and (also on bool)"),
  "or": op("binary", "pure", true, "bitwise or (also on bool)"),
  "xor": op("binary", "pure", true, "bitwise xor (also on bool)"),
  "shl": op("binary", "pure", true, "shift left; the amount is taken modulo the bit width"),
  "lshr": op("binary", "pure", true, "logical shift right; amount modulo the bit width"),
  "ashr": op("binary", "pure", true, "arithmetic shift right; amount modulo the bit width"),
  "not": op("unary", "pure", true, "bitwise not (logical not on bool)"),
  "neg": op("unary", "pure", true, "wrapping negation (integers) or negation (f64)"),
  "fadd": op("binary", "pure", true, "f64 addition"),
  "fsub": op("binary", "pure", true, "f64 subtraction"),
  "fmul": op("binary", "pure", true, "f64 multiplication"),
  "fdiv": op("binary", "pure", true, "f64 division (IEEE: no trap)"),
  "icmp": op("cmp", "pure", true, "integer comparison: eq ne slt sle sgt sge ult ule ugt uge; gives bool"),
  "fcmp": op("cmp", "pure", true, "f64 comparison: eq ne lt le gt ge (ne is true on NaN); gives bool"),
  "select": op("ternary", "pure", true, "select %c, %a, %b: %a when %c is true, else %b"),

  "sext": op("convert", "pure", true, "sign-extend to a wider integer type"),
  "zext": op("convert", "pure", true, "zero-extend to a wider integer type (bool gives 0 or 1)"),
  "trunc": op("convert", "pure", true, "truncate to a narrower integer type"),
  "sitofp": op("convert", "pure", true, "signed integer to f64"),
  "fptosi": op("convert", "pure", true, "f64 to signed integer, saturating, NaN gives 0 (Rust `as`)"),

  // Numbers (SPEC.md, "Numbers"): unsigned conversions, float and integer operations, checked arithmetic.
  "uitofp": op("convert", "pure", true, "unsigned integer to a float type, rounding to nearest, ties to even"),
  "fptoui": op("convert", "pure", true, "float to unsigned integer, saturating, NaN gives 0 (Rust `as`)"),
  "fpext": op("convert", "pure", true, "f32 to f64 (exact)"),
  "fptrunc": op("convert", "pure", true, "f64 to f32, rounding to nearest, ties to even"),
  "sqrt": op("unary", "pure", true, "IEEE square root (NaN below -0.0)"),
  "fabs": op("unary", "pure", true, "absolute value: clears the sign bit"),
  "floor": op("unary", "pure", true, "round toward -inf"),
  "ceil": op("unary", "pure", true, "round toward +inf"),
  "ftrunc": op("unary", "pure", true, "round toward zero"),
  "nearest": op("unary", "pure", true, "round to nearest, ties to even"),
  "fmin": op("binary", "pure", true, "minimum; NaN when either is NaN, -0.0 below +0.0"),
  "fmax": op("binary", "pure", true, "maximum; NaN when either is NaN, +0.0 above -0.0"),
  "fcopysign": op("binary", "pure", true, "the magnitude of %a with the sign of %b"),
  "popcnt": op("unary", "pure", true, "number of one bits"),
  "clz": op("unary", "pure", true, "number of leading zero bits (the width for 0)"),
  "ctz": op("unary", "pure", true, "number of trailing zero bits (the width for 0)"),
  "bswap": op("unary", "pure", true, "reverse the byte order (identity on i8)"),
  "iabs": op("unary", "pure", true, "wrapping absolute value: iabs MIN is MIN"),
  "rotl": op("binary", "pure", true, "rotate left; the amount is taken modulo the bit width"),
  "rotr": op("binary", "pure", true, "rotate right; the amount is taken modulo the bit width"),
  "smin": op("binary", "pure", true, "signed minimum"),
  "smax": op("binary", "pure", true, "signed maximum"),
  "umin": op("binary", "pure", true, "unsigned minimum"),
  "umax": op("binary", "pure", true, "unsigned maximum"),
  "sadd.checked": op("binary", "trap", true, "signed addition; traps with `attempt to add with overflow`"),
  "ssub.checked": op("binary", "trap", true, "signed subtraction; traps with `attempt to subtract with overflow`"),
  "smul.checked": op("binary", "trap", true, "signed multiplication; traps with `attempt to multiply with overflow`"),
  "uadd.checked": op("binary", "trap", true, "unsigned addition; traps with `attempt to add with overflow`"),
  "usub.checked": op("binary", "trap", true, "unsigned subtraction; traps with `attempt to subtract with overflow`"),
  "umul.checked": op("binary", "trap", true, "unsigned multiplication; traps with `attempt to multiply with overflow`"),
  "sadd.overflows": op("binary", "pure", true, "whether signed `add %a, %b` overflows (with `add`: Rust's overflowing_add)"),
  "ssub.overflows": op("binary", "pure", true, "whether signed `sub %a, %b` overflows"),
  "smul.overflows": op("binary", "pure", true, "whether signed `mul %a, %b` overflows"),
  "uadd.overflows": op("binary", "pure", true, "whether unsigned `add %a, %b` overflows (carries out)"),
  "usub.overflows": op("binary", "pure", true, "whether unsigned `sub %a, %b` overflows (borrows)"),
  "umul.overflows": op("binary", "pure", true, "whether unsigned `mul %a, %b` overflows"),

  "get": op("getvar", "read", true, "read a mutable local variable"),
  "set": op("setvar", "write", false, "assign a mutable local variable"),
  "call": op("call", "call", true, "call a function or an import (result-less callees give no value)"),

  "global.get": op("globalget", "read", true, "read module global @g (an immutable global reads as its constant)"),
  "global.set": op("globalset", "write", false, "write module global @g (mutable globals only)"),
  "func.ref": op("funcref", "pure", true, "a reference to function or import @f, of type fn(params) -> result"),
  "call.indirect": op("callind", "call", true, "call the function %f refers to (result-less signatures give no value)"),

  "array.lit": op("arraylit", "pure", true, "a new fixed array [T; N] from N element values"),
  "array.new": op("arraynew", "pure", true, "a new array: [T] empty, or [T; N] filled with %fill"),
  "array.get": op("binary", "read", true, "element %i of array %a (i32 index); traps when out of bounds"),
  "array.set": op("ternary", "write", false, "store %v at index %i of array %a; traps when out of bounds"),
  "array.len": op("unary", "read", true, "length of an array as i32"),
  "array.push": op("binary", "write", false, "append %v to dynamic array %a"),

  "struct.new": op("structnew", "pure", true, "a new struct from its field values in declaration order"),
  "struct.get": op("field", "read", true, "read a struct field"),
  "struct.set": op("fieldset", "write", false, "write a struct field"),

  "enum.new": op("enumnew", "pure", true, "an enum value of the given variant (with its payload, if the variant has one)"),
  "enum.tag": op("unary", "pure", true, "the variant index 0..n-1 of an enum value, as i32"),
  "enum.payload": op("payload", "trap", true, "the payload of the named variant; traps when the value is another variant"),

  "str.len": op("unary", "pure", true, "length in bytes, as i32"),
  "str.eq": op("binary", "pure", true, "byte-wise equality"),
  "str.trim": op("unary", "pure", true, "remove leading and trailing Unicode White_Space (Rust str::trim)"),
  "str.replace": op("ternary", "pure", true, "replace every non-overlapping %b in %a by %c, left to right (Rust str::replace)"),
  "str.contains": op("binary", "pure", true, "whether %b occurs in %a"),
  "str.starts_with": op("binary", "pure", true, "whether %a starts with %b"),
  "str.ends_with": op("binary", "pure", true, "whether %a ends with %b"),
  "str.concat": op("binary", "pure", true, "%a followed by %b"),

  // Maps (SPEC.md, "Maps"): insertion-ordered hash maps with reference semantics.
  "map.new": op("mapnew", "pure", true, "a new empty map of the given type {K: V}"),
  "map.get": op("ternary", "read", true, "the value of key %k in map %m, or %d when %m has no key %k"),
  "map.set": op("ternary", "write", false, "map %m maps %k to %v (a new key goes last in the order; an old one keeps its place)"),
  "map.has": op("binary", "read", true, "whether map %m has key %k"),
  "map.remove": op("binary", "write", false, "remove key %k from map %m (nothing when absent); later keys move up one place"),
  "map.len": op("unary", "read", true, "the number of keys of a map, as i32"),
  "map.key_at": op("binary", "read", true, "the key at place %i (i32, insertion order) of map %m; traps when out of bounds"),
  "map.value_at": op("binary", "read", true, "the value at place %i (i32, insertion order) of map %m; traps when out of bounds"),
  // String operations (SPEC.md, "String operations"): byte indices and results are i32.
  "str.slice": op("ternary", "trap", true, "bytes %b..%c of %a (Rust &a[b..c]); traps unless 0 <= %b <= %c <= len, both on char boundaries"),
  "str.find": op("binary", "pure", true, "byte index of the first occurrence of %b in %a, or -1 (Rust str::find)"),
  "str.byte_at": op("binary", "trap", true, "byte %b of %a as an i32 in 0..=255 (Rust a.as_bytes()[b]); traps when out of bounds"),
  "str.split": op("binary", "pure", true, "a new [str] of the pieces of %a between occurrences of %b, empty pieces included (Rust str::split)"),
  "str.join": op("binary", "pure", true, "the strings of [str] %a with %b between them (Rust [String]::join): the string builder"),
  "str.from_int": op("unary", "pure", true, "an integer of any width as signed decimal text (Rust to_string)"),
  "str.parse_int": op("unary", "pure", true, "the i64 that %a spells (Rust str::parse::<i64>), 0 when str.parse_error is not 0"),
  "str.parse_error": op("unary", "pure", true, "why %a is not an i64, as i32: 0 none, 1 Empty, 2 InvalidDigit, 3 PosOverflow, 4 NegOverflow (Rust IntErrorKind)"),
} as const satisfies Record<string, OpInfo>;

export type Opcode = keyof typeof OPCODES;

/** Each opcode's info by name: one lookup answers both "is it an opcode" and "what is it". */
const INFO: ReadonlyMap<string, OpInfo> = new Map(Object.entries(OPCODES));
/** Each opcode's name as the table spells it (see `canonicalOpcode`). */
const NAMES: ReadonlyMap<string, Opcode> = new Map(Object.keys(OPCODES).map((k) => [k, k as Opcode]));

export function isOpcode(s: string): s is Opcode {
  return INFO.has(s);
}

/** The info of `s` when it is an opcode, else undefined. */
export function opcodeInfo(s: string): OpInfo | undefined {
  return INFO.get(s);
}

/**
 * The table's own string for opcode `s` (undefined when `s` is none): a
 * name sliced out of source text is another string object with the same
 * characters, and every later `op === "..."` test would compare its
 * characters rather than find the same string at once.
 */
export function canonicalOpcode(s: string): Opcode | undefined {
  return NAMES.get(s);
}

export function opInfo(op: Opcode): OpInfo {
  return OPCODES[op];
}

/** Integer condition codes of icmp. */
export const INT_CCS = ["eq", "ne", "slt", "sle", "sgt", "sge", "ult", "ule", "ugt", "uge"] as const;
/** Float condition codes of fcmp. */
export const FLOAT_CCS = ["eq", "ne", "lt", "le", "gt", "ge"] as const;

/** Terminators, for the text format and documentation. */
export const TERMINATORS = {
  jump: "jump BLOCK: continue at BLOCK",
  br: "br %c, THEN, ELSE: branch on a bool",
  switch: "switch %x [K -> BLOCK, ...] default BLOCK: dispatch on an integer or an enum's variant (K is an integer or a variant name); default may be omitted only when an enum's cases are exhaustive",
  ret: "ret [%v]: return (a value exactly when the function has a result type)",
  unreachable: "unreachable: traps with `entered unreachable code`",
} as const;
