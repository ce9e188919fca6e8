package io.github.shelllambda.plugin.localtest;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The figures of a CloudWatch-style REPORT line: what a case prints and what the cost estimate
 * is computed from.
 */
public record ReportFigures(
    double durationMs,
    long billedDurationMs,
    int memorySizeMb,
    int maxMemoryUsedMb,
    OptionalDouble initDurationMs,
    boolean emulated) {

  private static final Pattern REPORT = Pattern.compile(
      "REPORT RequestId: \\S+\\s+Duration: ([0-9.]+) ms\\s+Billed Duration: ([0-9]+) ms\\s+"
          + "Memory Size: ([0-9]+) MB\\s+Max Memory Used: ([0-9]+) MB"
          + "(?:\\s+Init Duration: ([0-9.]+) ms)?");

  /** Reads the last REPORT line of a log (as a Function URL call only gets the log). */
  public static Optional<ReportFigures> fromLog(String log, boolean emulated) {
    if (log == null) {
      return Optional.empty();
    }
    Matcher m = REPORT.matcher(log);
    ReportFigures last = null;
    while (m.find()) {
      last = new ReportFigures(
          Double.parseDouble(m.group(1)),
          Long.parseLong(m.group(2)),
          Integer.parseInt(m.group(3)),
          Integer.parseInt(m.group(4)),
          m.group(5) == null ? OptionalDouble.empty() : OptionalDouble.of(Double.parseDouble(m.group(5))),
          emulated);
    }
    return Optional.ofNullable(last);
  }

  /** What Lambda bills for this invocation: duration plus INIT on a cold start, whole ms up. */
  public long billedWithInitMs() {
    return (long) Math.ceil(durationMs + initDurationMs.orElse(0));
  }

  public String summary() {
    StringBuilder sb = new StringBuilder()
        .append(String.format(java.util.Locale.ROOT, "Duration: %.2f ms  Max Memory Used: %d MB", durationMs, maxMemoryUsedMb));
    initDurationMs.ifPresent(i -> sb.append(String.format(java.util.Locale.ROOT, "  Init Duration: %.2f ms", i)));
    if (emulated) {
      sb.append("  (emulated)");
    }
    return sb.toString();
  }
}
