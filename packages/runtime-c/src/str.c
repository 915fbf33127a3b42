/*
 * str.c - operations on policy B (interned) strings.
 *
 * Interned strings are immutable, so reads need no lock; every string a
 * function returns is interned again, because that is the legacy baseline's
 * cost model. Results that equal an input are returned as that input, which
 * is correct (same content, same pointer) and saves a table lookup.
 */
#include "internal.h"
#include "str.h"

#include <stdlib.h>

int64_t fz_str_len(const fz_str *s) { return s->len; }

const uint8_t *fz_str_ptr(const fz_str *s) { return s->bytes; }

int32_t fz_str_eq(const fz_str *a, const fz_str *b) { return a == b; }

const fz_str *fz_str_trim(const fz_str *s) {
  int64_t start = fz_view_trim_start(s->bytes, s->len);
  int64_t len = fz_view_trim_end(s->bytes + start, s->len - start);
  if (start == 0 && len == s->len) return s;
  return fz_str_intern(s->bytes + start, len);
}

/* Builds a temporary in a stack buffer when small, interns it, frees it. */
#define SMALL 256

const fz_str *fz_str_replace(const fz_str *s, const fz_str *from, const fz_str *to) {
  if (from->len > 0 && fz_view_find(s->bytes, s->len, from->bytes, from->len) < 0) return s;
  int64_t n = fz_view_replace_len(s->bytes, s->len, from->bytes, from->len, to->bytes, to->len);
  uint8_t small[SMALL];
  uint8_t *buf = n <= SMALL ? small : malloc((size_t)n);
  if (buf == NULL) fz__panic_oom(n);
  fz_view_replace(s->bytes, s->len, from->bytes, from->len, to->bytes, to->len, buf);
  const fz_str *r = fz_str_intern(buf, n);
  if (buf != small) free(buf);
  return r;
}

const fz_str *fz_str_concat(const fz_str *a, const fz_str *b) {
  if (b->len == 0) return a;
  if (a->len == 0) return b;
  if (a->len > INT64_MAX - b->len) fz__panic_text("capacity overflow");
  int64_t n = a->len + b->len;
  uint8_t small[SMALL];
  uint8_t *buf = n <= SMALL ? small : malloc((size_t)n);
  if (buf == NULL) fz__panic_oom(n);
  fz_view_concat(a->bytes, a->len, b->bytes, b->len, buf);
  const fz_str *r = fz_str_intern(buf, n);
  if (buf != small) free(buf);
  return r;
}

int32_t fz_str_contains(const fz_str *h, const fz_str *n) {
  return fz_view_contains(h->bytes, h->len, n->bytes, n->len);
}

int32_t fz_str_starts_with(const fz_str *h, const fz_str *n) {
  return fz_view_starts_with(h->bytes, h->len, n->bytes, n->len);
}

int32_t fz_str_ends_with(const fz_str *h, const fz_str *n) {
  return fz_view_ends_with(h->bytes, h->len, n->bytes, n->len);
}
