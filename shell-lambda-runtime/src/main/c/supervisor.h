/*
 * The handler supervisor: one long-lived bash that sources the handler file once and then forks a
 * subshell per invocation. Event and response travel through anonymous files the subshell opens
 * as /proc/<bootstrap>/fd/N (binary-safe, no size limit, no pipe deadlock); the subshell's exit
 * status comes back on a pipe, so a background child holding stdout cannot hold the response
 * back. bash's stdout and stderr reach the bootstrap through a log pipe that is copied to the
 * bootstrap's stderr, keeping the last TAIL_MAX bytes for error messages.
 */
#ifndef SL_SUPERVISOR_H
#define SL_SUPERVISOR_H

#include <stddef.h>
#include <sys/types.h>

#include "json.h"

#define TAIL_MAX 4096
/* The largest chunk of a streamed response: one read of the handler's stdout pipe. */
#define STREAM_CHUNK 16384

enum worker_mode { MODE_FUNCTION, MODE_EXECUTABLE };

enum start_result {
  START_OK,
  START_NO_SHELL,      /* bash could not be executed: detail = errno */
  START_SOURCE_FAILED, /* sourcing failed or bash exited: detail = status (negative: signal) */
  START_NO_FUNCTION,   /* the function is not defined after sourcing */
  START_SETUP_FAILED,  /* pipe/fork/memfd failed: detail = errno */
};

enum invoke_result { INVOKE_DONE, INVOKE_WORKER_DIED, INVOKE_SETUP_FAILED };

struct worker {
  pid_t pid;
  int trigger_fd; /* write a newline to start an invocation */
  int done_fd;    /* bash writes "<status>\n" when the invocation's subshell has exited */
  int log_fd;     /* bash's stdout+stderr, non-blocking; -1 once closed */
  int script_fd;  /* the per-invocation script the subshell sources: context vars, redirections */
  int error_fd;   /* lambda_error writes "TYPE\0MESSAGE" here (toolkit.sh); empty otherwise */
  int toolkit_fd; /* the toolkit's bash (toolkit.sh), sourced by bash on first use */
  int used_fd;    /* non-empty once an invocation used the toolkit (the long-lived bash then loads it) */
  /* During a streamed invocation (SHELL_LAMBDA_RESPONSE_STREAM): the read end of the handler's
     stdout pipe (non-blocking), drained into stream_sink while the invocation runs; -1 otherwise.
     After the sink failed once, the rest is read and dropped (the handler must not block). */
  int stream_fd;
  int (*stream_sink)(void *ctx, const char *data, size_t len);
  void *stream_ctx;
  int stream_failed;
  int exit_status; /* bash's own status once it died: >= 0 exit code, < 0 signal */
  char msg[64];
  size_t msg_len;
  char tail[TAIL_MAX];
  unsigned long long tail_total;
};

/* An anonymous read-write file (memfd, or an unlinked file under TMPDIR), close-on-exec; -1 on failure. */
int anon_file(const char *name);

/* Starts bash, calls meanwhile(ctx) (when not NULL) while bash starts, and waits until the handler
   is ready; *detail as documented in enum start_result. */
enum start_result worker_start(struct worker *w, enum worker_mode mode, const char *file,
                               const char *func, int *detail, void (*meanwhile)(void *), void *ctx);

/*
 * Runs one invocation: the subshell sources script (len bytes), whose last line redirects stdin
 * and stdout; returns once that subshell has exited, with its status in *status.
 */
enum invoke_result worker_invoke(struct worker *w, const char *script, size_t len, int *status);

/*
 * What lambda_error left in the error file ("TYPE\0MESSAGE", at most TOOLKIT_ERROR_MAX bytes
 * of it, *cut set when there was more) into out, emptying the file: 1 when there was something, 0
 * when not, -1 when out of memory.
 */
int worker_take_error(struct worker *w, struct buf *out, int *cut);

/* Copies whatever the log pipe holds to stderr; -1 once the pipe is closed. For conn.aux. */
int worker_pump(void *w);

/* Forgets the collected log tail (at the start of an invocation). */
void worker_tail_reset(struct worker *w);

/* Copies the last (at most TAIL_MAX) log bytes collected since the last reset; returns the length. */
size_t worker_tail(const struct worker *w, char *out);

#endif
