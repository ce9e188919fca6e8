package io.github.shelllambda.plugin.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class OutputTimestampTest {

  @Test
  void parsesIsoAndEpochSeconds() throws Exception {
    assertThat(OutputTimestamp.parse("2026-01-01T00:00:00Z")).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(OutputTimestamp.parse("2026-01-01T02:00:00+02:00")).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(OutputTimestamp.parse("1767225600")).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
  }

  @Test
  void roundsDownToEvenSeconds() throws Exception {
    assertThat(OutputTimestamp.parse("2026-01-01T00:00:03Z")).isEqualTo(Instant.parse("2026-01-01T00:00:02Z"));
  }

  @Test
  void unsetGivesTheFixedDefaultNotTheClock() throws Exception {
    assertThat(OutputTimestamp.parse(null)).isEqualTo(OutputTimestamp.DEFAULT);
    assertThat(OutputTimestamp.parse("")).isEqualTo(OutputTimestamp.DEFAULT);
    assertThat(OutputTimestamp.parse("a")).isEqualTo(OutputTimestamp.DEFAULT);
  }

  @Test
  void refusesGarbageAndOutOfRange() {
    assertThatThrownBy(() -> OutputTimestamp.parse("yesterday")).hasMessageContaining("project.build.outputTimestamp")
        .hasMessageContaining("'yesterday'");
    assertThatThrownBy(() -> OutputTimestamp.parse("1970-01-01T00:00:00Z")).hasMessageContaining("1980-01-01");
  }
}
