/*
 * c_host.c - host functions written in C for conformance/cinterop/c_interop.fzir,
 * called from emitted code through the C ABI of `import c fn`
 * (packages/runtime-c/HOST_ABI.md), and calling back into the module: through
 * a function pointer it is given, and through an exported function by name.
 * conformance/src/cinterop.test.ts links it into native builds of both
 * backends; its JavaScript twin there is the interpreter's host.
 */
#include <stdint.h>
#include <string.h>

/* HOST_ABI.md: a str result, filled by the host. */
typedef struct {
  const uint8_t *ptr;
  int64_t len;
} fz_host_str;

/* Exported by the module (`export fn square`). */
int64_t square(int64_t x);

/* FNV-1a (Fowler, Noll, Vo) over the bytes, starting from the basis mixed with seed. */
int64_t host_hash(const uint8_t *bytes, int64_t len, int64_t seed) {
  uint64_t h = 0xcbf29ce484222325ULL ^ (uint64_t)seed;
  for (int64_t i = 0; i < len; i++) {
    h ^= bytes[i];
    h *= 0x100000001b3ULL;
  }
  return (int64_t)h;
}

/* Word k & 7 of a fixed list, copied into one static buffer that every call reuses. */
void host_word(int32_t k, fz_host_str *out) {
  static const char *const words[8] = {"", "a", "héllo", "日本", "tab\tbed", "x y z", "\xf0\x9f\x99\x82", "end"};
  static uint8_t buffer[32];
  const char *w = words[k & 7];
  size_t n = strlen(w);
  memcpy(buffer, w, n);
  out->ptr = buffer;
  out->len = (int64_t)n;
}

/* f(0) + f(1) + ... + f(n - 1), through the function pointer the module passed. */
int64_t host_fold(int64_t (*f)(int64_t), int32_t n) {
  int64_t sum = 0;
  for (int32_t k = 0; k < n; k++) sum += f(k);
  return sum;
}

/* square(x) + 1, calling the module's exported function by its symbol. */
int64_t host_callback(int64_t x) {
  return square(x) + 1;
}

/* 1*data[0] + 2*data[1] + ... (weights catch a wrong order or stride), of an array view. */
int64_t host_sum_i32(const int32_t *data, int64_t len) {
  int64_t sum = 0;
  for (int64_t i = 0; i < len; i++) sum += (i + 1) * (int64_t)data[i];
  return sum;
}

/* The same over a fixed [f64; 3], truncated toward zero as fptosi would. */
int64_t host_sum_f64(const double *data, int64_t len) {
  double sum = 0.0;
  for (int64_t i = 0; i < len; i++) sum += (double)(i + 1) * data[i];
  return (int64_t)sum;
}

/* Bit i set for each true element i (bools are one byte, 0 or 1), plus 100 * len. */
int32_t host_bits(const _Bool *data, int64_t len) {
  int32_t bits = 0;
  for (int64_t i = 0; i < len; i++) bits |= (int32_t)data[i] << i;
  return bits + 100 * (int32_t)len;
}

/* Whether the view's bytes are UTF-8 "é" (a two-byte sequence crossing unchanged). */
_Bool host_is_e_acute(const uint8_t *bytes, int64_t len) {
  return len == 2 && bytes[0] == 0xc3 && bytes[1] == 0xa9;
}
