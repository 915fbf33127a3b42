/*
 * str.h - the layout of an interned string, shared by intern.c (which
 * creates them) and str.c (which reads them). Not part of the ABI: emitted
 * code goes through fz_str_len / fz_str_ptr.
 */
#ifndef FZ_STR_H
#define FZ_STR_H

#include <stdint.h>

struct fz_str {
  int64_t len;
  uint64_t hash;
  uint8_t bytes[]; /* len bytes, then a NUL */
};

#endif /* FZ_STR_H */
