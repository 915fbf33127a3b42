/*
 * array.c - policy B dynamic arrays: handles to growable vectors of 8-byte
 * slots (the caller widens narrower elements and bitcasts floats).
 *
 * Invariants: 0 <= len <= cap; data holds cap slots (NULL only when cap is
 * 0). Every operation, including len, holds the array's mutex, because a
 * policy B array may be shared between threads and this is the legacy cost
 * model the fast path is measured against. Arrays are never freed.
 */
#include "internal.h"

#include <pthread.h>
#include <stdlib.h>

struct fz_array {
  pthread_mutex_t mu;
  int64_t len;
  int64_t cap;
  int64_t *data;
};

static int64_t *slots_alloc(int64_t *old, int64_t cap) {
  if (cap > INT64_MAX / 8 || (uint64_t)cap * 8 > SIZE_MAX) fz__panic_text("capacity overflow");
  int64_t *p = realloc(old, (size_t)cap * 8);
  if (p == NULL) fz__panic_oom(cap * 8);
  return p;
}

fz_array *fz_array_new(int64_t capacity) {
  if (capacity < 0) fz__panic_text("capacity overflow");
  fz_array *a = malloc(sizeof *a);
  if (a == NULL) fz__panic_oom((int64_t)sizeof *a);
  pthread_mutex_init(&a->mu, NULL);
  a->len = 0;
  a->cap = capacity;
  a->data = capacity > 0 ? slots_alloc(NULL, capacity) : NULL;
  return a;
}

fz_array *fz_array_new_filled(int64_t len, int64_t fill) {
  fz_array *a = fz_array_new(len);
  for (int64_t i = 0; i < len; i++) a->data[i] = fill;
  a->len = len;
  return a;
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
  a->data[index] = value;
  pthread_mutex_unlock(&a->mu);
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
