#include "http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <time.h>
#include <unistd.h>

#include "io.h"

int conn_init(struct conn *c, const char *api, const char **why) {
  c->fd = -1;
  c->host = api;
  c->rpos = c->wpos = 0;
  c->aux_fd = -1;
  c->aux = NULL;
  char host[256];
  const char *colon = strrchr(api, ':');
  const char *h = api;
  size_t hlen;
  if (colon == NULL || colon[1] == '\0') {
    *why = "AWS_LAMBDA_RUNTIME_API is not host:port";
    return -1;
  }
  hlen = (size_t)(colon - api);
  if (hlen >= 2 && api[0] == '[' && api[hlen - 1] == ']') {
    h++;
    hlen -= 2;
  }
  if (hlen == 0 || hlen >= sizeof host) {
    *why = "AWS_LAMBDA_RUNTIME_API has an empty or overlong host";
    return -1;
  }
  memcpy(host, h, hlen);
  host[hlen] = '\0';
  long port = 0;
  for (const char *p = colon + 1; *p; p++) {
    if (*p < '0' || *p > '9' || port > 65535) {
      *why = "AWS_LAMBDA_RUNTIME_API has an invalid port";
      return -1;
    }
    port = port * 10 + (*p - '0');
  }
  if (port < 1 || port > 65535) {
    *why = "AWS_LAMBDA_RUNTIME_API has an invalid port";
    return -1;
  }
  memset(&c->addr, 0, sizeof c->addr);
  struct sockaddr_in *v4 = (struct sockaddr_in *)&c->addr;
  struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&c->addr;
  if (inet_pton(AF_INET, host, &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons((unsigned short)port);
    c->addr_len = sizeof *v4;
    return 0;
  }
  if (inet_pton(AF_INET6, host, &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons((unsigned short)port);
    c->addr_len = sizeof *v6;
    return 0;
  }
  if (strcmp(host, "localhost") == 0) {
    /* the only name worth knowing here; a resolver would double the binary */
    v4->sin_family = AF_INET;
    v4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    v4->sin_port = htons((unsigned short)port);
    c->addr_len = sizeof *v4;
    return 0;
  }
  *why = "AWS_LAMBDA_RUNTIME_API must name an IP address (or localhost)";
  return -1;
}

void http_preconnect(struct conn *c) {
  if (c->fd >= 0) {
    return;
  }
  int fd = socket(c->addr.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) {
    return;
  }
  if (connect(fd, (struct sockaddr *)&c->addr, c->addr_len) < 0 && errno != EINPROGRESS) {
    (void)close(fd); /* refused: the first request connects (and retries) as usual */
    return;
  }
  int one = 1;
  (void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  (void)setsockopt(fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
  c->fd = fd;
  c->rpos = c->wpos = 0;
}

void conn_close(struct conn *c) {
  io_close(&c->fd);
  c->rpos = c->wpos = 0;
}

/* Waits until the socket is ready for events (or timeout_ms passes, -1: forever), serving aux
   meanwhile. Returns 1 when ready, 0 on timeout, -1 on a poll failure. */
static int wait_fd(struct conn *c, int fd, short events, int timeout_ms) {
  for (;;) {
    struct pollfd p[2];
    nfds_t n = 0;
    if (fd >= 0) {
      p[n].fd = fd;
      p[n].events = events;
      p[n].revents = 0;
      n++;
    }
    int ai = -1;
    if (c->aux_fd >= 0 && c->aux != NULL) {
      ai = (int)n;
      p[n].fd = c->aux_fd;
      p[n].events = POLLIN;
      p[n].revents = 0;
      n++;
    }
    int r = poll(p, n, timeout_ms);
    if (r < 0) {
      if (errno == EINTR) {
        continue;
      }
      return -1;
    }
    if (r == 0) {
      return 0;
    }
    if (ai >= 0 && p[ai].revents != 0 && c->aux(c->aux_ctx) < 0) {
      c->aux_fd = -1;
    }
    if (fd >= 0 && p[0].revents != 0) {
      return 1;
    }
  }
}

static void pause_ms(struct conn *c, int ms) {
  struct timespec start, now;
  (void)clock_gettime(CLOCK_MONOTONIC, &start);
  for (;;) {
    (void)clock_gettime(CLOCK_MONOTONIC, &now);
    long spent = (now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000;
    if (spent >= ms || wait_fd(c, -1, 0, (int)(ms - spent)) < 0) {
      return;
    }
  }
}

/* Connects, retrying refused/unreachable connections for about two seconds. */
static enum http_rc connect_api(struct conn *c, const char **why) {
  static const int delays[] = {5, 10, 20, 40, 80, 160, 250, 250, 250, 250, 250, 250, 250};
  for (size_t attempt = 0;; attempt++) {
    int fd = socket(c->addr.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) {
      *why = "socket() failed";
      return HTTP_REFUSED;
    }
    int err = 0;
    if (connect(fd, (struct sockaddr *)&c->addr, c->addr_len) < 0) {
      err = errno;
      if (err == EINPROGRESS || err == EINTR) {
        int r = wait_fd(c, fd, POLLOUT, -1);
        socklen_t len = sizeof err;
        if (r < 0 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0) {
          err = errno;
        }
      }
    }
    if (err == 0) {
      int one = 1;
      /* small requests must not wait for delayed ACKs (Nagle); failure only costs latency */
      (void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      (void)setsockopt(fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
      c->fd = fd;
      c->rpos = c->wpos = 0;
      return HTTP_OK;
    }
    (void)close(fd);
    if (attempt >= sizeof delays / sizeof delays[0]) {
      *why = err == ECONNREFUSED ? "connection refused" : "cannot connect";
      return HTTP_REFUSED;
    }
    pause_ms(c, delays[attempt]);
  }
}

/* After send() or sendfile() failed: 1 to try again (EINTR, or the socket became writable),
   0 when the connection is lost (*why says so). */
static int send_again(struct conn *c, const char *lost, const char **why) {
  if (errno == EINTR) {
    return 1;
  }
  if (errno == EAGAIN || errno == EWOULDBLOCK) {
    if (wait_fd(c, c->fd, POLLOUT, -1) < 0) {
      *why = "poll() failed";
      return 0;
    }
    return 1;
  }
  *why = lost;
  return 0;
}

static enum http_rc send_all(struct conn *c, const char *p, size_t n, int more, const char **why) {
  while (n > 0) {
    ssize_t w = send(c->fd, p, n, MSG_NOSIGNAL | (more ? MSG_MORE : 0));
    if (w < 0) {
      if (send_again(c, "the connection to the Runtime API failed while sending", why)) {
        continue;
      }
      return HTTP_LOST;
    }
    p += w;
    n -= (size_t)w;
  }
  return HTTP_OK;
}

static enum http_rc send_file(struct conn *c, int fd, off_t len, const char **why) {
  off_t off = 0;
  while (off < len) {
    ssize_t w = sendfile(c->fd, fd, &off, (size_t)(len - off));
    if (w < 0) {
      if (send_again(c, "the connection to the Runtime API failed while sending the body", why)) {
        continue;
      }
      return HTTP_LOST;
    }
    if (w == 0) {
      *why = "the response file is shorter than expected";
      return HTTP_SINK;
    }
  }
  return HTTP_OK;
}

/* Reads more bytes into the buffer (compacting it first). 1: got bytes, 0: EOF, -1: error. */
static int fill(struct conn *c) {
  if (c->rpos == c->wpos) {
    c->rpos = c->wpos = 0;
  } else if (c->wpos == CONN_BUF && c->rpos > 0) {
    memmove(c->buf, c->buf + c->rpos, c->wpos - c->rpos);
    c->wpos -= c->rpos;
    c->rpos = 0;
  }
  if (c->wpos == CONN_BUF) {
    errno = EMSGSIZE;
    return -1;
  }
  for (;;) {
    /* ACK what arrives at once: a server that writes head and body in two segments without
       TCP_NODELAY holds the body back (Nagle) until the head is acknowledged, and a delayed ACK
       would cost ~40 ms per invocation. Linux drops quick-ACK mode by itself, so it is re-armed
       before every read; failure only costs latency. */
    int one = 1;
    (void)setsockopt(c->fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
    ssize_t n = recv(c->fd, c->buf + c->wpos, CONN_BUF - c->wpos, 0);
    if (n > 0) {
      c->wpos += (size_t)n;
      return 1;
    }
    if (n == 0) {
      return 0;
    }
    if (errno == EINTR) {
      continue;
    }
    if (errno != EAGAIN && errno != EWOULDBLOCK) {
      return -1;
    }
    if (wait_fd(c, c->fd, POLLIN, -1) < 0) {
      return -1;
    }
  }
}

static int discard(void *ctx, const char *data, size_t len) {
  (void)ctx;
  (void)data;
  (void)len;
  return 0;
}

static enum http_rc read_body(struct conn *c, const struct http_head *h, body_sink sink, void *ctx,
                              const char **why) {
  if (sink == NULL) {
    sink = discard;
  }
  if (h->chunked) {
    struct chunked ch = {0, 0};
    for (;;) {
      if (c->rpos < c->wpos) {
        size_t used;
        enum chunked_result r = chunked_feed(&ch, c->buf + c->rpos, c->wpos - c->rpos, &used, sink, ctx);
        c->rpos += used;
        if (r == CHUNKED_DONE) {
          return HTTP_OK;
        }
        if (r == CHUNKED_ERROR) {
          *why = "malformed chunked body";
          return HTTP_BAD;
        }
        if (r == CHUNKED_SINK_ERROR) {
          *why = "cannot store the body";
          return HTTP_SINK;
        }
      }
      int f = fill(c);
      if (f <= 0) {
        *why = "the Runtime API closed the connection inside a chunked body";
        return HTTP_LOST;
      }
    }
  }
  if (h->content_length != HTTP_NO_LENGTH) {
    unsigned long long left = (unsigned long long)h->content_length;
    while (left > 0) {
      if (c->rpos == c->wpos) {
        int f = fill(c);
        if (f <= 0) {
          *why = "the Runtime API closed the connection before the end of the body";
          return HTTP_LOST;
        }
      }
      size_t n = c->wpos - c->rpos;
      if (n > left) {
        n = (size_t)left;
      }
      if (sink(ctx, c->buf + c->rpos, n) < 0) {
        *why = "cannot store the body";
        return HTTP_SINK;
      }
      c->rpos += n;
      left -= n;
    }
    return HTTP_OK;
  }
  if (h->until_close) {
    for (;;) {
      if (c->rpos < c->wpos) {
        if (sink(ctx, c->buf + c->rpos, c->wpos - c->rpos) < 0) {
          *why = "cannot store the body";
          return HTTP_SINK;
        }
        c->rpos = c->wpos;
      }
      int f = fill(c);
      if (f == 0) {
        return HTTP_OK;
      }
      if (f < 0) {
        *why = "the connection to the Runtime API failed inside a body";
        return HTTP_LOST;
      }
    }
  }
  return HTTP_OK; /* 1xx, 204, 304: no body */
}

static enum http_rc read_answer(struct conn *c, struct http_head *h, body_sink sink, void *ctx,
                                const char **why);

static enum http_rc exchange(struct conn *c, const struct http_req *rq, struct http_head *h,
                             body_sink sink, void *ctx, const char **why) {
  char head[2048];
  unsigned long long blen =
      rq->body_fd >= 0 ? (unsigned long long)rq->body_fd_len : (unsigned long long)rq->body_len;
  size_t hl = str_fmt(head, sizeof head,
                    "%s %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: shell-lambda-bootstrap\r\n%s%s",
                    rq->method, rq->path, c->host, rq->extra_headers ? rq->extra_headers : "",
                    rq->body_fd >= 0 || rq->body != NULL ? "" : "\r\n");
  if (hl >= sizeof head - 40) {
    *why = "request head too long";
    return HTTP_BAD;
  }
  if (rq->body_fd >= 0 || rq->body != NULL) {
    hl += str_fmt(head + hl, sizeof head - hl, "Content-Length: %llu\r\n\r\n", blen);
  }
  int has_body = blen > 0;
  if (c->fd < 0) {
    enum http_rc r = connect_api(c, why);
    if (r != HTTP_OK) {
      return r;
    }
  }
  c->rpos = c->wpos = 0;
  enum http_rc r = send_all(c, head, hl, has_body, why);
  if (r == HTTP_OK && has_body) {
    r = rq->body_fd >= 0 ? send_file(c, rq->body_fd, rq->body_fd_len, why)
                         : send_all(c, rq->body, rq->body_len, 0, why);
  }
  if (r != HTTP_OK) {
    return r;
  }
  return read_answer(c, h, sink, ctx, why);
}

/* Reads the answer to a request sent in full: head into *h (past 1xx answers), body into sink. */
static enum http_rc read_answer(struct conn *c, struct http_head *h, body_sink sink, void *ctx,
                                const char **why) {
  for (;;) {
    size_t hlen;
    while ((hlen = http_head_length(c->buf + c->rpos, c->wpos - c->rpos)) == 0) {
      int f = fill(c);
      if (f == 0) {
        *why = "the Runtime API closed the connection before answering";
        return HTTP_LOST;
      }
      if (f < 0) {
        *why = errno == EMSGSIZE ? "response head larger than 64 KiB"
                                 : "the connection to the Runtime API failed";
        return errno == EMSGSIZE ? HTTP_BAD : HTTP_LOST;
      }
    }
    if (http_parse_head(c->buf + c->rpos, hlen, h, why) < 0) {
      return HTTP_BAD;
    }
    c->rpos += hlen;
    if (h->status >= 200) {
      break;
    }
    http_head_free(h); /* 100 Continue and friends: the real answer follows */
  }
  enum http_rc r = read_body(c, h, sink, ctx, why);
  if (r != HTTP_OK) {
    http_head_free(h);
  }
  return r;
}

enum http_rc http_exchange(struct conn *c, const struct http_req *rq, struct http_head *h,
                           body_sink sink, void *ctx, const char **why) {
  enum http_rc r = exchange(c, rq, h, sink, ctx, why);
  if (r != HTTP_OK || h->close) {
    conn_close(c);
  }
  return r;
}

enum http_rc http_stream_begin(struct conn *c, const char *path, const char *extra_headers,
                               const char **why) {
  char head[2048];
  size_t hl = str_fmt(head, sizeof head,
                      "POST %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: shell-lambda-bootstrap\r\n%s"
                      "Transfer-Encoding: chunked\r\n\r\n",
                      path, c->host, extra_headers ? extra_headers : "");
  if (hl >= sizeof head - 1) {
    *why = "request head too long";
    return HTTP_BAD;
  }
  if (c->fd < 0) {
    enum http_rc r = connect_api(c, why);
    if (r != HTTP_OK) {
      return r;
    }
  }
  c->rpos = c->wpos = 0;
  return send_all(c, head, hl, 1, why);
}

enum http_rc http_stream_chunk(struct conn *c, const char *data, size_t len, const char **why) {
  static const char hex[] = "0123456789abcdef";
  if (len == 0) {
    return HTTP_OK; /* a zero-length chunk would end the body */
  }
  char size[24];
  size_t n = 0;
  for (int shift = (int)(sizeof len * 8) - 4; shift >= 0; shift -= 4) {
    unsigned d = (unsigned)(len >> shift) & 15;
    if (d != 0 || n > 0 || shift == 0) {
      size[n++] = hex[d];
    }
  }
  size[n++] = '\r';
  size[n++] = '\n';
  enum http_rc r = send_all(c, size, n, 1, why);
  if (r == HTTP_OK) {
    r = send_all(c, data, len, 1, why);
  }
  if (r == HTTP_OK) {
    r = send_all(c, "\r\n", 2, 0, why);
  }
  return r;
}

enum http_rc http_stream_end(struct conn *c, const char *trailers, size_t trailers_len,
                             struct http_head *h, const char **why) {
  enum http_rc r = send_all(c, "0\r\n", 3, 1, why);
  if (r == HTTP_OK && trailers_len > 0) {
    r = send_all(c, trailers, trailers_len, 1, why);
  }
  if (r == HTTP_OK) {
    r = send_all(c, "\r\n", 2, 0, why);
  }
  if (r == HTTP_OK) {
    r = read_answer(c, h, NULL, NULL, why);
  }
  /* the contract: close the connection once a streamed response is written */
  conn_close(c);
  return r;
}
