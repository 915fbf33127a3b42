/*
 * fz_runtime.h - the public, frozen ABI of the Fzy native runtime.
 *
 * Code emitted by the Fzy backends (LLVM IR and CLIF) calls these symbols
 * directly, so every signature here is part of a binary contract: change one
 * and both backends must change with it. Conventions:
 *   - lengths and indices are int64_t; booleans are returned as int32_t 0/1;
 *   - string views are (const uint8_t *ptr, int64_t len) pairs of UTF-8,
 *     not NUL-terminated; ptr may be NULL when len is 0;
 *   - handles (fz_array *, const fz_str *) are opaque pointers;
 *   - panics print one line to stderr and exit with status FZ_PANIC_STATUS.
 */
#ifndef FZ_RUNTIME_H
#define FZ_RUNTIME_H

#include <stdint.h>

/* 2: adds the fz_trace_* entry points (additive; version 1 code links unchanged).
 * 3: counted objects: fz_retain, fz_release, fz_retain_n, fz_release_each,
 *    fz_cell_new, fz_array_new_of, fz_array_new_filled_of (additive).
 * 4: strings are counted: a string fz_str_trim/replace/concat returns is owned
 *    by the caller (release it with fz_release); interned strings are immortal
 *    (retain/release ignore them). Code built for 3 still runs: it never
 *    releases a string, so those stay allocated, as before.
 *    4 also adds maps (the fz_map_* entry points, map.c) and string operations (fz_panic_str_slice,
 *    fz_view_slice_check, ..., fz_str_parse_error, str_ops.c); additive.
 * 5: a str stored into a runtime object is a counted copy the object owns
 *    (fz_str_from_view), not interned; split arrays own their counted pieces;
 *    fz_view_copy copies a view into a caller's buffer (additive).
 * 6: maps with str keys the map owns (fz_map_new with refs & 2; the
 *    fz_map_*_str entry points take the key as a view; additive). */
#define FZ_RUNTIME_ABI_VERSION 6
#define FZ_PANIC_STATUS 101
/* Exit status of a replay divergence or an unusable trace (trace.c, TRACE.md). */
#define FZ_TRACE_STATUS 102

#if defined(__cplusplus)
#define FZ_NORETURN [[noreturn]]
extern "C" {
#else
#define FZ_NORETURN _Noreturn
#endif

#if defined(__GNUC__) || defined(__clang__)
#define FZ_COLD __attribute__((cold))
#else
#define FZ_COLD
#endif

/* ---- panics: one line on stderr, then exit(101) ---- */
FZ_NORETURN FZ_COLD void fz_panic_bounds(int64_t index, int64_t len);
FZ_NORETURN FZ_COLD void fz_panic_div_zero(void);
FZ_NORETURN FZ_COLD void fz_panic_rem_zero(void);
FZ_NORETURN FZ_COLD void fz_panic_div_overflow(void);
FZ_NORETURN FZ_COLD void fz_panic_rem_overflow(void);
FZ_NORETURN FZ_COLD void fz_panic_unreachable(void);
FZ_NORETURN FZ_COLD void fz_panic_payload(void);
FZ_NORETURN FZ_COLD void fz_panic_str_boundary(int64_t index);
FZ_NORETURN FZ_COLD void fz_panic_msg(const uint8_t *p, int64_t len);

/* ---- policy B arrays: locked handles of 8-byte slots ---- */
typedef struct fz_array fz_array;

fz_array *fz_array_new(int64_t capacity);
fz_array *fz_array_new_filled(int64_t len, int64_t fill);
int64_t fz_array_get(fz_array *a, int64_t index);
void fz_array_set(fz_array *a, int64_t index, int64_t value);
int64_t fz_array_len(fz_array *a);
void fz_array_push(fz_array *a, int64_t value);

/* ---- policy B strings: immutable; interned ones are immortal, created ones
 * counted (the caller owns each result; README "Ownership") ---- */
typedef struct fz_str fz_str;

const fz_str *fz_str_intern(const uint8_t *p, int64_t len);
/* ABI 5: a counted copy of a view, one reference owned by the caller. */
const fz_str *fz_str_from_view(const uint8_t *p, int64_t len);
int64_t fz_str_len(const fz_str *s);
const uint8_t *fz_str_ptr(const fz_str *s);
int32_t fz_str_eq(const fz_str *a, const fz_str *b);
const fz_str *fz_str_trim(const fz_str *s);
const fz_str *fz_str_replace(const fz_str *s, const fz_str *from, const fz_str *to);
const fz_str *fz_str_concat(const fz_str *a, const fz_str *b);
int32_t fz_str_contains(const fz_str *h, const fz_str *n);
int32_t fz_str_starts_with(const fz_str *h, const fz_str *n);
int32_t fz_str_ends_with(const fz_str *h, const fz_str *n);

/* ---- pure view helpers: no locks; Rust str semantics ---- */
int64_t fz_view_find(const uint8_t *h, int64_t hlen, const uint8_t *n, int64_t nlen);
int32_t fz_view_eq(const uint8_t *a, int64_t alen, const uint8_t *b, int64_t blen);
int32_t fz_view_starts_with(const uint8_t *h, int64_t hlen, const uint8_t *n, int64_t nlen);
int32_t fz_view_ends_with(const uint8_t *h, int64_t hlen, const uint8_t *n, int64_t nlen);
int32_t fz_view_contains(const uint8_t *h, int64_t hlen, const uint8_t *n, int64_t nlen);
int64_t fz_view_trim_start(const uint8_t *p, int64_t len);
int64_t fz_view_trim_end(const uint8_t *p, int64_t len);
int64_t fz_view_replace_len(const uint8_t *h, int64_t hlen, const uint8_t *from, int64_t flen,
                            const uint8_t *to, int64_t tlen);
void fz_view_replace(const uint8_t *h, int64_t hlen, const uint8_t *from, int64_t flen,
                     const uint8_t *to, int64_t tlen, uint8_t *out);
void fz_view_concat(const uint8_t *a, int64_t alen, const uint8_t *b, int64_t blen, uint8_t *out);
/* ABI 5: copy len bytes of a view to out. */
void fz_view_copy(const uint8_t *p, int64_t len, uint8_t *out);

/* ---- string operations (ABI version 4; SPEC.md "String operations", str_ops.c) ----
 * Indices are sign-extended i32 (negative: out of bounds); new strings go to
 * a caller's buffer (views) or are counted (handles); split arrays own
 * counted pieces (ABI 5). parse_error: 0 none, 1 Empty, 2 InvalidDigit,
 * 3 PosOverflow, 4 NegOverflow (Rust IntErrorKind). */
FZ_NORETURN FZ_COLD void fz_panic_str_slice(const uint8_t *p, int64_t len, int64_t from, int64_t to);
void fz_view_slice_check(const uint8_t *p, int64_t len, int64_t from, int64_t to);
int32_t fz_view_byte_at(const uint8_t *p, int64_t len, int64_t i);
fz_array *fz_view_split(const uint8_t *p, int64_t len, const uint8_t *sep, int64_t slen);
int64_t fz_view_join_len(fz_array *parts, const uint8_t *sep, int64_t slen);
void fz_view_join(fz_array *parts, const uint8_t *sep, int64_t slen, uint8_t *out);
int64_t fz_view_from_int(int64_t x, uint8_t *out);
int64_t fz_view_parse_int(const uint8_t *p, int64_t len);
int32_t fz_view_parse_error(const uint8_t *p, int64_t len);
const fz_str *fz_str_slice(const fz_str *s, int64_t from, int64_t to);
int64_t fz_str_find(const fz_str *s, const fz_str *needle);
int32_t fz_str_byte_at(const fz_str *s, int64_t i);
fz_array *fz_str_split(const fz_str *s, const fz_str *sep);
const fz_str *fz_str_join(fz_array *parts, const fz_str *sep);
const fz_str *fz_str_from_int(int64_t x);
int64_t fz_str_parse_int(const fz_str *s);
int32_t fz_str_parse_error(const fz_str *s);

/* ---- per-thread temporary arena: 16-byte aligned, never NULL ---- */
uint8_t *fz_arena_alloc(int64_t size);
int64_t fz_arena_mark(void);
void fz_arena_release(int64_t mark);

/* ---- heap cells for policy B structs/enums: zeroed, 16-byte aligned ---- */
void *fz_alloc(int64_t size);

/* ---- counted objects (ABI version 3; README "Ownership") ----
 * Arrays, cells and created strings start with one reference; release frees
 * at zero, and releases what the object refers to. NULL and interned strings
 * are accepted and ignored. */
void fz_retain(void *p);
void fz_retain_n(void *p, int64_t n);
void fz_release(void *p);
void fz_release_each(void *const *refs, int64_t n);
/* A zeroed cell whose shape (shape[0] = n, then n entries (when << 32) |
 * offset) lists the words that hold references. */
void *fz_cell_new(int64_t size, const int64_t *shape);
/* An array whose slots hold references when refs != 0. */
fz_array *fz_array_new_of(int64_t capacity, int64_t refs);
fz_array *fz_array_new_filled_of(int64_t len, int64_t fill, int64_t refs);

/* ---- maps (ABI version 4; map.c, SPEC.md "Maps") ----
 * Insertion-ordered hash maps, counted objects like arrays. Policy B calls
 * get/set/has/remove/len/key_at/value_at with keys and values as 8-byte
 * slots (entries of stride 24; refs != 0: values are references the map
 * owns); they hold the map's lock. Policy A emits the probe inline over the
 * header (len, cap, entries, index, mask, stride at offsets 0, 8, ..., 40)
 * and calls only fz_map_new, fz_map_grow and fz_map_remove_at. */
typedef struct fz_map fz_map;

fz_map *fz_map_new(int64_t stride, int64_t refs);
int64_t fz_map_get(fz_map *m, int64_t key, int64_t dflt);
void fz_map_set(fz_map *m, int64_t key, int64_t value);
int32_t fz_map_has(fz_map *m, int64_t key);
void fz_map_remove(fz_map *m, int64_t key);
int64_t fz_map_len(fz_map *m);
int64_t fz_map_key_at(fz_map *m, int64_t index);
int64_t fz_map_value_at(fz_map *m, int64_t index);
void fz_map_grow(fz_map *m);
void fz_map_remove_at(fz_map *m, int64_t pos);
/* ABI 6: a map made with refs & 2 owns its str keys (counted copies made on
 * first set, released on removal and when the map dies), given as views,
 * hashed and compared by bytes; fz_map_key_at returns the key's handle
 * (borrowed). Policy B only. */
int64_t fz_map_get_str(fz_map *m, const uint8_t *p, int64_t len, int64_t dflt);
void fz_map_set_str(fz_map *m, const uint8_t *p, int64_t len, int64_t value);
int32_t fz_map_has_str(fz_map *m, const uint8_t *p, int64_t len);
void fz_map_remove_str(fz_map *m, const uint8_t *p, int64_t len);

/* ---- record/replay of host calls (ABI version 2; TRACE.md) ----
 * Called by the wrappers of traced host calls, in this order per call:
 * begin, one arg per argument, live (1: call the host; 0: replaying), then
 * one result function, which returns the value the program continues with
 * (the host's in record mode and with tracing off, the trace's in replay). */
void fz_trace_call_begin(const uint8_t *name, int64_t len);
void fz_trace_arg_i64(int64_t v);
void fz_trace_arg_f64(double v);
void fz_trace_arg_str(const fz_str *s);
int32_t fz_trace_live(void);
int64_t fz_trace_result_i64(int64_t v);
double fz_trace_result_f64(double v);
const fz_str *fz_trace_result_str(const fz_str *v);
void fz_trace_result_void(void);

#if defined(__cplusplus)
}
#endif

#endif /* FZ_RUNTIME_H */
