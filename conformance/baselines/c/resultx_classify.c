/* resultx_classify (KERNELS.md): enums, switch and small calls. C baseline
 * (the physical limit): the code read through OPAQUE where the .fzir has
 * `opaque`, the loop body unrolled four times as in the original. */
#include "common.h"

enum error_code { INVALID_INPUT, NOT_FOUND, CONFLICT, TIMEOUT, IO, INTERNAL };
enum error_class { C_TRANSPORT, C_PARSE, C_TIMEOUT, C_POLICY, C_INTERNAL };

static enum error_class classify(enum error_code code) {
  switch (code) {
  case IO: return C_TRANSPORT;
  case INVALID_INPUT: return C_PARSE;
  case TIMEOUT: return C_TIMEOUT;
  case CONFLICT: return C_POLICY;
  case NOT_FOUND:
  case INTERNAL: return C_INTERNAL;
  }
  __builtin_unreachable();
}

static int32_t class_score(enum error_class c) {
  switch (c) {
  case C_TRANSPORT: return 11;
  case C_PARSE: return 17;
  case C_TIMEOUT: return 23;
  case C_POLICY: return 31;
  case C_INTERNAL: return 43;
  }
  __builtin_unreachable();
}

/* One unrolled step; a macro so the four copies stay textually identical. */
#define STEP()                                          \
  do {                                                  \
    int32_t c = (int32_t)codes[idx];                    \
    OPAQUE(c);                                          \
    idx += 1;                                           \
    if (idx == 7) idx = 0;                              \
    acc = wadd(acc, class_score(classify((enum error_code)c))) % 251; \
  } while (0)

static int32_t kernel(int32_t n) {
  static const enum error_code codes[7] = {INVALID_INPUT, NOT_FOUND, CONFLICT, TIMEOUT, IO, INTERNAL, INVALID_INPUT};
  int32_t idx = 0, acc = 0;
  for (int32_t i = 0; i < n; i = wadd(i, 4)) {
    STEP();
    STEP();
    STEP();
    STEP();
  }
  return acc;
}
