/*
 * The handler toolkit (docs/writing-a-handler.md, "The toolkit"): the helper modes of the
 * bootstrap binary that the toolkit's bash functions (toolkit.sh, compiled into the driver in
 * supervisor.c) run for what bash cannot do exactly: JSON escaping of any bytes, base64, reading
 * a header out of the event. A helper is one exec of this static binary (well under a
 * millisecond), where bash alone would be slow on large bodies and cannot hold NUL bytes at all.
 */
#ifndef SL_TOOLKIT_H
#define SL_TOOLKIT_H

#include <stddef.h>

/* The largest lambda_error message kept (the rest is cut, saying so). */
#define TOOLKIT_ERROR_MAX (256 * 1024)
/* The longest error type accepted (it travels in a header). */
#define TOOLKIT_TYPE_MAX 128

/*
 * Runs a helper mode when argv[1] names one (--json-string, --http-response, --event-header,
 * --json-field) and
 * returns its exit status; returns -1 when argv[1] is no helper mode.
 */
int toolkit_main(int argc, char **argv);

/* 1 when type (n bytes) is an error type Lambda shows: [A-Za-z][A-Za-z0-9.]*, at most TOOLKIT_TYPE_MAX. */
int toolkit_error_type_ok(const char *type, size_t n);

struct buf;
/* Appends the base64 of n bytes to b; -1 when out of memory. */
int add_base64(struct buf *b, const unsigned char *p, size_t n);

#endif
