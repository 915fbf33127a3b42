/*
 * pthread.h for the WebAssembly build of runtime-c: a WebAssembly instance
 * here is single-threaded (no shared memory, no workers share an instance),
 * so a mutex has nothing to exclude and a once/key pair reduces to a flag and
 * a stored destructor that never runs (there is no thread exit). A "thread"
 * runs to completion inside pthread_create: the runtime's C tests, which
 * start threads, then check the same results one thread after another. wasi-libc as
 * packaged by Debian ships no pthread.h for wasm32-wasi; this header is what
 * lets the runtime's C sources compile unchanged.
 */
#ifndef FZ_WASM_PTHREAD_SHIM_H
#define FZ_WASM_PTHREAD_SHIM_H

typedef struct { int unused; } pthread_mutex_t;
typedef struct { int unused; } pthread_mutexattr_t;
typedef int pthread_once_t;
typedef unsigned pthread_key_t;

#define PTHREAD_MUTEX_INITIALIZER {0}
#define PTHREAD_ONCE_INIT 0

static inline int pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *a) { (void)m; (void)a; return 0; }
static inline int pthread_mutex_lock(pthread_mutex_t *m) { (void)m; return 0; }
static inline int pthread_mutex_unlock(pthread_mutex_t *m) { (void)m; return 0; }
static inline int pthread_mutex_destroy(pthread_mutex_t *m) { (void)m; return 0; }
static inline int pthread_once(pthread_once_t *o, void (*f)(void)) {
  if (*o == 0) { *o = 1; f(); }
  return 0;
}
typedef unsigned pthread_t;
typedef struct { int unused; } pthread_attr_t;
/* Results of finished "threads", by handle (a test starts a few at a time). */
#define FZ_SHIM_THREADS 64
static void *fz_shim_results[FZ_SHIM_THREADS];
static unsigned fz_shim_next;
static inline int pthread_create(pthread_t *t, const pthread_attr_t *a, void *(*f)(void *), void *arg) {
  (void)a;
  *t = fz_shim_next++ % FZ_SHIM_THREADS;
  fz_shim_results[*t] = f(arg);
  return 0;
}
static inline int pthread_join(pthread_t t, void **result) {
  if (result) *result = fz_shim_results[t % FZ_SHIM_THREADS];
  return 0;
}
static inline int pthread_key_create(pthread_key_t *k, void (*d)(void *)) { (void)d; *k = 0; return 0; }
static inline int pthread_setspecific(pthread_key_t k, const void *v) { (void)k; (void)v; return 0; }

#endif
