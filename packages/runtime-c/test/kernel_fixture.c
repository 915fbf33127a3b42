/* kernel_fixture.c - a stand-in kernel for testing the harness. */
#include <stdint.h>

#include "fz_runtime.h"

int32_t kernel(int32_t n) {
  if (n == 13) fz_panic_unreachable();
  return (int32_t)((uint32_t)n * 2u + 1u);
}
