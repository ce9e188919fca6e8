package io.github.shelllambda.runtime;

import io.github.shelllambda.runtime.function.Invocation;
import io.github.shelllambda.runtime.function.InvokeRequest;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Max Memory Used is the measured peak RSS of the environment's process tree. */
class MaxMemoryUsedTest {
  @TempDir Path dir;

  @Test
  void aHandlerHolding50MbIsReportedWithin20Percent() throws Exception {
    // tail -c N of a pipe keeps the last N bytes in memory until EOF: 50 MiB held for a second,
    // nothing large written to stdout.
    String handler =
        "run() { local n; n=$(cat); { head -c \"$n\" /dev/zero; sleep 1; } | tail -c \"$n\" | wc -c; }\n";
    long held = 50L * 1024 * 1024;
    try (LocalFunction fn = TestFunctions.function(dir, handler).configuration(TestFunctions.config("fn").memorySizeMb(512).build()).start()) {
      Invocation baseline = fn.invoke(InvokeRequest.of("1"));
      Invocation big = fn.invoke(InvokeRequest.of(Long.toString(held)));
      assertThat(big.payloadAsString().strip()).isEqualTo(Long.toString(held));
      long base = baseline.report().maxMemoryUsedMb();
      long used = big.report().maxMemoryUsedMb();
      System.out.printf("Max Memory Used: baseline %d MB, holding 50 MiB %d MB%n", base, used);
      assertThat(base).isPositive();
      assertThat(used - base).as("peak %d MB over a baseline of %d MB", used, base).isBetween(40L, 60L);
      assertThat(big.log()).contains("Max Memory Used: " + used + " MB");
    }
  }
}
