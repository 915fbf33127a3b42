/*
 * panic_main.c - triggers one runtime panic selected by argv[1], so the ava
 * test can check its exact stderr line and exit status. Reaching the end of
 * main is itself a failure (status 3): every mode must not return.
 */
#include <stdio.h>
#include <string.h>

#include "fz_runtime.h"

static const uint8_t *u8(const char *s) { return (const uint8_t *)s; }

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: panic_main MODE\n");
    return 2;
  }
  const char *m = argv[1];
  if (!strcmp(m, "bounds")) fz_panic_bounds(5, 3);
  if (!strcmp(m, "bounds_negative")) fz_panic_bounds(-1, 0);
  if (!strcmp(m, "div_zero")) fz_panic_div_zero();
  if (!strcmp(m, "rem_zero")) fz_panic_rem_zero();
  if (!strcmp(m, "div_overflow")) fz_panic_div_overflow();
  if (!strcmp(m, "rem_overflow")) fz_panic_rem_overflow();
  if (!strcmp(m, "unreachable")) fz_panic_unreachable();
  if (!strcmp(m, "payload")) fz_panic_payload();
  if (!strcmp(m, "str_boundary")) fz_panic_str_boundary(7);
  if (!strcmp(m, "msg")) {
    static const char msg[] = "custom message: \xc3\xbc";
    fz_panic_msg(u8(msg), (int64_t)sizeof msg - 1);
  }
  if (!strcmp(m, "msg_empty")) fz_panic_msg(NULL, 0);
  if (!strcmp(m, "msg_long")) {
    static uint8_t long_msg[1000];
    memset(long_msg, 'z', sizeof long_msg);
    fz_panic_msg(long_msg, (int64_t)sizeof long_msg);
  }
  if (!strcmp(m, "array_get")) {
    fz_array *a = fz_array_new_filled(3, 0);
    fz_array_get(a, 3);
  }
  if (!strcmp(m, "array_set")) {
    fz_array *a = fz_array_new(8);
    fz_array_push(a, 1);
    fz_array_set(a, -1, 0);
  }
  if (!strcmp(m, "arena_release")) fz_arena_release(fz_arena_mark() + 16);
  if (!strcmp(m, "stdout_flushed")) {
    /* Buffered program output must survive the panic. */
    fputs("partial output\n", stdout);
    fz_panic_unreachable();
  }
  fprintf(stderr, "panic_main: mode '%s' returned\n", m);
  return 3;
}
