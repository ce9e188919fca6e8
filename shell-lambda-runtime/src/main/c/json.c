#include "json.h"

#include <stdlib.h>
#include <string.h>

int buf_reserve(struct buf *b, size_t n) {
  if (n > (size_t)-1 / 2 - b->len) {
    return -1;
  }
  if (b->len + n > b->cap) {
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + n) {
      cap *= 2;
    }
    char *d = realloc(b->data, cap);
    if (d == NULL) {
      return -1;
    }
    b->data = d;
    b->cap = cap;
  }
  return 0;
}

int buf_add(struct buf *b, const char *s, size_t n) {
  if (buf_reserve(b, n) < 0) {
    return -1;
  }
  if (n > 0) {
    memcpy(b->data + b->len, s, n);
  }
  b->len += n;
  return 0;
}

int buf_adds(struct buf *b, const char *s) { return buf_add(b, s, strlen(s)); }

void buf_free(struct buf *b) {
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0 when it is not valid. */
static size_t utf8_len(const unsigned char *s, size_t n) {
  unsigned char c = s[0];
  size_t len;
  unsigned int cp;
  if (c < 0x80) {
    return 1;
  } else if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
    cp = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    cp = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (n < len) {
    return 0;
  }
  for (size_t i = 1; i < len; i++) {
    if ((s[i] & 0xC0) != 0x80) {
      return 0;
    }
    cp = (cp << 6) | (s[i] & 0x3F);
  }
  if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
      (cp >= 0xD800 && cp <= 0xDFFF)) {
    return 0; /* overlong, out of range, or a surrogate */
  }
  return len;
}

int json_is_utf8(const char *s, size_t n) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  while (i < n) {
    if (p[i] < 0x80) {
      i++;
      continue;
    }
    size_t len = utf8_len(p + i, n - i);
    if (len == 0) {
      return 0;
    }
    i += len;
  }
  return 1;
}

int json_add_string(struct buf *b, const char *s, size_t n) {
  static const char hex[] = "0123456789abcdef";
  const unsigned char *p = (const unsigned char *)s;
  if (buf_add(b, "\"", 1) < 0) {
    return -1;
  }
  size_t i = 0;
  while (i < n) {
    size_t run = i;
    /* copy the longest run of bytes that need no escaping in one go */
    while (run < n && p[run] >= 0x20 && p[run] < 0x80 && p[run] != '"' && p[run] != '\\') {
      run++;
    }
    if (run > i) {
      if (buf_add(b, s + i, run - i) < 0) {
        return -1;
      }
      i = run;
      continue;
    }
    unsigned char c = p[i];
    char esc[6];
    int rc;
    switch (c) {
      case '"': rc = buf_add(b, "\\\"", 2); break;
      case '\\': rc = buf_add(b, "\\\\", 2); break;
      case '\n': rc = buf_add(b, "\\n", 2); break;
      case '\r': rc = buf_add(b, "\\r", 2); break;
      case '\t': rc = buf_add(b, "\\t", 2); break;
      case '\b': rc = buf_add(b, "\\b", 2); break;
      case '\f': rc = buf_add(b, "\\f", 2); break;
      default:
        if (c < 0x20) {
          esc[0] = '\\';
          esc[1] = 'u';
          esc[2] = '0';
          esc[3] = '0';
          esc[4] = hex[c >> 4];
          esc[5] = hex[c & 0xF];
          rc = buf_add(b, esc, 6);
        } else {
          size_t len = utf8_len(p + i, n - i);
          if (len == 0) {
            rc = buf_add(b, "\\ufffd", 6);
          } else {
            rc = buf_add(b, s + i, len);
            i += len - 1;
          }
        }
    }
    if (rc < 0) {
      return -1;
    }
    i++;
  }
  return buf_add(b, "\"", 1);
}

int json_error_body(struct buf *b, const char *type, const char *msg, size_t msg_len) {
  if (buf_adds(b, "{\"errorMessage\":") < 0 || json_add_string(b, msg, msg_len) < 0 ||
      buf_adds(b, ",\"errorType\":") < 0 || json_add_string(b, type, strlen(type)) < 0 ||
      buf_adds(b, ",\"stackTrace\":[]}") < 0) {
    return -1;
  }
  return 0;
}
