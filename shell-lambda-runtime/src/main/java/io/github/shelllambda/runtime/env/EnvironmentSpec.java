package io.github.shelllambda.runtime.env;

import io.github.shelllambda.runtime.function.Architecture;
import io.github.shelllambda.runtime.function.FunctionConfiguration;
import io.github.shelllambda.runtime.function.FunctionId;
import io.github.shelllambda.runtime.function.LogSink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything an execution environment of a function needs, prepared once by {@link FunctionSetup}.
 *
 * @param function the function's unqualified identity
 * @param version the version these environments run: {@code $LATEST} or a published version's
 *     number ({@code AWS_LAMBDA_FUNCTION_VERSION}, the START line, the log stream name)
 * @param configuration what the function runs with (name, handler, architecture, memory, ...)
 * @param bootstrapCommand the command line that starts the runtime (setsid, qemu when emulated,
 *     the bootstrap), or null when there is none
 * @param bootstrapProblem why there is no runnable bootstrap (an init error, as Lambda reports it)
 * @param baseEnvironment the function's variables, without the per-environment ones
 *     (AWS_LAMBDA_RUNTIME_API, TMPDIR, AWS_LAMBDA_LOG_STREAM_NAME)
 * @param layerBins the PATH entries after the system part
 */
public record EnvironmentSpec(
    FunctionId function,
    String version,
    FunctionConfiguration configuration,
    Duration initTimeout,
    Path taskDirectory,
    Path optDirectory,
    Path workDirectory,
    List<String> bootstrapCommand,
    String bootstrapProblem,
    boolean emulated,
    Map<String, String> baseEnvironment,
    List<Path> layerBins,
    boolean hostPath,
    CommandInventory inventory,
    LogSink sink) {

  public Architecture architecture() {
    return configuration.architecture();
  }

  public int memorySizeMb() {
    return configuration.memorySizeMb();
  }

  /** Never prints variable values: they may be secrets. */
  @Override
  public String toString() {
    return "EnvironmentSpec[" + function + ", version " + version + ", " + configuration + ", variables " + baseEnvironment.keySet()
        + ", bootstrap " + (bootstrapCommand != null ? bootstrapCommand : bootstrapProblem) + "]";
  }

  /** The invocation timeout: the configuration's. */
  public Duration timeout() {
    return Duration.ofSeconds(configuration.timeoutSeconds());
  }
}
