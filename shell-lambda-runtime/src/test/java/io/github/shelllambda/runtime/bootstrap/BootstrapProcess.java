package io.github.shelllambda.runtime.bootstrap;

import io.github.shelllambda.runtime.Await;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A running bootstrap with its log (stderr) collected, as Lambda would start it. */
public final class BootstrapProcess implements AutoCloseable {

  private final Process process;
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private final Thread pump;

  private BootstrapProcess(Process process) {
    this.process = process;
    this.pump = new Thread(this::pumpLog, "bootstrap-log");
    pump.setDaemon(true);
    pump.start();
  }

  /**
   * Starts {@code target} with a Lambda-like environment: {@code AWS_LAMBDA_RUNTIME_API}, {@code
   * LAMBDA_TASK_ROOT}, {@code _HANDLER} (unset when null), a private TMPDIR, plus {@code extra}
   * (a null value unsets).
   */
  public static BootstrapProcess start(
      BootstrapTarget target, String api, Path taskRoot, String handler, Map<String, String> extra) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(target.command());
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("LAMBDA_") || k.startsWith("AWS_") || k.startsWith("_"));
    env.put("AWS_LAMBDA_RUNTIME_API", api);
    env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
    Path tmp = taskRoot.resolveSibling(taskRoot.getFileName() + "-tmp");
    Files.createDirectories(tmp);
    env.put("TMPDIR", tmp.toString());
    if (handler != null) {
      env.put("_HANDLER", handler);
    }
    env.put("ASAN_OPTIONS", "detect_leaks=1:abort_on_error=0:exitcode=99");
    env.put("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1:exitcode=98");
    Map<String, String> copy = new HashMap<>(extra);
    copy.forEach((k, v) -> {
      if (v == null) {
        env.remove(k);
      } else {
        env.put(k, v);
      }
    });
    pb.directory(taskRoot.toFile());
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    return new BootstrapProcess(pb.start());
  }

  private void pumpLog() {
    try (InputStream in = process.getErrorStream()) {
      byte[] b = new byte[8192];
      int n;
      while ((n = in.read(b)) > 0) {
        synchronized (log) {
          log.write(b, 0, n);
        }
      }
    } catch (IOException ignored) {
      // process gone
    }
  }

  /**
   * Everything the bootstrap (and the handler) wrote to the log so far: what a pump thread has
   * read from the pipe, which may lag behind what was written. To assert that something was
   * logged, use {@link #awaitLog}; {@code log()} alone is complete only after {@link #waitForExit}.
   */
  public String log() {
    synchronized (log) {
      return log.toString(StandardCharsets.UTF_8);
    }
  }

  /** Waits (with {@link Await}'s deadline) until the log contains every fragment; returns the log. */
  public String awaitLog(String... fragments) {
    Await.until(
        Await.DEFAULT,
        () -> "the bootstrap's log to contain " + List.of(fragments) + "; it holds:\n" + log(),
        () -> {
          String now = log();
          for (String f : fragments) {
            if (!now.contains(f)) {
              return false;
            }
          }
          return true;
        });
    return log();
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Waits for the exit; returns the status, or throws when it does not come in time. Then waits
   * for the log pump to reach the end of the pipe, so {@link #log()} holds everything the
   * bootstrap wrote (a background child still holding the pipe open keeps it short of the end).
   */
  public int waitForExit(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      throw new AssertionError("the bootstrap did not exit within " + seconds + " s; log:\n" + log());
    }
    pump.join(TimeUnit.SECONDS.toMillis(seconds));
    return process.exitValue();
  }

  /** Open file descriptors of the bootstrap (from /proc). */
  public long openFds() throws IOException {
    try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(pid()), "fd"))) {
      return s.count();
    }
  }

  /** Processes below the bootstrap (bash, and anything still running under it). */
  public long descendants() {
    return process.descendants().filter(ProcessHandle::isAlive).count();
  }

  /** The processes below the bootstrap right now. */
  public List<ProcessHandle> descendantHandles() {
    return process.descendants().filter(ProcessHandle::isAlive).toList();
  }

  /**
   * {@link #descendants()} once it holds still: the handler shell forks the next invocation's
   * subshell right after the previous one ended, so for a moment after a response the count is one
   * lower. Sampled until three readings 50 ms apart agree (at most 10 s).
   */
  public long settledDescendants() throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    long last = descendants();
    int same = 0;
    while (same < 2 && System.nanoTime() < end) {
      Thread.sleep(50);
      long now = descendants();
      same = now == last ? same + 1 : 0;
      last = now;
    }
    return last;
  }

  /** SIGKILL to the bootstrap alone, as when Lambda tears down or the process crashes. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** Peak resident set size of the bootstrap itself, in KiB (VmHWM). */
  public long peakRssKib() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IOException("no VmHWM in /proc/" + pid() + "/status");
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    // the sanitizer check reads the log after close: let the pump reach the end of the pipe
    pump.join(30_000);
  }
}
