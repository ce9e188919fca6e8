#include "http_parse.h"

#include <stdlib.h>
#include <string.h>

const char *const ctx_header_names[CTX_COUNT] = {
    "lambda-runtime-aws-request-id",    "lambda-runtime-deadline-ms",
    "lambda-runtime-invoked-function-arn", "lambda-runtime-trace-id",
    "lambda-runtime-client-context",    "lambda-runtime-cognito-identity",
};

size_t http_head_length(const char *buf, size_t len) {
  /* the head ends at the first empty line: "\n\n" or "\n\r\n" */
  for (size_t i = 0; i < len; i++) {
    if (buf[i] != '\n') {
      continue;
    }
    if (i + 1 < len && buf[i + 1] == '\n') {
      return i + 2;
    }
    if (i + 2 < len && buf[i + 1] == '\r' && buf[i + 2] == '\n') {
      return i + 3;
    }
  }
  return 0;
}

static char lower(char c) { return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c; }

static int name_is(const char *name, size_t n, const char *lower_name) {
  size_t i = 0;
  for (; i < n; i++) {
    if (lower_name[i] == '\0' || lower(name[i]) != lower_name[i]) {
      return 0;
    }
  }
  return lower_name[i] == '\0';
}

static int is_tchar(unsigned char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
    return 1;
  }
  return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

/* Does the comma-separated list v (n bytes) hold token tok (lower case), ignoring case? */
static int list_has(const char *v, size_t n, const char *tok) {
  size_t i = 0;
  while (i < n) {
    while (i < n && (v[i] == ' ' || v[i] == '\t' || v[i] == ',')) {
      i++;
    }
    size_t s = i;
    while (i < n && v[i] != ',') {
      i++;
    }
    size_t e = i;
    while (e > s && (v[e - 1] == ' ' || v[e - 1] == '\t')) {
      e--;
    }
    if (e > s && name_is(v + s, e - s, tok)) {
      return 1;
    }
  }
  return 0;
}

/* Is the last transfer coding of v "chunked"? */
static int last_is_chunked(const char *v, size_t n) {
  size_t e = n;
  while (e > 0 && (v[e - 1] == ' ' || v[e - 1] == '\t')) {
    e--;
  }
  size_t s = e;
  while (s > 0 && v[s - 1] != ',') {
    s--;
  }
  while (s < e && (v[s] == ' ' || v[s] == '\t')) {
    s++;
  }
  return name_is(v + s, e - s, "chunked");
}

void http_head_free(struct http_head *h) {
  for (int i = 0; i < CTX_COUNT; i++) {
    free(h->ctx[i]);
    h->ctx[i] = NULL;
  }
}

int http_parse_head(const char *buf, size_t head_len, struct http_head *h, const char **why) {
  memset(h, 0, sizeof *h);
  h->content_length = HTTP_NO_LENGTH;
  int te = 0, keep_alive = 0, conn_close = 0;
  const char *p = buf, *end = buf + head_len;

  /* status line: HTTP/1.x SP 3DIGIT [SP reason] */
  const char *eol = memchr(p, '\n', (size_t)(end - p));
  if (eol == NULL || eol - p < 12 || memcmp(p, "HTTP/1.", 7) != 0 || p[7] < '0' || p[7] > '9' ||
      p[8] != ' ' || p[9] < '1' || p[9] > '9' || p[10] < '0' || p[10] > '9' || p[11] < '0' ||
      p[11] > '9' || (p[12] != ' ' && p[12] != '\r' && p[12] != '\n')) {
    *why = "malformed status line";
    return -1;
  }
  int http10 = p[7] == '0';
  h->status = (p[9] - '0') * 100 + (p[10] - '0') * 10 + (p[11] - '0');
  p = eol + 1;

  while (p < end) {
    eol = memchr(p, '\n', (size_t)(end - p));
    if (eol == NULL) {
      *why = "unterminated header line";
      goto bad;
    }
    const char *le = eol;
    if (le > p && le[-1] == '\r') {
      le--;
    }
    if (le == p) {
      break; /* the empty line */
    }
    const char *colon = memchr(p, ':', (size_t)(le - p));
    if (colon == NULL || colon == p) {
      *why = "malformed header line";
      goto bad;
    }
    for (const char *q = p; q < colon; q++) {
      if (!is_tchar((unsigned char)*q)) {
        *why = "invalid character in a header name";
        goto bad;
      }
    }
    const char *v = colon + 1, *ve = le;
    while (v < ve && (*v == ' ' || *v == '\t')) {
      v++;
    }
    while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t')) {
      ve--;
    }
    for (const char *q = v; q < ve; q++) {
      if (*q == '\0' || *q == '\r') {
        *why = "invalid character in a header value";
        goto bad;
      }
    }
    size_t nlen = (size_t)(colon - p), vlen = (size_t)(ve - v);
    if (name_is(p, nlen, "content-length")) {
      if (vlen == 0 || vlen > 15) {
        *why = "invalid Content-Length";
        goto bad;
      }
      long long cl = 0;
      for (size_t i = 0; i < vlen; i++) {
        if (v[i] < '0' || v[i] > '9') {
          *why = "invalid Content-Length";
          goto bad;
        }
        cl = cl * 10 + (v[i] - '0');
      }
      if (cl > HTTP_MAX_BODY || (h->content_length != HTTP_NO_LENGTH && h->content_length != cl)) {
        *why = "invalid or conflicting Content-Length";
        goto bad;
      }
      h->content_length = cl;
    } else if (name_is(p, nlen, "transfer-encoding")) {
      te = 1;
      h->chunked = last_is_chunked(v, vlen);
    } else if (name_is(p, nlen, "connection")) {
      conn_close |= list_has(v, vlen, "close");
      keep_alive |= list_has(v, vlen, "keep-alive");
    } else {
      for (int i = 0; i < CTX_COUNT; i++) {
        if (name_is(p, nlen, ctx_header_names[i])) {
          char *copy = malloc(vlen + 1);
          if (copy == NULL) {
            *why = "out of memory";
            goto bad;
          }
          memcpy(copy, v, vlen);
          copy[vlen] = '\0';
          free(h->ctx[i]); /* the last of repeated headers wins */
          h->ctx[i] = copy;
          break;
        }
      }
    }
    p = eol + 1;
  }

  if (te) {
    /* Transfer-Encoding overrides Content-Length; a non-chunked coding runs to the close */
    h->content_length = HTTP_NO_LENGTH;
    if (!h->chunked) {
      h->until_close = 1;
    }
  } else if (h->content_length == HTTP_NO_LENGTH && h->status != 204 && h->status != 304 &&
             h->status >= 200) {
    h->until_close = 1;
  }
  h->close = conn_close || (http10 && !keep_alive) || h->until_close;
  return 0;
bad:
  http_head_free(h);
  return -1;
}

enum {
  CH_SIZE_FIRST, /* expecting the first hex digit of a chunk size */
  CH_SIZE,       /* more hex digits, or the end of the size */
  CH_EXT,        /* chunk extension or whitespace, up to LF */
  CH_DATA,
  CH_DATA_CR, /* CRLF after the data */
  CH_DATA_LF,
  CH_TRAILER_START, /* start of a trailer line, or the final empty line */
  CH_TRAILER,       /* inside a trailer line */
  CH_TRAILER_LF,    /* after CR of the final line */
  CH_DONE
};

static int hexval(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  c = lower(c);
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  return -1;
}

enum chunked_result chunked_feed(struct chunked *c, const char *in, size_t len, size_t *used,
                                 body_sink sink, void *ctx) {
  size_t i = 0;
  enum chunked_result res = CHUNKED_MORE;
  while (i < len && res == CHUNKED_MORE) {
    char ch = in[i];
    switch (c->state) {
      case CH_SIZE_FIRST:
      case CH_SIZE: {
        int v = hexval(ch);
        if (v >= 0) {
          if (c->remaining > (unsigned long long)HTTP_MAX_BODY / 16) {
            res = CHUNKED_ERROR;
            break;
          }
          c->remaining = c->remaining * 16 + (unsigned)v;
          c->state = CH_SIZE;
          i++;
        } else if (c->state == CH_SIZE_FIRST) {
          res = CHUNKED_ERROR;
        } else if (ch == ';' || ch == ' ' || ch == '\t' || ch == '\r') {
          c->state = CH_EXT;
          i++;
        } else if (ch == '\n') {
          c->state = c->remaining ? CH_DATA : CH_TRAILER_START;
          i++;
        } else {
          res = CHUNKED_ERROR;
        }
        break;
      }
      case CH_EXT:
        if (ch == '\n') {
          c->state = c->remaining ? CH_DATA : CH_TRAILER_START;
        } else if (ch == '\0') {
          res = CHUNKED_ERROR;
          break;
        }
        i++;
        break;
      case CH_DATA: {
        size_t n = len - i;
        if ((unsigned long long)n > c->remaining) {
          n = (size_t)c->remaining;
        }
        if (sink(ctx, in + i, n) < 0) {
          res = CHUNKED_SINK_ERROR;
          break;
        }
        i += n;
        c->remaining -= n;
        if (c->remaining == 0) {
          c->state = CH_DATA_CR;
        }
        break;
      }
      case CH_DATA_CR:
        if (ch == '\r') {
          c->state = CH_DATA_LF;
        } else if (ch == '\n') {
          c->state = CH_SIZE_FIRST;
        } else {
          res = CHUNKED_ERROR;
          break;
        }
        i++;
        break;
      case CH_DATA_LF:
        if (ch != '\n') {
          res = CHUNKED_ERROR;
          break;
        }
        c->state = CH_SIZE_FIRST;
        i++;
        break;
      case CH_TRAILER_START:
        if (ch == '\n') {
          c->state = CH_DONE;
          res = CHUNKED_DONE;
        } else if (ch == '\r') {
          c->state = CH_TRAILER_LF;
        } else {
          c->state = CH_TRAILER;
        }
        i++;
        break;
      case CH_TRAILER:
        if (ch == '\n') {
          c->state = CH_TRAILER_START;
        }
        i++;
        break;
      case CH_TRAILER_LF:
        if (ch != '\n') {
          res = CHUNKED_ERROR;
          break;
        }
        c->state = CH_DONE;
        res = CHUNKED_DONE;
        i++;
        break;
      default:
        res = CHUNKED_DONE;
        break;
    }
  }
  *used = i;
  return res;
}
