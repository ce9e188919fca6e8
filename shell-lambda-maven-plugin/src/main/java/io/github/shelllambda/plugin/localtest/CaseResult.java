package io.github.shelllambda.plugin.localtest;

import io.github.shelllambda.runtime.function.Report;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The outcome of one case.
 *
 * @param wallMillis how long the case took end to end (what the console and the XML show)
 * @param problems what failed, each readable on its own (a diff, a missing header, ...); empty
 *     when the case passed
 * @param log the invocation's log (START..REPORT and the function's output)
 * @param report the invocation's REPORT figures as the runtime measured them, when the invocation
 *     got that far
 */
public record CaseResult(
    String name, double wallMillis, List<String> problems, String log, Optional<Report> report) {

  public boolean passed() {
    return problems.isEmpty();
  }

  /** The single console line: {@code PASS hello (12 ms) Duration: 3.10 ms ...}. */
  public String summaryLine() {
    StringBuilder sb = new StringBuilder(passed() ? "PASS " : "FAIL ")
        .append(name).append(" (").append(Math.round(wallMillis)).append(" ms)");
    report.ifPresent(r -> sb.append("  ").append(figures(r)));
    return sb.toString();
  }

  /** The figures a case line shows: {@code Duration: 2.50 ms  Max Memory Used: 18 MB  Init Duration: 9.75 ms}. */
  static String figures(Report r) {
    StringBuilder sb = new StringBuilder()
        .append(String.format(Locale.ROOT, "Duration: %.2f ms  Max Memory Used: %d MB", r.durationMs(), r.maxMemoryUsedMb()));
    r.initDurationMs().ifPresent(i -> sb.append(String.format(Locale.ROOT, "  Init Duration: %.2f ms", i)));
    if (r.emulated()) {
      sb.append("  (emulated)");
    }
    return sb.toString();
  }
}
