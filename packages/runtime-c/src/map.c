/*
 * map.c - insertion-ordered hash maps (SPEC.md "Maps"), one object for both
 * lowering policies.
 *
 * Layout: an entry array in insertion order (`len` entries of `stride`
 * bytes, each starting with its 64-bit hash) and an open-addressing index
 * of `mask + 1` int32 slots (0: empty, else entry position + 1), probed
 * linearly from slot (hash >> 32) & mask. The index has twice as many slots
 * as the entry array has room for, so it is at most half full and a probe
 * always meets an empty slot. There are no tombstones: removing an entry
 * closes the gap in the entry array (the later entries move up one place,
 * keeping insertion order) and rebuilds the index from the stored hashes.
 *
 * Policy B (escaping maps) calls fz_map_get/set/has/remove/len/key_at/
 * value_at: entries are (hash, key slot, value slot), stride 24, with keys
 * and values widened to 8-byte slots as array slots are (a str key is its
 * interned handle, so equal strings are one pointer and keys compare as
 * integers); the hash is FxHash's multiply. These calls hold the map's
 * mutex, the legacy cost model of array.c.
 *
 * Policy A (local maps) emits the probe, the hash and the entry layout
 * inline and reads the header fields below at their fixed offsets (the
 * lowering's lower-maps.ts mirrors them); it calls the runtime only to
 * create the map, to grow it (fz_map_grow, which needs no hash function:
 * the hashes are stored) and to remove an entry (fz_map_remove_at). Its
 * keys and values never hold references.
 *
 * Header fields are 8 bytes each, pointers included (stored as integers), so
 * the offsets are the same on wasm32, where emitted code keeps a pointer in
 * the low half of an 8-byte slot. Maps are counted objects (rc.c): a map
 * made with refs & 1 owns one reference per value and releases them when it
 * dies.
 *
 * ABI 6, str keys (refs & 2, policy B only): a key slot holds a counted
 * string the map owns, a copy made when the key is first set, released when
 * the entry is removed or the map dies. The fz_map_*_str entry points take
 * the key as a view; keys hash (FxHash's byte fold, as the inline code's)
 * and compare by their bytes, so no key is interned for the process.
 */
#include "internal.h"
#include "rc.h"
#include "str.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct fz_map {
  int64_t len;     /* offset 0: entries in use */
  int64_t cap;     /* offset 8: room in the entry array */
  int64_t entries; /* offset 16: uint8_t *, cap * stride bytes */
  int64_t index;   /* offset 24: int32_t *, mask + 1 slots */
  int64_t mask;    /* offset 32: index slots - 1 (a power of two minus one) */
  int64_t stride;  /* offset 40: bytes per entry, a multiple of 8, hash first */
  int64_t refs;    /* offset 48: 1 when value slots hold references (policy B) */
  int64_t str_keys; /* 1 when key slots hold counted strings the map owns (policy B, ABI 6) */
  pthread_mutex_t mu;
};

_Static_assert(offsetof(struct fz_map, mask) == 32 && offsetof(struct fz_map, stride) == 40, "header offsets are part of the ABI");

const int64_t fz__map_shape[1] = {0};

#define FX_K 0x517cc1b727220a95ULL
#define INITIAL_CAP 8

static uint8_t *entries_of(const fz_map *m) { return (uint8_t *)(uintptr_t)m->entries; }
static int32_t *index_of(const fz_map *m) { return (int32_t *)(uintptr_t)m->index; }

static void *checked_alloc(void *old, int64_t n, int64_t size) {
  if (n > INT64_MAX / size || (uint64_t)(n * size) > SIZE_MAX) fz__panic_text("capacity overflow");
  void *p = realloc(old, (size_t)(n * size));
  if (p == NULL) fz__panic_oom(n * size);
  return p;
}

/* Fill the index from the stored hashes of the entries 0..len-1. */
static void reindex(fz_map *m) {
  int32_t *ix = index_of(m);
  memset(ix, 0, (size_t)(m->mask + 1) * sizeof *ix);
  uint8_t *es = entries_of(m);
  for (int64_t i = 0; i < m->len; i++) {
    uint64_t h;
    memcpy(&h, es + i * m->stride, 8);
    uint64_t s = (h >> 32) & (uint64_t)m->mask;
    while (ix[s] != 0) s = (s + 1) & (uint64_t)m->mask;
    ix[s] = (int32_t)(i + 1);
  }
}

fz_map *fz_map_new(int64_t stride, int64_t refs) {
  if (stride < 8 || stride % 8 != 0) fz__panic_text("map entry stride must be a positive multiple of 8");
  fz_map *m = fz__object_new((int64_t)sizeof *m, fz__map_shape);
  pthread_mutex_init(&m->mu, NULL);
  m->len = 0;
  m->cap = INITIAL_CAP;
  m->stride = stride;
  m->refs = (refs & 1) != 0;
  m->str_keys = (refs & 2) != 0;
  m->mask = 2 * INITIAL_CAP - 1;
  m->entries = (int64_t)(uintptr_t)checked_alloc(NULL, INITIAL_CAP, stride);
  m->index = (int64_t)(uintptr_t)calloc((size_t)(m->mask + 1), sizeof(int32_t));
  if (m->index == 0) fz__panic_oom((m->mask + 1) * 4);
  return m;
}

void fz_map_grow(fz_map *m) {
  /* Entry positions are int32 in the index (and map.len is an i32). */
  if (m->cap >= (int64_t)1 << 30) fz__panic_text("capacity overflow");
  m->cap *= 2;
  m->mask = 2 * m->cap - 1;
  m->entries = (int64_t)(uintptr_t)checked_alloc(entries_of(m), m->cap, m->stride);
  m->index = (int64_t)(uintptr_t)checked_alloc(index_of(m), m->mask + 1, (int64_t)sizeof(int32_t));
  reindex(m);
}

void fz_map_remove_at(fz_map *m, int64_t pos) {
  if (pos < 0 || pos >= m->len) fz_panic_bounds(pos, m->len);
  uint8_t *es = entries_of(m);
  memmove(es + pos * m->stride, es + (pos + 1) * m->stride, (size_t)((m->len - pos - 1) * m->stride));
  m->len--;
  reindex(m);
}

void fz__map_free(void *worklist, void *map) {
  fz_map *m = map;
  for (int64_t i = 0; i < m->len && (m->refs || m->str_keys); i++) {
    int64_t k, v;
    memcpy(&k, entries_of(m) + i * m->stride + 8, 8);
    memcpy(&v, entries_of(m) + i * m->stride + 16, 8);
    if (m->str_keys) fz__push_dead(worklist, (void *)(intptr_t)k);
    if (m->refs) fz__push_dead(worklist, (void *)(intptr_t)v);
  }
  pthread_mutex_destroy(&m->mu);
  free(entries_of(m));
  free(index_of(m));
  free(fz__hdr_of(m));
}

/* ---- policy B: (hash, key, value) slots under the map's lock ---- */

typedef struct {
  int64_t hash, key, value;
} slot_entry;

/* The position of `key`, or -1 with *at set to the empty index slot where it would go. */
static int64_t find(const fz_map *m, int64_t key, uint64_t h, uint64_t *at) {
  const int32_t *ix = index_of(m);
  const slot_entry *es = (const slot_entry *)(void *)entries_of(m);
  for (uint64_t s = (h >> 32) & (uint64_t)m->mask;; s = (s + 1) & (uint64_t)m->mask) {
    int32_t e = ix[s];
    if (e == 0) {
      *at = s;
      return -1;
    }
    if (es[e - 1].key == key) return e - 1;
  }
}

static uint64_t hash_slot(int64_t key) { return (uint64_t)key * FX_K; }

/* With m->mu held, which it releases: found entry i takes `value`; the
 * value it held is released (after unlocking) when the map owns its values. */
static void overwrite_unlock(fz_map *m, int64_t i, int64_t value) {
  slot_entry *e = (slot_entry *)(void *)entries_of(m) + i;
  int64_t old = e->value;
  e->value = value;
  pthread_mutex_unlock(&m->mu);
  if (m->refs) fz_release((void *)(intptr_t)old);
}

/* With m->mu held, which it releases, room made and `at` the free index
 * slot the probe for hash h ended on: appends the entry (h, key, value). */
static void append_unlock(fz_map *m, uint64_t h, int64_t key, int64_t value, uint64_t at) {
  ((slot_entry *)(void *)entries_of(m))[m->len] = (slot_entry){(int64_t)h, key, value};
  index_of(m)[at] = (int32_t)(m->len + 1);
  m->len++;
  pthread_mutex_unlock(&m->mu);
}

int64_t fz_map_get(fz_map *m, int64_t key, int64_t dflt) {
  uint64_t at = 0;
  pthread_mutex_lock(&m->mu);
  int64_t p = find(m, key, hash_slot(key), &at);
  int64_t v = p < 0 ? dflt : ((slot_entry *)(void *)entries_of(m))[p].value;
  pthread_mutex_unlock(&m->mu);
  return v;
}

int32_t fz_map_has(fz_map *m, int64_t key) {
  uint64_t at = 0;
  pthread_mutex_lock(&m->mu);
  int64_t p = find(m, key, hash_slot(key), &at);
  pthread_mutex_unlock(&m->mu);
  return p >= 0;
}

void fz_map_set(fz_map *m, int64_t key, int64_t value) {
  uint64_t h = hash_slot(key), at = 0;
  pthread_mutex_lock(&m->mu);
  int64_t p = find(m, key, h, &at);
  if (p >= 0) {
    overwrite_unlock(m, p, value);
    return;
  }
  if (m->len == m->cap) {
    fz_map_grow(m);
    find(m, key, h, &at);
  }
  append_unlock(m, h, key, value, at);
}

void fz_map_remove(fz_map *m, int64_t key) {
  uint64_t at = 0;
  pthread_mutex_lock(&m->mu);
  int64_t p = find(m, key, hash_slot(key), &at);
  int64_t old = 0;
  if (p >= 0) {
    old = ((slot_entry *)(void *)entries_of(m))[p].value;
    fz_map_remove_at(m, p);
  }
  pthread_mutex_unlock(&m->mu);
  if (p >= 0 && m->refs) fz_release((void *)(intptr_t)old);
}

int64_t fz_map_len(fz_map *m) {
  pthread_mutex_lock(&m->mu);
  int64_t n = m->len;
  pthread_mutex_unlock(&m->mu);
  return n;
}

/* Field `part` (1: key, 2: value) of the entry at place i in insertion order. */
static int64_t entry_at(fz_map *m, int64_t i, int part) {
  pthread_mutex_lock(&m->mu);
  int64_t len = m->len;
  if (i < 0 || i >= len) {
    pthread_mutex_unlock(&m->mu);
    fz_panic_bounds(i, len);
  }
  const slot_entry *e = (const slot_entry *)(void *)entries_of(m) + i;
  int64_t v = part == 1 ? e->key : e->value;
  pthread_mutex_unlock(&m->mu);
  return v;
}

int64_t fz_map_key_at(fz_map *m, int64_t i) { return entry_at(m, i, 1); }
int64_t fz_map_value_at(fz_map *m, int64_t i) { return entry_at(m, i, 2); }

/* ---- policy B with str keys (ABI 6): keys as views, owned counted copies in the slots ---- */

static uint64_t hash_bytes(const uint8_t *p, int64_t len) {
  uint64_t h = 0;
  for (int64_t i = 0; i < len; i++) h = (((h << 5) | (h >> 59)) ^ p[i]) * FX_K;
  return h;
}

/* The position of the key with bytes (p, len), or -1 with *at set to the empty index slot where it would go. */
static int64_t find_str(const fz_map *m, const uint8_t *p, int64_t len, uint64_t h, uint64_t *at) {
  const int32_t *ix = index_of(m);
  const slot_entry *es = (const slot_entry *)(void *)entries_of(m);
  for (uint64_t s = (h >> 32) & (uint64_t)m->mask;; s = (s + 1) & (uint64_t)m->mask) {
    int32_t e = ix[s];
    if (e == 0) {
      *at = s;
      return -1;
    }
    const slot_entry *x = &es[e - 1];
    const fz_str *k = (const fz_str *)(intptr_t)x->key;
    if ((uint64_t)x->hash == h && k->len == len && (len == 0 || memcmp(k->bytes, p, (size_t)len) == 0)) return e - 1;
  }
}

int64_t fz_map_get_str(fz_map *m, const uint8_t *p, int64_t len, int64_t dflt) {
  uint64_t at = 0;
  pthread_mutex_lock(&m->mu);
  int64_t i = find_str(m, p, len, hash_bytes(p, len), &at);
  int64_t v = i < 0 ? dflt : ((slot_entry *)(void *)entries_of(m))[i].value;
  pthread_mutex_unlock(&m->mu);
  return v;
}

int32_t fz_map_has_str(fz_map *m, const uint8_t *p, int64_t len) {
  uint64_t at = 0;
  pthread_mutex_lock(&m->mu);
  int64_t i = find_str(m, p, len, hash_bytes(p, len), &at);
  pthread_mutex_unlock(&m->mu);
  return i >= 0;
}

void fz_map_set_str(fz_map *m, const uint8_t *p, int64_t len, int64_t value) {
  uint64_t h = hash_bytes(p, len), at = 0;
  pthread_mutex_lock(&m->mu);
  int64_t i = find_str(m, p, len, h, &at);
  if (i >= 0) {
    overwrite_unlock(m, i, value);
    return;
  }
  if (m->len == m->cap) {
    fz_map_grow(m);
    find_str(m, p, len, h, &at);
  }
  append_unlock(m, h, (int64_t)(intptr_t)fz_str_from_view(p, len), value, at);
}

void fz_map_remove_str(fz_map *m, const uint8_t *p, int64_t len) {
  uint64_t at = 0;
  pthread_mutex_lock(&m->mu);
  int64_t i = find_str(m, p, len, hash_bytes(p, len), &at);
  int64_t old = 0, key = 0;
  if (i >= 0) {
    const slot_entry *e = (slot_entry *)(void *)entries_of(m) + i;
    old = e->value;
    key = e->key;
    fz_map_remove_at(m, i);
  }
  pthread_mutex_unlock(&m->mu);
  if (i < 0) return;
  fz_release((void *)(intptr_t)key);
  if (m->refs) fz_release((void *)(intptr_t)old);
}
