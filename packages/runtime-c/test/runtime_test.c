/*
 * runtime_test.c - tests of the runtime through its public header only.
 *
 * Every check counts; failures print file:line and the expression, and the
 * program exits 1 if any failed. Views are passed in exact-size heap copies
 * so that AddressSanitizer catches any read past a view's end. Built also
 * with -DFZ_INTERN_WEAK_HASH (together with the runtime sources), where all
 * strings collide in the intern table; the string counts shrink then, since
 * every lookup becomes a scan of one long probe run.
 */
#define _POSIX_C_SOURCE 200809L

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fz_runtime.h"

static int checks, failures;

#define CHECK(cond)                                                     \
  do {                                                                  \
    checks++;                                                           \
    if (!(cond)) {                                                      \
      failures++;                                                       \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
    }                                                                   \
  } while (0)

#define CHECK_EQ(a, b)                                                        \
  do {                                                                        \
    int64_t va_ = (int64_t)(a), vb_ = (int64_t)(b);                           \
    checks++;                                                                 \
    if (va_ != vb_) {                                                         \
      failures++;                                                             \
      fprintf(stderr, "%s:%d: %s == %s failed: %" PRId64 " != %" PRId64 "\n", \
              __FILE__, __LINE__, #a, #b, va_, vb_);                          \
    }                                                                         \
  } while (0)

#ifdef FZ_INTERN_WEAK_HASH
#define MANY_STRINGS 3000
#else
#define MANY_STRINGS 200000
#endif

/* ---- exact-size views: NULL for empty ones, to test that case too ---- */

#define MAX_VIEWS 4096
static uint8_t *views[MAX_VIEWS];
static int n_views;

static const uint8_t *view(const char *s, int64_t n) {
  if (n == 0) return NULL;
  uint8_t *p = malloc((size_t)n);
  memcpy(p, s, (size_t)n);
  if (n_views < MAX_VIEWS) views[n_views++] = p;
  return p;
}

static void views_free(void) {
  while (n_views > 0) free(views[--n_views]);
}

/* A C string literal as an exact-size view: V("ab") -> ptr, 2 */
#define V(s) view((s), (int64_t)sizeof(s) - 1), (int64_t)sizeof(s) - 1

static const fz_str *S(const char *s) { return fz_str_intern((const uint8_t *)s, (int64_t)strlen(s)); }

static int str_is(const fz_str *s, const char *want, int64_t n) {
  return fz_str_len(s) == n && memcmp(fz_str_ptr(s), want, (size_t)n) == 0;
}
#define STR_IS(s, lit) str_is((s), (lit), (int64_t)sizeof(lit) - 1)

/* Handles the runtime never frees; kept reachable for LeakSanitizer. */
static void *keep[64];
static int n_keep;
static void *kept(void *p) {
  keep[n_keep++] = p;
  return p;
}

/* ---- intern table ---- */

static const fz_str **many;

static void test_intern_basic(void) {
  const fz_str *a = S("hello"), *b = S("hello"), *c = S("hellp");
  CHECK(a == b);
  CHECK(a != c);
  CHECK(fz_str_eq(a, b) == 1);
  CHECK(fz_str_eq(a, c) == 0);
  CHECK_EQ(fz_str_len(a), 5);
  CHECK(memcmp(fz_str_ptr(a), "hello", 5) == 0);

  const fz_str *e1 = fz_str_intern(NULL, 0), *e2 = S("");
  CHECK(e1 == e2);
  CHECK_EQ(fz_str_len(e1), 0);
  CHECK(fz_str_ptr(e1) != NULL);

  /* Embedded NULs are content, not terminators. */
  const fz_str *n1 = fz_str_intern(V("a\0b")), *n2 = fz_str_intern(V("a\0c")), *n3 = S("a");
  CHECK(n1 != n2 && n1 != n3 && n2 != n3);
  CHECK(n1 == fz_str_intern(V("a\0b")));
  CHECK_EQ(fz_str_len(n1), 3);
  views_free();
}

static void test_intern_many(void) {
  many = calloc(MANY_STRINGS, sizeof *many);
  char buf[32];
  for (int i = 0; i < MANY_STRINGS; i++) {
    int n = snprintf(buf, sizeof buf, "s%d", i);
    many[i] = fz_str_intern((const uint8_t *)buf, n);
  }
  /* After all the resizes every string must still be found, unchanged. */
  int bad = 0;
  for (int i = 0; i < MANY_STRINGS; i++) {
    int n = snprintf(buf, sizeof buf, "s%d", i);
    const fz_str *s = fz_str_intern((const uint8_t *)buf, n);
    if (s != many[i] || !str_is(s, buf, n)) bad++;
  }
  CHECK_EQ(bad, 0);
  free(many);
}

/* Anagrams and same-length strings: equal FNV inputs are unlikely but equal
 * slots are certain in a table this full; correctness must not depend on
 * the hash separating them. */
static void test_intern_collisions(void) {
  const char *words[] = {"abc", "acb", "bac", "bca", "cab", "cba", "ab", "ba", "abcd", "abdc"};
  const fz_str *first[10];
  for (int i = 0; i < 10; i++) first[i] = S(words[i]);
  for (int i = 0; i < 10; i++) {
    CHECK(S(words[i]) == first[i]);
    CHECK(str_is(first[i], words[i], (int64_t)strlen(words[i])));
    for (int j = 0; j < i; j++) CHECK(first[i] != first[j]);
  }
}

#define THREADS 4
#define PER_THREAD 5000

static const fz_str *thread_results[THREADS][PER_THREAD];

static void *intern_worker(void *arg) {
  int t = (int)(intptr_t)arg;
  char buf[32];
  /* Each thread walks the same set in a different order. */
  for (int k = 0; k < PER_THREAD; k++) {
    int i = t % 2 ? PER_THREAD - 1 - k : k;
    int n = snprintf(buf, sizeof buf, "thread-%d", i);
    thread_results[t][i] = fz_str_intern((const uint8_t *)buf, n);
  }
  return NULL;
}

static void test_intern_threads(void) {
  pthread_t th[THREADS];
  for (int t = 0; t < THREADS; t++) pthread_create(&th[t], NULL, intern_worker, (void *)(intptr_t)t);
  for (int t = 0; t < THREADS; t++) pthread_join(th[t], NULL);
  int bad = 0;
  for (int i = 0; i < PER_THREAD; i++)
    for (int t = 1; t < THREADS; t++)
      if (thread_results[t][i] != thread_results[0][i]) bad++;
  CHECK_EQ(bad, 0);
}

/* An operation's result: its bytes equal `want`, it compares equal to the
 * interned `want`, and releasing it (its one reference) frees it or, when it
 * is an input, leaves the input alive (ASan would catch either mistake). */
static int result_is(const fz_str *r, const char *want) {
  int ok = str_is(r, want, (int64_t)strlen(want)) && fz_str_eq(r, S(want)) && fz_str_eq(S(want), r);
  fz_release((void *)r);
  return ok;
}

static void test_str_ops(void) {
  CHECK(result_is(fz_str_trim(S("  hi \n")), "hi"));
  CHECK(result_is(fz_str_trim(S("hi")), "hi"));
  CHECK(result_is(fz_str_trim(S(" \t ")), ""));
  CHECK(result_is(fz_str_trim(S("\xe3\x80\x80 a\xc2\xa0")), "a"));
  CHECK(result_is(fz_str_replace(S("a-b-c"), S("-"), S("+")), "a+b+c"));
  CHECK(result_is(fz_str_replace(S("abc"), S(""), S(".")), ".a.b.c."));
  CHECK(result_is(fz_str_replace(S("abc"), S("x"), S("y")), "abc"));
  CHECK(result_is(fz_str_concat(S("foo"), S("bar")), "foobar"));
  CHECK(result_is(fz_str_concat(S(""), S("bar")), "bar"));
  CHECK(result_is(fz_str_concat(S("foo"), S("")), "foo"));
  /* An interned string is immortal: releases beyond its references change nothing. */
  const fz_str *lit = S("immortal");
  for (int i = 0; i < 3; i++) fz_release((void *)lit);
  CHECK(lit == S("immortal") && STR_IS(lit, "immortal"));
  /* Created strings are not interned: equal bytes, different objects, equal by fz_str_eq. */
  const fz_str *c1 = fz_str_concat(S("ab"), S("cd")), *c2 = fz_str_concat(S("a"), S("bcd"));
  CHECK(c1 != c2 && c1 != S("abcd"));
  CHECK_EQ(fz_str_eq(c1, c2), 1);
  CHECK_EQ(fz_str_eq(c1, S("abce")), 0);
  /* Counted results of results: an operation on a counted string, then both freed. */
  fz_retain((void *)c1);
  const fz_str *c3 = fz_str_concat(c1, c2);
  fz_release((void *)c1);
  CHECK(STR_IS(c1, "abcd") && STR_IS(c3, "abcdabcd"));
  fz_release((void *)c1);
  fz_release((void *)c2);
  CHECK(result_is(c3, "abcdabcd"));
  /* Long results. */
  char big[1000];
  memset(big, 'x', sizeof big - 1);
  big[sizeof big - 1] = 0;
  const fz_str *r = fz_str_replace(S(big), S("x"), S("yz"));
  CHECK_EQ(fz_str_len(r), 2 * 999);
  fz_release((void *)r);
  const fz_str *twice = fz_str_concat(S(big), S(big)), *doubled = fz_str_replace(S(big), S("x"), S("xx"));
  CHECK_EQ(fz_str_eq(twice, doubled), 1);
  fz_release((void *)twice);
  fz_release((void *)doubled);
  CHECK_EQ(fz_str_contains(S("haystack"), S("st")), 1);
  CHECK_EQ(fz_str_contains(S("haystack"), S("ts")), 0);
  CHECK_EQ(fz_str_contains(S("haystack"), S("")), 1);
  CHECK_EQ(fz_str_starts_with(S("haystack"), S("hay")), 1);
  CHECK_EQ(fz_str_starts_with(S("haystack"), S("stack")), 0);
  CHECK_EQ(fz_str_ends_with(S("haystack"), S("stack")), 1);
  CHECK_EQ(fz_str_ends_with(S("haystack"), S("hay")), 0);
}

/* ---- arrays ---- */

static void test_array_basic(void) {
  fz_array *a = kept(fz_array_new(0));
  CHECK_EQ(fz_array_len(a), 0);
  for (int64_t i = 0; i < 1000; i++) fz_array_push(a, i * i - 500);
  CHECK_EQ(fz_array_len(a), 1000);
  int bad = 0;
  for (int64_t i = 0; i < 1000; i++)
    if (fz_array_get(a, i) != i * i - 500) bad++;
  CHECK_EQ(bad, 0);
  fz_array_set(a, 0, INT64_MIN);
  fz_array_set(a, 999, INT64_MAX);
  CHECK(fz_array_get(a, 0) == INT64_MIN);
  CHECK(fz_array_get(a, 999) == INT64_MAX);
  CHECK_EQ(fz_array_get(a, 1), 1 - 500);

  fz_array *f = kept(fz_array_new_filled(5, -7));
  CHECK_EQ(fz_array_len(f), 5);
  CHECK_EQ(fz_array_get(f, 0), -7);
  CHECK_EQ(fz_array_get(f, 4), -7);
  fz_array_push(f, 9);
  CHECK_EQ(fz_array_len(f), 6);
  CHECK_EQ(fz_array_get(f, 5), 9);

  fz_array *c = kept(fz_array_new(100));
  CHECK_EQ(fz_array_len(c), 0);
  fz_array_push(c, 42);
  CHECK_EQ(fz_array_len(c), 1);
  CHECK_EQ(fz_array_get(c, 0), 42);

  fz_array *z = kept(fz_array_new_filled(0, 1));
  CHECK_EQ(fz_array_len(z), 0);
}

static fz_array *shared;

static void *push_worker(void *arg) {
  int64_t t = (int64_t)(intptr_t)arg;
  for (int64_t i = 0; i < 10000; i++) fz_array_push(shared, t * 100000 + i);
  return NULL;
}

static void test_array_threads(void) {
  shared = kept(fz_array_new(1));
  pthread_t th[THREADS];
  for (int t = 0; t < THREADS; t++) pthread_create(&th[t], NULL, push_worker, (void *)(intptr_t)t);
  for (int t = 0; t < THREADS; t++) pthread_join(th[t], NULL);
  CHECK_EQ(fz_array_len(shared), THREADS * 10000);
  int64_t sum = 0, want = 0;
  for (int64_t i = 0; i < fz_array_len(shared); i++) sum += fz_array_get(shared, i);
  for (int64_t t = 0; t < THREADS; t++) want += t * 100000 * 10000 + 10000 * 9999 / 2;
  CHECK_EQ(sum, want);
}

/* ---- views ---- */

static void test_find(void) {
  CHECK_EQ(fz_view_find(V("hello"), V("ll")), 2);
  CHECK_EQ(fz_view_find(V("hello"), V("")), 0);
  CHECK_EQ(fz_view_find(NULL, 0, NULL, 0), 0);
  CHECK_EQ(fz_view_find(V(""), V("a")), -1);
  CHECK_EQ(fz_view_find(V("aaa"), V("aaaa")), -1);
  CHECK_EQ(fz_view_find(V("abcabc"), V("cab")), 2);
  CHECK_EQ(fz_view_find(V("abc"), V("c")), 2);
  CHECK_EQ(fz_view_find(V("abc"), V("abc")), 0);
  CHECK_EQ(fz_view_find(V("abc"), V("bcd")), -1);
  CHECK_EQ(fz_view_find(V("aab"), V("ab")), 1);
  CHECK_EQ(fz_view_find(V("aaab"), V("aab")), 1);
  CHECK_EQ(fz_view_find(V("xxxxxxxxy"), V("xy")), 7);
  CHECK_EQ(fz_view_find(V("a\0b\0c"), V("\0c")), 3);
  CHECK_EQ(fz_view_find(V("日本語"), V("語")), 6);
  CHECK_EQ(fz_view_contains(V("hello"), V("lo")), 1);
  CHECK_EQ(fz_view_contains(V("hello"), V("ol")), 0);
  CHECK_EQ(fz_view_contains(V(""), V("")), 1);
  views_free();
}

static void test_eq_affixes(void) {
  CHECK_EQ(fz_view_eq(V("abc"), V("abc")), 1);
  CHECK_EQ(fz_view_eq(V("abc"), V("abd")), 0);
  CHECK_EQ(fz_view_eq(V("abc"), V("ab")), 0);
  CHECK_EQ(fz_view_eq(NULL, 0, V("")), 1);
  CHECK_EQ(fz_view_starts_with(V("abc"), V("ab")), 1);
  CHECK_EQ(fz_view_starts_with(V("abc"), V("")), 1);
  CHECK_EQ(fz_view_starts_with(V("abc"), V("abcd")), 0);
  CHECK_EQ(fz_view_starts_with(V("abc"), V("b")), 0);
  CHECK_EQ(fz_view_starts_with(V(""), V("")), 1);
  CHECK_EQ(fz_view_ends_with(V("abc"), V("bc")), 1);
  CHECK_EQ(fz_view_ends_with(V("abc"), V("")), 1);
  CHECK_EQ(fz_view_ends_with(V("abc"), V("zabc")), 0);
  CHECK_EQ(fz_view_ends_with(V("abc"), V("b")), 0);
  views_free();
}

static int encode(uint32_t cp, char *out) {
  if (cp < 0x80) return out[0] = (char)cp, 1;
  if (cp < 0x800) return out[0] = (char)(0xC0 | cp >> 6), out[1] = (char)(0x80 | (cp & 0x3F)), 2;
  if (cp < 0x10000) {
    out[0] = (char)(0xE0 | cp >> 12), out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | cp >> 18), out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((cp >> 6) & 0x3F)), out[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

/* Rust's char::is_whitespace, written out as the list the ABI documents. */
static int expect_ws(uint32_t c) {
  return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
         c == 0x205F || c == 0x3000;
}

static void test_trim(void) {
  CHECK_EQ(fz_view_trim_start(V("  hi  ")), 2);
  CHECK_EQ(fz_view_trim_end(V("  hi  ")), 4);
  CHECK_EQ(fz_view_trim_start(V("\t\n\v\f\r ")), 6);
  CHECK_EQ(fz_view_trim_end(V("\t\n\v\f\r ")), 0);
  CHECK_EQ(fz_view_trim_start(NULL, 0), 0);
  CHECK_EQ(fz_view_trim_end(NULL, 0), 0);
  CHECK_EQ(fz_view_trim_start(V("hi")), 0);
  CHECK_EQ(fz_view_trim_end(V("hi")), 2);
  /* U+3000, ' ', 'a', U+00A0 */
  CHECK_EQ(fz_view_trim_start(V("\xe3\x80\x80 a\xc2\xa0")), 4);
  CHECK_EQ(fz_view_trim_end(V("\xe3\x80\x80 a\xc2\xa0")), 5);
  /* U+2029 U+0085 x U+205F U+1680 */
  CHECK_EQ(fz_view_trim_start(V("\xe2\x80\xa9\xc2\x85x\xe2\x81\x9f\xe1\x9a\x80")), 5);
  CHECK_EQ(fz_view_trim_end(V("\xe2\x80\xa9\xc2\x85x\xe2\x81\x9f\xe1\x9a\x80")), 6);
  /* Non-whitespace lookalikes: U+200B, U+180E, U+FEFF, U+00A1. */
  CHECK_EQ(fz_view_trim_start(V("\xe2\x80\x8b")), 0);
  CHECK_EQ(fz_view_trim_start(V("\xe1\xa0\x8e")), 0);
  CHECK_EQ(fz_view_trim_end(V("\xef\xbb\xbf")), 3);
  CHECK_EQ(fz_view_trim_end(V("\xc2\xa1")), 2);

  /* Every scalar value, alone and between ASCII letters. */
  int bad = 0;
  for (uint32_t c = 0; c <= 0x10FFFF; c++) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    char buf[6];
    buf[0] = 'x';
    int n = encode(c, buf + 1);
    buf[n + 1] = 'y';
    const uint8_t *p = (const uint8_t *)buf;
    int ws = expect_ws(c);
    if (fz_view_trim_start(p + 1, n) != (ws ? n : 0)) bad++;
    if (fz_view_trim_end(p + 1, n) != (ws ? 0 : n)) bad++;
    if (fz_view_trim_start(p, n + 2) != 0 || fz_view_trim_end(p, n + 2) != n + 2) bad++;
  }
  CHECK_EQ(bad, 0);

  /* Invalid UTF-8 is non-whitespace and never read past. */
  CHECK_EQ(fz_view_trim_start(V("\xc2")), 0);         /* truncated U+00A0 */
  CHECK_EQ(fz_view_trim_end(V("\xc2")), 1);
  CHECK_EQ(fz_view_trim_start(V("\xe3\x80")), 0);     /* truncated U+3000 */
  CHECK_EQ(fz_view_trim_end(V("\xe3\x80")), 2);
  CHECK_EQ(fz_view_trim_end(V(" \xe3\x80")), 3);
  CHECK_EQ(fz_view_trim_start(V(" \x80")), 1);        /* stray continuation */
  CHECK_EQ(fz_view_trim_end(V("\x80 ")), 1);
  CHECK_EQ(fz_view_trim_end(V("a\xa0")), 2);          /* U+00A0 without lead */
  CHECK_EQ(fz_view_trim_end(V("\x80\xe3\x80\x80")), 1);
  CHECK_EQ(fz_view_trim_end(V("\x80\x80\x80\x80")), 4);
  CHECK_EQ(fz_view_trim_end(V("\xe3\x80\x80\x80")), 4); /* lead + three tails */
  CHECK_EQ(fz_view_trim_start(V("\xc0\xa0")), 0);     /* overlong ' ' */
  CHECK_EQ(fz_view_trim_end(V("\xc0\xa0")), 2);
  CHECK_EQ(fz_view_trim_start(V("\xe0\x80\xa0")), 0); /* overlong ' ' */
  CHECK_EQ(fz_view_trim_start(V("\xed\xa0\x80")), 0); /* surrogate */
  CHECK_EQ(fz_view_trim_start(V("\xf8\x88\x80\x80\x80")), 0);
  CHECK_EQ(fz_view_trim_start(V("\xff")), 0);
  CHECK_EQ(fz_view_trim_end(V("\xff")), 1);
  views_free();
}

/* Replace through the ABI into an exact-size buffer; compares with want. */
static int replace_is(const char *h, int64_t hl, const char *f, int64_t fl, const char *t, int64_t tl,
                      const char *want, int64_t wl) {
  const uint8_t *hp = view(h, hl), *fp = view(f, fl), *tp = view(t, tl);
  int64_t n = fz_view_replace_len(hp, hl, fp, fl, tp, tl);
  if (n != wl) {
    fprintf(stderr, "replace_len: got %" PRId64 ", want %" PRId64 "\n", n, wl);
    return 0;
  }
  uint8_t *out = n > 0 ? malloc((size_t)n) : NULL;
  fz_view_replace(hp, hl, fp, fl, tp, tl, out);
  int ok = n == 0 || memcmp(out, want, (size_t)n) == 0;
  free(out);
  return ok;
}
#define L(s) (s), (int64_t)sizeof(s) - 1
#define REPLACE(h, f, t, want) CHECK(replace_is(L(h), L(f), L(t), L(want)))

static void test_replace(void) {
  REPLACE("hello world", "o", "0", "hell0 w0rld");
  REPLACE("aaaa", "aa", "b", "bb");
  REPLACE("aaa", "aa", "b", "ba");
  REPLACE("abc", "", "-", "-a-b-c-");
  REPLACE("", "", "x", "x");
  REPLACE("", "", "", "");
  REPLACE("", "a", "x", "");
  REPLACE("h\xc3\xa9llo", "", "|", "|h|\xc3\xa9|l|l|o|");
  REPLACE("日本語", "", "/", "/日/本/語/");
  REPLACE("日本語", "本", "X", "日X語");
  REPLACE("abc", "abc", "", "");
  REPLACE("abc", "x", "yy", "abc");
  REPLACE("a.b.c", ".", "::", "a::b::c");
  REPLACE("..", ".", "", "");
  REPLACE("abab", "ab", "abab", "abababab");
  REPLACE("a\xff" "b", "", "-", "-a-\xff-b-");
  REPLACE("x\xe3\x80", "", "-", "-x-\xe3-\x80-"); /* truncated: byte by byte */
  views_free();
}

/* Straightforward reference implementations for randomized comparison. */
static int64_t ref_find(const uint8_t *h, int64_t hl, const uint8_t *n, int64_t nl) {
  for (int64_t i = 0; i + nl <= hl; i++)
    if (nl == 0 || memcmp(h + i, n, (size_t)nl) == 0) return i;
  return -1;
}

static int64_t ref_replace(const uint8_t *h, int64_t hl, const uint8_t *f, int64_t fl, const uint8_t *t,
                           int64_t tl, uint8_t *out) {
  int64_t o = 0;
  for (int64_t i = 0; i < hl;) {
    if (fl == 0) {
      if ((h[i] & 0xC0) != 0x80) memcpy(out + o, t, (size_t)tl), o += tl;
      out[o++] = h[i++];
    } else if (i + fl <= hl && memcmp(h + i, f, (size_t)fl) == 0) {
      memcpy(out + o, t, (size_t)tl), o += tl, i += fl;
    } else {
      out[o++] = h[i++];
    }
  }
  if (fl == 0) memcpy(out + o, t, (size_t)tl), o += tl;
  return o;
}

static uint32_t rng = 12345;
static uint32_t next_rand(void) {
  rng ^= rng << 13, rng ^= rng >> 17, rng ^= rng << 5;
  return rng;
}

/* Random valid UTF-8 from a tiny alphabet, so matches are frequent. */
static int64_t random_text(uint8_t *out, int max_chars) {
  static const char *alphabet[] = {"a", "b", " ", "\xc3\xa9", "\xe3\x80\x80"};
  int64_t n = 0;
  int chars = (int)(next_rand() % (uint32_t)(max_chars + 1));
  for (int i = 0; i < chars; i++) {
    const char *s = alphabet[next_rand() % 5];
    size_t l = strlen(s);
    memcpy(out + n, s, l);
    n += (int64_t)l;
  }
  return n;
}

static void test_random_views(void) {
  int bad_find = 0, bad_replace = 0;
  for (int iter = 0; iter < 20000; iter++) {
    uint8_t hb[64], fb[16], tb[16], want[2048], got[2048];
    int64_t hl = random_text(hb, 12), fl = random_text(fb, 3), tl = random_text(tb, 3);
    /* Exact-size copies so overreads are caught under ASan. */
    const uint8_t *h = view((char *)hb, hl), *f = view((char *)fb, fl), *t = view((char *)tb, tl);
    if (fz_view_find(h, hl, f, fl) != ref_find(hb, hl, fb, fl)) bad_find++;
    int64_t wl = ref_replace(hb, hl, fb, fl, tb, tl, want);
    int64_t n = fz_view_replace_len(h, hl, f, fl, t, tl);
    if (n != wl) {
      bad_replace++;
    } else {
      fz_view_replace(h, hl, f, fl, t, tl, got);
      if (memcmp(got, want, (size_t)n) != 0) bad_replace++;
    }
    views_free();
  }
  CHECK_EQ(bad_find, 0);
  CHECK_EQ(bad_replace, 0);
}

static void test_concat(void) {
  uint8_t out[8];
  fz_view_concat(V("ab"), V("cd"), out);
  CHECK(memcmp(out, "abcd", 4) == 0);
  fz_view_concat(NULL, 0, V("xyz"), out);
  CHECK(memcmp(out, "xyz", 3) == 0);
  fz_view_concat(V("pq"), NULL, 0, out);
  CHECK(memcmp(out, "pq", 2) == 0);
  fz_view_concat(NULL, 0, NULL, 0, NULL); /* nothing to write, nothing touched */
  views_free();
}

/* ---- arena ---- */

static int aligned16(const void *p) { return ((uintptr_t)p & 15) == 0; }

static void test_arena(void) {
  int64_t m0 = fz_arena_mark();
  int bad = 0;
  for (int64_t s = 0; s < 100; s++) {
    uint8_t *p = fz_arena_alloc(s);
    if (p == NULL || !aligned16(p)) bad++;
    memset(p, 0xAB, (size_t)s);
  }
  CHECK_EQ(bad, 0);

  /* Nested marks behave like a stack and reuse the same memory. */
  int64_t m1 = fz_arena_mark();
  uint8_t *a = fz_arena_alloc(40);
  int64_t m2 = fz_arena_mark();
  uint8_t *b = fz_arena_alloc(24);
  fz_arena_release(m2);
  CHECK(fz_arena_mark() == m2);
  CHECK(fz_arena_alloc(24) == b);
  fz_arena_release(m1);
  CHECK(fz_arena_alloc(40) == a);
  fz_arena_release(fz_arena_mark()); /* releasing to "now" changes nothing */
  CHECK(fz_arena_alloc(1) == a + 48);

  /* Many allocations across many chunks, then the same sequence again after
   * a release: the same addresses come back, so chunks are reused. */
  enum { N = 20000 };
  static uint8_t *first[N];
  fz_arena_release(m0);
  for (int i = 0; i < N; i++) {
    int64_t size = 1 + (int64_t)((uint32_t)i * 2654435761u % 1500);
    first[i] = fz_arena_alloc(size);
    memset(first[i], i & 0xFF, (size_t)size);
  }
  int corrupt = 0;
  for (int i = 0; i < N; i++) {
    int64_t size = 1 + (int64_t)((uint32_t)i * 2654435761u % 1500);
    for (int64_t k = 0; k < size; k++)
      if (first[i][k] != (uint8_t)(i & 0xFF)) corrupt++;
  }
  CHECK_EQ(corrupt, 0);
  CHECK(fz_arena_mark() - m0 >= (int64_t)N * 16);
  fz_arena_release(m0);
  int moved = 0;
  for (int i = 0; i < N; i++) {
    int64_t size = 1 + (int64_t)((uint32_t)i * 2654435761u % 1500);
    if (fz_arena_alloc(size) != first[i]) moved++;
  }
  CHECK_EQ(moved, 0);
  fz_arena_release(m0);

  /* Requests bigger than any chunk get a chunk of their own. */
  uint8_t *big = fz_arena_alloc(10 << 20);
  CHECK(aligned16(big));
  memset(big, 1, 10 << 20);
  uint8_t *after = fz_arena_alloc(32);
  memset(after, 2, 32);
  CHECK(big[(10 << 20) - 1] == 1);
  fz_arena_release(m0);
  CHECK(fz_arena_mark() == m0);
}

static void *arena_worker(void *arg) {
  (void)arg;
  /* A fresh thread starts with an empty arena of its own. */
  int64_t *ok = malloc(sizeof *ok);
  *ok = fz_arena_mark() == 0;
  uint8_t *p = fz_arena_alloc(100000);
  memset(p, 3, 100000);
  *ok = *ok && fz_arena_mark() >= 100000;
  return ok;
}

static void test_arena_threads(void) {
  int64_t before = fz_arena_mark();
  uint8_t *mine = fz_arena_alloc(64);
  memset(mine, 7, 64);
  pthread_t th;
  void *ok = NULL;
  pthread_create(&th, NULL, arena_worker, NULL);
  pthread_join(th, &ok);
  CHECK(ok != NULL && *(int64_t *)ok == 1);
  free(ok);
  CHECK(mine[63] == 7);
  CHECK(fz_arena_mark() == before + 64);
  fz_arena_release(before);
}

/* ---- heap cells ---- */

static void test_alloc(void) {
  const int64_t sizes[] = {0, 1, 15, 16, 17, 100, 4096};
  for (int i = 0; i < 7; i++) {
    uint8_t *p = kept(fz_alloc(sizes[i]));
    CHECK(p != NULL && aligned16(p));
    int nonzero = 0;
    for (int64_t k = 0; k < sizes[i]; k++) nonzero += p[k] != 0;
    CHECK_EQ(nonzero, 0);
    memset(p, 0xFF, (size_t)sizes[i]);
  }
  CHECK(keep[n_keep - 1] != keep[n_keep - 2]);
}

/* ---- reference counts (rc.c): ASan catches a premature free, LSan a missed one ---- */

static void test_rc_cells(void) {
  /* A struct cell whose words 0 and 8 hold references; the child is freed with it. */
  static const int64_t pair_shape[] = {2, 0, 8};
  void **outer = fz_cell_new(24, pair_shape);
  CHECK(aligned16(outer) && outer[0] == NULL && outer[1] == NULL);
  fz_array *child = fz_array_new(2);
  fz_array_push(child, 7);
  outer[0] = child; /* the cell takes the creator's reference */
  fz_retain(child);
  outer[1] = child; /* and one more */
  fz_release(outer);
  fz_release(NULL);
  fz_retain(NULL);
  /* An enum cell: the payload at 8 is a reference only for tag 1. */
  static const int64_t enum_shape[] = {1, (int64_t)((2ull << 32) | 8)};
  int32_t *e1 = fz_cell_new(16, enum_shape);
  e1[0] = 1;
  *(void **)((uint8_t *)e1 + 8) = fz_alloc(8);
  fz_release(e1);
  int32_t *e0 = fz_cell_new(16, enum_shape);
  e0[0] = 0;
  *(int64_t *)((uint8_t *)e0 + 8) = 12345; /* a scalar payload: not released */
  fz_release(e0);
}

static void test_rc_arrays(void) {
  fz_array *cell_of = fz_alloc(8);
  fz_array *a = fz_array_new_filled_of(3, (int64_t)(intptr_t)cell_of, 1); /* three slot references */
  fz_release(cell_of);                                                   /* the creator's one */
  fz_array_set(a, 1, (int64_t)(intptr_t)fz_alloc(8));                     /* releases one old reference */
  fz_array_push(a, 0);                                                    /* NULL slots are skipped */
  CHECK_EQ(fz_array_len(a), 4);
  void *fill = fz_alloc(8); /* the fill is borrowed: counted once per slot, none here */
  fz_array *empty = fz_array_new_filled_of(0, (int64_t)(intptr_t)fill, 1);
  CHECK_EQ(fz_array_len(empty), 0);
  fz_release(fill);
  fz_release((void *)(intptr_t)0); /* no-op */
  fz_release(empty);
  fz_release(a);
  /* A stack array of references released in one call. */
  void *slots[3] = {fz_alloc(8), fz_array_new(4), NULL};
  fz_retain_n(slots[0], 2);
  fz_release_each(slots, 3);
  fz_release(slots[0]);
  fz_release(slots[0]);
  /* A long chain (array -> array -> ...) frees without deep recursion. */
  fz_array *head = fz_array_new_of(1, 1);
  for (int i = 0; i < 200000; i++) {
    fz_array *next = fz_array_new_of(1, 1);
    fz_array_push(next, (int64_t)(intptr_t)head);
    head = next;
  }
  fz_release(head);
}

static void *shared_rc;

static void *rc_worker(void *arg) {
  (void)arg;
  for (int i = 0; i < 100000; i++) {
    fz_retain(shared_rc);
    fz_release(shared_rc);
  }
  /* Objects made here are released by the main thread (they cross threads). */
  fz_array *made = fz_array_new_of(0, 1);
  for (int i = 0; i < 100; i++) {
    fz_retain(shared_rc);
    fz_array_push(made, (int64_t)(intptr_t)shared_rc);
  }
  return made;
}

/* Counted strings across threads: one shared string retained and released
 * from every thread, new strings made and freed on each (its free lists),
 * and some made on a worker and freed by the main thread. */
static const fz_str *shared_str;
static void *str_worker(void *arg) {
  (void)arg;
  const fz_str *lit = S("-x");
  for (int i = 0; i < 20000; i++) {
    fz_retain((void *)shared_str);
    const fz_str *c = fz_str_concat(shared_str, lit);
    fz_release((void *)shared_str);
    fz_release((void *)c);
  }
  fz_array *made = fz_array_new_of(0, 1);
  for (int i = 0; i < 100; i++) fz_array_push(made, (int64_t)(intptr_t)fz_str_concat(shared_str, lit));
  return made;
}
static void test_str_threads(void) {
  shared_str = fz_str_concat(S("shared"), S("-string"));
  pthread_t th[THREADS];
  for (int t = 0; t < THREADS; t++) pthread_create(&th[t], NULL, str_worker, NULL);
  void *made[THREADS];
  for (int t = 0; t < THREADS; t++) pthread_join(th[t], &made[t]);
  for (int t = 0; t < THREADS; t++) {
    CHECK_EQ(fz_array_len(made[t]), 100);
    CHECK(str_is((const fz_str *)(intptr_t)fz_array_get(made[t], 99), "shared-string-x", 15));
    fz_release(made[t]);
  }
  CHECK(STR_IS(shared_str, "shared-string"));
  fz_release((void *)shared_str);
}

static void test_rc_threads(void) {
  static const int64_t shape[] = {1, 0};
  void **root = fz_cell_new(8, shape);
  root[0] = fz_array_new(1);
  shared_rc = root;
  pthread_t th[THREADS];
  for (int t = 0; t < THREADS; t++) pthread_create(&th[t], NULL, rc_worker, NULL);
  void *made[THREADS];
  for (int t = 0; t < THREADS; t++) pthread_join(th[t], &made[t]);
  for (int t = 0; t < THREADS; t++) {
    CHECK_EQ(fz_array_len(made[t]), 100);
    fz_release(made[t]);
  }
  fz_release(root); /* the last reference: root and its array are freed exactly once */
}

/* Policy B maps: get with a default, update in place, insertion order,
 * removal closing the gap, growth far past the first capacity. */
static void test_map_basic(void) {
  fz_map *m = fz_map_new(24, 0);
  CHECK_EQ(fz_map_len(m), 0);
  CHECK_EQ(fz_map_get(m, 5, -1), -1);
  CHECK_EQ(fz_map_has(m, 5), 0);
  for (int64_t k = 0; k < 1000; k++) fz_map_set(m, k * 7919 % 1000, k);
  CHECK_EQ(fz_map_len(m), 1000);
  CHECK_EQ(fz_map_key_at(m, 0), 0);
  CHECK_EQ(fz_map_key_at(m, 1), 919);
  CHECK_EQ(fz_map_get(m, 919, -1), 1);
  fz_map_set(m, 919, 42); /* an update keeps its place */
  CHECK_EQ(fz_map_key_at(m, 1), 919);
  CHECK_EQ(fz_map_value_at(m, 1), 42);
  fz_map_remove(m, 0);
  fz_map_remove(m, 123456); /* absent: nothing */
  CHECK_EQ(fz_map_len(m), 999);
  CHECK_EQ(fz_map_key_at(m, 0), 919); /* later keys moved up */
  CHECK_EQ(fz_map_has(m, 0), 0);
  for (int64_t k = 1; k < 1000; k++) CHECK(fz_map_has(m, k));
  fz_map_set(m, 0, 7); /* back, and last */
  CHECK_EQ(fz_map_key_at(m, 999), 0);
  CHECK_EQ(fz_map_value_at(m, 999), 7);
  /* Negative and large keys hash like any other. */
  fz_map_set(m, INT64_MIN, 1);
  fz_map_set(m, -1, 2);
  CHECK_EQ(fz_map_get(m, INT64_MIN, 0) + fz_map_get(m, -1, 0), 3);
  fz_release(m);
}

/* A map with refs != 0 owns its values: overwriting, removing and dying release them. */
static void test_map_refs(void) {
  fz_map *m = fz_map_new(24, 1);
  void *a = fz_alloc(8), *b = fz_alloc(8);
  fz_retain(a);
  fz_map_set(m, 1, (int64_t)(intptr_t)a); /* takes one of a's two references */
  fz_map_set(m, 1, (int64_t)(intptr_t)b); /* releases it, takes b's only one */
  fz_map_set(m, 2, (int64_t)(intptr_t)fz_array_new(1));
  fz_map_set(m, 3, (int64_t)(intptr_t)fz_alloc(8));
  fz_map_remove(m, 3);
  CHECK_EQ(fz_map_len(m), 2);
  fz_release(a); /* the last reference to a */
  fz_release(m); /* frees b and the array (LeakSanitizer checks) */
}

/* ABI 6: a map made with refs & 2 owns its str keys: given as views, compared
 * by bytes (a key from another buffer finds the entry), copied on first set,
 * released on removal and with the map; values are still references (refs & 1). */
static void test_map_str_keys(void) {
  fz_map *m = fz_map_new(24, 3);
  char buf[32];
  for (int i = 0; i < 500; i++) {
    int n = snprintf(buf, sizeof buf, "key-%d", i % 100);
    fz_map_set_str(m, (const uint8_t *)buf, n, (int64_t)(intptr_t)fz_str_from_view((const uint8_t *)buf, n));
  }
  CHECK_EQ(fz_map_len(m), 100);
  char other[8] = {'k', 'e', 'y', '-', '4', '2', '9', 0};
  CHECK(fz_map_has_str(m, (const uint8_t *)other, 6));
  CHECK_EQ(fz_map_has_str(m, (const uint8_t *)other, 7), 0); /* "key-429" */
  const fz_str *v = (const fz_str *)(intptr_t)fz_map_get_str(m, (const uint8_t *)other, 6, 0);
  CHECK_EQ(fz_str_len(v), 6);
  CHECK_EQ(fz_map_get_str(m, (const uint8_t *)"nope", 4, -7), -7);
  const fz_str *k0 = (const fz_str *)(intptr_t)fz_map_key_at(m, 0);
  CHECK(fz_view_eq(fz_str_ptr(k0), fz_str_len(k0), (const uint8_t *)"key-0", 5));
  CHECK(k0 != fz_str_intern((const uint8_t *)"key-0", 5)); /* a counted copy, not interned */
  fz_map_remove_str(m, (const uint8_t *)"key-0", 5);
  fz_map_remove_str(m, (const uint8_t *)"key-0", 5); /* absent: nothing */
  CHECK_EQ(fz_map_len(m), 99);
  CHECK_EQ(fz_map_has_str(m, (const uint8_t *)"", 0), 0);
  fz_map_set_str(m, (const uint8_t *)"", 0, 0); /* the empty key; a NULL value */
  CHECK(fz_map_has_str(m, NULL, 0));
  fz_release(m); /* frees every key and value (LeakSanitizer checks) */
}

/* The policy A entry points on a map of 16-byte entries (hash, key), as inline code uses them. */
static void test_map_inline_layout(void) {
  fz_map *m = fz_map_new(16, 0);
  int64_t *hdr = (int64_t *)(void *)m;
  CHECK_EQ(hdr[0], 0);  /* len */
  CHECK_EQ(hdr[1], 8);  /* cap */
  CHECK_EQ(hdr[4], 15); /* mask: two index slots per entry */
  CHECK_EQ(hdr[5], 16); /* stride */
  for (int64_t k = 0; k < 8; k++) {
    int64_t *e = (int64_t *)(intptr_t)hdr[2] + 2 * k;
    e[0] = (int64_t)((uint64_t)k << 32); /* the hash: index slot k */
    e[1] = 100 + k;
    ((int32_t *)(intptr_t)hdr[3])[k] = (int32_t)(k + 1);
    hdr[0] = k + 1;
  }
  fz_map_grow(m);
  CHECK_EQ(hdr[1], 16);
  CHECK_EQ(hdr[4], 31);
  CHECK_EQ(((int32_t *)(intptr_t)hdr[3])[5], 6); /* reindexed from the stored hash */
  fz_map_remove_at(m, 0);
  CHECK_EQ(hdr[0], 7);
  CHECK_EQ(((int64_t *)(intptr_t)hdr[2])[1], 101);
  CHECK_EQ(((int32_t *)(intptr_t)hdr[3])[1], 1); /* key 101 now at position 0 */
  CHECK_EQ(((int32_t *)(intptr_t)hdr[3])[0], 0);
  fz_release(m);
}

/* The string operations of str_ops.c (SPEC.md "String operations"); the panics are checked by parity. */
static void test_string_operations(void) {
  CHECK(result_is(fz_str_slice(S("a\xc3\xa9z"), 1, 3), "\xc3\xa9"));
  CHECK(result_is(fz_str_slice(S("abc"), 0, 3), "abc"));
  const fz_str *whole = fz_str_concat(S("ab"), S("c")); /* counted: a whole slice is it, retained */
  CHECK(result_is(fz_str_slice(whole, 0, 3), "abc"));
  fz_release((void *)whole);
  CHECK_EQ(fz_str_find(S("h\xc3\xa9llo"), S("l")), 3);
  CHECK_EQ(fz_str_find(S("abc"), S("")), 0);
  CHECK_EQ(fz_str_find(S("abc"), S("d")), -1);
  CHECK_EQ(fz_str_byte_at(S("\xc3\xa9"), 1), 0xa9);
  fz_array *parts = fz_str_split(S("a,,b,"), S(","));
  CHECK_EQ(fz_array_len(parts), 4);
  /* Split pieces are counted strings the array owns (ABI 5): equal bytes, not the interned string. */
  const fz_str *empty_piece = (const fz_str *)(intptr_t)fz_array_get(parts, 1);
  CHECK(fz_str_eq(empty_piece, S("")) && empty_piece != S(""));
  CHECK(result_is(fz_str_join(parts, S("+")), "a++b+"));
  fz_release(parts);
  fz_array *chars = fz_str_split(S("\xc3\xa9x"), S(""));
  CHECK_EQ(fz_array_len(chars), 4);
  CHECK(fz_str_eq((const fz_str *)(intptr_t)fz_array_get(chars, 1), S("\xc3\xa9")));
  fz_release(chars);
  /* A view stored into an object: a counted copy with one reference, not interned (ABI 5). */
  const fz_str *owned = fz_str_from_view((const uint8_t *)"xyz", 3);
  CHECK(owned != S("xyz") && fz_str_eq(owned, S("xyz")) && fz_str_ptr(owned)[2] == 'z');
  uint8_t copied[4] = {0};
  fz_view_copy(fz_str_ptr(owned), fz_str_len(owned), copied);
  CHECK(memcmp(copied, "xyz", 4) == 0);
  fz_array *owns = fz_array_new_of(0, 1);
  fz_array_push(owns, (int64_t)(intptr_t)owned); /* the array takes the one reference; its release frees the copy */
  fz_array_push(owns, (int64_t)(intptr_t)S("lit"));
  fz_release(owns);
  CHECK(result_is(fz_str_from_int(INT64_MIN), "-9223372036854775808"));
  CHECK(result_is(fz_str_from_int(0), "0"));
  CHECK(result_is(fz_str_from_int(-7), "-7"));
  static const struct { const char *text; int64_t value; int32_t error; } parse[] = {
    {"", 0, 1}, {"+", 0, 2}, {"-", 0, 2}, {"-0", 0, 0}, {"+17", 17, 0}, {"9223372036854775807", INT64_MAX, 0},
    {"-9223372036854775808", INT64_MIN, 0}, {"9223372036854775808", 0, 3}, {"-9223372036854775809", 0, 4},
    {" 1", 0, 2}, {"99999999999999999999x", 0, 3}, {"1x9", 0, 2},
  };
  for (size_t i = 0; i < sizeof parse / sizeof parse[0]; i++) {
    CHECK_EQ(fz_str_parse_int(S(parse[i].text)), parse[i].value);
    CHECK_EQ(fz_str_parse_error(S(parse[i].text)), parse[i].error);
  }
}

int main(void) {
  test_intern_basic();
  test_intern_many();
  test_intern_collisions();
  test_intern_threads();
  test_str_ops();
  test_array_basic();
  test_array_threads();
  test_find();
  test_eq_affixes();
  test_trim();
  test_replace();
  test_random_views();
  test_concat();
  test_arena();
  test_arena_threads();
  test_alloc();
  test_rc_cells();
  test_rc_arrays();
  test_rc_threads();
  test_map_basic();
  test_map_refs();
  test_map_str_keys();
  test_map_inline_layout();
  test_string_operations();
  test_str_threads();
  if (failures > 0) {
    fprintf(stderr, "%d of %d checks failed\n", failures, checks);
    return 1;
  }
  printf("all %d checks passed\n", checks);
  return 0;
}
