/*
 * rc.c - reference counts of policy B objects (arrays and heap cells).
 *
 * Every counted object is preceded by a 16-byte header (fz__hdr): its count
 * and its shape. Emitted code only ever holds the pointer after the header,
 * so a cell's fields keep their offsets and stay 16-byte aligned. A shape
 * says which words of the object are references to other counted objects:
 * an array's shape is the sentinel fz__array_shape (array.c releases the
 * slots itself when they hold references), a map's fz__map_shape (map.c), a cell's is NULL (no
 * references) or a static table emitted by the lowering,
 *   shape[0] = n, then n entries (when << 32) | offset,
 * where `when` is 0 for a field that is always a reference, or tag + 1 for an
 * enum payload that is a reference only while the i32 discriminant at offset
 * 0 equals tag. A reference word may be NULL (a zeroed cell), which is
 * skipped. Strings are counted objects without references (fz__str_shape),
 * except interned ones, whose shape is the sentinel fz__immortal_shape: retain and
 * release return at once for those (the scheme of CPython's immortal
 * objects, PEP 683), so literals cost no atomic write and are never freed.
 *
 * Counts are atomic (relaxed increments, acquire-release decrements, the
 * scheme of Rust's Arc and C++'s shared_ptr), because a policy B object may
 * be shared between threads (README: the thread rule). Objects form no
 * cycles: fields and slots are assigned only values that already exist, and
 * the IR has no way to store an object into itself or into anything it
 * reaches (see README: ownership), so counting alone frees everything.
 * Releasing frees children iteratively through an explicit work list, so a
 * long chain of nested objects cannot overflow the C stack.
 */
#include "internal.h"
#include "rc.h"
#include "str.h"

#include <stdatomic.h>
#include <stdlib.h>

const int64_t fz__array_shape[1] = {0};
const int64_t fz__immortal_shape[1] = {0};
const int64_t fz__str_shape[1] = {0};

/* NULL and immortal objects are not counted. */
static inline int counted(void *p) { return p != NULL && fz__hdr_of(p)->shape != fz__immortal_shape; }

/*
 * Reuse of freed objects: each thread keeps up to KEEP freed blocks of each
 * small size (16-byte classes from 32 to 32 + 16 * (CLASSES - 1) bytes,
 * header included) and hands them out again before asking malloc; glibc's
 * tcache does the same one level down, but this skips aligned_alloc's and
 * free's bookkeeping (measured in conformance/README.md, "Ownership").
 * A block freed on another thread joins that thread's list; a thread's
 * blocks are freed when it exits (a pthread key destructor, as arena.c).
 * Sanitizer builds keep no list, so every freed object stays poisoned and a
 * use after free is still caught. Objects whose size is not known when they
 * die (heap cells: their header holds no size) are freed directly.
 */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define FZ_FREE_LIST 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define FZ_FREE_LIST 0
#endif
#endif
#ifndef FZ_FREE_LIST
#define FZ_FREE_LIST 1
#endif

#if FZ_FREE_LIST
#include <pthread.h>

#define CLASSES 16
#define KEEP 64

typedef struct {
  void *blocks[CLASSES][KEEP];
  int n[CLASSES];
} free_lists;

static _Thread_local free_lists FL;
static _Thread_local int fl_registered;
static pthread_once_t fl_once = PTHREAD_ONCE_INIT;
static pthread_key_t fl_key;

/* Runs at thread exit with the exiting thread's &FL. */
static void fl_free(void *p) {
  free_lists *l = p;
  for (int c = 0; c < CLASSES; c++)
    while (l->n[c] > 0) free(l->blocks[c][--l->n[c]]);
}

static void fl_key_create(void) {
  if (pthread_key_create(&fl_key, fl_free) != 0) fz__panic_text("rc: no thread key");
}

static void *take(size_t total) {
  size_t c = total / 16 - 2;
  if (c < CLASSES && FL.n[c] > 0) return FL.blocks[c][--FL.n[c]];
  return aligned_alloc(16, total);
}

static void give(void *h, size_t total) {
  size_t c = total / 16 - 2;
  if (c >= CLASSES || FL.n[c] == KEEP) {
    free(h);
    return;
  }
  if (!fl_registered) {
    pthread_once(&fl_once, fl_key_create);
    pthread_setspecific(fl_key, &FL);
    fl_registered = 1;
  }
  FL.blocks[c][FL.n[c]++] = h;
}
#else
static void *take(size_t total) { return aligned_alloc(16, total); }
static void give(void *h, size_t total) {
  (void)total;
  free(h);
}
#endif

/* Free an object of fz__object_new(size, ...) whose count reached zero. */
void fz__object_free(void *p, int64_t size) {
  int64_t body = fz__round16(size);
  give(fz__hdr_of(p), sizeof(fz__hdr) + (size_t)(body == 0 ? 16 : body));
}

void *fz__object_new(int64_t size, const int64_t *shape) {
  int64_t body = fz__round16(size);
  if (body > INT64_MAX - (int64_t)sizeof(fz__hdr) || (uint64_t)body + sizeof(fz__hdr) > SIZE_MAX) fz__panic_oom(size);
  fz__hdr *h = take(sizeof(fz__hdr) + (size_t)(body == 0 ? 16 : body));
  if (h == NULL) fz__panic_oom(size);
  atomic_init(&h->rc, 1);
  h->shape = shape;
  return h + 1;
}

void fz_retain(void *p) {
  if (!counted(p)) return;
  atomic_fetch_add_explicit(&fz__hdr_of(p)->rc, 1, memory_order_relaxed);
}

void fz_retain_n(void *p, int64_t n) {
  if (n <= 0 || !counted(p)) return;
  atomic_fetch_add_explicit(&fz__hdr_of(p)->rc, n, memory_order_relaxed);
}

/* Drop one reference; true when it was the last (the caller then frees). */
static int drop(void *p) {
  fz__hdr *h = fz__hdr_of(p);
  /* acq_rel rather than release + an acquire fence: the same on x86, and
   * ThreadSanitizer understands it. */
  return atomic_fetch_sub_explicit(&h->rc, 1, memory_order_acq_rel) == 1;
}

/* A work list of objects whose count reached zero. */
typedef struct {
  void **p;
  size_t len, cap;
} worklist;

void fz__push_dead(void *list, void *child) {
  worklist *w = list;
  if (!counted(child) || !drop(child)) return;
  if (w->len == w->cap) {
    size_t cap = w->cap ? w->cap * 2 : 16;
    void **np = realloc(w->p, cap * sizeof *np);
    if (np == NULL) fz__panic_oom((int64_t)(cap * sizeof *np));
    w->p = np;
    w->cap = cap;
  }
  w->p[w->len++] = child;
}

static void free_cell(worklist *w, void *p) {
  const int64_t *shape = fz__hdr_of(p)->shape;
  if (shape != NULL) {
    for (int64_t i = 1; i <= shape[0]; i++) {
      uint64_t e = (uint64_t)shape[i];
      int64_t when = (int64_t)(e >> 32), off = (int64_t)(e & 0xffffffffu);
      if (when != 0 && *(const int32_t *)p != (int32_t)(when - 1)) continue;
      fz__push_dead(w, *(void **)((uint8_t *)p + off));
    }
  }
  free(fz__hdr_of(p));
}

void fz_release(void *p) {
  if (!counted(p) || !drop(p)) return;
  worklist w = {0};
  for (void *o = p;; o = w.p[--w.len]) {
    const int64_t *shape = fz__hdr_of(o)->shape;
    if (shape == fz__array_shape) fz__array_free(&w, o);
    else if (shape == fz__str_shape) fz__object_free(o, (int64_t)sizeof(fz_str) + ((fz_str *)o)->len + 1);
    else if (shape == fz__map_shape) fz__map_free(&w, o);
    else free_cell(&w, o);
    if (w.len == 0) break;
  }
  free(w.p);
}

void fz_release_each(void *const *refs, int64_t n) {
  for (int64_t i = 0; i < n; i++) fz_release(refs[i]);
}
