package io.github.shelllambda.plugin.packaging;

import io.github.shelllambda.plugin.function.PomParameter;
import io.github.shelllambda.runtime.function.Architecture;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * What {@link FunctionZip#build} needs.
 *
 * @param sourceDirectory the folder whose files go to the zip root
 * @param output the zip to write
 * @param handler Lambda's {@code _HANDLER}, e.g. {@code handler.run}
 * @param architecture the function's architecture (the bundled bootstrap's)
 * @param bundleBootstrap true to put the bootstrap in the zip as {@code /bootstrap}
 * @param timestamp the fixed entry time (see {@link OutputTimestamp})
 * @param parameters how the user sets these values, for messages
 */
public record FunctionZipRequest(
    Path sourceDirectory, Path output, String handler, Architecture architecture, boolean bundleBootstrap,
    Instant timestamp, Parameters parameters) {

  /** The parameters that set a request's values (the Mojos pass them from {@code ShellLambdaProperties}). */
  public record Parameters(PomParameter sourceDirectory, PomParameter handler, PomParameter bundleBootstrap) {
    public Parameters {
      Objects.requireNonNull(sourceDirectory, "sourceDirectory");
      Objects.requireNonNull(handler, "handler");
      Objects.requireNonNull(bundleBootstrap, "bundleBootstrap");
    }
  }

  public FunctionZipRequest {
    Objects.requireNonNull(sourceDirectory, "sourceDirectory");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(parameters, "parameters");
  }
}
