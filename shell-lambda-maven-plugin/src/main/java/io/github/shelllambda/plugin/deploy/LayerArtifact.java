package io.github.shelllambda.plugin.deploy;

import java.nio.file.Path;

/**
 * A layer this build made and deploy publishes: {@code shell-lambda-bootstrap-<arch>} or {@code
 * shell-lambda-jq-<arch>}.
 *
 * @param layerName the Lambda layer name its versions are published under
 * @param codeSha256 Lambda's CodeSha256 of the zip (base64 of its SHA-256)
 */
public record LayerArtifact(String layerName, Path zip, String codeSha256, long size) {}
