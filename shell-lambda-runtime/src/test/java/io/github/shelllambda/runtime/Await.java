package io.github.shelllambda.runtime;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for something that happens on another thread or in another process (a log pump catching
 * up, a process ending, a thread stopping) with a deadline, instead of asserting at once or
 * polling forever. The deadline is generous: it bounds a hang, it measures nothing.
 */
public final class Await {
  /** How long a condition may take on a slow, busy machine before the test fails. */
  public static final Duration DEFAULT = Duration.ofSeconds(60);

  private static final long POLL_MILLIS = 10;

  private Await() {}

  /** Waits up to {@link #DEFAULT} for {@code condition}; fails naming {@code what}. */
  public static void until(String what, BooleanSupplier condition) {
    until(DEFAULT, () -> what, condition);
  }

  /**
   * Waits up to {@code timeout} for {@code condition}, polling every 10 ms. On timeout, fails with
   * an {@link AssertionError} carrying {@code what}, computed then, so it can show the state that
   * was waited on (a log, a list of processes).
   */
  public static void until(Duration timeout, Supplier<String> what, BooleanSupplier condition) {
    long end = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - end > 0) {
        throw new AssertionError("waited " + timeout.toSeconds() + " s for: " + what.get());
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for: " + what.get(), e);
      }
    }
  }
}
