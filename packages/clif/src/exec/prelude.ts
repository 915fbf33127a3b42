/**
 * The C helpers every translated module starts with: CLIF values live in
 * fixed-width unsigned C types (so wrapping is defined behaviour), and the
 * operations whose C spelling is not a plain operator get a small inline
 * function with Cranelift's semantics: division and remainder trap on zero
 * (`__builtin_trap`, as Cranelift's `ud2`), `sdiv` of MIN by -1 traps, `srem`
 * of MIN by -1 is 0 (what Cranelift's native backends return; its
 * interpreter traps instead), and saturating float-to-int conversion with
 * NaN to 0. Only <stdint.h> is included so no libc declaration can clash
 * with an external function of the module.
 */

const widths = [8, 16, 32, 64, 128] as const;

function perWidth(n: number): string {
  const u = n === 128 ? "unsigned __int128" : `uint${n}_t`, s = n === 128 ? "__int128" : `int${n}_t`;
  const min = `((${s})((${u})1 << ${n - 1}))`, max = `((${s})(((${u})1 << ${n - 1}) - 1))`;
  const two = `0x1p${n - 1}`;
  return `
static inline ${u} fz_sdiv${n}(${u} a, ${u} b) {
  if (b == 0) __builtin_trap();
  if ((${s})b == -1 && (${s})a == ${min}) __builtin_trap();
  return (${u})((${s})a / (${s})b);
}
static inline ${u} fz_srem${n}(${u} a, ${u} b) {
  if (b == 0) __builtin_trap();
  if ((${s})b == -1) return 0;
  return (${u})((${s})a % (${s})b);
}
static inline ${u} fz_udiv${n}(${u} a, ${u} b) { if (b == 0) __builtin_trap(); return (${u})(a / b); }
static inline ${u} fz_urem${n}(${u} a, ${u} b) { if (b == 0) __builtin_trap(); return (${u})(a % b); }
static inline ${u} fz_fcvt_sat${n}(double x) {
  if (x != x) return 0;
  if (x <= -${two}) return (${u})${min};
  if (x >= ${two}) return (${u})${max};
  return (${u})(${s})x;
}
static inline ${u} fz_fcvt_usat${n}(double x) {
  if (x != x || x <= 0) return 0;
  if (x >= 2 * ${two}) return (${u})~(${u})0;
  return (${u})x;
}
/* Trapping conversions: NaN and values whose truncation is out of range trap (bad_toint, int_ovf). */
static inline ${u} fz_fcvt_s${n}(double x) {
  if (x != x || !(x > -${two} - ${n < 53 ? "1.0" : "0.0"} || x == -${two}) || !(x < ${two})) __builtin_trap();
  return (${u})(${s})x;
}
static inline ${u} fz_fcvt_u${n}(double x) {
  if (x != x || !(x > -1.0) || !(x < 2 * ${two})) __builtin_trap();
  return (${u})x;
}
static inline ${u} fz_bitrev${n}(${u} x) {
  ${u} r = 0;
  for (int i = 0; i < ${n}; i++) { r = (${u})((r << 1) | (x & 1)); x >>= 1; }
  return r;
}
static inline ${u} fz_clz${n}(${u} x) { int c = 0; for (int i = ${n - 1}; i >= 0 && !((x >> i) & 1); i--) c++; return (${u})c; }
static inline ${u} fz_ctz${n}(${u} x) { int c = 0; for (int i = 0; i < ${n} && !((x >> i) & 1); i++) c++; return (${u})c; }
static inline ${u} fz_popcnt${n}(${u} x) { int c = 0; for (; x; x &= x - 1) c++; return (${u})c; }
static inline ${u} fz_cls${n}(${u} x) { ${u} s = (x >> ${n - 1}) & 1 ? (${u})~x : x; return (${u})(fz_clz${n}(s) - 1); }
static inline ${u} fz_bswap${n}(${u} x) { ${u} r = 0; for (int i = 0; i < ${n / 8}; i++) { r = (${u})((r << 8) | (x & 0xff)); x >>= 8; } return r; }`;
}

/** The prelude text of a translated module. */
export const C_PRELUDE = `/* Generated from CLIF text by the CLIF executor of @fzy/clif. */
#include <stdint.h>

static inline double fz_f64_from_bits(uint64_t b) { double d; __builtin_memcpy(&d, &b, 8); return d; }
static inline uint64_t fz_bits_from_f64(double d) { uint64_t b; __builtin_memcpy(&b, &d, 8); return b; }
static inline float fz_f32_from_bits(uint32_t b) { float f; __builtin_memcpy(&f, &b, 4); return f; }
static inline uint32_t fz_bits32(float f) { uint32_t b; __builtin_memcpy(&b, &f, 4); return b; }
static inline uint64_t fz_bits64(double d) { uint64_t b; __builtin_memcpy(&b, &d, 8); return b; }
/* fmin/fmax as Cranelift defines them: NaN if either operand is NaN, and -0 below +0. */
static inline double fz_fmin(double a, double b) { if (a != a || b != b) return a + b; if (a == b) return __builtin_signbit(a) ? a : b; return a < b ? a : b; }
static inline double fz_fmax(double a, double b) { if (a != a || b != b) return a + b; if (a == b) return __builtin_signbit(a) ? b : a; return a > b ? a : b; }
static inline float fz_fminf(float a, float b) { if (a != a || b != b) return a + b; if (a == b) return __builtin_signbit(a) ? a : b; return a < b ? a : b; }
static inline float fz_fmaxf(float a, float b) { if (a != a || b != b) return a + b; if (a == b) return __builtin_signbit(a) ? b : a; return a > b ? a : b; }
static inline double fz_vfmin(double a, double b) { return a != a || b != b ? -__builtin_nan("") : fz_fmin(a, b); }
static inline double fz_vfmax(double a, double b) { return a != a || b != b ? __builtin_copysign(__builtin_nan(""), a != a ? a : b) : fz_fmax(a, b); }
static inline float fz_vfminf(float a, float b) { return a != a || b != b ? -__builtin_nanf("") : fz_fminf(a, b); }
static inline float fz_vfmaxf(float a, float b) { return a != a || b != b ? __builtin_copysignf(__builtin_nanf(""), a != a ? a : b) : fz_fmaxf(a, b); }
static inline void *fz_addr(uint64_t base, int64_t offset) { return (void *)(uintptr_t)(base + (uint64_t)offset); }
${widths.map(perWidth).join("\n")}
`;
