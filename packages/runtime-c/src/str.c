/*
 * str.c - operations on policy B strings (runtime handles).
 *
 * A string an operation creates is a new counted fz_str (str.h) with one
 * reference, owned by the caller, and freed by fz_release when its last
 * reference goes: it is not interned, so building a new string per request
 * costs one allocation and no table lookup, and the memory comes back. A
 * result equal to an input is that input with one more reference (the caller
 * owns every result alike). Equality compares bytes; two interned strings
 * are equal only when they are the same object, which keeps the common
 * literal-against-literal case a pointer compare.
 */
#include "internal.h"
#include "rc.h"
#include "str.h"

#include <string.h>

int64_t fz_str_len(const fz_str *s) { return s->len; }

const uint8_t *fz_str_ptr(const fz_str *s) { return s->bytes; }

int32_t fz_str_eq(const fz_str *a, const fz_str *b) {
  if (a == b) return 1;
  if (a->len != b->len || (fz__str_interned(a) && fz__str_interned(b))) return 0;
  return a->len == 0 || memcmp(a->bytes, b->bytes, (size_t)a->len) == 0;
}

/* The caller's own reference to an input it gets back as the result. */
static const fz_str *shared(const fz_str *s) {
  fz_retain((void *)s);
  return s;
}

static const fz_str *copy(const uint8_t *p, int64_t len) {
  fz_str *r = fz__str_alloc(len, fz__str_shape);
  if (len > 0) memcpy(r->bytes, p, (size_t)len);
  return r;
}

/* A str view stored into a runtime object: a counted copy the object owns
 * (its one reference), so the bytes go when the object lets them go. */
const fz_str *fz_str_from_view(const uint8_t *p, int64_t len) {
  if (len < 0) fz__panic_text("capacity overflow");
  return copy(p, len);
}

const fz_str *fz_str_trim(const fz_str *s) {
  int64_t start = fz_view_trim_start(s->bytes, s->len);
  int64_t len = fz_view_trim_end(s->bytes + start, s->len - start);
  if (start == 0 && len == s->len) return shared(s);
  return copy(s->bytes + start, len);
}

const fz_str *fz_str_replace(const fz_str *s, const fz_str *from, const fz_str *to) {
  if (from->len > 0 && fz_view_find(s->bytes, s->len, from->bytes, from->len) < 0) return shared(s);
  int64_t n = fz_view_replace_len(s->bytes, s->len, from->bytes, from->len, to->bytes, to->len);
  fz_str *r = fz__str_alloc(n, fz__str_shape);
  fz_view_replace(s->bytes, s->len, from->bytes, from->len, to->bytes, to->len, r->bytes);
  r->bytes[n] = 0;
  return r;
}

const fz_str *fz_str_concat(const fz_str *a, const fz_str *b) {
  if (b->len == 0) return shared(a);
  if (a->len == 0) return shared(b);
  if (a->len > INT64_MAX - b->len) fz__panic_text("capacity overflow");
  fz_str *r = fz__str_alloc(a->len + b->len, fz__str_shape);
  fz_view_concat(a->bytes, a->len, b->bytes, b->len, r->bytes);
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
