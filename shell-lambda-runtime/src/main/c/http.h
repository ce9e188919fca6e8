/* The Runtime API client: one keep-alive HTTP/1.1 connection, reopened when the server closes it. */
#ifndef SL_HTTP_H
#define SL_HTTP_H

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "http_parse.h"

#define CONN_BUF 65536 /* also the largest response head accepted */

struct conn {
  int fd; /* -1 while not connected */
  const char *host; /* AWS_LAMBDA_RUNTIME_API, sent as Host */
  struct sockaddr_storage addr;
  socklen_t addr_len;
  size_t rpos, wpos; /* unread bytes are buf[rpos, wpos) */
  /* While waiting on the socket, this fd is watched too and aux() called when it is readable
     (the handler's log pipe); aux returns -1 once the fd is finished. */
  int aux_fd;
  int (*aux)(void *ctx);
  void *aux_ctx;
  char buf[CONN_BUF];
};

enum http_rc {
  HTTP_OK = 0,
  HTTP_LOST = -1,    /* the connection failed or closed before the response was complete */
  HTTP_BAD = -2,     /* the response is not valid HTTP */
  HTTP_SINK = -3,    /* the body sink failed */
  HTTP_REFUSED = -4, /* could not connect, after a short bounded retry */
};

struct http_req {
  const char *method;
  const char *path;
  const char *extra_headers; /* whole header lines ending in CRLF, or NULL */
  const char *body;          /* in-memory body of body_len bytes ... */
  size_t body_len;
  int body_fd; /* ... or, when >= 0, body_fd_len bytes of this file from offset 0 (sendfile) */
  off_t body_fd_len;
};

/* Parses "host:port" (host a name, an IPv4 address or [IPv6]); -1 with *why on failure. */
int conn_init(struct conn *c, const char *api, const char **why);

void conn_close(struct conn *c);

/*
 * Opens the connection now, without waiting for it, when it is not open (one attempt; a failure
 * is left to the first request, which connects with retries). The bootstrap calls it while bash
 * starts, so that the server's accept is off the path to the first GET /next. A server that
 * closes the idle connection in the meantime costs nothing: GET /next retries a lost connection.
 */
void http_preconnect(struct conn *c);

/*
 * Sends rq and reads the response: head into *h (free it with http_head_free), body into sink
 * (which may be NULL to discard it). Connects first when needed. On HTTP_LOST the caller may
 * reconnect by calling again. *why names the fault on failure.
 */
enum http_rc http_exchange(struct conn *c, const struct http_req *rq, struct http_head *h,
                           body_sink sink, void *ctx, const char **why);

/*
 * A streamed request (the Runtime API's response streaming): the head with Transfer-Encoding:
 * chunked and extra_headers, then one chunk per http_stream_chunk call (sent at once), then the
 * last chunk with trailers (whole header lines ending in CRLF, or empty), the answer read into *h
 * (free it with http_head_free on HTTP_OK) and the connection closed, as the contract asks.
 */
enum http_rc http_stream_begin(struct conn *c, const char *path, const char *extra_headers,
                               const char **why);
enum http_rc http_stream_chunk(struct conn *c, const char *data, size_t len, const char **why);
enum http_rc http_stream_end(struct conn *c, const char *trailers, size_t trailers_len,
                             struct http_head *h, const char **why);

#endif
