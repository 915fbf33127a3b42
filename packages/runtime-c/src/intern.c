/*
 * intern.c - the global string intern table behind policy B strings.
 *
 * Invariants: one table per process, guarded by one mutex; open addressing
 * with linear probing over a power-of-two slot array that is kept at most
 * 3/4 full (so probes terminate and stay short). Each fz_str stores its hash,
 * so growing never rehashes bytes. Interned strings are immutable and
 * immortal (rc.h: fz__immortal_shape; retain and release ignore them), which
 * is what makes "equal content <=> same pointer" hold among interned strings
 * for the whole process and lets readers use fz_str without taking the lock.
 * Only literals, strings emitted code persists and host strings are
 * interned; strings the operations create are counted instead (str.c).
 *
 * Building with -DFZ_INTERN_WEAK_HASH replaces the hash with one that sends
 * nearly everything to the same few slots; the C tests use it to exercise
 * full-hash collisions, which FNV-1a makes too rare to hit by chance.
 */
#include "internal.h"
#include "rc.h"
#include "str.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define INITIAL_SLOTS 1024

static pthread_mutex_t table_mu = PTHREAD_MUTEX_INITIALIZER;
static fz_str **slots;    /* NULL until the first intern */
static uint64_t slot_mask; /* slot count - 1 */
static uint64_t count;

static uint64_t hash_bytes(const uint8_t *p, int64_t len) {
#ifdef FZ_INTERN_WEAK_HASH
  (void)p;
  return (uint64_t)len & 3;
#else
  uint64_t h = 0xcbf29ce484222325ull; /* FNV-1a, 64-bit */
  for (int64_t i = 0; i < len; i++) {
    h ^= p[i];
    h *= 0x100000001b3ull;
  }
  return h;
#endif
}

static fz_str **slots_new(uint64_t n) {
  if (n > SIZE_MAX / sizeof(fz_str *)) fz__panic_text("capacity overflow");
  fz_str **s = calloc((size_t)n, sizeof *s);
  if (s == NULL) fz__panic_oom((int64_t)(n * sizeof *s));
  return s;
}

static void grow(void) {
  uint64_t n = (slot_mask + 1) * 2;
  fz_str **fresh = slots_new(n);
  for (uint64_t i = 0; i <= slot_mask; i++) {
    fz_str *s = slots[i];
    if (s == NULL) continue;
    uint64_t j = s->hash & (n - 1);
    while (fresh[j] != NULL) j = (j + 1) & (n - 1);
    fresh[j] = s;
  }
  free(slots);
  slots = fresh;
  slot_mask = n - 1;
}

fz_str *fz__str_alloc(int64_t len, const int64_t *shape) {
  if (len < 0 || len > INT64_MAX - (int64_t)sizeof(fz_str) - 16) fz__panic_text("capacity overflow");
  fz_str *s = fz__object_new((int64_t)sizeof(fz_str) + len + 1, shape);
  s->len = len;
  s->hash = 0;
  s->bytes[len] = 0; /* not relied on; eases debugging */
  return s;
}

int fz__str_interned(const fz_str *s) { return fz__hdr_of((void *)s)->shape == fz__immortal_shape; }

static fz_str *str_new(const uint8_t *p, int64_t len, uint64_t hash) {
  fz_str *s = fz__str_alloc(len, fz__immortal_shape);
  s->hash = hash;
  if (len > 0) memcpy(s->bytes, p, (size_t)len);
  return s;
}

const fz_str *fz_str_intern(const uint8_t *p, int64_t len) {
  if (len < 0) fz__panic_text("capacity overflow");
  uint64_t h = hash_bytes(p, len);
  pthread_mutex_lock(&table_mu);
  if (slots == NULL) {
    slots = slots_new(INITIAL_SLOTS);
    slot_mask = INITIAL_SLOTS - 1;
  }
  uint64_t i = h & slot_mask;
  for (fz_str *s; (s = slots[i]) != NULL; i = (i + 1) & slot_mask) {
    if (s->hash == h && s->len == len && (len == 0 || memcmp(s->bytes, p, (size_t)len) == 0)) {
      pthread_mutex_unlock(&table_mu);
      return s;
    }
  }
  fz_str *s = str_new(p, len, h);
  slots[i] = s;
  if (++count * 4 > (slot_mask + 1) * 3) grow();
  pthread_mutex_unlock(&table_mu);
  return s;
}
