package io.github.shelllambda.runtime.controlplane;

import io.github.shelllambda.runtime.LocalFunction;
import io.github.shelllambda.runtime.function.FunctionConfiguration;
import io.github.shelllambda.runtime.function.LogSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@link LocalFunction} per function version that has been invoked: started on the first
 * invocation from that version's own configuration, code and resolved layers, kept warm, and
 * closed when the version (or function) is deleted or the plane closes; a replaced {@code $LATEST}
 * is closed once the invocations it may still serve have had their timeout.
 */
final class VersionRunners {
  private record Runner(Store.Version version, LocalFunction function) {}

  private final Map<String, Runner> runners = new HashMap<>();
  /** Replaced runners: closed once an invocation they may still serve has had its timeout to end. */
  private final List<LocalFunction> retiring = new ArrayList<>();
  private final java.util.concurrent.ScheduledExecutorService retire =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "shell-lambda-control-plane-retire");
        t.setDaemon(true);
        return t;
      });
  private final CodeStore code;
  private final String region;
  private final LogSink logSink;

  VersionRunners(CodeStore code, String region, LogSink logSink) {
    this.code = code;
    this.region = region;
    this.logSink = logSink;
  }

  /** The running function of this version, started if needed (a changed {@code $LATEST} gets a new one). */
  synchronized LocalFunction runner(String functionName, Store.Version v) {
    String key = functionName + ":" + v.version();
    Runner r = runners.get(key);
    if (r != null && sameCode(r.version(), v)) {
      return r.function();
    }
    if (r != null) {
      retireLater(r);
      runners.remove(key);
    }
    LocalFunction started = start(v);
    runners.put(key, new Runner(v, started));
    return started;
  }

  /** A replaced $LATEST may be in the middle of invocations: it is closed after its timeout, not at once. */
  private void retireLater(Runner r) {
    LocalFunction fn = r.function();
    retiring.add(fn);
    retire.schedule(() -> {
      synchronized (this) {
        if (!retiring.remove(fn)) {
          return;
        }
      }
      fn.close();
    }, r.version().config().timeoutSeconds() + 2L, java.util.concurrent.TimeUnit.SECONDS);
  }

  private static boolean sameCode(Store.Version a, Store.Version b) {
    return a.config().equals(b.config()) && a.code().equals(b.code()) && a.layers().equals(b.layers());
  }

  private LocalFunction start(Store.Version v) {
    List<Path> layers = new ArrayList<>();
    v.layers().forEach(l -> layers.add(code.path(l.code().sha256())));
    try {
      return LocalFunctionAdapter.start(v.config(), v.version(), code.path(v.code().sha256()), layers, region, logSink);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + v.config().functionName() + ":" + v.version(), e);
    }
  }

  /** Closes the runners of one version ({@code version} non-null) or of every version of a function. */
  void close(String functionName, String version) {
    List<LocalFunction> closing = new ArrayList<>();
    synchronized (this) {
      for (java.util.Iterator<Map.Entry<String, Runner>> it = runners.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<String, Runner> e = it.next();
        boolean match = version == null ? e.getKey().startsWith(functionName + ":")
            : e.getKey().equals(functionName + ":" + version);
        if (match) {
          closing.add(e.getValue().function());
          it.remove();
        }
      }
    }
    for (LocalFunction f : closing) {
      f.close();
    }
  }

  /**
   * Closes every runner. Plain loops, no lambdas: this runs from shutdown hooks, when a class
   * loader (a Maven plugin's realm) may no longer load classes not loaded before.
   */
  void closeAll() {
    List<LocalFunction> closing = new ArrayList<>();
    synchronized (this) {
      closing.addAll(retiring);
      retiring.clear();
      for (Runner r : runners.values()) {
        closing.add(r.function());
      }
      runners.clear();
    }
    retire.shutdownNow();
    for (LocalFunction f : closing) {
      f.close();
    }
  }

  /** The one place that turns a stored version into a {@link LocalFunction}. */
  static final class LocalFunctionAdapter {
    private LocalFunctionAdapter() {}

    /** Started as {@code version}: the environment, START line and Executed-Version name it. */
    static LocalFunction start(
        FunctionConfiguration c, String version, Path zip, List<Path> layerZips, String region, LogSink sink)
        throws IOException {
      return LocalFunction.builder()
          .configuration(c)
          .version(version)
          .functionZip(zip)
          .layers(layerZips)
          .region(region)
          .logSink(sink)
          .start();
    }
  }
}
