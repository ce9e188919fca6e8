#include "io.h"

#include <errno.h>
#include <stdarg.h>
#include <unistd.h>

ssize_t io_read(int fd, void *buf, size_t len) {
  for (;;) {
    ssize_t n = read(fd, buf, len);
    if (n >= 0 || errno != EINTR) {
      return n;
    }
  }
}

int io_write_all(int fd, const void *buf, size_t len) {
  const char *p = buf;
  while (len > 0) {
    ssize_t n = write(fd, p, len);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      return -1;
    }
    p += n;
    len -= (size_t)n;
  }
  return 0;
}

void io_close(int *fd) {
  if (*fd >= 0) {
    (void)close(*fd);
    *fd = -1;
  }
}

void log_line(const char *fmt, ...) {
  char line[1024];
  static const char prefix[] = "shell-lambda bootstrap: ";
  size_t n = sizeof prefix - 1;
  for (size_t i = 0; i < n; i++) {
    line[i] = prefix[i];
  }
  va_list ap;
  va_start(ap, fmt);
  n += str_vfmt(line + n, sizeof line - n - 1, fmt, ap);
  va_end(ap);
  line[n++] = '\n';
  (void)io_write_all(2, line, n); /* nothing sensible to do if the log is gone */
}

static size_t put(char *out, size_t cap, size_t o, const char *s, size_t n) {
  for (size_t i = 0; i < n && o + 1 < cap; i++) {
    out[o++] = s[i];
  }
  return o;
}

static size_t put_num(char *out, size_t cap, size_t o, unsigned long long v, int negative) {
  char digits[24];
  size_t n = 0;
  do {
    digits[sizeof digits - 1 - n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v > 0);
  if (negative) {
    digits[sizeof digits - 1 - n++] = '-';
  }
  return put(out, cap, o, digits + sizeof digits - n, n);
}

size_t str_vfmt(char *out, size_t cap, const char *fmt, va_list ap) {
  size_t o = 0;
  if (cap == 0) {
    return 0;
  }
  for (const char *f = fmt; *f; f++) {
    if (*f != '%') {
      o = put(out, cap, o, f, 1);
      continue;
    }
    f++;
    int longs = 0, precision = -1;
    if (f[0] == '.' && f[1] == '*') {
      precision = va_arg(ap, int);
      f += 2;
    }
    while (*f == 'l') {
      longs++;
      f++;
    }
    switch (*f) {
      case 's': {
        const char *s = va_arg(ap, const char *);
        if (s == NULL) {
          s = "(null)";
        }
        size_t n = 0;
        while (s[n] && (precision < 0 || n < (size_t)precision)) {
          n++;
        }
        o = put(out, cap, o, s, n);
        break;
      }
      case 'c': {
        char c = (char)va_arg(ap, int);
        o = put(out, cap, o, &c, 1);
        break;
      }
      case 'd': {
        long long v = longs == 0 ? va_arg(ap, int) : longs == 1 ? va_arg(ap, long) : va_arg(ap, long long);
        o = put_num(out, cap, o, v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v, v < 0);
        break;
      }
      case 'u': {
        unsigned long long v = longs == 0   ? va_arg(ap, unsigned)
                               : longs == 1 ? va_arg(ap, unsigned long)
                                            : va_arg(ap, unsigned long long);
        o = put_num(out, cap, o, v, 0);
        break;
      }
      case '%':
        o = put(out, cap, o, "%", 1);
        break;
      default: /* unsupported: print it as it is, so a mistake shows in the log */
        o = put(out, cap, o, f - 1, *f ? 2 : 1);
        if (*f == '\0') {
          f--;
        }
    }
  }
  out[o] = '\0';
  return o;
}

size_t str_fmt(char *out, size_t cap, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  size_t n = str_vfmt(out, cap, fmt, ap);
  va_end(ap);
  return n;
}
