/* word_count (KERNELS.md): counting words through a map. C baseline (the
 * physical limit): an open-addressing table of (hash, view, count) entries
 * in insertion order with an index of int32 slots, FxHash over the bytes, as
 * a C programmer would write it for this job; the word goes through OPAQUE
 * where the .fzir has `opaque`. */
#include <string.h>
#include "common.h"

typedef struct { const char *p; size_t len; } str;
typedef struct { uint64_t hash; str key; int32_t count; } entry;

#define LIT(s) ((str){s, sizeof s - 1})
#define SLOTS 64 /* enough for the ten distinct words, at most half full */
#define FX_K 0x517cc1b727220a95ULL

static uint64_t hash(str s) {
  uint64_t h = 0;
  for (size_t i = 0; i < s.len; i++) h = (((h << 5) | (h >> 59)) ^ (uint8_t)s.p[i]) * FX_K;
  return h;
}

static int32_t kernel(int32_t n) {
  static const str words[16] = {LIT("the"), LIT("cat"), LIT("sat"), LIT("on"), LIT("the"), LIT("mat"),
                                LIT("and"), LIT("the"), LIT("dog"), LIT("sat"), LIT("on"), LIT("a"),
                                LIT("log"), LIT("by"), LIT("the"), LIT("cat")};
  entry entries[SLOTS / 2];
  int32_t index[SLOTS] = {0};
  int32_t len = 0, idx = 0, acc = 0;
  for (int32_t i = 0; i < n; i = wadd(i, 1)) {
    str w = words[idx];
    OPAQUE(w.p);
    OPAQUE(w.len);
    uint64_t h = hash(w);
    size_t s = (h >> 32) & (SLOTS - 1);
    entry *e = NULL;
    for (; index[s] != 0; s = (s + 1) & (SLOTS - 1)) {
      entry *c = &entries[index[s] - 1];
      if (c->hash == h && c->key.len == w.len && memcmp(c->key.p, w.p, w.len) == 0) {
        e = c;
        break;
      }
    }
    if (e == NULL) {
      e = &entries[len];
      *e = (entry){h, w, 0};
      index[s] = ++len;
    }
    int32_t count = wadd(e->count, 1);
    e->count = count;
    acc = wadd(acc, count % 251) % 251;
    idx += 1;
    if (idx == 16) idx = 0;
  }
  for (int32_t j = 0; j < len; j++) acc = (acc * 3 + entries[j].count % 251 + (int32_t)entries[j].key.len) % 251;
  return acc;
}
