/*
 * HTTP/1.1 response parsing: the status line and headers, and the chunked body decoder. Pure
 * functions over byte buffers (no I/O), so the fuzz target and the corpus replay drive exactly
 * the code the bootstrap runs.
 */
#ifndef SL_HTTP_PARSE_H
#define SL_HTTP_PARSE_H

#include <stddef.h>

/* The per-invocation headers of a /next response the handler sees as env vars. */
enum ctx_header {
  CTX_REQUEST_ID,
  CTX_DEADLINE_MS,
  CTX_FUNCTION_ARN,
  CTX_TRACE_ID,
  CTX_CLIENT_CONTEXT,
  CTX_COGNITO_IDENTITY,
  CTX_COUNT
};

/* Header names, lower case, in enum ctx_header order. */
extern const char *const ctx_header_names[CTX_COUNT];

#define HTTP_NO_LENGTH (-1LL)
/* Larger Content-Length values or chunk sizes are refused as malformed. */
#define HTTP_MAX_BODY (1LL << 40)

struct http_head {
  int status;               /* 100..999 */
  int chunked;              /* Transfer-Encoding ends in chunked */
  int until_close;          /* no length: the body runs to the end of the connection */
  int close;                /* the server closes the connection after this response */
  long long content_length; /* HTTP_NO_LENGTH when absent */
  char *ctx[CTX_COUNT];     /* malloc'ed header values, NULL when absent */
};

/*
 * Length of the head (status line, headers and the empty line) at the start of buf, or 0 when
 * buf does not hold a whole head yet. Lines end in CRLF or a bare LF.
 */
size_t http_head_length(const char *buf, size_t len);

/*
 * Parses a whole head of head_len bytes (as found by http_head_length). Returns 0, or -1 when
 * it is malformed (then *why names the fault) or memory ran out. Free with http_head_free.
 */
int http_parse_head(const char *buf, size_t head_len, struct http_head *h, const char **why);

void http_head_free(struct http_head *h);

enum chunked_result { CHUNKED_MORE, CHUNKED_DONE, CHUNKED_ERROR, CHUNKED_SINK_ERROR };

struct chunked {
  int state;
  unsigned long long remaining;
};

/* Called with each piece of decoded body; returns 0, or -1 to stop with CHUNKED_SINK_ERROR. */
typedef int (*body_sink)(void *ctx, const char *data, size_t len);

/*
 * Feeds len bytes of a chunked body into the decoder: decoded data goes to sink, *used tells how
 * many input bytes were consumed (less than len only when the body ended inside the input).
 */
enum chunked_result chunked_feed(struct chunked *c, const char *in, size_t len, size_t *used,
                                 body_sink sink, void *ctx);

#endif
