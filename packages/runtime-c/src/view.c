/*
 * view.c - pure helpers over (pointer, length) string views, the policy A
 * fast path. Results follow Rust's str methods byte for byte.
 *
 * Invariants: no locks, no allocation, never read outside [p, p+len); a
 * NULL pointer is accepted whenever its length is 0, so no pointer
 * arithmetic or mem* call is ever made on NULL. Bytes that are not
 * well-formed UTF-8 (impossible in a Rust str, possible in a raw view) are
 * treated as one-byte, non-whitespace chars.
 */
#include "internal.h"

#include <string.h>

int64_t fz_view_find(const uint8_t *h, int64_t hlen, const uint8_t *n, int64_t nlen) {
  if (nlen == 0) return 0;
  if (nlen > hlen) return -1;
  /* memchr finds candidates at memory speed; memcmp confirms. Worst case is
   * that of the naive search, which the kernels' short needles never hit. */
  const uint8_t first = n[0];
  const uint8_t *p = h;
  const uint8_t *last = h + (hlen - nlen); /* last possible match start */
  while (p <= last) {
    p = memchr(p, first, (size_t)(last - p) + 1);
    if (p == NULL) return -1;
    if (memcmp(p + 1, n + 1, (size_t)nlen - 1) == 0) return p - h;
    p++;
  }
  return -1;
}

int32_t fz_view_eq(const uint8_t *a, int64_t alen, const uint8_t *b, int64_t blen) {
  return alen == blen && (alen == 0 || memcmp(a, b, (size_t)alen) == 0);
}

int32_t fz_view_starts_with(const uint8_t *h, int64_t hlen, const uint8_t *n, int64_t nlen) {
  return nlen <= hlen && (nlen == 0 || memcmp(h, n, (size_t)nlen) == 0);
}

int32_t fz_view_ends_with(const uint8_t *h, int64_t hlen, const uint8_t *n, int64_t nlen) {
  return nlen <= hlen && (nlen == 0 || memcmp(h + (hlen - nlen), n, (size_t)nlen) == 0);
}

int32_t fz_view_contains(const uint8_t *h, int64_t hlen, const uint8_t *n, int64_t nlen) {
  return fz_view_find(h, hlen, n, nlen) >= 0;
}

static int ascii_ws(uint8_t b) { return b == ' ' || (b >= 0x09 && b <= 0x0D); }

int64_t fz_view_trim_start(const uint8_t *p, int64_t len) {
  int64_t i = 0;
  while (i < len) {
    uint8_t b = p[i];
    if (b < 0x80) {
      if (!ascii_ws(b)) break;
      i++;
      continue;
    }
    uint32_t cp;
    int n = fz__utf8_decode(p + i, len - i, &cp);
    if (n == 0 || !fz__is_whitespace(cp)) break;
    i += n;
  }
  return i;
}

int64_t fz_view_trim_end(const uint8_t *p, int64_t len) {
  int64_t end = len;
  while (end > 0) {
    uint8_t b = p[end - 1];
    if (b < 0x80) {
      if (!ascii_ws(b)) break;
      end--;
      continue;
    }
    /* Walk back over at most three continuation bytes to the lead byte; the
     * char counts only if it decodes to exactly the bytes up to end. */
    int64_t start = end - 1;
    while (start > 0 && end - start < 4 && (p[start] & 0xC0) == 0x80) start--;
    uint32_t cp;
    int n = fz__utf8_decode(p + start, end - start, &cp);
    if (n != end - start || !fz__is_whitespace(cp)) break;
    end = start;
  }
  return end;
}

/* Byte length of the char (or invalid byte) starting at p[0]. */
static int64_t unit_len(const uint8_t *p, int64_t len) {
  uint32_t cp;
  int n = fz__utf8_decode(p, len, &cp);
  return n == 0 ? 1 : n;
}

int64_t fz_view_replace_len(const uint8_t *h, int64_t hlen, const uint8_t *from, int64_t flen,
                            const uint8_t *to, int64_t tlen) {
  (void)to;
  if (flen == 0) {
    /* Rust: `to` before every char and once at the end. */
    int64_t units = 0;
    for (int64_t i = 0; i < hlen; i += unit_len(h + i, hlen - i)) units++;
    return hlen + (units + 1) * tlen;
  }
  int64_t matches = 0;
  for (int64_t pos = 0; hlen - pos >= flen;) {
    int64_t off = fz_view_find(h + pos, hlen - pos, from, flen);
    if (off < 0) break;
    matches++;
    pos += off + flen;
  }
  return hlen + matches * (tlen - flen);
}

static int64_t put(uint8_t *out, int64_t o, const uint8_t *src, int64_t n) {
  if (n > 0) memcpy(out + o, src, (size_t)n);
  return o + n;
}

void fz_view_replace(const uint8_t *h, int64_t hlen, const uint8_t *from, int64_t flen,
                     const uint8_t *to, int64_t tlen, uint8_t *out) {
  int64_t o = 0;
  if (flen == 0) {
    for (int64_t i = 0; i < hlen;) {
      int64_t u = unit_len(h + i, hlen - i);
      o = put(out, o, to, tlen);
      o = put(out, o, h + i, u);
      i += u;
    }
    put(out, o, to, tlen);
    return;
  }
  int64_t pos = 0;
  while (hlen - pos >= flen) {
    int64_t off = fz_view_find(h + pos, hlen - pos, from, flen);
    if (off < 0) break;
    o = put(out, o, h + pos, off);
    o = put(out, o, to, tlen);
    pos += off + flen;
  }
  if (pos < hlen) put(out, o, h + pos, hlen - pos);
}

void fz_view_concat(const uint8_t *a, int64_t alen, const uint8_t *b, int64_t blen, uint8_t *out) {
  put(out, put(out, 0, a, alen), b, blen);
}

void fz_view_copy(const uint8_t *p, int64_t len, uint8_t *out) {
  if (len > 0) memcpy(out, p, (size_t)len);
}
