package io.github.shelllambda.plugin.deploy;

import io.github.shelllambda.runtime.function.FunctionConfiguration;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * What this build wants on Lambda.
 *
 * @param configuration the function's configuration; its layers are the user's extra layer ARNs,
 *     which Lambda applies after this build's own layers
 * @param codeSha256 Lambda's CodeSha256 of the function zip
 * @param ownLayers the layers this build made, in order (bootstrap, then jq)
 * @param canaryPercent 0: the alias moves at once; 1..99: that share goes to the new version
 * @param url the Function URL on the alias, if one is wanted
 * @param tags the function's tags (deploy adds and updates these; tags set by others are kept)
 */
public record DesiredState(
    FunctionConfiguration configuration,
    Path functionZip,
    String codeSha256,
    long codeSize,
    List<LayerArtifact> ownLayers,
    String alias,
    int canaryPercent,
    Optional<FunctionUrlSettings> url,
    OptionalInt reservedConcurrency,
    Map<String, String> tags) {

  public DesiredState {
    ownLayers = List.copyOf(ownLayers);
    tags = Map.copyOf(new TreeMap<>(tags));
  }
}
