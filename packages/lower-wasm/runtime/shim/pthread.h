/*
 * pthread.h for the WebAssembly build of runtime-c: a WebAssembly instance
 * here is single-threaded (no shared memory, no workers share an instance),
 * so a mutex has nothing to exclude and a once/key pair reduces to a flag and
 * a stored destructor that never runs (there is no thread exit). wasi-libc as
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
static inline int pthread_key_create(pthread_key_t *k, void (*d)(void *)) { (void)d; *k = 0; return 0; }
static inline int pthread_setspecific(pthread_key_t k, const void *v) { (void)k; (void)v; return 0; }

#endif
