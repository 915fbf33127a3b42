/*
 * str_ops.c - the string operations of SPEC.md "String operations": byte
 * slicing with Rust's char-boundary panic, byte at an index, find, split
 * into a [str] array, join (the string builder), integer to text and
 * parsing an i64 with Rust's error kinds.
 *
 * Two shapes, as in view.c and str.c: fz_view_* helpers over (pointer,
 * length) views (no locks; a new string's bytes go to a buffer the caller
 * provides, sized by a *_len helper or a fixed bound), and fz_str_* on
 * handles, whose string results are counted and owned by the caller like
 * fz_str_concat's.
 * Split pieces are counted strings the split array owns (it is made with
 * references, fz_array_new_of(0, 1)), so they go when the array dies.
 * Indices arrive as int64_t sign-extended from the IR's i32: a negative
 * index is out of bounds.
 */
#include "internal.h"
#include "rc.h"
#include "str.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Rust's display limit for the string quoted in a slice panic. */
#define MAX_DISPLAY 256

static int is_boundary(const uint8_t *p, int64_t len, int64_t i) {
  return i == 0 || i == len || (i > 0 && i < len && (p[i] & 0xC0) != 0x80);
}

static int64_t floor_boundary(const uint8_t *p, int64_t len, int64_t i) {
  if (i >= len) return len;
  while (!is_boundary(p, len, i)) i--;
  return i;
}

static int slice_ok(const uint8_t *p, int64_t len, int64_t from, int64_t to) {
  return from >= 0 && from <= to && to <= len && is_boundary(p, len, from) && is_boundary(p, len, to);
}

/* The message of core::str::slice_error_fail, byte for byte (the char is quoted as is). */
void fz_panic_str_slice(const uint8_t *p, int64_t len, int64_t from, int64_t to) {
  int64_t shown = floor_boundary(p, len, MAX_DISPLAY);
  const char *more = shown < len ? "[...]" : "";
  char head[160];
  int64_t cs = 0, ce = 0;
  int n;
  int oob_from = from < 0 || from > len, oob_to = to < 0 || to > len;
  if (oob_from || oob_to) {
    n = snprintf(head, sizeof head, "byte index %" PRId64 " is out of bounds of `", oob_from ? from : to);
  } else if (from > to) {
    n = snprintf(head, sizeof head, "begin <= end (%" PRId64 " <= %" PRId64 ") when slicing `", from, to);
  } else {
    int64_t index = is_boundary(p, len, from) ? to : from;
    cs = floor_boundary(p, len, index);
    ce = cs + 1;
    while (ce < len && (p[ce] & 0xC0) == 0x80) ce++;
    n = snprintf(head, sizeof head, "byte index %" PRId64 " is not a char boundary; it is inside '", index);
  }
  char tail[64];
  int t = cs == ce ? 0 : snprintf(tail, sizeof tail, "' (bytes %" PRId64 "..%" PRId64 ") of `", cs, ce);
  size_t total = (size_t)n + (size_t)(ce - cs) + (size_t)t + (size_t)shown + 1 + strlen(more);
  uint8_t *msg = malloc(total);
  if (msg == NULL) fz__panic_oom((int64_t)total);
  size_t o = 0;
  memcpy(msg, head, (size_t)n), o += (size_t)n;
  if (ce > cs) {
    memcpy(msg + o, p + cs, (size_t)(ce - cs)), o += (size_t)(ce - cs);
    memcpy(msg + o, tail, (size_t)t), o += (size_t)t;
  }
  if (shown > 0) memcpy(msg + o, p, (size_t)shown), o += (size_t)shown;
  msg[o++] = '`';
  memcpy(msg + o, more, strlen(more)), o += strlen(more);
  fz_panic_msg(msg, (int64_t)o);
}

void fz_view_slice_check(const uint8_t *p, int64_t len, int64_t from, int64_t to) {
  if (!slice_ok(p, len, from, to)) fz_panic_str_slice(p, len, from, to);
}

int32_t fz_view_byte_at(const uint8_t *p, int64_t len, int64_t i) {
  if (i < 0 || i >= len) fz_panic_bounds(i, len);
  return p[i];
}

/* Rust split: an empty separator matches at every char boundary (so "" and each char, then ""). */
fz_array *fz_view_split(const uint8_t *p, int64_t len, const uint8_t *sep, int64_t slen) {
  fz_array *out = fz_array_new_of(0, 1);
  int64_t pos = 0;
  if (slen == 0) {
    fz_array_push(out, (int64_t)(intptr_t)fz_str_from_view(p, 0));
    while (pos < len) {
      uint32_t cp;
      int u = fz__utf8_decode(p + pos, len - pos, &cp);
      if (u == 0) u = 1;
      fz_array_push(out, (int64_t)(intptr_t)fz_str_from_view(p + pos, u));
      pos += u;
    }
    fz_array_push(out, (int64_t)(intptr_t)fz_str_from_view(p, 0));
    return out;
  }
  for (;;) {
    int64_t off = fz_view_find(p + pos, len - pos, sep, slen);
    int64_t end = off < 0 ? len : pos + off;
    fz_array_push(out, (int64_t)(intptr_t)fz_str_from_view(p + pos, end - pos));
    if (off < 0) return out;
    pos = end + slen;
  }
}

/* Bytes of the joined text; panics on an unrepresentable size (Rust: capacity overflow). */
int64_t fz_view_join_len(fz_array *parts, const uint8_t *sep, int64_t slen) {
  (void)sep;
  int64_t n = fz_array_len(parts), total = n > 0 ? (n - 1) * slen : 0;
  for (int64_t i = 0; i < n; i++) {
    const fz_str *s = (const fz_str *)(intptr_t)fz_array_get(parts, i);
    if (s->len > INT64_MAX - total) fz__panic_text("capacity overflow");
    total += s->len;
  }
  return total;
}

void fz_view_join(fz_array *parts, const uint8_t *sep, int64_t slen, uint8_t *out) {
  int64_t n = fz_array_len(parts), o = 0;
  for (int64_t i = 0; i < n; i++) {
    const fz_str *s = (const fz_str *)(intptr_t)fz_array_get(parts, i);
    if (i > 0 && slen > 0) memcpy(out + o, sep, (size_t)slen), o += slen;
    if (s->len > 0) memcpy(out + o, s->bytes, (size_t)s->len), o += s->len;
  }
}

/* Signed decimal into out (at least 20 bytes); returns the length. */
int64_t fz_view_from_int(int64_t x, uint8_t *out) {
  uint8_t tmp[20];
  int n = 0;
  uint64_t u = x < 0 ? 0 - (uint64_t)x : (uint64_t)x;
  do tmp[n++] = (uint8_t)('0' + u % 10), u /= 10; while (u != 0);
  int64_t o = 0;
  if (x < 0) out[o++] = '-';
  while (n > 0) out[o++] = tmp[--n];
  return o;
}

/* Rust IntErrorKind as str.parse_error numbers it. */
enum { PARSE_OK = 0, PARSE_EMPTY = 1, PARSE_INVALID = 2, PARSE_POS_OVERFLOW = 3, PARSE_NEG_OVERFLOW = 4 };

/* Rust i64::from_str: an optional sign, ASCII digits; the first failing byte, left to right, names the error. */
static int parse_i64(const uint8_t *p, int64_t len, int64_t *value) {
  *value = 0;
  if (len == 0) return PARSE_EMPTY;
  int neg = p[0] == '-', sign = neg || p[0] == '+';
  if (sign && len == 1) return PARSE_INVALID;
  int64_t v = 0;
  for (int64_t i = sign; i < len; i++) {
    unsigned d = (unsigned)p[i] - '0';
    if (d > 9) return PARSE_INVALID;
    if (neg) {
      if (v < (INT64_MIN + (int64_t)d) / 10) return PARSE_NEG_OVERFLOW;
      v = v * 10 - (int64_t)d;
    } else {
      if (v > (INT64_MAX - (int64_t)d) / 10) return PARSE_POS_OVERFLOW;
      v = v * 10 + (int64_t)d;
    }
  }
  *value = v;
  return PARSE_OK;
}

int64_t fz_view_parse_int(const uint8_t *p, int64_t len) {
  int64_t v;
  parse_i64(p, len, &v);
  return v;
}

int32_t fz_view_parse_error(const uint8_t *p, int64_t len) {
  int64_t v;
  return parse_i64(p, len, &v);
}

/* ---- the same on handles (the legacy shape) ----
 * A string result is owned by the caller, as fz_str_concat's is (README
 * "Ownership"): a new counted string, or the input with one more reference. */

static const fz_str *counted_copy(const uint8_t *p, int64_t len) {
  fz_str *r = fz__str_alloc(len, fz__str_shape);
  if (len > 0) memcpy(r->bytes, p, (size_t)len);
  return r;
}

const fz_str *fz_str_slice(const fz_str *s, int64_t from, int64_t to) {
  fz_view_slice_check(s->bytes, s->len, from, to);
  if (from == 0 && to == s->len) {
    fz_retain((void *)s);
    return s;
  }
  return counted_copy(s->bytes + from, to - from);
}

int64_t fz_str_find(const fz_str *s, const fz_str *needle) {
  return fz_view_find(s->bytes, s->len, needle->bytes, needle->len);
}

int32_t fz_str_byte_at(const fz_str *s, int64_t i) { return fz_view_byte_at(s->bytes, s->len, i); }

fz_array *fz_str_split(const fz_str *s, const fz_str *sep) {
  return fz_view_split(s->bytes, s->len, sep->bytes, sep->len);
}

const fz_str *fz_str_join(fz_array *parts, const fz_str *sep) {
  int64_t n = fz_view_join_len(parts, sep->bytes, sep->len);
  fz_str *r = fz__str_alloc(n, fz__str_shape);
  fz_view_join(parts, sep->bytes, sep->len, r->bytes);
  return r;
}

const fz_str *fz_str_from_int(int64_t x) {
  uint8_t buf[20];
  return counted_copy(buf, fz_view_from_int(x, buf));
}

int64_t fz_str_parse_int(const fz_str *s) { return fz_view_parse_int(s->bytes, s->len); }

int32_t fz_str_parse_error(const fz_str *s) { return fz_view_parse_error(s->bytes, s->len); }
