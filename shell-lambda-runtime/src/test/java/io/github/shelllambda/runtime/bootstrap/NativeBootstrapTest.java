package io.github.shelllambda.runtime.bootstrap;

import org.junit.jupiter.api.Test;

/** The conformance suite on the static build for this host, plus the long soak. */
class NativeBootstrapTest extends BootstrapConformance {

  @Override
  BootstrapTarget target() {
    return BootstrapTarget.NATIVE;
  }

  @Test
  void tenThousandInvocationsLeaveFdsAndProcessesWhereTheyWere() throws Exception {
    // builtins only: the loop measures the bootstrap, not fork+exec of cat
    file("handler.sh", "set -euo pipefail\nrun() { local e=''; IFS= read -r -d '' e || true; printf '%s' \"$e\"; }\n");
    assertLeakFree(start("handler.run"), 10_000);
  }
}
