/* JSON string escaping for the error bodies sent to the Runtime API and the toolkit's helpers. */
#ifndef SL_JSON_H
#define SL_JSON_H

#include <stddef.h>

/* A growable output buffer. */
struct buf {
  char *data;
  size_t len;
  size_t cap;
};

/* Makes room for n more bytes (len unchanged); 0 on success, -1 when out of memory. */
int buf_reserve(struct buf *b, size_t n);

/* Appends raw bytes; 0 on success, -1 when out of memory. */
int buf_add(struct buf *b, const char *s, size_t n);
int buf_adds(struct buf *b, const char *s);
void buf_free(struct buf *b);

/*
 * Appends s (n bytes, any bytes at all) as a JSON string literal with its quotes. Control
 * characters, quote and backslash are escaped; bytes that are not valid UTF-8 become U+FFFD,
 * so the result is always valid JSON.
 */
int json_add_string(struct buf *b, const char *s, size_t n);

/* 1 when the n bytes at s are valid UTF-8 (no overlong forms, surrogates or values past U+10FFFF). */
int json_is_utf8(const char *s, size_t n);

/* {"errorMessage":msg,"errorType":type,"stackTrace":[]} */
int json_error_body(struct buf *b, const char *type, const char *msg, size_t msg_len);

#endif
