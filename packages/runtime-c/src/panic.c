/*
 * panic.c - the runtime's only exit path for program errors.
 *
 * Invariant: a panic writes exactly one line, "panic: <text>\n", to stderr
 * with a single stdio call (so concurrent panics do not interleave within a
 * line), flushes it, and exits with FZ_PANIC_STATUS. exit() rather than
 * abort() so stdout buffered by the program is still flushed, matching the
 * interpreter's observable output.
 */
#include "internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A panic ends the program where it stands: the objects its frames still
 * own are not released (the process is exiting), so a sanitizer build
 * turns the leak check off for it; a normal exit is checked in full. */
static volatile int panicking;

#if defined(__SANITIZE_ADDRESS__)
#define FZ_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FZ_ASAN 1
#endif
#endif

#ifdef FZ_ASAN
int __lsan_is_turned_off(void);
int __lsan_is_turned_off(void) { return panicking; }
#endif

FZ_NORETURN FZ_COLD static void die(void) {
  panicking = 1;
  fflush(stderr);
  exit(FZ_PANIC_STATUS);
}

void fz__panic_text(const char *text) {
  fprintf(stderr, "panic: %s\n", text);
  die();
}

void fz__panic_oom(int64_t size) {
  fprintf(stderr, "panic: memory allocation of %" PRId64 " bytes failed\n", size);
  die();
}

void fz_panic_bounds(int64_t index, int64_t len) {
  fprintf(stderr, "panic: index out of bounds: the len is %" PRId64 " but the index is %" PRId64 "\n",
          len, index);
  die();
}

void fz_panic_div_zero(void) { fz__panic_text("attempt to divide by zero"); }

void fz_panic_rem_zero(void) {
  fz__panic_text("attempt to calculate the remainder with a divisor of zero");
}

void fz_panic_div_overflow(void) { fz__panic_text("attempt to divide with overflow"); }

void fz_panic_rem_overflow(void) {
  fz__panic_text("attempt to calculate the remainder with overflow");
}

void fz_panic_unreachable(void) { fz__panic_text("entered unreachable code"); }

void fz_panic_payload(void) { fz__panic_text("enum payload read from the wrong variant"); }

void fz_panic_str_boundary(int64_t index) {
  fprintf(stderr, "panic: byte index %" PRId64 " is not a char boundary\n", index);
  die();
}

void fz_panic_msg(const uint8_t *p, int64_t len) {
  /* Build the whole line first: the message is not NUL-terminated and may be
   * long, and one fwrite keeps the line atomic with respect to stdio. */
  if (len < 0) len = 0;
  size_t n = (size_t)len;
  char small[256];
  char *line = n + 8 <= sizeof small ? small : malloc(n + 8);
  if (line == NULL) {
    /* Out of memory while panicking: still emit the prefix and the bytes. */
    fputs("panic: ", stderr);
    if (n > 0) fwrite(p, 1, n, stderr);
    fputc('\n', stderr);
    die();
  }
  memcpy(line, "panic: ", 7);
  if (n > 0) memcpy(line + 7, p, n);
  line[7 + n] = '\n';
  fwrite(line, 1, n + 8, stderr);
  die();
}
