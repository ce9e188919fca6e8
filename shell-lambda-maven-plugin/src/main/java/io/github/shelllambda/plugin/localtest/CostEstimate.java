package io.github.shelllambda.plugin.localtest;

import io.github.shelllambda.runtime.function.Report;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Estimated Lambda cost per million requests like the measured ones, for both architectures,
 * from the documented us-east-1 first-tier prices. Each invocation is billed as Lambda bills it:
 * its duration plus, on a cold start, its INIT duration, rounded up to the millisecond.
 */
public final class CostEstimate {
  /** USD per GB-second, arm64 (Graviton). */
  public static final BigDecimal ARM64_GB_SECOND = new BigDecimal("0.0000133334");
  /** USD per GB-second, x86_64. */
  public static final BigDecimal X86_64_GB_SECOND = new BigDecimal("0.0000166667");
  /** USD per million requests. */
  public static final BigDecimal PER_MILLION_REQUESTS = new BigDecimal("0.20");

  /** The estimate; {@code averageBilledMs} includes the cold starts' INIT. */
  public record Estimate(int memorySizeMb, double averageBilledMs, int invocations, int coldStarts,
      double arm64PerMillion, double x86PerMillion) {

    public String describe() {
      return String.format(Locale.ROOT,
          "Estimated cost per million requests like these (%d MB, average billed %.1f ms over %d "
              + "invocation%s, %d cold start%s with INIT included): arm64 $%.4f, x86_64 $%.4f",
          memorySizeMb, averageBilledMs, invocations, invocations == 1 ? "" : "s",
          coldStarts, coldStarts == 1 ? "" : "s", arm64PerMillion, x86PerMillion);
    }
  }

  private CostEstimate() {}

  /** Cost in USD of one million requests of the given billed duration and memory. */
  public static double perMillion(double billedMs, int memorySizeMb, BigDecimal pricePerGbSecond) {
    double gbSeconds = (billedMs / 1000.0) * (memorySizeMb / 1024.0);
    return gbSeconds * pricePerGbSecond.doubleValue() * 1_000_000 + PER_MILLION_REQUESTS.doubleValue();
  }

  /**
   * The estimate from measured reports, or empty when there is none or any was measured under
   * emulation (those durations say nothing about Lambda's).
   */
  public static Optional<Estimate> of(List<Report> reports) {
    if (reports.isEmpty() || reports.stream().anyMatch(Report::emulated)) {
      return Optional.empty();
    }
    int memory = reports.get(0).memorySizeMb();
    // Report's billed duration already holds a cold start's INIT, as Lambda bills it
    double avg = reports.stream().mapToLong(Report::billedDurationMs).average().orElse(0);
    int cold = (int) reports.stream().filter(r -> r.initDurationMs().isPresent()).count();
    return Optional.of(new Estimate(memory, avg, reports.size(), cold,
        perMillion(avg, memory, ARM64_GB_SECOND), perMillion(avg, memory, X86_64_GB_SECOND)));
  }
}
