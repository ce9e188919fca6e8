package io.github.shelllambda.plugin;

import java.io.File;

/**
 * The nested {@code <jq>} element: where the jq binary of the jq layer comes from. Set one of
 * {@code url} (with {@code sha256}), {@code file} or {@code artifact}; none means the official jq
 * 1.8.1 release for the function's architecture. {@code -Dshell-lambda.jq.file} overrides it.
 *
 * <pre>{@code
 * <jq>
 *   <url>https://example.com/jq-linux-arm64</url>
 *   <sha256>6bc62f...</sha256>
 * </jq>
 * }</pre>
 */
public class JqConfig {

  /** Download URL (http or https); needs {@link #sha256}. */
  String url;

  /** Hex SHA-256 the download (or the artifact, optionally) must have. */
  String sha256;

  /** A local static jq binary. */
  File file;

  /** Maven coordinates {@code groupId:artifactId[:extension[:classifier]]:version}, resolved from the project's repositories. */
  String artifact;

  public String getUrl() {
    return url;
  }

  public String getSha256() {
    return sha256;
  }

  public File getFile() {
    return file;
  }

  public String getArtifact() {
    return artifact;
  }
}
