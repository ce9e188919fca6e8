/*
 * shell-lambda bootstrap: the Lambda custom runtime for bash handlers. Reads _HANDLER, starts the
 * handler supervisor, then loops: GET /next, run the invocation, POST its response or error.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "http.h"
#include "io.h"
#include "json.h"
#include "supervisor.h"
#include "toolkit.h"

#define VERSION "0.1.0"
#define API "/2018-06-01/runtime"
/* Attempts of one request over fresh connections when the server drops them. */
#define ATTEMPTS 3

static struct conn api;
static struct worker worker;
/* SHELL_LAMBDA_EVENT_ARG=1 (or true): the event is passed as $1 too (docs/writing-a-handler.md) */
static int event_arg;
/* SHELL_LAMBDA_RESPONSE_STREAM=1 (or true): every invocation's stdout is streamed to the Runtime
   API as it is written (docs/writing-a-handler.md, "Streaming") */
static int stream_mode;
/* stream mode: lambda_stream_start writes here before it prints the prelude (toolkit.sh) */
static int stream_flag_fd = -1;

/* The head lines of every streamed response (the error trailers must be announced up front). */
#define STREAM_HEADERS                                \
  "Lambda-Runtime-Function-Response-Mode: streaming\r\n" \
  "Trailer: Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body\r\n"

/* The response being streamed in this invocation, NULL when none. */
struct stream {
  char path[512];
  int begun;  /* the request head went out: errors now go into the trailers */
  int failed; /* the connection failed while streaming */
  unsigned long long sent;
};
static struct stream *streaming;

static int stream_sink(void *ctx, const char *data, size_t len) {
  struct stream *st = ctx;
  const char *why = "";
  if (!st->begun) {
    struct stat fs;
    int http = stream_flag_fd >= 0 && fstat(stream_flag_fd, &fs) == 0 && fs.st_size > 0;
    char extra[320];
    (void)str_fmt(extra, sizeof extra, STREAM_HEADERS "Content-Type: %s\r\n",
                  http ? "application/vnd.awslambda.http-integration-response" : "application/octet-stream");
    if (http_stream_begin(&api, st->path, extra, &why) != HTTP_OK) {
      goto failed;
    }
    st->begun = 1;
  }
  if (http_stream_chunk(&api, data, len, &why) != HTTP_OK) {
    goto failed;
  }
  st->sent += len;
  return 0;
failed:
  log_line("streaming the response to %s failed after %llu bytes: %s; the rest of the handler's"
           " output is dropped", st->path, st->sent, why);
  st->failed = 1;
  st->begun = 1; /* nothing more can be posted for this invocation */
  conn_close(&api);
  return -1;
}

/* Ends a streamed response: the last chunk, with the error in the trailers when type != NULL. */
static void stream_end(struct stream *st, const char *type, const char *body, size_t body_len) {
  if (st->failed) {
    return;
  }
  const char *why = "";
  if (!st->begun) {
    if (http_stream_begin(&api, st->path, STREAM_HEADERS "Content-Type: application/octet-stream\r\n",
                          &why) != HTTP_OK) {
      log_line("POST %s failed: %s", st->path, why);
      conn_close(&api);
      return;
    }
    st->begun = 1;
  }
  struct buf tr = {0};
  if (type != NULL) {
    if (buf_adds(&tr, "Lambda-Runtime-Function-Error-Type: ") < 0 || buf_adds(&tr, type) < 0 ||
        buf_adds(&tr, "\r\nLambda-Runtime-Function-Error-Body: ") < 0 ||
        add_base64(&tr, (const unsigned char *)body, body_len) < 0 || buf_adds(&tr, "\r\n") < 0) {
      tr.len = 0;
      (void)buf_adds(&tr, "Lambda-Runtime-Function-Error-Type: Runtime.OutOfMemory\r\n");
    }
    log_line("the handler failed (%s) after %llu bytes of its response were streamed: the error"
             " goes in the trailers", type, st->sent);
  }
  struct http_head h;
  enum http_rc r = http_stream_end(&api, tr.data ? tr.data : "", tr.len, &h, &why);
  buf_free(&tr);
  if (r != HTTP_OK) {
    log_line("ending the streamed response to %s failed: %s", st->path, why);
    return;
  }
  if (h.status != 202) {
    log_line("POST %s (streamed, %llu bytes) answered HTTP %d", st->path, st->sent, h.status);
  }
  http_head_free(&h);
}

/* ---- errors posted to the Runtime API ---- */

static const char *signal_name(int sig) {
  switch (sig) {
    case SIGHUP: return "SIGHUP";
    case SIGINT: return "SIGINT";
    case SIGQUIT: return "SIGQUIT";
    case SIGILL: return "SIGILL";
    case SIGABRT: return "SIGABRT";
    case SIGBUS: return "SIGBUS";
    case SIGFPE: return "SIGFPE";
    case SIGKILL: return "SIGKILL";
    case SIGSEGV: return "SIGSEGV";
    case SIGPIPE: return "SIGPIPE";
    case SIGALRM: return "SIGALRM";
    case SIGTERM: return "SIGTERM";
    case SIGUSR1: return "SIGUSR1";
    case SIGUSR2: return "SIGUSR2";
    case SIGXCPU: return "SIGXCPU";
    case SIGXFSZ: return "SIGXFSZ";
    case SIGSYS: return "SIGSYS";
    default: return "a signal";
  }
}

/* POSTs an error body to path, retrying over fresh connections. Returns the HTTP status or -1. */
static int post_error(const char *path, const char *type, const char *msg, size_t msg_len) {
  struct buf body = {0};
  char extra[96 + TOOLKIT_TYPE_MAX];
  (void)str_fmt(extra, sizeof extra,
                 "Content-Type: application/json\r\nLambda-Runtime-Function-Error-Type: %s\r\n", type);
  if (json_error_body(&body, type, msg, msg_len) < 0) {
    buf_free(&body);
    log_line("out of memory building the error body for %s", path);
    return -1;
  }
  if (streaming != NULL && streaming->begun) {
    /* the response is already under way: the error can only go in its trailers */
    stream_end(streaming, type, body.data, body.len);
    buf_free(&body);
    return 202;
  }
  struct http_req rq = {"POST", path, extra, body.data, body.len, -1, 0};
  struct http_head h;
  const char *why = "";
  int status = -1;
  for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
    enum http_rc r = http_exchange(&api, &rq, &h, NULL, NULL, &why);
    if (r == HTTP_OK) {
      status = h.status;
      http_head_free(&h);
      break;
    }
    if (r != HTTP_LOST) {
      break;
    }
  }
  if (status < 0) {
    log_line("POST %s failed: %s", path, why);
  } else if (status != 202) {
    log_line("POST %s answered %d", path, status);
  }
  buf_free(&body);
  return status;
}

/* Reports an init failure with the collected log tail, then exits non-zero. */
static void init_failed(const char *type, const char *fmt, ...) __attribute__((format(printf, 2, 3), noreturn));
static void init_failed(const char *type, const char *fmt, ...) {
  char msg[2048 + TAIL_MAX];
  va_list ap;
  va_start(ap, fmt);
  size_t len = str_vfmt(msg, 2048, fmt, ap);
  va_end(ap);
  log_line("init failed (%s): %.*s", type, (int)len, msg);
  size_t tail = worker_tail(&worker, msg + len + 1);
  if (tail > 0) {
    msg[len] = '\n';
    len += 1 + tail;
  }
  (void)post_error(API "/init/error", type, msg, len);
  exit(1);
}

/* ---- the handler ---- */

struct handler {
  enum worker_mode mode;
  char *file; /* path of the handler file or executable */
  char *func; /* MODE_FUNCTION only */
};

static int func_name_ok(const char *f) {
  if (!((*f >= 'a' && *f <= 'z') || (*f >= 'A' && *f <= 'Z') || *f == '_')) {
    return 0;
  }
  for (; *f; f++) {
    if (!((*f >= 'a' && *f <= 'z') || (*f >= 'A' && *f <= 'Z') || (*f >= '0' && *f <= '9') ||
          *f == '_' || *f == '-' || *f == ':')) {
      return 0;
    }
  }
  return 1;
}

static char *join_path(const char *root, const char *name, size_t name_len, const char *suffix) {
  size_t rl = strlen(root), sl = strlen(suffix);
  char *p = malloc(rl + 1 + name_len + sl + 3);
  if (p == NULL) {
    init_failed("Runtime.SetupFailed", "out of memory");
  }
  size_t o = 0;
  if (name[0] != '/') {
    memcpy(p, root, rl);
    o = rl;
    if (o == 0 || p[o - 1] != '/') {
      p[o++] = '/';
    }
  }
  memcpy(p + o, name, name_len);
  o += name_len;
  memcpy(p + o, suffix, sl + 1);
  return p;
}

static void parse_handler(struct handler *h) {
  const char *spec = getenv("_HANDLER");
  const char *root = getenv("LAMBDA_TASK_ROOT");
  if (root == NULL || *root == '\0') {
    root = ".";
  }
  if (spec == NULL || *spec == '\0') {
    init_failed("Runtime.NoHandler",
                "_HANDLER is not set: set the function's handler to file.function, e.g. handler.run"
                " for the function run in handler.sh");
  }
  const char *dot = strrchr(spec, '.');
  const char *slash = strrchr(spec, '/');
  if (dot != NULL && (slash == NULL || dot > slash)) {
    if (dot == spec || dot[-1] == '/' || !func_name_ok(dot + 1)) {
      init_failed("Runtime.MalformedHandler",
                  "_HANDLER is '%s', but it must be file.function (e.g. handler.run: the function"
                  " run in handler.sh) with a bash function name after the last dot, or the name of"
                  " an executable file",
                  spec);
    }
    h->mode = MODE_FUNCTION;
    h->file = join_path(root, spec, (size_t)(dot - spec), ".sh");
    h->func = strdup(dot + 1);
    if (h->func == NULL) {
      init_failed("Runtime.SetupFailed", "out of memory");
    }
  } else {
    if (spec[strlen(spec) - 1] == '/') {
      init_failed("Runtime.MalformedHandler",
                  "_HANDLER is '%s', but it must be file.function (e.g. handler.run) or the name of"
                  " an executable file",
                  spec);
    }
    h->mode = MODE_EXECUTABLE;
    h->file = join_path(root, spec, strlen(spec), "");
    h->func = NULL;
  }
  struct stat st;
  if (stat(h->file, &st) < 0) {
    if (errno == ENOENT || errno == ENOTDIR) {
      init_failed("Runtime.HandlerFileNotFound",
                  "_HANDLER is '%s', but %s does not exist: check the handler name and that the"
                  " file is at the root of the function zip",
                  spec, h->file);
    }
    init_failed("Runtime.HandlerFileNotReadable", "_HANDLER is '%s', but %s cannot be read: %s",
                spec, h->file, strerror(errno));
  }
  if (!S_ISREG(st.st_mode)) {
    init_failed("Runtime.HandlerFileNotReadable",
                "_HANDLER is '%s', but %s is not a regular file", spec, h->file);
  }
  if (h->mode == MODE_FUNCTION && access(h->file, R_OK) < 0) {
    init_failed("Runtime.HandlerFileNotReadable",
                "_HANDLER is '%s', but %s is not readable (%s): make it readable (chmod a+r)",
                spec, h->file, strerror(errno));
  }
  if (h->mode == MODE_EXECUTABLE && access(h->file, X_OK) < 0) {
    init_failed("Runtime.HandlerNotExecutable",
                "_HANDLER is '%s', but %s is not executable (%s): make it executable (chmod a+rx),"
                " or name a function as file.function",
                spec, h->file, strerror(errno));
  }
}

/*
 * What lambda_error left, as the error to post: type (validated, else Function.InvalidErrorType)
 * and message. 0 when it left nothing.
 */
static int toolkit_error(char *type, struct buf *msg) {
  struct buf raw = {0};
  int cut = 0;
  int r = worker_take_error(&worker, &raw, &cut);
  if (r <= 0) {
    buf_free(&raw);
    return 0;
  }
  const char *nul = memchr(raw.data, '\0', raw.len);
  size_t tl = nul ? (size_t)(nul - raw.data) : raw.len;
  const char *m = nul ? nul + 1 : raw.data + raw.len;
  size_t ml = raw.len - (size_t)(m - raw.data);
  msg->len = 0;
  int rc = 0;
  if (toolkit_error_type_ok(raw.data, tl)) {
    memcpy(type, raw.data, tl);
    type[tl] = '\0';
    rc = buf_add(msg, m, ml);
  } else {
    memcpy(type, "Function.InvalidErrorType", sizeof "Function.InvalidErrorType");
    size_t shown = tl > 200 ? 200 : tl;
    rc = buf_adds(msg, "lambda_error was given the error type '") < 0 || buf_add(msg, raw.data, shown) < 0 ||
         buf_adds(msg, shown < tl ? "...'" : "'") < 0 ||
         buf_adds(msg, ", but an error type must match [A-Za-z][A-Za-z0-9.]* (at most 128 characters);"
                       " its message: ") < 0 ||
         buf_add(msg, m, ml) < 0;
  }
  if (rc == 0 && cut) {
    rc = buf_adds(msg, "... (cut: lambda_error messages are kept up to 262144 bytes)");
  }
  buf_free(&raw);
  if (rc != 0) {
    msg->len = 0;
    (void)buf_adds(msg, "out of memory reading the lambda_error message");
  }
  return 1;
}

/* lambda_error at the top level of the handler file: its type and message are the init error. */
static void init_failed_by_toolkit(void) {
  char type[TOOLKIT_TYPE_MAX + 1];
  struct buf msg = {0};
  if (!toolkit_error(type, &msg)) {
    return;
  }
  log_line("init failed (%s): lambda_error while sourcing the handler file", type);
  (void)post_error(API "/init/error", type, msg.data ? msg.data : "", msg.len);
  exit(1);
}

static void preconnect(void *conn) { http_preconnect(conn); }

static void start_worker(const struct handler *h) {
  int detail;
  enum start_result r = worker_start(&worker, h->mode, h->file, h->func, &detail, preconnect, &api);
  switch (r) {
    case START_OK:
      return;
    case START_NO_SHELL:
      init_failed("Runtime.NoShell", "cannot run bash: %s", strerror(detail));
    case START_NO_FUNCTION:
      init_failed("Runtime.HandlerFunctionNotFound",
                  "%s was sourced, but it does not define the function '%s' named by _HANDLER",
                  h->file, h->func);
    case START_SETUP_FAILED:
      init_failed("Runtime.SetupFailed", "cannot start the handler shell: %s", strerror(detail));
    case START_SOURCE_FAILED:
      init_failed_by_toolkit();
      if (h->mode == MODE_EXECUTABLE) {
        init_failed("Runtime.NoShell", "the handler shell exited during start-up with status %d",
                    detail);
      }
      if (detail < 0) {
        init_failed("Function.InitFailed", "%s was killed by %s (signal %d) while being sourced",
                    h->file, signal_name(-detail), -detail);
      }
      init_failed("Function.InitFailed",
                  "sourcing %s failed with status %d (a syntax error, a failing command under"
                  " set -e, or exit at top level); its last output:",
                  h->file, detail);
  }
}

/* ---- one invocation ---- */

static int add_quoted(struct buf *b, const char *v) {
  if (buf_add(b, "'", 1) < 0) {
    return -1;
  }
  for (const char *p = v; *p; p++) {
    if (*p == '\'' ? buf_add(b, "'\\''", 4) < 0 : buf_add(b, p, 1) < 0) {
      return -1;
    }
  }
  return buf_add(b, "'", 1);
}

static const char *const ctx_env[CTX_COUNT] = {
    "LAMBDA_RUNTIME_AWS_REQUEST_ID",     "LAMBDA_RUNTIME_DEADLINE_MS",
    "LAMBDA_RUNTIME_INVOKED_FUNCTION_ARN", "LAMBDA_RUNTIME_TRACE_ID",
    "LAMBDA_RUNTIME_CLIENT_CONTEXT",     "LAMBDA_RUNTIME_COGNITO_IDENTITY",
};

/* The script the invocation subshell sources: fresh context variables and its stdin/stdout.
   \builtin, because the handler file may define functions or aliases named export or exec. */
static int build_script(struct buf *b, const struct http_head *h, int event_fd, int response_fd) {
  b->len = 0;
  for (int i = 0; i <= CTX_COUNT; i++) {
    const char *name = i < CTX_COUNT ? ctx_env[i] : "_X_AMZN_TRACE_ID";
    const char *value = i < CTX_COUNT ? h->ctx[i] : h->ctx[CTX_TRACE_ID];
    int rc;
    if (value != NULL) {
      rc = buf_adds(b, "\\builtin export ") < 0 || buf_adds(b, name) < 0 || buf_add(b, "=", 1) < 0 ||
           add_quoted(b, value) < 0 || buf_add(b, "\n", 1) < 0;
    } else {
      rc = buf_adds(b, "\\builtin unset ") < 0 || buf_adds(b, name) < 0 || buf_add(b, "\n", 1) < 0;
    }
    if (rc) {
      return -1;
    }
  }
  char line[160];
  long pid = (long)getpid();
  /* the event's path, for lambda_require_header; with SHELL_LAMBDA_EVENT_ARG, the event itself
     for $1 (read -d '': up to a NUL byte, which JSON never holds) */
  size_t n = str_fmt(line, sizeof line, "__sl_event_file=/proc/%ld/fd/%d\n", pid, event_fd);
  if (buf_add(b, line, n) < 0) {
    return -1;
  }
  if (stream_mode) {
    n = str_fmt(line, sizeof line, "__sl_stream_file=/proc/%ld/fd/%d\n", pid, stream_flag_fd);
    if (buf_add(b, line, n) < 0) {
      return -1;
    }
  }
  if (event_arg) {
    n = str_fmt(line, sizeof line,
                "IFS= \\builtin read -r -d '' __sl_event </proc/%ld/fd/%d || \\builtin true\n", pid, event_fd);
    if (buf_add(b, line, n) < 0) {
      return -1;
    }
  }
  n = str_fmt(line, sizeof line, "\\command exec </proc/%ld/fd/%d >|/proc/%ld/fd/%d\n", pid,
              event_fd, pid, response_fd);
  return buf_add(b, line, n);
}

/* The request id goes into a URL path: anything but unreserved characters is percent-encoded. */
static void invocation_path(char *out, size_t cap, const char *id, const char *what) {
  static const char hex[] = "0123456789ABCDEF";
  size_t o = (size_t)str_fmt(out, cap, API "/invocation/");
  for (const unsigned char *p = (const unsigned char *)id; *p && o + 4 < cap; p++) {
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
        *p == '-' || *p == '_' || *p == '.' || *p == '~') {
      out[o++] = (char)*p;
    } else {
      out[o++] = '%';
      out[o++] = hex[*p >> 4];
      out[o++] = hex[*p & 15];
    }
  }
  (void)str_fmt(out + o, cap - o, "/%s", what);
}

static int to_file(void *ctx, const char *data, size_t len) {
  return io_write_all(*(int *)ctx, data, len);
}

/* GET /next into event_fd; exits the bootstrap when the Runtime API fails us. */
static void next_invocation(struct http_head *h, int event_fd) {
  struct http_req rq = {"GET", API "/invocation/next", NULL, NULL, 0, -1, 0};
  const char *why = "";
  for (int attempt = 1;; attempt++) {
    enum http_rc r = http_exchange(&api, &rq, h, to_file, &event_fd, &why);
    if (r == HTTP_OK) {
      break;
    }
    if (r == HTTP_LOST && attempt < ATTEMPTS) {
      if (ftruncate(event_fd, 0) < 0 || lseek(event_fd, 0, SEEK_SET) < 0) {
        log_line("cannot reset the event file: %s", strerror(errno));
        exit(1);
      }
      continue;
    }
    log_line("GET /next failed: %s; exiting", why);
    exit(1);
  }
  if (h->status != 200) {
    log_line("GET /next answered HTTP %d; exiting", h->status);
    exit(1);
  }
  if (h->ctx[CTX_REQUEST_ID] == NULL || h->ctx[CTX_REQUEST_ID][0] == '\0') {
    log_line("GET /next answered without a Lambda-Runtime-Aws-Request-Id header; exiting");
    exit(1);
  }
}

static void post_response(const char *id, int response_fd) {
  struct stat st;
  if (fstat(response_fd, &st) < 0) {
    char msg[128];
    size_t n = str_fmt(msg, sizeof msg, "cannot read the handler's response: %s", strerror(errno));
    char path[512];
    invocation_path(path, sizeof path, id, "error");
    (void)post_error(path, "Runtime.InvocationSetupFailed", msg, n);
    return;
  }
  char path[512];
  invocation_path(path, sizeof path, id, "response");
  struct http_req rq = {"POST", path, NULL, NULL, 0, response_fd, st.st_size};
  struct http_head h;
  const char *why = "";
  for (int attempt = 1;; attempt++) {
    enum http_rc r = http_exchange(&api, &rq, &h, NULL, NULL, &why);
    if (r == HTTP_OK) {
      break;
    }
    if (r == HTTP_LOST && attempt < ATTEMPTS) {
      continue;
    }
    log_line("POST response of %s failed: %s", id, why);
    return;
  }
  if (h.status == 413) {
    log_line("the Runtime API refused the response of %s (%lld bytes) as too large (HTTP 413);"
             " Lambda's limit is 6291556 bytes",
             id, (long long)st.st_size);
  } else if (h.status != 202) {
    log_line("POST response of %s answered HTTP %d", id, h.status);
  }
  http_head_free(&h);
}

static void post_invocation_error(const char *id, const struct handler *hd, int status) {
  char msg[512 + 16 + TAIL_MAX]; /* the status line, "; stderr:\n", the tail */
  size_t n;
  const char *what = hd->mode == MODE_FUNCTION ? hd->func : hd->file;
  size_t what_len = strlen(what);
  const char *cut = "";
  if (what_len > 300) { /* keep the status in the message: show the end of a long path */
    what += what_len - 300;
    cut = "...";
  }
  if (status > 128 && status < 128 + 65) {
    n = str_fmt(msg, 512,
                 "handler %s%s exited with status %d (killed by %s, signal %d, or exit %d)", cut,
                 what, status, signal_name(status - 128), status - 128, status);
  } else {
    n = str_fmt(msg, 512, "handler %s%s exited with status %d", cut, what, status);
  }
  size_t len = n;
  char tail[TAIL_MAX];
  size_t tl = worker_tail(&worker, tail);
  if (tl > 0) {
    memcpy(msg + len, "; stderr:\n", 10);
    len += 10;
    memcpy(msg + len, tail, tl);
    len += tl;
  }
  char path[512];
  invocation_path(path, sizeof path, id, "error");
  (void)post_error(path, "Function.ExitError", msg, len);
}

static void run_invocation(const struct handler *hd, struct buf *script) {
  struct http_head h;
  int event_fd = anon_file("event");
  if (event_fd < 0) {
    log_line("cannot create the event file: %s; exiting", strerror(errno));
    exit(1);
  }
  next_invocation(&h, event_fd);
  const char *id = h.ctx[CTX_REQUEST_ID];
  char path[512];
  int response_fd = -1;
  int stream_rd = -1;
  struct stream st = {.begun = 0, .failed = 0, .sent = 0};
  if (stream_mode) {
    /* stdout is a pipe read while the handler runs; the flag file starts empty */
    int p[2];
    if (pipe2(p, O_CLOEXEC) == 0) {
      stream_rd = p[0];
      response_fd = p[1];
      if (fcntl(stream_rd, F_SETFL, O_NONBLOCK) < 0 || ftruncate(stream_flag_fd, 0) < 0) {
        io_close(&response_fd);
      }
    }
    invocation_path(st.path, sizeof st.path, id, "response");
  } else {
    response_fd = anon_file("response");
  }
  if (response_fd < 0 || build_script(script, &h, event_fd, response_fd) < 0) {
    char msg[160];
    size_t n = str_fmt(msg, sizeof msg, "cannot set up the invocation: %s", strerror(errno));
    invocation_path(path, sizeof path, id, "error");
    (void)post_error(path, "Runtime.InvocationSetupFailed", msg, n);
  } else {
    int status = 0;
    if (stream_mode) {
      worker.stream_fd = stream_rd;
      worker.stream_sink = stream_sink;
      worker.stream_ctx = &st;
      worker.stream_failed = 0;
      streaming = &st;
    }
    enum invoke_result r = worker_invoke(&worker, script->data, script->len, &status);
    worker.stream_fd = -1;
    char type[TOOLKIT_TYPE_MAX + 1];
    struct buf given = {0};
    if (r == INVOKE_DONE && toolkit_error(type, &given)) {
      /* lambda_error was called: its error, whatever the status (it may have run in a subshell) */
      invocation_path(path, sizeof path, id, "error");
      (void)post_error(path, type, given.data ? given.data : "", given.len);
      buf_free(&given);
    } else if (r == INVOKE_DONE && status == 0) {
      if (stream_mode) {
        stream_end(&st, NULL, NULL, 0);
      } else {
        post_response(id, response_fd);
      }
    } else if (r == INVOKE_DONE) {
      post_invocation_error(id, hd, status);
    } else {
      char msg[256];
      size_t n = r == INVOKE_SETUP_FAILED
                  ? str_fmt(msg, sizeof msg, "cannot set up the invocation: %s", strerror(errno))
                  : str_fmt(msg, sizeof msg,
                             "the handler shell (the bash that sourced the handler file) died with"
                             " %s %d; the execution environment must restart",
                             worker.exit_status < 0 ? "signal" : "status",
                             worker.exit_status < 0 ? -worker.exit_status : worker.exit_status);
      invocation_path(path, sizeof path, id, "error");
      (void)post_error(path,
                       r == INVOKE_SETUP_FAILED ? "Runtime.InvocationSetupFailed" : "Runtime.WorkerExited",
                       msg, n);
      if (r == INVOKE_WORKER_DIED) {
        log_line("the handler shell died; exiting");
        exit(1);
      }
    }
  }
  streaming = NULL;
  io_close(&stream_rd);
  io_close(&response_fd);
  io_close(&event_fd);
  http_head_free(&h);
  /* keep the resident set small between invocations */
  if (script->cap > 16384) {
    buf_free(script);
  }
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "--version") == 0) {
    static const char v[] = "shell-lambda bootstrap " VERSION "\n";
    return io_write_all(1, v, sizeof v - 1) < 0 ? 1 : 0;
  }
  int helper = toolkit_main(argc, argv);
  if (helper >= 0) {
    return helper;
  }
  const char *ea = getenv("SHELL_LAMBDA_EVENT_ARG");
  event_arg = ea != NULL && (strcmp(ea, "1") == 0 || strcmp(ea, "true") == 0);
  const char *sm = getenv("SHELL_LAMBDA_RESPONSE_STREAM");
  stream_mode = sm != NULL && (strcmp(sm, "1") == 0 || strcmp(sm, "true") == 0);
  /* a peer that closes the socket must not kill the runtime: send() reports EPIPE instead */
  if (signal(SIGPIPE, SIG_IGN) == SIG_ERR) {
    log_line("cannot ignore SIGPIPE: %s", strerror(errno));
    return 1;
  }
  const char *endpoint = getenv("AWS_LAMBDA_RUNTIME_API");
  if (endpoint == NULL || *endpoint == '\0') {
    log_line("AWS_LAMBDA_RUNTIME_API is not set: this program is a Lambda custom runtime and runs"
             " inside Lambda (or shell-lambda's local runtime)");
    return 1;
  }
  const char *why = "";
  if (conn_init(&api, endpoint, &why) < 0) {
    log_line("%s (it is '%s')", why, endpoint);
    return 1;
  }
  struct handler hd;
  parse_handler(&hd);
  if (stream_mode && (stream_flag_fd = anon_file("stream")) < 0) {
    init_failed("Runtime.SetupFailed", "cannot create the streaming flag file: %s", strerror(errno));
  }
  start_worker(&hd);
  api.aux_fd = worker.log_fd;
  api.aux = worker_pump;
  api.aux_ctx = &worker;
  struct buf script = {0};
  for (;;) {
    api.aux_fd = worker.log_fd;
    run_invocation(&hd, &script);
  }
}
