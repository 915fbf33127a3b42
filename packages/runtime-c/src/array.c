/*
 * array.c - policy B dynamic arrays: handles to growable vectors of 8-byte
 * slots (the caller widens narrower elements and bitcasts floats).
 *
 * Invariants: 0 <= len <= cap; data holds cap slots (NULL only when cap is
 * 0). Every operation, including len, holds the array's mutex, because a
 * policy B array may be shared between threads and this is the legacy cost
 * model the fast path is measured against.
 *
 * Arrays are counted objects (rc.c). An array made by fz_array_new_of(cap,
 * 1) holds references in its slots: it owns one reference per non-NULL
 * slot, so `set` and `push` take over the caller's reference to the value
 * stored, `set` releases the value it overwrites, `new_filled_of` counts the
 * fill value once per slot, and a dying array releases every slot. `get`
 * returns the slot without counting (the caller retains what it keeps).
 */
#include "internal.h"
#include "rc.h"

#include <pthread.h>
#include <stdlib.h>

struct fz_array {
  pthread_mutex_t mu;
  int64_t len;
  int64_t cap;
  int64_t *data;
  int64_t refs; /* 1: slots hold references to counted objects */
};

static int64_t *slots_alloc(int64_t *old, int64_t cap) {
  if (cap > INT64_MAX / 8 || (uint64_t)cap * 8 > SIZE_MAX) fz__panic_text("capacity overflow");
  int64_t *p = realloc(old, (size_t)cap * 8);
  if (p == NULL) fz__panic_oom(cap * 8);
  return p;
}

fz_array *fz_array_new_of(int64_t capacity, int64_t refs) {
  if (capacity < 0) fz__panic_text("capacity overflow");
  fz_array *a = fz__object_new((int64_t)sizeof *a, fz__array_shape);
  pthread_mutex_init(&a->mu, NULL);
  a->len = 0;
  a->cap = capacity;
  a->data = capacity > 0 ? slots_alloc(NULL, capacity) : NULL;
  a->refs = refs != 0;
  return a;
}

fz_array *fz_array_new(int64_t capacity) { return fz_array_new_of(capacity, 0); }

fz_array *fz_array_new_filled_of(int64_t len, int64_t fill, int64_t refs) {
  fz_array *a = fz_array_new_of(len, refs);
  for (int64_t i = 0; i < len; i++) a->data[i] = fill;
  a->len = len;
  if (a->refs) fz_retain_n((void *)(intptr_t)fill, len);
  return a;
}

fz_array *fz_array_new_filled(int64_t len, int64_t fill) { return fz_array_new_filled_of(len, fill, 0); }

void fz__array_free(void *worklist, void *array) {
  fz_array *a = array;
  if (a->refs) {
    for (int64_t i = 0; i < a->len; i++) fz__push_dead(worklist, (void *)(intptr_t)a->data[i]);
  }
  pthread_mutex_destroy(&a->mu);
  free(a->data);
  fz__object_free(a, (int64_t)sizeof *a);
}

int64_t fz_array_get(fz_array *a, int64_t index) {
  pthread_mutex_lock(&a->mu);
  int64_t len = a->len;
  if (index < 0 || index >= len) {
    pthread_mutex_unlock(&a->mu);
    fz_panic_bounds(index, len);
  }
  int64_t v = a->data[index];
  pthread_mutex_unlock(&a->mu);
  return v;
}

void fz_array_set(fz_array *a, int64_t index, int64_t value) {
  pthread_mutex_lock(&a->mu);
  int64_t len = a->len;
  if (index < 0 || index >= len) {
    pthread_mutex_unlock(&a->mu);
    fz_panic_bounds(index, len);
  }
  int64_t old = a->data[index];
  a->data[index] = value;
  pthread_mutex_unlock(&a->mu);
  if (a->refs) fz_release((void *)(intptr_t)old);
}

int64_t fz_array_len(fz_array *a) {
  pthread_mutex_lock(&a->mu);
  int64_t len = a->len;
  pthread_mutex_unlock(&a->mu);
  return len;
}

void fz_array_push(fz_array *a, int64_t value) {
  pthread_mutex_lock(&a->mu);
  if (a->len == a->cap) {
    /* Doubling keeps push amortised O(1); start at 4 like Rust's Vec. */
    int64_t cap = a->cap < 4 ? 4 : a->cap;
    if (a->cap >= 4) {
      if (cap > INT64_MAX / 2) fz__panic_text("capacity overflow");
      cap *= 2;
    }
    a->data = slots_alloc(a->data, cap);
    a->cap = cap;
  }
  a->data[a->len++] = value;
  pthread_mutex_unlock(&a->mu);
}
