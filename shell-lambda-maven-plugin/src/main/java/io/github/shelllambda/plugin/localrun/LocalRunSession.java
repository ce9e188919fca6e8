package io.github.shelllambda.plugin.localrun;

import io.github.shelllambda.plugin.failure.UserMistakeException;
import io.github.shelllambda.plugin.function.LocalFunctionSpec;
import io.github.shelllambda.plugin.function.PomParameter;
import io.github.shelllambda.plugin.localtest.TestCase;
import io.github.shelllambda.plugin.packaging.BuildLog;
import io.github.shelllambda.plugin.packaging.BuiltZip;
import io.github.shelllambda.plugin.packaging.Packager;
import io.github.shelllambda.runtime.elf.WrongArchitectureException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What {@code mvn shell-lambda:run} does from start to Ctrl-C: serves the packaged function
 * ({@link LocalEndpoint}), re-packages and reloads it when a source file changes ({@link
 * SourceWatcher}, {@link Packager}), and stops cleanly on JVM shutdown (Ctrl-C, SIGTERM).
 *
 * <p>Stopping does the cleanup first (the watcher, every process tree, the work folder) and logs
 * only after, through calls that cannot throw: at shutdown Maven's console layer can fail (jansi
 * has thrown {@code NumberFormatException} there), and a log call must never leave a handler's
 * background process or the work folder behind.
 */
public final class LocalRunSession implements AutoCloseable {

  /** How long the sources must be quiet before a reload (editors write a file in steps). */
  static final Duration QUIET = Duration.ofMillis(300);

  /** A run setting outside what the session accepts. */
  public static final class InvalidRunSettingException extends UserMistakeException {
    public InvalidRunSettingException(String message) {
      super(message);
    }
  }

  /**
   * The run goal's own settings, checked.
   *
   * @param port the local port on 127.0.0.1; 0 picks a free one
   * @param concurrency local execution environments at most
   */
  public record Settings(int port, int concurrency) {
    /** @throws InvalidRunSettingException a port or concurrency out of range, named as in the POM */
    public static Settings of(int port, int concurrency, PomParameter portParameter, PomParameter concurrencyParameter)
        throws InvalidRunSettingException {
      if (port < 0 || port > 65535) {
        throw new InvalidRunSettingException(portParameter + " is " + port
            + "; use a TCP port from 1 to 65535 (0 picks a free one)");
      }
      if (concurrency < 1) {
        throw new InvalidRunSettingException(concurrencyParameter + " is " + concurrency
            + "; it must be at least 1");
      }
      return new Settings(port, concurrency);
    }
  }

  /**
   * What to serve and how.
   *
   * @param settings port and concurrency (checked before the spec is made from them)
   * @param spec the packaged function, made with the settings' concurrency
   * @param workDirectory this session's folder for the execution environments; removed on stop
   * @param upstream a test case's upstream, whose stubs are served to the function
   * @param sourceDirectory the function's sources: the zip must not be older, and they are watched
   * @param reload how to re-package on a change under {@code sourceDirectory}; empty: no reload
   * @param baseDirectory the project folder, for shorter paths in messages (null: absolute)
   * @param planeState the local control plane's state directory, served on the same port with the
   *     function as its $LATEST; empty: no plane
   */
  public record Request(Settings settings, LocalFunctionSpec spec, Path workDirectory,
      Optional<TestCase.Upstream> upstream, Path sourceDirectory, Optional<Packager> reload, Path baseDirectory,
      Optional<Path> planeState) {
    public Request {
      Objects.requireNonNull(settings, "settings");
      Objects.requireNonNull(spec, "spec");
      Objects.requireNonNull(workDirectory, "workDirectory");
      Objects.requireNonNull(upstream, "upstream");
      Objects.requireNonNull(sourceDirectory, "sourceDirectory");
      Objects.requireNonNull(reload, "reload");
      Objects.requireNonNull(planeState, "planeState");
    }
  }

  private final Request request;
  private final BuildLog log;
  private final LocalEndpoint endpoint;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicBoolean closing = new AtomicBoolean();
  private volatile SourceWatcher watcher;

  private LocalRunSession(Request request, BuildLog log, LocalEndpoint endpoint) {
    this.request = request;
    this.log = log;
    this.endpoint = endpoint;
  }

  /**
   * Serves the function until the JVM shuts down (Ctrl-C, SIGTERM) or the calling thread is
   * interrupted; what the run goal calls.
   */
  public static void run(Request request, BuildLog log) throws UserMistakeException, IOException, InterruptedException {
    try (LocalRunSession session = start(request, log)) {
      Thread hook = new Thread(session::close, "shell-lambda-run-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        session.awaitStop();
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // the hook runs (or ran) close()
        }
      }
    }
  }

  /**
   * Starts serving (and watching, when asked) and logs where; {@link #close()} stops.
   *
   * @throws LocalFunctionSpec.MissingZipException a zip of the build is missing
   * @throws ZipFreshness.StaleZipException the zip is older than a source file
   */
  public static LocalRunSession start(Request request, BuildLog log) throws UserMistakeException, IOException {
    BuildLog safe = neverThrowing(log);
    int port = request.settings().port();
    request.spec().checkZipsExist();
    ZipFreshness.check(request.spec().functionZip(), request.sourceDirectory());
    LocalEndpoint endpoint = LocalEndpoint.start(request.spec(), port, request.workDirectory(), safe,
        request.upstream(), request.planeState());
    LocalRunSession session = new LocalRunSession(request, safe, endpoint);
    try {
      if (request.reload().isPresent() && Files.isDirectory(request.sourceDirectory())) {
        session.watcher = SourceWatcher.start(request.sourceDirectory(), QUIET, session::reload,
            e -> safe.warn("Not reloaded, still serving the previous version: " + e.getMessage()));
      }
    } catch (IOException | RuntimeException e) {
      session.close();
      throw e;
    }
    for (String line : endpoint.usage()) {
      safe.info(line);
    }
    endpoint.stubsUrl().ifPresent(u -> safe.info("Upstream stubs: " + u));
    safe.info("Serving " + request.spec().configuration().functionName() + (session.watcher != null
        ? ", reloading on changes under " + request.sourceDirectory() : "") + "; press Ctrl-C to stop");
    return session;
  }

  /** Re-packages and swaps the new build in; running invocations finish on the old one. */
  private void reload() throws UserMistakeException, WrongArchitectureException, IOException {
    BuiltZip zip = request.reload().orElseThrow().packageFunction(log);
    endpoint.reload(request.spec());
    log.info("Reloaded: " + zip.summary(request.baseDirectory()));
  }

  /** The endpoint being served (its port, URLs). */
  public LocalEndpoint endpoint() {
    return endpoint;
  }

  /** Blocks until {@link #close()} ran (from the shutdown hook or another thread). */
  public void awaitStop() throws InterruptedException {
    stopped.await();
  }

  /**
   * Stops: the watcher, then every function's process tree (an invocation still running ends
   * with a "stopped" error), the server and the stubs, then removes the work folder; logs last.
   * Never throws; safe to call from a shutdown hook and more than once.
   */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    Throwable failure = null;
    try {
      SourceWatcher w = watcher;
      if (w != null) {
        w.close();
      }
    } catch (Throwable t) {
      failure = t;
    }
    try {
      endpoint.close();
    } catch (Throwable t) {
      failure = failure == null ? t : failure;
    }
    try {
      LocalFunctionSpec.deleteTree(request.workDirectory());
    } catch (Throwable t) {
      failure = failure == null ? t : failure;
    }
    stopped.countDown();
    boolean left = Files.exists(request.workDirectory());
    log.info("Stopped " + request.spec().configuration().functionName() + (left ? "; could not remove all of " : "; removed ")
        + request.workDirectory());
    if (failure != null) {
      log.warn("Stopping did not go cleanly: " + failure);
    }
  }

  /**
   * {@code log}, except that a call never throws: at JVM shutdown Maven's console layer can fail,
   * and losing a line is better than skipping the cleanup after it.
   */
  static BuildLog neverThrowing(BuildLog log) {
    return new BuildLog() {
      @Override
      public void info(String message) {
        try {
          log.info(message);
        } catch (Throwable ignored) {
          // the console is gone; the work goes on
        }
      }

      @Override
      public void warn(String message) {
        try {
          log.warn(message);
        } catch (Throwable ignored) {
          // the console is gone; the work goes on
        }
      }

      @Override
      public void debug(String message) {
        try {
          log.debug(message);
        } catch (Throwable ignored) {
          // the console is gone; the work goes on
        }
      }
    };
  }
}
