/*
 * rc.c - reference counts of policy B objects (arrays and heap cells).
 *
 * Every counted object is preceded by a 16-byte header (fz__hdr): its count
 * and its shape. Emitted code only ever holds the pointer after the header,
 * so a cell's fields keep their offsets and stay 16-byte aligned. A shape
 * says which words of the object are references to other counted objects:
 * an array's shape is the sentinel fz__array_shape (array.c releases the
 * slots itself when they hold references), a cell's is NULL (no
 * references) or a static table emitted by the lowering,
 *   shape[0] = n, then n entries (when << 32) | offset,
 * where `when` is 0 for a field that is always a reference, or tag + 1 for an
 * enum payload that is a reference only while the i32 discriminant at offset
 * 0 equals tag. A reference word may be NULL (a zeroed cell), which is
 * skipped. Strings are counted cells without references (shape NULL), except
 * interned ones, whose shape is the sentinel fz__immortal_shape: retain and
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

#include <stdatomic.h>
#include <stdlib.h>

const int64_t fz__array_shape[1] = {0};
const int64_t fz__immortal_shape[1] = {0};

/* NULL and immortal objects are not counted. */
static inline int counted(void *p) { return p != NULL && fz__hdr_of(p)->shape != fz__immortal_shape; }

void *fz__object_new(int64_t size, const int64_t *shape) {
  int64_t body = fz__round16(size);
  if (body > INT64_MAX - (int64_t)sizeof(fz__hdr) || (uint64_t)body + sizeof(fz__hdr) > SIZE_MAX) fz__panic_oom(size);
  fz__hdr *h = aligned_alloc(16, sizeof(fz__hdr) + (size_t)(body == 0 ? 16 : body));
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
    if (fz__hdr_of(o)->shape == fz__array_shape) fz__array_free(&w, o);
    else free_cell(&w, o);
    if (w.len == 0) break;
  }
  free(w.p);
}

void fz_release_each(void *const *refs, int64_t n) {
  for (int64_t i = 0; i < n; i++) fz_release(refs[i]);
}
