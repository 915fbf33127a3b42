/*
 * host.c - the host functions of the replay gate's modules (conformance/replay),
 * linked into their native builds. Each is deterministic
 * within one process (a fake clock, a seeded generator, a store that starts
 * empty), so every mode and backend asks the same of its host and gets the
 * same answers; conformance/src/replay/host.ts is the same host for the
 * reference interpreter, and the gate checks that both agree.
 */
#include <stdint.h>
#include <string.h>

#include "fz_runtime.h"

/* ---- a clock: starts at a fixed epoch, each read advances 1000 + (reads mod 7) ticks ---- */
static int64_t clock_ticks = 1700000000000;
static int64_t clock_reads = 0;

int64_t clock_now(void) {
  clock_ticks += 1000 + clock_reads++ % 7;
  return clock_ticks;
}

/* ---- a random source: xorshift64 (Marsaglia 2003, shifts 13/7/17) from a fixed seed ---- */
static uint64_t rand_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rand_next(void) {
  rand_state ^= rand_state << 13;
  rand_state ^= rand_state >> 7;
  rand_state ^= rand_state << 17;
  return rand_state;
}

int32_t rand_below(int32_t bound) {
  uint64_t x = rand_next();
  return bound > 0 ? (int32_t)(x % (uint64_t)bound) : 0;
}

_Bool rand_bool(void) { return (rand_next() >> 32) & 1; }

/* ---- a key-value store: at most 64 keys of at most 32 bytes; a missing key reads -1 ---- */
static struct {
  int64_t len;
  uint8_t key[32];
  int64_t value;
} kv[64];
static int kv_count = 0;

static int kv_find(const fz_str *k) {
  int64_t len = fz_str_len(k);
  for (int i = 0; i < kv_count; i++)
    if (kv[i].len == len && memcmp(kv[i].key, fz_str_ptr(k), (size_t)len) == 0) return i;
  return -1;
}

void kv_put(const fz_str *k, int64_t value) {
  int i = kv_find(k);
  int64_t len = fz_str_len(k);
  if (i < 0 && (kv_count == 64 || len > 32)) return;
  if (i < 0) {
    i = kv_count++;
    kv[i].len = len;
    memcpy(kv[i].key, fz_str_ptr(k), (size_t)len);
  }
  kv[i].value = value;
}

int64_t kv_get(const fz_str *k) {
  int i = kv_find(k);
  return i < 0 ? -1 : kv[i].value;
}

/* ---- words: a fixed list indexed by |i| mod 5; a log that counts the bytes it was given ---- */
static const char *const words[5] = {"alpha", " b\xce\xb5ta ", "gamma\t", "", "delta,epsilon"};
static int64_t logged = 0;

const fz_str *host_word(int32_t i) {
  const char *w = words[(i < 0 ? -(int64_t)i : i) % 5];
  return fz_str_intern((const uint8_t *)w, (int64_t)strlen(w));
}

void host_log(const fz_str *s) { logged += fz_str_len(s); }

int64_t host_logged(void) { return logged; }

/* ---- a sensor: read(i) = ((i * i) mod 17) / 4 + 0.1; scale(x) = x * 1.5 - 0.125 ---- */
double sensor_read(int32_t i) { return (double)(((int64_t)i * i) % 17) / 4.0 + 0.1; }

double sensor_scale(double x) { return x * 1.5 - 0.125; }

/* ---- a chain: one step of Knuth's MMIX linear congruential generator ---- */
int64_t chain_step(int64_t x) { return (int64_t)((uint64_t)x * 6364136223846793005ULL + 1442695040888963407ULL); }
