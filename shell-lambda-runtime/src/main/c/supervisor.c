#include "supervisor.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "io.h"
#include "toolkit.h"
#include "lz.h"
#include "driver_sh.h"  /* generated from driver.sh by the Makefile: DRIVER_SH_Z, DRIVER_SH_LEN */
#include "toolkit_sh.h" /* generated from toolkit.sh by the Makefile: TOOLKIT_SH_Z, TOOLKIT_SH_LEN */

/* The toolkit's bash, compressed (lz.h): decoded once, into the file bash sources on first use. */
static const unsigned char toolkit_z[] = TOOLKIT_SH_Z;
static char toolkit_sh[TOOLKIT_SH_LEN];

/* The driver of the long-lived bash: driver.sh, compressed (lz.h) by the Makefile into
   DRIVER_SH_Z; decoded once, it is bash's -c script (driver.sh says what it is given and does). */
static const unsigned char driver_z[] = DRIVER_SH_Z;
static char driver[DRIVER_SH_LEN + 1];

int anon_file(const char *name) {
  int fd;
#ifndef SL_NO_MEMFD /* defined only to measure the fallback (BENCHMARKS.md) */
  fd = memfd_create(name, MFD_CLOEXEC);
  if (fd >= 0 || (errno != ENOSYS && errno != EPERM && errno != EINVAL)) {
    return fd;
  }
#else
  (void)name;
#endif
  /* no memfd (old kernel, seccomp): an unlinked file under TMPDIR works the same through /proc */
  const char *dir = getenv("TMPDIR");
  char path[512];
  size_t n = str_fmt(path, sizeof path, "%s/.shell-lambda-XXXXXX", dir && *dir ? dir : "/tmp");
  if (n >= sizeof path - 1) {
    errno = ENAMETOOLONG;
    return -1;
  }
  fd = mkostemp(path, O_CLOEXEC);
  if (fd >= 0 && unlink(path) < 0) {
    int e = errno;
    (void)close(fd);
    errno = e;
    return -1;
  }
  return fd;
}

static void tail_add(struct worker *w, const char *p, size_t n) {
  if (n >= TAIL_MAX) {
    p += n - TAIL_MAX;
    w->tail_total += n - TAIL_MAX;
    n = TAIL_MAX;
  }
  for (size_t i = 0; i < n; i++) {
    w->tail[(w->tail_total + i) % TAIL_MAX] = p[i];
  }
  w->tail_total += n;
}

void worker_tail_reset(struct worker *w) { w->tail_total = 0; }

size_t worker_tail(const struct worker *w, char *out) {
  size_t n = w->tail_total < TAIL_MAX ? (size_t)w->tail_total : TAIL_MAX;
  unsigned long long start = w->tail_total - n;
  for (size_t i = 0; i < n; i++) {
    out[i] = w->tail[(start + i) % TAIL_MAX];
  }
  return n;
}

int worker_pump(void *arg) {
  struct worker *w = arg;
  char tmp[4096];
  while (w->log_fd >= 0) {
    ssize_t n = io_read(w->log_fd, tmp, sizeof tmp);
    if (n > 0) {
      (void)io_write_all(2, tmp, (size_t)n); /* a lost log line must not stop the function */
      tail_add(w, tmp, (size_t)n);
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      return 0;
    }
    io_close(&w->log_fd); /* EOF: bash and everything it started are gone */
    return -1;
  }
  return -1;
}

/* Reads what the stream pipe holds (at most one chunk per call unless drain) into the sink. */
static void stream_pump(struct worker *w, int drain) {
  static char chunk[STREAM_CHUNK];
  while (w->stream_fd >= 0) {
    ssize_t n = io_read(w->stream_fd, chunk, sizeof chunk);
    if (n > 0) {
      if (!w->stream_failed && w->stream_sink(w->stream_ctx, chunk, (size_t)n) < 0) {
        w->stream_failed = 1;
      }
      if (drain) {
        continue;
      }
      return;
    }
    if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
      w->stream_fd = -1; /* the caller closes it */
    }
    return;
  }
}

/* bash died: collect its status. */
static void reap(struct worker *w) {
  int st;
  pid_t r;
  do {
    r = waitpid(w->pid, &st, 0);
  } while (r < 0 && errno == EINTR);
  if (r == w->pid) {
    w->exit_status = WIFEXITED(st) ? WEXITSTATUS(st) : WIFSIGNALED(st) ? -WTERMSIG(st) : 1;
  } else {
    w->exit_status = 1;
  }
  w->pid = -1;
  /* whatever it printed on the way out belongs to the log and the tail */
  while (worker_pump(w) == 0) {
    struct pollfd p = {w->log_fd, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) {
      break;
    }
  }
}

/* Next status line from bash, without the newline: 1 on success, 0 when bash died, -1 on error. */
static int read_msg(struct worker *w, char *line, size_t cap) {
  for (;;) {
    char *nl = memchr(w->msg, '\n', w->msg_len);
    if (nl != NULL) {
      size_t n = (size_t)(nl - w->msg);
      size_t c = n < cap - 1 ? n : cap - 1;
      memcpy(line, w->msg, c);
      line[c] = '\0';
      memmove(w->msg, nl + 1, w->msg_len - n - 1);
      w->msg_len -= n + 1;
      return 1;
    }
    if (w->msg_len == sizeof w->msg) {
      w->msg_len = 0; /* garbage: cannot come from the driver */
    }
    struct pollfd p[3] = {{w->done_fd, POLLIN, 0}, {-1, POLLIN, 0}, {-1, POLLIN, 0}};
    nfds_t np = 1;
    int li = -1, si = -1;
    if (w->log_fd >= 0) {
      li = (int)np;
      p[np++].fd = w->log_fd;
    }
    if (w->stream_fd >= 0) {
      si = (int)np;
      p[np++].fd = w->stream_fd;
    }
    int r = poll(p, np, -1);
    if (r < 0) {
      if (errno == EINTR) {
        continue;
      }
      return -1;
    }
    if (li >= 0 && p[li].revents != 0) {
      (void)worker_pump(w);
    }
    if (si >= 0 && p[si].revents != 0) {
      stream_pump(w, 0);
    }
    if (p[0].revents == 0) {
      continue;
    }
    ssize_t n = io_read(w->done_fd, w->msg + w->msg_len, sizeof w->msg - w->msg_len);
    if (n > 0) {
      w->msg_len += (size_t)n;
      continue;
    }
    if (n < 0 && errno == EAGAIN) {
      continue;
    }
    /* EOF: bash exited (no invocation subshell holds fd 4) */
    reap(w);
    return 0;
  }
}

/* Moves fd to target in the child, clearing close-on-exec (dup2 onto itself would keep it). */
static int place_fd(int fd, int target) {
  if (fd == target) {
    return fcntl(fd, F_SETFD, 0);
  }
  return dup2(fd, target) < 0 ? -1 : 0;
}

enum start_result worker_start(struct worker *w, enum worker_mode mode, const char *file,
                               const char *func, int *detail, void (*meanwhile)(void *), void *ctx) {
  memset(w, 0, sizeof *w);
  w->pid = -1;
  w->trigger_fd = w->done_fd = w->log_fd = w->script_fd = w->error_fd = w->toolkit_fd = w->used_fd = -1;
  w->stream_fd = -1;
  int trig[2] = {-1, -1}, done[2] = {-1, -1}, logp[2] = {-1, -1}, exec_err[2] = {-1, -1};
  int devnull = -1;
  *detail = 0;
  char pid_s[24], fd_s[24], err_s[24], tk_s[24], used_s[24], self[4096];
  /* our own path as we see it (under qemu-user: the emulated binary, not qemu) */
  ssize_t self_len = readlink("/proc/self/exe", self, sizeof self - 1);
  self[self_len > 0 ? self_len : 0] = '\0';
  w->script_fd = anon_file("invocation");
  w->error_fd = anon_file("error");
  w->toolkit_fd = anon_file("toolkit");
  w->used_fd = anon_file("toolkit-used");
  /* the toolkit's text before bash starts: a handler file may use the toolkit at top level */
  if (w->script_fd < 0 || w->error_fd < 0 || w->toolkit_fd < 0 || w->used_fd < 0 ||
      (errno = EINVAL, lz_decode(driver_z, sizeof driver_z, driver, DRIVER_SH_LEN) != DRIVER_SH_LEN) ||
      lz_decode(toolkit_z, sizeof toolkit_z, toolkit_sh, sizeof toolkit_sh) != sizeof toolkit_sh ||
      io_write_all(w->toolkit_fd, toolkit_sh, sizeof toolkit_sh) < 0 || pipe2(trig, O_CLOEXEC) < 0 ||
      pipe2(done, O_CLOEXEC) < 0 ||
      pipe2(logp, O_CLOEXEC) < 0 || pipe2(exec_err, O_CLOEXEC) < 0 ||
      (devnull = open("/dev/null", O_RDONLY | O_CLOEXEC)) < 0) {
    goto setup_failed;
  }
  /* bash must never be handed one of these pipes as its 0..4 by accident: move them above 9 */
  int *all[] = {&trig[0], &trig[1], &done[0], &done[1], &logp[0], &logp[1], &devnull};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
    if (*all[i] < 10) {
      int moved = fcntl(*all[i], F_DUPFD_CLOEXEC, 10);
      if (moved < 0) {
        goto setup_failed;
      }
      (void)close(*all[i]);
      *all[i] = moved;
    }
  }
  (void)str_fmt(pid_s, sizeof pid_s, "%ld", (long)getpid());
  (void)str_fmt(fd_s, sizeof fd_s, "%d", w->script_fd);
  (void)str_fmt(err_s, sizeof err_s, "%d", w->error_fd);
  (void)str_fmt(tk_s, sizeof tk_s, "%d", w->toolkit_fd);
  (void)str_fmt(used_s, sizeof used_s, "%d", w->used_fd);
  char *argv[] = {"bash", "--noprofile", "--norc", "-c", (char *)driver, "bootstrap", pid_s, fd_s,
                  mode == MODE_FUNCTION ? "f" : "x", (char *)file, (char *)(func ? func : ""), err_s,
                  self, tk_s, used_s, NULL};

  pid_t pid = fork();
  if (pid < 0) {
    goto setup_failed;
  }
  if (pid == 0) {
    /* the child: only async-signal-safe calls until exec */
    sigset_t none;
    sigemptyset(&none);
    (void)sigprocmask(SIG_SETMASK, &none, NULL);
    (void)signal(SIGPIPE, SIG_DFL); /* the bootstrap ignores it; handlers must not inherit that */
    if (place_fd(devnull, 0) < 0 || place_fd(logp[1], 1) < 0 || place_fd(logp[1], 2) < 0 ||
        place_fd(trig[0], 3) < 0 || place_fd(done[1], 4) < 0) {
      int e = errno;
      (void)io_write_all(exec_err[1], &e, sizeof e);
      _exit(127);
    }
    execvp("bash", argv);
    int e = errno;
    (void)io_write_all(exec_err[1], &e, sizeof e);
    _exit(127);
  }
  w->pid = pid;
  if (meanwhile != NULL) {
    meanwhile(ctx);
  }
  io_close(&exec_err[1]);
  io_close(&trig[0]);
  io_close(&done[1]);
  io_close(&logp[1]);
  io_close(&devnull);
  w->trigger_fd = trig[1];
  w->done_fd = done[0];
  w->log_fd = logp[0];
  if (fcntl(w->log_fd, F_SETFL, O_NONBLOCK) < 0) {
    goto setup_failed;
  }
  int e = 0;
  ssize_t n = io_read(exec_err[0], &e, sizeof e);
  io_close(&exec_err[0]);
  if (n == (ssize_t)sizeof e) {
    reap(w);
    *detail = e;
    return START_NO_SHELL;
  }
  char line[32];
  int r = read_msg(w, line, sizeof line);
  if (r == 1 && line[0] == 'R') {
    return START_OK;
  }
  if (r == 1 && line[0] == 'F') {
    r = read_msg(w, line, sizeof line); /* wait for its exit, to collect the log */
    return START_NO_FUNCTION;
  }
  if (r == 1 && line[0] == 'S') {
    (void)read_msg(w, line, sizeof line);
  }
  if (w->pid >= 0) {
    /* a stray message: should not happen, but do not leave bash running */
    (void)kill(w->pid, SIGKILL);
    reap(w);
  }
  *detail = w->exit_status;
  return START_SOURCE_FAILED;

setup_failed:
  *detail = errno;
  int fds[] = {trig[0], trig[1], done[0], done[1], logp[0], logp[1], exec_err[0], exec_err[1], devnull};
  for (size_t i = 0; i < sizeof fds / sizeof fds[0]; i++) {
    io_close(&fds[i]);
  }
  w->trigger_fd = w->done_fd = w->log_fd = -1;
  io_close(&w->script_fd);
  io_close(&w->error_fd);
  io_close(&w->toolkit_fd);
  io_close(&w->used_fd);
  return START_SETUP_FAILED;
}

enum invoke_result worker_invoke(struct worker *w, const char *script, size_t len, int *status) {
  if (w->pid < 0) {
    return INVOKE_WORKER_DIED;
  }
  if (ftruncate(w->script_fd, 0) < 0) {
    return INVOKE_SETUP_FAILED;
  }
  size_t off = 0;
  while (off < len) {
    ssize_t n = pwrite(w->script_fd, script + off, len - off, (off_t)off);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return INVOKE_SETUP_FAILED;
    }
    off += (size_t)n;
  }
  worker_tail_reset(w);
  if (ftruncate(w->error_fd, 0) < 0) {
    return INVOKE_SETUP_FAILED;
  }
  if (io_write_all(w->trigger_fd, "\n", 1) < 0) {
    char line[32];
    while (read_msg(w, line, sizeof line) == 1) {
    }
    return INVOKE_WORKER_DIED;
  }
  char line[32];
  int r = read_msg(w, line, sizeof line);
  if (r != 1) {
    if (w->pid >= 0) {
      (void)kill(w->pid, SIGKILL);
      reap(w);
    }
    return INVOKE_WORKER_DIED;
  }
  *status = atoi(line);
  /* the subshell has exited: all it wrote is in the pipe */
  stream_pump(w, 1);
  /* everything the subshell wrote to stderr is in the pipe by now: take it for the tail */
  (void)worker_pump(w);
  /* as PID 1 of a container, orphaned background jobs become ours: collect them, no zombies pile up */
  for (;;) {
    int st;
    pid_t child = waitpid(-1, &st, WNOHANG);
    if (child <= 0) {
      break; /* 0: none exited; -1 (ECHILD): no children but bash */
    }
    if (child == w->pid) {
      w->exit_status = WIFEXITED(st) ? WEXITSTATUS(st) : WIFSIGNALED(st) ? -WTERMSIG(st) : 1;
      w->pid = -1; /* the next invocation reports the dead shell */
    }
  }
  return INVOKE_DONE;
}

int worker_take_error(struct worker *w, struct buf *out, int *cut) {
  out->len = 0;
  *cut = 0;
  struct stat st;
  if (w->error_fd < 0 || fstat(w->error_fd, &st) < 0 || st.st_size <= 0) {
    return 0;
  }
  size_t want = st.st_size > TOOLKIT_ERROR_MAX ? TOOLKIT_ERROR_MAX : (size_t)st.st_size;
  *cut = st.st_size > TOOLKIT_ERROR_MAX;
  if (buf_reserve(out, want) < 0) {
    return -1;
  }
  while (out->len < want) {
    ssize_t n = pread(w->error_fd, out->data + out->len, want - out->len, (off_t)out->len);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      break; /* shorter than announced: take what is there */
    }
    out->len += (size_t)n;
  }
  (void)ftruncate(w->error_fd, 0);
  return 1;
}
