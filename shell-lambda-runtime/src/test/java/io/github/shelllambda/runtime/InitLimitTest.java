package io.github.shelllambda.runtime;

import io.github.shelllambda.runtime.function.Invocation;
import io.github.shelllambda.runtime.function.InvokeRequest;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lambda's real 10 s init limit, once (this test takes ~10 s): the first init hangs, runs over, is
 * killed and retried within the invocation, which then succeeds. The over-limit path with a
 * hanging retry is in FailureSemanticsTest with a short limit.
 */
class InitLimitTest {
  @TempDir Path dir;

  @Test
  void initOverTenSecondsIsRetriedWithinTheFirstInvocation() throws Exception {
    String handler =
        "if [ ! -e \"$TMPDIR/slow-once\" ]; then touch \"$TMPDIR/slow-once\"; echo 'slow init' >&2; sleep 60; fi\n"
            + "run() { echo '\"served\"'; }\n";
    try (LocalFunction fn = TestFunctions.function(dir, handler).start()) {
      Invocation inv = fn.invoke(InvokeRequest.of("{}"));
      assertThat(inv.error()).as(inv.log()).isEmpty();
      assertThat(inv.payloadAsString()).isEqualTo("\"served\"\n");
      assertThat(inv.coldStart()).isTrue();
      assertThat(inv.log()).contains("slow init");
      // The semantics, not a timing window: init was stopped by the limit (not before it) and
      // reported as a timeout of the init phase; how long past 10 s the machine took is no concern.
      Matcher report = Pattern.compile("INIT_REPORT Init Duration: ([0-9.]+) ms\tPhase: init\tStatus: timeout").matcher(inv.log());
      assertThat(report.find()).as(inv.log()).isTrue();
      assertThat(Double.parseDouble(report.group(1))).as("Init Duration (ms)").isGreaterThanOrEqualTo(10_000.0);
    }
  }
}
