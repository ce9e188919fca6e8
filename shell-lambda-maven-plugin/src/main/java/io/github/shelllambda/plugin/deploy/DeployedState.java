package io.github.shelllambda.plugin.deploy;

import io.github.shelllambda.runtime.function.FunctionConfiguration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What the service holds now, read before anything is written.
 *
 * @param function the function's {@code $LATEST}, absent when it does not exist yet
 * @param latestVersion the newest published version, absent when none was published
 * @param latestLayers per layer name, its newest version (absent: never published)
 * @param urlStatements which of the two Function URL statements the alias's policy has
 */
public record DeployedState(
    Optional<DeployedCode> function,
    Optional<PublishedVersion> latestVersion,
    Map<String, LayerVersion> latestLayers,
    Optional<AliasState> alias,
    Optional<FunctionUrlSettings> url,
    Set<UrlStatement> urlStatements,
    OptionalInt reservedConcurrency,
    Map<String, String> tags) {

  /** Nothing deployed yet. */
  public static DeployedState none() {
    return new DeployedState(Optional.empty(), Optional.empty(), Map.of(), Optional.empty(), Optional.empty(),
        Set.of(), OptionalInt.empty(), Map.of());
  }

  /** A function's code and configuration as deployed. */
  public record DeployedCode(FunctionConfiguration configuration, String codeSha256, String revisionId) {}

  /** A published version: its number, code and configuration. */
  public record PublishedVersion(String version, String codeSha256, FunctionConfiguration configuration) {}

  /** A layer version: its ARN and content digest. */
  public record LayerVersion(String layerVersionArn, long version, String codeSha256) {}

  /** The two statements a public Function URL needs since October 2025. */
  public enum UrlStatement {
    /** {@code lambda:InvokeFunctionUrl} with {@code lambda:FunctionUrlAuthType} = NONE. */
    INVOKE_FUNCTION_URL,
    /** {@code lambda:InvokeFunction} with {@code lambda:InvokedViaFunctionUrl} = true. */
    INVOKE_FUNCTION_VIA_URL
  }
}
