/* Low-level I/O: every call retries on EINTR and finishes short reads/writes. */
#ifndef SL_IO_H
#define SL_IO_H

#include <stddef.h>
#include <sys/types.h>

/* read(2) retried on EINTR. */
ssize_t io_read(int fd, void *buf, size_t len);

/* Writes all of buf to a blocking fd; 0 on success, -1 with errno set. */
int io_write_all(int fd, const void *buf, size_t len);

/* Closes fd (if >= 0) and sets it to -1; close errors are ignored on purpose (EINTR leaves it closed on Linux). */
void io_close(int *fd);

/* One line "shell-lambda bootstrap: <message>" on stderr (the function log). */
void log_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif

#include <stdarg.h>

/*
 * A small snprintf for the few conversions the bootstrap uses (%s %.*s %c %d %u %ld %lld %llu
 * %%): printf proper pulls in floating point formatting, a quarter of the binary on arm64.
 * Always NUL-terminates (cap > 0); returns the length written (truncated to cap - 1).
 */
size_t str_fmt(char *out, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
size_t str_vfmt(char *out, size_t cap, const char *fmt, va_list ap) __attribute__((format(printf, 3, 0)));
