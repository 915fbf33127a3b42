/*
 * rc.h - the header of counted objects, shared by rc.c (counting, freeing
 * cells), alloc.c (cells) and array.c (arrays). Not part of the ABI.
 */
#ifndef FZ_RC_H
#define FZ_RC_H

#include <stdatomic.h>
#include <stdint.h>

typedef struct {
  _Atomic int64_t rc;
  const int64_t *shape; /* fz__array_shape, NULL (no references) or a cell shape */
} fz__hdr;

_Static_assert(sizeof(fz__hdr) == 16, "cells stay 16-byte aligned after the header");

static inline fz__hdr *fz__hdr_of(void *p) { return (fz__hdr *)p - 1; }

/* The shape every array has. */
extern const int64_t fz__array_shape[1];

/* The shape of a counted string (str.h): no references; its size follows
 * from its length. */
extern const int64_t fz__str_shape[1];

/* The shape of an immortal object (an interned string): retain and release
 * ignore it, so its count is never written (no contention on shared
 * literals) and it is never freed. */
extern const int64_t fz__immortal_shape[1];

/* A new object of `size` bytes (uninitialised), count 1. */
void *fz__object_new(int64_t size, const int64_t *shape);

/* Free an object made by fz__object_new(size, ...). */
void fz__object_free(void *p, int64_t size);

/* Drop one reference to `child` (may be NULL) held by a dying object; when
 * it was the last, queue the child on the work list to be freed. */
void fz__push_dead(void *worklist, void *child);

/* Free a dead array (count 0): queue its referenced slots, free its storage. */
void fz__array_free(void *worklist, void *array);

/* The shape every map has, and how a dead map is freed (map.c). */
extern const int64_t fz__map_shape[1];
void fz__map_free(void *worklist, void *map);

#endif /* FZ_RC_H */
