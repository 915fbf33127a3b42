/*
 * internal.h - declarations shared between runtime sources, not part of the
 * ABI. Every source includes this first so the POSIX feature macro is set
 * before any system header is seen.
 */
#ifndef FZ_INTERNAL_H
#define FZ_INTERNAL_H

#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <stddef.h>
#include <stdint.h>

#include "fz_runtime.h"

/* Panics for runtime-internal failures (allocation, misuse). Same contract
 * as the public panics: one line "panic: <text>" on stderr, exit(101). */
FZ_NORETURN FZ_COLD void fz__panic_text(const char *text);
FZ_NORETURN FZ_COLD void fz__panic_oom(int64_t size);

/* Round a non-negative size up to the 16-byte allocation granule; panics
 * with "capacity overflow" on negative or unrepresentable sizes. */
int64_t fz__round16(int64_t size);

/* Decode one UTF-8 scalar at p (len > 0 bytes available). Returns its byte
 * length 1..4 and stores the code point, or 0 if the bytes there are not a
 * well-formed sequence (overlong, surrogate, > U+10FFFF, truncated). */
int fz__utf8_decode(const uint8_t *p, int64_t len, uint32_t *cp);

/* Rust char::is_whitespace (Unicode White_Space). */
int fz__is_whitespace(uint32_t cp);

#endif /* FZ_INTERNAL_H */
