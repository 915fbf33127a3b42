/*
 * trace.c - record and replay of host calls (the fz_trace_* entry points).
 *
 * Code lowered with traced host calls reaches every host import `x` through
 * a generated wrapper that calls, in order:
 *   fz_trace_call_begin(name), fz_trace_arg_*(each argument),
 *   fz_trace_live()            -> 1: call the host now; 0: replaying, do not
 *   fz_trace_result_*(value)   -> the value the program continues with.
 * The mode is read once, at the first fz_trace_* call (pthread_once, so a
 * program that never makes a traced call never reads the environment, opens
 * a file or registers an exit handler), from the environment:
 *   FZ_RECORD=FILE  the host is called; each call is appended to FILE;
 *   FZ_REPLAY=FILE  the host is never called; results come from FILE, and
 *                   any divergence stops the program;
 *   neither         the host is called and nothing is written.
 * The file format (version 1) is documented in packages/runtime-c/TRACE.md:
 * text lines, values spelled as tokens (i:-5, f:<16 hex digits of the bits>,
 * s:<hex bytes>, v for no result), closed by an `end` line holding the call
 * count and an FNV-1a 64-bit checksum of everything before it.
 *
 * Invariants: a call's text (name and argument tokens) is built identically
 * in both modes, so replay compares text with text; divergence, an
 * unreadable or corrupt trace, and misuse each print one line starting with
 * "fz trace:" or "fz replay:" on stderr and exit with FZ_TRACE_STATUS.
 * Host calls are assumed to come from one thread (the trace is one sequence).
 */
#include "internal.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MODE_OFF, MODE_RECORD, MODE_REPLAY };

/* A growable byte buffer. */
typedef struct {
  char *p;
  size_t len, cap;
} buf;

static struct {
  int mode;
  const char *path;
  FILE *out;        /* record: the trace file */
  uint64_t hash;    /* record: FNV-1a of every byte written so far */
  int64_t calls;    /* calls begun so far */
  int64_t written;  /* record: call lines written (a call the host never returned from has none) */
  buf line;         /* the current call: "NAME TOKEN..." */
  char **recorded;  /* replay: each call's line without the "call " prefix */
  int64_t count;    /* replay: number of recorded calls */
  int finished;     /* the exit check has run (or must not run) */
} st;

/* FNV-1a, 64-bit (Fowler, Noll, Vo): offset basis and prime from the reference. */
#define FNV_OFFSET 0xcbf29ce484222325ULL
#define FNV_PRIME 0x100000001b3ULL

static uint64_t fnv1a(uint64_t h, const char *p, size_t n) {
  for (size_t i = 0; i < n; i++) {
    h ^= (uint8_t)p[i];
    h *= FNV_PRIME;
  }
  return h;
}

FZ_NORETURN FZ_COLD static void fail(const char *fmt, ...) {
  va_list ap;
  fflush(stdout);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  fflush(stderr);
  st.finished = 1;
  exit(FZ_TRACE_STATUS);
}

static void put(buf *b, const char *p, size_t n) {
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + n + 1) cap *= 2;
    char *q = realloc(b->p, cap);
    if (!q) fz__panic_oom((int64_t)cap);
    b->p = q;
    b->cap = cap;
  }
  memcpy(b->p + b->len, p, n);
  b->len += n;
  b->p[b->len] = '\0';
}

static void putf(buf *b, const char *fmt, ...) {
  char tmp[64];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  put(b, tmp, (size_t)n);
}

static void put_hex(buf *b, const uint8_t *p, int64_t n) {
  static const char digits[] = "0123456789abcdef";
  for (int64_t i = 0; i < n; i++) {
    char two[2] = {digits[p[i] >> 4], digits[p[i] & 15]};
    put(b, two, 2);
  }
}

static void record_write(const char *p, size_t n) {
  if (fwrite(p, 1, n, st.out) != n) fail("fz trace: cannot write %s", st.path);
  st.hash = fnv1a(st.hash, p, n);
}

/* ---- replay: load and check the whole trace before the program starts ---- */

static char *read_file(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (!f) fail("fz replay: cannot read trace %s", path);
  buf b = {0};
  char chunk[4096];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) put(&b, chunk, n);
  fclose(f);
  *size = b.len;
  return b.p ? b.p : calloc(1, 1);
}

static void load_trace(const char *path) {
  size_t size;
  char *text = read_file(path, &size);
  if (strlen(text) != size) fail("fz replay: trace %s is corrupt: it holds a NUL byte", path);
  static const char header[] = "fztrace 1\n";
  if (strncmp(text, header, sizeof header - 1) != 0) fail("fz replay: trace %s is not a version 1 trace", path);
  char *end = strstr(text, "\nend ");
  if (!end) fail("fz replay: trace %s is corrupt: no end line", path);
  end += 1;
  long long count = -1;
  char sum[17] = {0};
  int used = 0;
  if (sscanf(end, "end %lld fnv1a64:%16[0-9a-f]\n%n", &count, sum, &used) != 2 || end[used] != '\0' || strlen(sum) != 16)
    fail("fz replay: trace %s is corrupt: malformed end line", path);
  char want[17];
  snprintf(want, sizeof want, "%016" PRIx64, fnv1a(FNV_OFFSET, text, (size_t)(end - text)));
  if (strcmp(want, sum) != 0) fail("fz replay: trace %s is corrupt: checksum mismatch", path);
  char *body = text + sizeof header - 1;
  long long lines = 0;
  for (char *q = body; q < end; q++) lines += *q == '\n';
  if (lines != count) fail("fz replay: trace %s is corrupt: %lld calls, end line says %lld", path, lines, count);
  st.recorded = calloc((size_t)count + 1, sizeof *st.recorded);
  if (!st.recorded) fz__panic_oom(count);
  for (char *p = body; p < end;) {
    char *nl = strchr(p, '\n');
    *nl = '\0';
    if (strncmp(p, "call ", 5) != 0) fail("fz replay: trace %s is corrupt: line %lld", path, (long long)st.count + 2);
    st.recorded[st.count++] = p + 5;
    p = nl + 1;
  }
}

/* The recorded line of the current call; a call past the end diverges. */
static const char *recorded_call(void) {
  int64_t i = st.calls - 1;
  if (i >= st.count) fail("fz replay: call %" PRId64 " diverges: the program calls %s, the trace ends after %" PRId64 " calls", i, st.line.p, st.count);
  return st.recorded[i];
}

/* The recorded result token of the current call ("i:5", "v", ...). */
static const char *recorded_result(void) {
  const char *r = strstr(recorded_call(), " -> ");
  if (!r) fail("fz replay: call %" PRId64 ": the trace line has no result", st.calls - 1);
  return r + 4;
}

static void at_exit(void) {
  if (st.finished) return;
  st.finished = 1;
  if (st.mode == MODE_RECORD) {
    char end[64];
    snprintf(end, sizeof end, "end %" PRId64 " fnv1a64:%016" PRIx64 "\n", st.written, st.hash);
    if (fputs(end, st.out) < 0 || fclose(st.out) != 0) fail("fz trace: cannot write %s", st.path);
  } else if (st.mode == MODE_REPLAY && st.calls < st.count) {
    fflush(stdout);
    fprintf(stderr, "fz replay: call %" PRId64 " diverges: the program ended, the trace has %" PRId64 " calls\n", st.calls, st.count);
    fflush(stderr);
    _Exit(FZ_TRACE_STATUS);
  }
}

static void trace_init(void) {
  const char *rec = getenv("FZ_RECORD"), *rep = getenv("FZ_REPLAY");
  if (rec && *rec && rep && *rep) fail("fz trace: FZ_RECORD and FZ_REPLAY are both set; set one");
  if (rec && *rec) {
    st.mode = MODE_RECORD;
    st.path = rec;
    st.out = fopen(rec, "wb");
    if (!st.out) fail("fz trace: cannot create %s", rec);
    st.hash = FNV_OFFSET;
    record_write("fztrace 1\n", 10);
  } else if (rep && *rep) {
    st.mode = MODE_REPLAY;
    st.path = rep;
    load_trace(rep);
  } else {
    return;
  }
  atexit(at_exit);
}

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

/* Every entry point starts here: the mode is fixed by the first one. */
static void ensure_init(void) { pthread_once(&init_once, trace_init); }

/* ---- the entry points the wrappers call ---- */

void fz_trace_call_begin(const uint8_t *name, int64_t len) {
  ensure_init();
  if (st.mode == MODE_OFF) return;
  st.calls++;
  st.line.len = 0;
  put(&st.line, (const char *)name, (size_t)len);
}

void fz_trace_arg_i64(int64_t v) {
  ensure_init();
  if (st.mode != MODE_OFF) putf(&st.line, " i:%" PRId64, v);
}

void fz_trace_arg_f64(double v) {
  ensure_init();
  if (st.mode == MODE_OFF) return;
  uint64_t bits;
  memcpy(&bits, &v, sizeof bits);
  putf(&st.line, " f:%016" PRIx64, bits);
}

void fz_trace_arg_str(const fz_str *s) {
  ensure_init();
  if (st.mode == MODE_OFF) return;
  put(&st.line, " s:", 3);
  put_hex(&st.line, fz_str_ptr(s), fz_str_len(s));
}

int32_t fz_trace_live(void) {
  ensure_init();
  if (st.mode != MODE_REPLAY) return 1;
  const char *want = recorded_call();
  const char *arrow = strstr(want, " -> ");
  size_t n = arrow ? (size_t)(arrow - want) : strlen(want);
  if (n != st.line.len || memcmp(want, st.line.p, n) != 0)
    fail("fz replay: call %" PRId64 " diverges: the program calls %s, the trace has %.*s", st.calls - 1, st.line.p, (int)n, want);
  return 0;
}

/* Record mode: write the finished call line with its result token. */
static void record_result(const char *token) {
  put(&st.line, " -> ", 4);
  put(&st.line, token, strlen(token));
  record_write("call ", 5);
  record_write(st.line.p, st.line.len);
  record_write("\n", 1);
  st.written++;
}

/* Replay mode: the recorded result, which must be of `kind` ('i', 'f', 's', 'v'). */
static const char *replay_result(char kind) {
  const char *r = recorded_result();
  if (r[0] != kind || (kind != 'v' && r[1] != ':'))
    fail("fz replay: call %" PRId64 " diverges: the program expects a result of kind %c, the trace has %s", st.calls - 1, kind, r);
  return kind == 'v' ? r : r + 2;
}

int64_t fz_trace_result_i64(int64_t v) {
  ensure_init();
  if (st.mode == MODE_OFF) return v;
  if (st.mode == MODE_RECORD) {
    char tok[32];
    snprintf(tok, sizeof tok, "i:%" PRId64, v);
    record_result(tok);
    return v;
  }
  const char *r = replay_result('i');
  char *end;
  long long x = strtoll(r, &end, 10);
  if (end == r || *end != '\0') fail("fz replay: call %" PRId64 ": malformed result i:%s", st.calls - 1, r);
  return (int64_t)x;
}

double fz_trace_result_f64(double v) {
  ensure_init();
  if (st.mode == MODE_OFF) return v;
  uint64_t bits;
  if (st.mode == MODE_RECORD) {
    char tok[32];
    memcpy(&bits, &v, sizeof bits);
    snprintf(tok, sizeof tok, "f:%016" PRIx64, bits);
    record_result(tok);
    return v;
  }
  const char *r = replay_result('f');
  char *end;
  bits = strtoull(r, &end, 16);
  if (strlen(r) != 16 || *end != '\0') fail("fz replay: call %" PRId64 ": malformed result f:%s", st.calls - 1, r);
  memcpy(&v, &bits, sizeof v);
  return v;
}

static int hex_digit(char c) {
  return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

const fz_str *fz_trace_result_str(const fz_str *v) {
  ensure_init();
  if (st.mode == MODE_OFF) return v;
  if (st.mode == MODE_RECORD) {
    buf tok = {0};
    put(&tok, "s:", 2);
    put_hex(&tok, fz_str_ptr(v), fz_str_len(v));
    record_result(tok.p);
    free(tok.p);
    return v;
  }
  const char *r = replay_result('s');
  size_t n = strlen(r);
  uint8_t *bytes = malloc(n / 2 + 1);
  if (!bytes) fz__panic_oom((int64_t)n);
  for (size_t i = 0; i < n / 2; i++) {
    int hi = hex_digit(r[2 * i]), lo = hex_digit(r[2 * i + 1]);
    if (hi < 0 || lo < 0) fail("fz replay: call %" PRId64 ": malformed result s:%s", st.calls - 1, r);
    bytes[i] = (uint8_t)(hi << 4 | lo);
  }
  if (n % 2) fail("fz replay: call %" PRId64 ": malformed result s:%s", st.calls - 1, r);
  const fz_str *s = fz_str_intern(bytes, (int64_t)(n / 2));
  free(bytes);
  return s;
}

void fz_trace_result_void(void) {
  ensure_init();
  if (st.mode == MODE_RECORD) record_result("v");
  else if (st.mode == MODE_REPLAY) replay_result('v');
}
