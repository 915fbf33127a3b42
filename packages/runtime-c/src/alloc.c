/*
 * alloc.c - heap cells for policy B structs and enums.
 *
 * Cells are zeroed (so a fresh enum reads as variant 0 with zero payload),
 * 16-byte aligned (so any scalar or vector field is naturally aligned) and
 * counted (rc.c): a cell starts with one reference, owned by the code that
 * allocated it, and is freed when its last reference is released. A cell
 * from fz_alloc holds no references; one from fz_cell_new releases the
 * references its shape lists when it dies. Allocation never returns NULL;
 * it panics instead, so emitted code needs no null checks.
 */
#include "internal.h"
#include "rc.h"

#include <string.h>

int64_t fz__round16(int64_t size) {
  if (size < 0 || size > INT64_MAX - 15) fz__panic_text("capacity overflow");
  return (size + 15) & ~(int64_t)15;
}

void *fz_cell_new(int64_t size, const int64_t *shape) {
  int64_t rounded = fz__round16(size);
  if (rounded == 0) rounded = 16; /* distinct, valid pointer for empty cells */
  void *p = fz__object_new(rounded, shape);
  memset(p, 0, (size_t)rounded);
  return p;
}

void *fz_alloc(int64_t size) { return fz_cell_new(size, NULL); }
