package io.github.shelllambda.runtime;

import io.github.shelllambda.runtime.function.Invocation;
import io.github.shelllambda.runtime.function.InvokeRequest;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
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
    try (LocalFunction fn = TestFunctions.function(dir, handler).configuration(TestFunctions.config("fn").timeoutSeconds(3).build()).start()) {
      Invocation inv = fn.invoke(InvokeRequest.of("{}"));
      assertThat(inv.error()).as(inv.log()).isEmpty();
      assertThat(inv.payloadAsString()).isEqualTo("\"served\"\n");
      assertThat(inv.coldStart()).isTrue();
      assertThat(inv.log()).contains("slow init").containsPattern("INIT_REPORT Init Duration: 10\\d\\d\\d\\.\\d\\d ms\tPhase: init\tStatus: timeout");
    }
  }
}
