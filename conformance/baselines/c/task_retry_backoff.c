/* task_retry_backoff (KERNELS.md): an inner loop inside a small call. C
 * baseline (the physical limit); the .fzir has no `opaque`. */
#include "common.h"

static int32_t delay_for_attempt(int32_t attempt, int32_t initial, int32_t max_delay, int32_t factor) {
  int32_t delay = initial;
  for (int32_t i = 1; i < attempt; i = wadd(i, 1)) {
    delay = wmul(delay, factor);
    if (delay > max_delay) delay = max_delay;
  }
  return delay;
}

static int32_t kernel(int32_t n) {
  int32_t attempt = 1, acc = 0;
  for (int32_t i = 0; i < n; i = wadd(i, 1)) {
    int32_t delay = delay_for_attempt(attempt, 3, 89, 2);
    acc = wadd(acc, delay % 251) % 251;
    attempt = wadd(attempt, 1);
    if (attempt > 7) attempt = 1;
  }
  return acc;
}
