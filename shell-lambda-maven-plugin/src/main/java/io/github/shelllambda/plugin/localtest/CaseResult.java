package io.github.shelllambda.plugin.localtest;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of one case.
 *
 * @param wallMillis how long the case took end to end (what the console and the XML show)
 * @param problems what failed, each readable on its own (a diff, a missing header, ...); empty
 *     when the case passed
 * @param log the invocation's log (START..REPORT and the function's output)
 * @param report the REPORT figures, when the invocation got that far
 */
public record CaseResult(
    String name, double wallMillis, List<String> problems, String log, Optional<ReportFigures> report) {

  public boolean passed() {
    return problems.isEmpty();
  }

  /** The single console line: {@code PASS hello (12 ms) Duration: 3.10 ms ...}. */
  public String summaryLine() {
    StringBuilder sb = new StringBuilder(passed() ? "PASS " : "FAIL ")
        .append(name).append(" (").append(Math.round(wallMillis)).append(" ms)");
    report.ifPresent(r -> sb.append("  ").append(r.summary()));
    return sb.toString();
  }
}
