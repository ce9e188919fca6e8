package io.github.shelllambda.runtime.function;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The figures of a CloudWatch {@code REPORT} line, measured.
 *
 * @param billedDurationMs Duration (plus Init Duration on a cold start: INIT is billed) rounded up to 1 ms
 * @param maxMemoryUsedMb peak resident memory of the environment's process tree, MB (2^20 bytes), rounded up
 * @param emulated figures measured while the bootstrap ran under qemu-user
 * @param status {@code timeout} or {@code error} when Lambda would print a Status field
 */
public record Report(
    String requestId,
    double durationMs,
    long billedDurationMs,
    int memorySizeMb,
    long maxMemoryUsedMb,
    OptionalDouble initDurationMs,
    boolean emulated,
    Optional<String> status) {

  public String toLogLine() {
    StringBuilder sb = new StringBuilder(200);
    sb.append("REPORT RequestId: ").append(requestId)
        .append("\tDuration: ").append(ms(durationMs)).append(" ms")
        .append("\tBilled Duration: ").append(billedDurationMs).append(" ms")
        .append("\tMemory Size: ").append(memorySizeMb).append(" MB")
        .append("\tMax Memory Used: ").append(maxMemoryUsedMb).append(" MB");
    initDurationMs.ifPresent(i -> sb.append("\tInit Duration: ").append(ms(i)).append(" ms"));
    status.ifPresent(s -> sb.append("\tStatus: ").append(s));
    if (emulated) {
      sb.append("\t(emulated)");
    }
    return sb.toString();
  }

  static String ms(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  /** Billed duration: duration plus init (cold start) rounded up to the next millisecond. */
  public static long billed(double durationMs, OptionalDouble initMs) {
    return (long) Math.ceil(durationMs + initMs.orElse(0));
  }
}
