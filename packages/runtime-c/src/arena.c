/*
 * arena.c - the per-thread temporary arena for string temporaries and other
 * short-lived buffers of the fast path.
 *
 * Model: each thread owns a list of chunks laid end to end in one logical
 * address space (chunk i covers [base_i, base_i + cap_i), base_{i+1} =
 * base_i + cap_i). A mark is the current logical position, so marks are
 * plain integers that nest like a stack; release rewinds the position but
 * keeps the chunks, so a loop that marks, allocates and releases reaches a
 * steady state with no malloc at all. Chunks beyond the current one are
 * dropped only when the next one is too small for a request, which keeps
 * the logical layout consistent for every mark still outstanding.
 * Results are 16-byte aligned and never NULL (a failed malloc panics).
 * A thread's chunks are freed when the thread exits (a pthread key
 * destructor), so short-lived worker threads do not leak their arenas.
 */
#include "internal.h"

#include <pthread.h>
#include <stdlib.h>

#define CHUNK_MIN ((int64_t)64 * 1024)
#define CHUNK_GROWTHS 10 /* largest default chunk: 64 MiB */

typedef struct {
  uint8_t *mem;
  int64_t base;
  int64_t cap;
} chunk;

typedef struct {
  chunk *chunks;
  int64_t n;      /* chunks in use or kept for reuse */
  int64_t n_cap;  /* slots in the chunks array */
  int64_t cur;    /* index of the chunk being filled, valid when n > 0 */
  int64_t off;    /* fill level of chunks[cur] */
} arena;

static _Thread_local arena A;

static pthread_once_t key_once = PTHREAD_ONCE_INIT;
static pthread_key_t exit_key;

/* Runs at thread exit with the exiting thread's &A (its TLS is still live). */
static void arena_free(void *p) {
  arena *a = p;
  for (int64_t i = 0; i < a->n; i++) free(a->chunks[i].mem);
  free(a->chunks);
  *a = (arena){0};
}

static void key_create(void) {
  if (pthread_key_create(&exit_key, arena_free) != 0) fz__panic_text("arena: no thread key");
}

static void append_chunk(int64_t min_size) {
  if (A.chunks == NULL) {
    /* First chunk of this thread: arrange for the chunks to be freed. */
    pthread_once(&key_once, key_create);
    pthread_setspecific(exit_key, &A);
  }
  if (A.n == A.n_cap) {
    int64_t n_cap = A.n_cap == 0 ? 8 : A.n_cap * 2;
    chunk *c = realloc(A.chunks, (size_t)n_cap * sizeof *c);
    if (c == NULL) fz__panic_oom(n_cap * (int64_t)sizeof *c);
    A.chunks = c;
    A.n_cap = n_cap;
  }
  /* Grow geometrically (up to a cap) so a thread that needs much space ends
   * up with few chunks; never smaller than the request itself. */
  int64_t cap = CHUNK_MIN << (A.n < CHUNK_GROWTHS ? A.n : CHUNK_GROWTHS);
  if (cap < min_size) cap = min_size;
  uint8_t *mem = aligned_alloc(16, (size_t)cap);
  if (mem == NULL) fz__panic_oom(cap);
  int64_t base = A.n == 0 ? 0 : A.chunks[A.n - 1].base + A.chunks[A.n - 1].cap;
  A.chunks[A.n++] = (chunk){mem, base, cap};
}

uint8_t *fz_arena_alloc(int64_t size) {
  int64_t need = fz__round16(size);
  if (need == 0) need = 16; /* distinct pointers, like malloc(0) would not promise */
  if (A.n == 0) append_chunk(need);
  for (;;) {
    chunk *c = &A.chunks[A.cur];
    if (c->cap - A.off >= need) {
      uint8_t *p = c->mem + A.off;
      A.off += need;
      return p;
    }
    if (A.cur + 1 < A.n && A.chunks[A.cur + 1].cap >= need) {
      A.cur++;
      A.off = 0;
      continue;
    }
    /* The kept chunks after cur cannot serve this request: drop them and
     * put a big enough one in their place. */
    for (int64_t i = A.cur + 1; i < A.n; i++) free(A.chunks[i].mem);
    A.n = A.cur + 1;
    append_chunk(need);
    A.cur++;
    A.off = 0;
  }
}

int64_t fz_arena_mark(void) {
  if (A.n == 0) return 0;
  return A.chunks[A.cur].base + A.off;
}

void fz_arena_release(int64_t mark) {
  if (mark < 0 || mark > fz_arena_mark()) fz__panic_text("arena release to an invalid mark");
  if (A.n == 0) return;
  int64_t i = A.cur;
  while (mark < A.chunks[i].base) i--;
  A.cur = i;
  A.off = mark - A.chunks[i].base;
}
