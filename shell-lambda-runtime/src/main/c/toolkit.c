#include "toolkit.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "io.h"
#include "json.h"
int toolkit_error_type_ok(const char *t, size_t n) {
  if (n == 0 || n > TOOLKIT_TYPE_MAX || !((t[0] >= 'A' && t[0] <= 'Z') || (t[0] >= 'a' && t[0] <= 'z'))) {
    return 0;
  }
  for (size_t i = 1; i < n; i++) {
    char c = t[i];
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.')) {
      return 0;
    }
  }
  return 1;
}

/* A usage error of a helper: one line on stderr (the invocation's log), status 2. */
static int usage(const char *what, const char *detail) {
  struct buf b = {0};
  int ok = buf_adds(&b, what) == 0 && buf_adds(&b, detail) == 0 && buf_add(&b, "\n", 1) == 0;
  if (ok) {
    (void)io_write_all(2, b.data, b.len);
  }
  buf_free(&b);
  return 2;
}

/* Reads all of fd into b; -1 on a read error or out of memory. */
static int slurp(int fd, struct buf *b) {
  for (;;) {
    if (buf_reserve(b, 65536) < 0) {
      errno = ENOMEM;
      return -1;
    }
    ssize_t n = io_read(fd, b->data + b->len, b->cap - b->len);
    if (n < 0) {
      return -1;
    }
    if (n == 0) {
      return 0;
    }
    b->len += (size_t)n;
  }
}

static int emit(struct buf *b) {
  int rc = io_write_all(1, b->data, b->len) < 0 ? 1 : 0;
  buf_free(b);
  return rc;
}

int add_base64(struct buf *b, const unsigned char *p, size_t n) {
  static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  char out[4];
  size_t i = 0;
  for (; i + 3 <= n; i += 3) {
    out[0] = tab[p[i] >> 2];
    out[1] = tab[((p[i] & 3) << 4) | (p[i + 1] >> 4)];
    out[2] = tab[((p[i + 1] & 15) << 2) | (p[i + 2] >> 6)];
    out[3] = tab[p[i + 2] & 63];
    if (buf_add(b, out, 4) < 0) {
      return -1;
    }
  }
  if (i < n) {
    out[0] = tab[p[i] >> 2];
    if (i + 1 < n) {
      out[1] = tab[((p[i] & 3) << 4) | (p[i + 1] >> 4)];
      out[2] = tab[(p[i + 1] & 15) << 2];
    } else {
      out[1] = tab[(p[i] & 3) << 4];
      out[2] = '=';
    }
    out[3] = '=';
    if (buf_add(b, out, 4) < 0) {
      return -1;
    }
  }
  return 0;
}

/* --json-string [VALUE]: VALUE, or stdin less one final newline (a here-string), as a JSON literal. */
static int json_string(int argc, char **argv) {
  struct buf in = {0}, out = {0};
  const char *s;
  size_t n;
  if (argc > 2) {
    s = argv[2];
    n = strlen(s);
  } else {
    if (slurp(0, &in) < 0) {
      buf_free(&in);
      return usage("lambda_json_string: cannot read the value: ", strerror(errno));
    }
    n = in.len;
    if (n > 0 && in.data[n - 1] == '\n') {
      n--;
    }
    s = in.data ? in.data : "";
  }
  int rc = json_add_string(&out, s, n);
  buf_free(&in);
  if (rc < 0) {
    buf_free(&out);
    return usage("lambda_json_string: ", "out of memory");
  }
  return emit(&out);
}

static int is_tchar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

/* --http-response STATUS [-H 'Name: value']... [--cookie 'c=v']... [--base64] < body */
static int http_response(int argc, char **argv) {
  static const char *const me = "lambda_http: ";
  if (argc < 3) {
    return usage(me, "usage: lambda_http STATUS [-H 'Name: value']... [--cookie 'c=v']... [--base64] < body");
  }
  const char *st = argv[2];
  int status = 0;
  for (const char *p = st; *p; p++) {
    if (*p < '0' || *p > '9' || status > 999) {
      status = -1;
      break;
    }
    status = status * 10 + (*p - '0');
  }
  if (*st == '\0' || status < 100 || status > 599) {
    struct buf m = {0};
    int rc = buf_adds(&m, "the status is '") < 0 || buf_adds(&m, st) < 0 ||
                     buf_adds(&m, "', but it must be a number from 100 to 599 (e.g. lambda_http 200 <<<\"$body\")") < 0 || buf_add(&m, "", 1) < 0
                 ? usage(me, "out of memory")
                 : usage(me, m.data);
    buf_free(&m);
    return rc;
  }
  int force64 = 0;
  struct buf out = {0}, headers = {0}, cookies = {0}, body = {0};
  int rc = 0;
  char num[8];
  (void)str_fmt(num, sizeof num, "%d", status);
  for (int i = 3; i < argc && rc == 0; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--base64") == 0) {
      force64 = 1;
    } else if ((strcmp(a, "-H") == 0 || strcmp(a, "--header") == 0) && i + 1 < argc) {
      const char *h = argv[++i];
      const char *colon = strchr(h, ':');
      size_t nl = colon ? (size_t)(colon - h) : 0;
      for (size_t k = 0; k < nl; k++) {
        if (!is_tchar(h[k])) {
          nl = 0;
        }
      }
      if (nl == 0) {
        rc = usage(me, "a header must be -H 'Name: value' with a name of letters, digits and !#$%&'*+-.^_`|~ (e.g. -H 'Content-Type: text/html')");
        break;
      }
      const char *v = colon + 1;
      while (*v == ' ' || *v == '\t') {
        v++;
      }
      size_t vl = strlen(v);
      while (vl > 0 && (v[vl - 1] == ' ' || v[vl - 1] == '\t')) {
        vl--;
      }
      /* lower-case names, as Function URLs hand them to clients anyway */
      char name[256];
      if (nl >= sizeof name) {
        rc = usage(me, "a header name is longer than 255 characters");
        break;
      }
      for (size_t k = 0; k < nl; k++) {
        name[k] = (char)(h[k] >= 'A' && h[k] <= 'Z' ? h[k] + 32 : h[k]);
      }
      if ((headers.len > 0 && buf_add(&headers, ",", 1) < 0) || json_add_string(&headers, name, nl) < 0 ||
          buf_add(&headers, ":", 1) < 0 || json_add_string(&headers, v, vl) < 0) {
        rc = usage(me, "out of memory");
      }
    } else if (strcmp(a, "--cookie") == 0 && i + 1 < argc) {
      const char *c = argv[++i];
      if ((cookies.len > 0 && buf_add(&cookies, ",", 1) < 0) || json_add_string(&cookies, c, strlen(c)) < 0) {
        rc = usage(me, "out of memory");
      }
    } else {
      struct buf m = {0};
      rc = buf_adds(&m, "unknown or incomplete argument '") < 0 || buf_adds(&m, a) < 0 ||
                   buf_adds(&m, "': expected -H 'Name: value', --cookie 'c=v' or --base64") < 0 || buf_add(&m, "", 1) < 0
               ? usage(me, "out of memory")
               : usage(me, m.data);
      buf_free(&m);
    }
  }
  if (rc == 0 && slurp(0, &body) < 0) {
    rc = usage("lambda_http: cannot read the body from stdin: ", strerror(errno));
  }
  if (rc == 0) {
    /* text goes as a JSON string; anything that is not UTF-8 (or holds NUL) as base64 */
    int b64 = force64 || memchr(body.data ? body.data : "", 0, body.len) != NULL || !json_is_utf8(body.data, body.len);
    if (buf_adds(&out, "{\"statusCode\":") < 0 || buf_adds(&out, num) < 0 || buf_adds(&out, ",\"headers\":{") < 0 ||
        buf_add(&out, headers.data, headers.len) < 0 || buf_adds(&out, "}") < 0 ||
        (cookies.len > 0 && (buf_adds(&out, ",\"cookies\":[") < 0 || buf_add(&out, cookies.data, cookies.len) < 0 ||
                             buf_adds(&out, "]") < 0)) ||
        buf_adds(&out, ",\"body\":") < 0 ||
        (b64 ? buf_adds(&out, "\"") < 0 || add_base64(&out, (const unsigned char *)body.data, body.len) < 0 ||
                   buf_adds(&out, "\"") < 0
             : json_add_string(&out, body.data, body.len) < 0) ||
        buf_adds(&out, b64 ? ",\"isBase64Encoded\":true}" : ",\"isBase64Encoded\":false}") < 0) {
      rc = usage(me, "out of memory");
    }
  }
  buf_free(&headers);
  buf_free(&cookies);
  buf_free(&body);
  if (rc != 0) {
    buf_free(&out);
    return rc;
  }
  return emit(&out);
}

/* ---- reading one header out of a Function URL event (JSON on stdin) ---- */

struct scan {
  const char *p, *end;
};

static void ws(struct scan *s) {
  while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r')) {
    s->p++;
  }
}

static int hexval(char c) {
  return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static int hex4(const char *p, unsigned *v) {
  *v = 0;
  for (int i = 0; i < 4; i++) {
    int h = hexval(p[i]);
    if (h < 0) {
      return -1;
    }
    *v = *v << 4 | (unsigned)h;
  }
  return 0;
}

static int add_utf8(struct buf *b, unsigned cp) {
  char u[4];
  size_t n;
  if (cp < 0x80) {
    u[0] = (char)cp;
    n = 1;
  } else if (cp < 0x800) {
    u[0] = (char)(0xC0 | cp >> 6);
    u[1] = (char)(0x80 | (cp & 0x3F));
    n = 2;
  } else if (cp < 0x10000) {
    u[0] = (char)(0xE0 | cp >> 12);
    u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    u[2] = (char)(0x80 | (cp & 0x3F));
    n = 3;
  } else {
    u[0] = (char)(0xF0 | cp >> 18);
    u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    u[3] = (char)(0x80 | (cp & 0x3F));
    n = 4;
  }
  return buf_add(b, u, n);
}

/* A JSON string at s->p, decoded into out (when not NULL); -1 when malformed. */
static int str(struct scan *s, struct buf *out) {
  if (s->p >= s->end || *s->p != '"') {
    return -1;
  }
  s->p++;
  while (s->p < s->end) {
    char c = *s->p++;
    if (c == '"') {
      return 0;
    }
    if (c != '\\') {
      if (out && buf_add(out, &c, 1) < 0) {
        return -1;
      }
      continue;
    }
    if (s->p >= s->end) {
      return -1;
    }
    char e = *s->p++;
    const char *simple = strchr("\"\\/bfnrt", e);
    if (e != '\0' && simple != NULL) {
      static const char to[] = "\"\\/\b\f\n\r\t";
      if (out && buf_add(out, &to[simple - "\"\\/bfnrt"], 1) < 0) {
        return -1;
      }
      continue;
    }
    unsigned cp, lo;
    if (e != 'u' || s->end - s->p < 4 || hex4(s->p, &cp) < 0) {
      return -1;
    }
    s->p += 4;
    if (cp >= 0xD800 && cp <= 0xDBFF && s->end - s->p >= 6 && s->p[0] == '\\' && s->p[1] == 'u' &&
        hex4(s->p + 2, &lo) == 0 && lo >= 0xDC00 && lo <= 0xDFFF) {
      cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
      s->p += 6;
    } else if (cp >= 0xD800 && cp <= 0xDFFF) {
      cp = 0xFFFD; /* a lone surrogate */
    }
    if (out && add_utf8(out, cp) < 0) {
      return -1;
    }
  }
  return -1;
}

/* Skips one JSON value (depth-bounded); -1 when malformed. */
static int skip(struct scan *s, int depth) {
  ws(s);
  if (s->p >= s->end || depth > 64) {
    return -1;
  }
  char c = *s->p;
  if (c == '"') {
    return str(s, NULL);
  }
  if (c == '{' || c == '[') {
    char close = c == '{' ? '}' : ']';
    s->p++;
    ws(s);
    if (s->p < s->end && *s->p == close) {
      s->p++;
      return 0;
    }
    for (;;) {
      if (c == '{') {
        ws(s);
        if (str(s, NULL) < 0) {
          return -1;
        }
        ws(s);
        if (s->p >= s->end || *s->p++ != ':') {
          return -1;
        }
      }
      if (skip(s, depth + 1) < 0) {
        return -1;
      }
      ws(s);
      if (s->p >= s->end) {
        return -1;
      }
      if (*s->p == ',') {
        s->p++;
        continue;
      }
      if (*s->p++ == close) {
        return 0;
      }
      return -1;
    }
  }
  /* number, true, false, null */
  const char *start = s->p;
  while (s->p < s->end && strchr(",}] \t\r\n", *s->p) == NULL) {
    s->p++;
  }
  return s->p > start ? 0 : -1;
}

static int same_name(const struct buf *a, const char *b) {
  size_t n = strlen(b);
  if (a->len != n) {
    return 0;
  }
  for (size_t i = 0; i < n; i++) {
    char x = a->data[i], y = b[i];
    if (x >= 'A' && x <= 'Z') {
      x = (char)(x + 32);
    }
    if (y >= 'A' && y <= 'Z') {
      y = (char)(y + 32);
    }
    if (x != y) {
      return 0;
    }
  }
  return 1;
}

/*
 * Walks the members of the object at s->p. For the member named name (case-insensitively when
 * fold, else exactly), calls found with the scanner at its value and returns its result;
 * returns 1 when no member matched, -1 when malformed.
 */
static int members(struct scan *s, const char *name, int fold, int (*found)(struct scan *, void *), void *ctx) {
  ws(s);
  if (s->p >= s->end || *s->p != '{') {
    return -1;
  }
  s->p++;
  ws(s);
  if (s->p < s->end && *s->p == '}') {
    return 1;
  }
  struct buf key = {0};
  for (;;) {
    ws(s);
    key.len = 0;
    if (str(s, &key) < 0) {
      break;
    }
    ws(s);
    if (s->p >= s->end || *s->p++ != ':') {
      break;
    }
    ws(s);
    int match = fold ? same_name(&key, name) : key.len == strlen(name) && memcmp(key.data, name, key.len) == 0;
    if (match) {
      buf_free(&key);
      return found(s, ctx);
    }
    if (skip(s, 1) < 0) {
      break;
    }
    ws(s);
    if (s->p < s->end && *s->p == ',') {
      s->p++;
      continue;
    }
    if (s->p < s->end && *s->p == '}') {
      buf_free(&key);
      return 1;
    }
    break;
  }
  buf_free(&key);
  return -1;
}

static int header_value(struct scan *s, void *ctx) {
  return str(s, ctx) < 0 ? 1 : 0; /* a value that is not a string counts as absent */
}

struct lookup {
  const char *name;
  struct buf *value;
};

static int in_headers(struct scan *s, void *ctx) {
  struct lookup *l = ctx;
  return members(s, l->name, 1, header_value, l->value);
}

/* --event-header NAME < event: the header's value (nothing when absent; status 0 either way). */
static int event_header(int argc, char **argv) {
  if (argc < 3) {
    return usage("lambda_require_header: ", "usage: lambda_require_header NAME SECRET_VARIABLE");
  }
  struct buf ev = {0}, value = {0};
  if (slurp(0, &ev) < 0) {
    buf_free(&ev);
    return usage("lambda_require_header: cannot read the event: ", strerror(errno));
  }
  struct scan s = {ev.data ? ev.data : "", ev.data ? ev.data + ev.len : ""};
  struct lookup l = {argv[2], &value};
  int r = members(&s, "headers", 0, in_headers, &l);
  int rc = r == 0 && io_write_all(1, value.data ? value.data : "", value.len) < 0 ? 1 : 0;
  buf_free(&ev);
  buf_free(&value);
  return rc;
}

struct field_path {
  char **names;
  int n;
  struct buf *value;
};

static int field_step(struct scan *s, void *ctx) {
  struct field_path *f = ctx;
  if (f->n == 1) {
    return str(s, f->value) < 0 ? 1 : 0; /* a value that is not a string counts as absent */
  }
  struct field_path next = {f->names + 1, f->n - 1, f->value};
  return members(s, next.names[0], 0, field_step, &next);
}

/*
 * --json-field NAME [NAME]... < json: the string at that path of objects, unescaped (status 0);
 * status 1 when absent or not a string, 2 when the input is no JSON object (lambda_secret).
 */
static int json_field(int argc, char **argv) {
  if (argc < 3) {
    return usage("--json-field: ", "usage: --json-field NAME [NAME]... < json");
  }
  struct buf in = {0}, value = {0};
  if (slurp(0, &in) < 0) {
    buf_free(&in);
    return usage("--json-field: cannot read stdin: ", strerror(errno));
  }
  struct scan s = {in.data ? in.data : "", in.data ? in.data + in.len : ""};
  struct field_path f = {argv + 2, argc - 2, &value};
  int r = members(&s, argv[2], 0, field_step, &f);
  int rc = r < 0 ? 2 : r > 0 ? 1 : io_write_all(1, value.data ? value.data : "", value.len) < 0 ? 1 : 0;
  buf_free(&in);
  buf_free(&value);
  return rc;
}

int toolkit_main(int argc, char **argv) {
  if (argc < 2) {
    return -1;
  }
  if (strcmp(argv[1], "--json-string") == 0) {
    return json_string(argc, argv);
  }
  if (strcmp(argv[1], "--http-response") == 0) {
    return http_response(argc, argv);
  }
  if (strcmp(argv[1], "--event-header") == 0) {
    return event_header(argc, argv);
  }
  if (strcmp(argv[1], "--json-field") == 0) {
    return json_field(argc, argv);
  }
  return -1;
}
