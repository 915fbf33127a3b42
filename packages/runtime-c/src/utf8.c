/*
 * utf8.c - strict UTF-8 decoding and the Unicode White_Space set.
 *
 * Used by trim and by empty-pattern replace. The decoder never reads past
 * the given length and rejects anything Rust would not accept in a str
 * (overlongs, surrogates, code points above U+10FFFF); callers treat a
 * rejected byte as a one-byte non-whitespace unit.
 */
#include "internal.h"

int fz__utf8_decode(const uint8_t *p, int64_t len, uint32_t *cp) {
  uint32_t b0 = p[0];
  if (b0 < 0x80) {
    *cp = b0;
    return 1;
  }
  int n;
  uint32_t c, min;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    n = 2, c = b0 & 0x1F, min = 0x80;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    n = 3, c = b0 & 0x0F, min = 0x800;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    n = 4, c = b0 & 0x07, min = 0x10000;
  } else {
    return 0; /* continuation byte, C0/C1 overlong lead, or F5..FF */
  }
  if (len < n) return 0;
  for (int i = 1; i < n; i++) {
    uint32_t b = p[i];
    if ((b & 0xC0) != 0x80) return 0;
    c = (c << 6) | (b & 0x3F);
  }
  if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
  *cp = c;
  return n;
}

int fz__is_whitespace(uint32_t cp) {
  if (cp < 0x80) return cp == 0x20 || (cp >= 0x09 && cp <= 0x0D);
  switch (cp) {
    case 0x0085: case 0x00A0: case 0x1680: case 0x2028: case 0x2029:
    case 0x202F: case 0x205F: case 0x3000:
      return 1;
    default:
      return cp >= 0x2000 && cp <= 0x200A;
  }
}
