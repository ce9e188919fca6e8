package io.github.shelllambda.runtime.function;

/**
 * Receives log lines as they happen: START/END/REPORT, the function's output, and warnings.
 * Called from several threads (one per busy execution environment, and the output poller), so
 * an implementation must be thread-safe.
 */
@FunctionalInterface
public interface LogSink {
  /** A line of the function log, as CloudWatch would show it. */
  void line(String line);

  /** A warning about the local set-up (stand-ins, missing host commands); not part of the function log. */
  default void warning(String message) {
    line("WARNING " + message);
  }

  static LogSink none() {
    return line -> {};
  }
}
