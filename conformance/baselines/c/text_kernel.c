/*
 * text_kernel (KERNELS.md): string temporaries and string operations. C
 * baseline (the physical limit): strings are (pointer, length) views, the
 * replaced copy lives in a stack buffer instead of the heap, and the input
 * goes through OPAQUE (pointer and length) where the .fzir has `opaque`.
 * trim strips the ASCII part of Unicode White_Space only; the input is
 * ASCII, so the result is Rust's.
 */
#include <string.h>
#include "common.h"

typedef struct { const char *p; size_t len; } str;

static int is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

static str trim(str s) {
  while (s.len && is_space(s.p[0])) s.p++, s.len--;
  while (s.len && is_space(s.p[s.len - 1])) s.len--;
  return s;
}

/* Single-byte replace into `buf` (at least s.len bytes). */
static str replace_byte(str s, char from, char to, char *buf) {
  for (size_t i = 0; i < s.len; i++) buf[i] = s.p[i] == from ? to : s.p[i];
  return (str){buf, s.len};
}

/* Scan for the needle's first byte, then compare the rest (n >= 1). */
static int contains(str s, const char *needle, size_t n) {
  if (n > s.len) return 0;
  for (size_t i = 0; i + n <= s.len; i++)
    if (s.p[i] == needle[0] && memcmp(s.p + i + 1, needle + 1, n - 1) == 0) return 1;
  return 0;
}

static int starts_with(str s, const char *p, size_t n) { return s.len >= n && memcmp(s.p, p, n) == 0; }
static int ends_with(str s, const char *p, size_t n) { return s.len >= n && memcmp(s.p + s.len - n, p, n) == 0; }

static int32_t kernel(int32_t n) {
  static const char text[] = "  alpha,beta,gamma  ";
  char buf[sizeof text];
  int32_t acc = 0;
  for (int32_t i = 0; i < n; i = wadd(i, 1)) {
    str raw = {text, sizeof text - 1};
    OPAQUE(raw.p);
    OPAQUE(raw.len);
    str trimmed = trim(raw);
    /* The buffer is sized for the literal; OPAQUE hides that, so check. */
    if (trimmed.len > sizeof buf) abort();
    str replaced = replace_byte(trimmed, ',', '|', buf);
    if (contains(replaced, "beta", 4)) acc = wadd(acc, 11) % 251;
    if (starts_with(replaced, "alpha", 5)) acc = wadd(acc, 17) % 251;
    if (ends_with(replaced, "gamma", 5)) acc = wadd(acc, 23) % 251;
    acc = wadd(acc, (int32_t)trimmed.len % 97) % 251;
  }
  return acc;
}
