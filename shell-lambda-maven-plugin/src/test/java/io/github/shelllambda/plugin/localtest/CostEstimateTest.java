package io.github.shelllambda.plugin.localtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.shelllambda.runtime.function.Report;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class CostEstimateTest {
  @Test
  void documentedPrices() {
    // 1 GB for 1 s a million times: 1e6 GB-s at the documented prices, plus $0.20 of requests.
    assertThat(CostEstimate.perMillion(1000, 1024, CostEstimate.ARM64_GB_SECOND)).isCloseTo(13.3334 + 0.20, within(1e-9));
    assertThat(CostEstimate.perMillion(1000, 1024, CostEstimate.X86_64_GB_SECOND)).isCloseTo(16.6667 + 0.20, within(1e-9));
    // 128 MB, 10 ms: 1250 GB-s per million.
    assertThat(CostEstimate.perMillion(10, 128, CostEstimate.X86_64_GB_SECOND)).isCloseTo(1250 * 0.0000166667 + 0.2, within(1e-9));
  }

  @Test
  void coldStartInitIsBilledAndAveraged() {
    Report cold = report(2.4, OptionalDouble.of(17.3), false);
    Report warm = report(1.2, OptionalDouble.empty(), false);
    assertThat(cold.billedDurationMs()).isEqualTo(20); // ceil(2.4 + 17.3): INIT is billed
    assertThat(warm.billedDurationMs()).isEqualTo(2);
    CostEstimate.Estimate e = CostEstimate.of(List.of(cold, warm)).orElseThrow();
    assertThat(e.averageBilledMs()).isEqualTo(11.0);
    assertThat(e.coldStarts()).isEqualTo(1);
    double gbs = 0.011 * 0.125 * 1e6;
    assertThat(e.arm64PerMillion()).isCloseTo(gbs * 0.0000133334 + 0.2, within(1e-9));
    assertThat(e.x86PerMillion()).isCloseTo(gbs * 0.0000166667 + 0.2, within(1e-9));
    assertThat(e.describe()).isEqualTo("Estimated cost per million requests like these (128 MB, average billed 11.0 ms "
        + "over 2 invocations, 1 cold start with INIT included): arm64 $0.2183, x86_64 $0.2229");
  }

  @Test
  void noEstimateFromEmulatedRunsOrNothing() {
    assertThat(CostEstimate.of(List.of())).isEmpty();
    assertThat(CostEstimate.of(List.of(report(1, OptionalDouble.empty(), true)))).isEqualTo(Optional.empty());
  }

  /** A report as the runtime makes one (its billed duration computed by the runtime's rule). */
  static Report report(double durationMs, OptionalDouble initMs, boolean emulated) {
    return new Report("id", durationMs, Report.billed(durationMs, initMs), 128, 20, initMs, emulated, Optional.empty());
  }

  @Test
  void aCaseLineShowsTheReportsFigures() {
    Report r = new Report("a", 2.5, 13, 256, 18, OptionalDouble.of(9.75), false, Optional.empty());
    assertThat(CaseResult.figures(r)).isEqualTo("Duration: 2.50 ms  Max Memory Used: 18 MB  Init Duration: 9.75 ms");
    Report emulated = new Report("b", 1.234, 2, 128, 3, OptionalDouble.empty(), true, Optional.empty());
    assertThat(CaseResult.figures(emulated)).isEqualTo("Duration: 1.23 ms  Max Memory Used: 3 MB  (emulated)");
  }
}
