/*
 * alloc.c - heap cells for policy B structs and enums.
 *
 * Cells are zeroed (so a fresh enum reads as variant 0 with zero payload),
 * 16-byte aligned (so any scalar or vector field is naturally aligned), and
 * never freed: the baseline has no ownership information, so cells live for
 * the whole process. Allocation never returns NULL; it panics instead, so
 * emitted code needs no null checks.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

int64_t fz__round16(int64_t size) {
  if (size < 0 || size > INT64_MAX - 15) fz__panic_text("capacity overflow");
  return (size + 15) & ~(int64_t)15;
}

void *fz_alloc(int64_t size) {
  int64_t rounded = fz__round16(size);
  if (rounded == 0) rounded = 16; /* distinct, valid pointer for empty cells */
  if ((uint64_t)rounded > SIZE_MAX) fz__panic_oom(size);
  void *p = aligned_alloc(16, (size_t)rounded);
  if (p == NULL) fz__panic_oom(size);
  memset(p, 0, (size_t)rounded);
  return p;
}
