package io.github.shelllambda.plugin.layers;

import io.github.shelllambda.runtime.function.Architecture;
import java.nio.file.Files;
import java.nio.file.Path;

/** The static gojq binaries the setup script puts under {@code ${shell-lambda.tools}/gojq/<arch>/jq}. */
final class Gojq {
  private Gojq() {}

  static Path of(Architecture arch) {
    String tools = System.getProperty("shell-lambda.tools");
    if (tools == null) {
      throw new IllegalStateException("system property shell-lambda.tools is not set (surefire sets it)");
    }
    Path p = Path.of(tools, "gojq", arch.lambdaName(), "jq");
    if (!Files.isRegularFile(p)) {
      throw new IllegalStateException(p + " is missing: run scripts/setup-debian.sh");
    }
    return p;
  }
}
