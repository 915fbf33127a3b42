/*
 * str.h - the layout of a runtime string, shared by intern.c (interned
 * strings) and str.c (operations, counted strings). Not part of the ABI:
 * emitted code goes through fz_str_len / fz_str_ptr.
 *
 * Every fz_str is a counted object (rc.h: the 16-byte header sits in front
 * of it). Interned strings (literals, what emitted code persists, host
 * strings) are immortal and unique per content; strings the operations
 * create are counted, start with one reference and are never interned, so
 * two strings with the same bytes may be different objects (fz_str_eq
 * compares bytes).
 */
#ifndef FZ_STR_H
#define FZ_STR_H

#include <stdint.h>

struct fz_str {
  int64_t len;
  uint64_t hash; /* FNV-1a of the bytes for interned strings; 0 for counted ones (unused) */
  uint8_t bytes[]; /* len bytes, then a NUL */
};

/* A new string of `len` bytes (uninitialised, NUL-terminated) with `shape`
 * (fz__str_shape: counted, count 1; fz__immortal_shape: for the intern table). */
struct fz_str *fz__str_alloc(int64_t len, const int64_t *shape);

/* Whether s is interned (immortal, unique per content). */
int fz__str_interned(const struct fz_str *s);

#endif /* FZ_STR_H */
